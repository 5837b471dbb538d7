"""The admins' user-management pages: accounts, their areas (kecamatan, regions) and the
owner an account belongs to. Above the registry, because linking an account to an owner is
the registry's business; the accounts app below knows nothing of owners."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sentra.accounts.forms import (
    PasswordSetForm,
    UserForm,
    region_codes_parse,
)
from sentra.accounts.models import User
from sentra.accounts.scope import Area, Capability, role_area, scope
from sentra.accounts.selectors import role_choices, users_listed
from sentra.accounts.services import (
    UserData,
    analyst_assign_regions,
    officer_assign_kecamatan,
    user_create,
    user_set_password,
    user_update,
)
from sentra.accounts.throttle import login_locks, login_unlock
from sentra.registry.models import Person, Unit
from sentra.registry.services import person_link_account


def admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the login page; signed-in non-admins get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not scope(request.user).can(Capability.MANAGE_USERS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _apply_errors(form: UserForm | PasswordSetForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            if field == "password" and "password1" in form.fields:
                target = "password1"
            for error in errors:
                form.add_error(target, error)
    else:
        for error in exc.error_list:
            form.add_error(None, error)


@admin_required
def user_list(request: HttpRequest) -> HttpResponse:
    users, role = users_listed(role=request.GET.get("role", ""))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    linked = dict(
        Person.objects.filter(account_id__in=[u.pk for u in page]).values_list("account_id", "name")
    )
    rows = [(u, linked.get(u.pk, "")) for u in page]
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "rows": rows, "roles": role_choices(), "role": role},
    )


def _data(form: UserForm, user: User | None = None) -> UserData:
    d = form.cleaned_data
    return UserData(
        username=user.username if user else d["username"],
        role=d["role"],
        first_name=d["first_name"],
        last_name=d["last_name"],
        email=d["email"],
        is_active=d["is_active"],
    )


def _owner_person(form: UserForm) -> Person | None:
    unit_id = form.cleaned_data.get("owner_unit")
    if not unit_id:
        return None
    unit = Unit.objects.select_related("owner").filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError(
            {"owner_unit": ValidationError(_("Unit dengan ID ini tidak ada."), code="unit_unknown")}
        )
    if unit.owner.account_id is not None and unit.owner.account_id != form.initial.get("pk"):
        raise ValidationError(
            {
                "owner_unit": ValidationError(
                    _("Pemilik unit ini sudah tertaut ke akun lain."), code="owner_linked"
                )
            }
        )
    return unit.owner


def _save_links(actor: Any, user: User, form: UserForm) -> None:
    officer_assign_kecamatan(
        actor=actor,
        user=user,
        codes=form.cleaned_data["kecamatan"] if role_area(user.role) is Area.KECAMATAN else [],
    )
    analyst_assign_regions(
        actor=actor,
        user=user,
        codes=region_codes_parse(form.cleaned_data.get("regions") or "")
        if role_area(user.role) is Area.REGION
        else [],
    )
    person = _owner_person(form)
    current = Person.objects.filter(account=user).first()
    replaced = person is not None and current is not None and person.pk != current.pk
    unlinked = bool(form.cleaned_data.get("owner_unlink")) and person is None
    if current is not None and (replaced or unlinked):
        person_link_account(actor=actor, person=current, user=None)
    if person is not None and (current is None or person.pk != current.pk):
        person_link_account(actor=actor, person=person, user=user)


@admin_required
@require_http_methods(["GET", "POST"])
def user_create_view(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = user_create(
                    actor=request.user, data=_data(form), password=form.cleaned_data["password1"]
                )
                _save_links(request.user, user, form)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Pengguna %(name)s dibuat.") % {"name": user.username})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


@admin_required
@require_http_methods(["GET", "POST"])
def user_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    person = Person.objects.filter(account=target).first()
    initial = {
        "pk": target.pk,
        "username": target.username,
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "role": target.role,
        "is_active": target.is_active,
        "kecamatan": list(target.kecamatan.values_list("code", flat=True)),
        "regions": ", ".join(target.regions.order_by("code").values_list("code", flat=True)),
    }
    form = UserForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user_update(actor=request.user, user=target, data=_data(form, target))
                _save_links(request.user, target, form)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Pengguna %(name)s disimpan.") % {"name": target.username})
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "target": target,
            "person": person,
            "locks": login_locks(username=target.username),
        },
    )


@admin_required
@require_POST
def user_unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Lift the login locks of an account, for every client."""
    target = get_object_or_404(User, pk=pk)
    login_unlock(actor=request.user, username=target.username)
    messages.success(request, _("Kunci masuk %(name)s dibuka.") % {"name": target.username})
    return redirect("accounts:user_edit", pk=target.pk)


@admin_required
@require_http_methods(["GET", "POST"])
def user_password_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    form = PasswordSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_set_password(
                actor=request.user, user=target, password=form.cleaned_data["password1"]
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Kata sandi %(name)s diganti.") % {"name": target.username})
            return redirect("accounts:user_edit", pk=target.pk)
    return render(request, "accounts/user_password.html", {"form": form, "target": target})

"""Entering and editing units: authorise, parse, warn about duplicates, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sentra.accounts.models import User
from sentra.accounts.scope import scope
from sentra.registry.forms import UnitCreateForm, UnitForm, apply_errors, unit_initial
from sentra.registry.models import DataSource, Person, Unit
from sentra.registry.selectors import person_list_for_user
from sentra.registry.services import (
    ConflictError,
    person_find_by_nik,
    unit_owner_update,
    unit_register_with_owner,
    unit_update,
)
from sentra.registry.services.requests import unit_request_create
from sentra.registry.views.edit_access import Writer, can_create_units, unit_for_write, unit_url
from sentra.registry.views.edit_conflict import conflict_response
from sentra.registry.views.edit_duplicates import Duplicates, unit_duplicates

PERSON_FIELDS = {"nik": "owner_nik", "name": "owner_name", "phone": "owner_phone"}


def person_visible(user: Any, person: Person) -> bool:
    """Does the person own a unit the user may see (now, at the time of the request)?"""
    return person_list_for_user(user=user).filter(pk=person.pk).exists()


def _render(
    request: HttpRequest,
    form: UnitForm,
    *,
    unit: Unit | None,
    duplicates: Duplicates | None = None,
    writer: Writer | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "registry/unit_form.html",
        {
            "form": form,
            "unit": unit,
            "duplicates": duplicates,
            "owner_writer": writer is Writer.OWNER,
            "cancel_url": unit_url(unit) if unit else reverse("home"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    if not can_create_units(request.user):
        raise PermissionDenied
    form = UnitCreateForm(request.POST or None, scope=scope(request.user))
    if request.method != "POST" or not form.is_valid():
        return _render(request, form, unit=None)
    found = person_find_by_nik(nik=form.cleaned_data["owner_nik"])
    # Whether a NIK exists is itself personal data: a person the user may not see is treated
    # exactly like an unknown NIK until the end, where the unit waits for an admin.
    owner = found if found is not None and person_visible(request.user, found) else None
    if owner is None and not form.cleaned_data["owner_name"].strip():
        form.add_error(
            "owner_name",
            _("Isi nama pemilik: pemilik ini belum tercatat pada unit yang dapat Anda lihat."),
        )
        return _render(request, form, unit=None)
    if found is not None and owner is None:
        return _request_confirmation(request, form, person=found)
    if not form.cleaned_data["save_anyway"]:
        duplicates = unit_duplicates(
            user=request.user,
            business_name=form.cleaned_data["business_name"],
            nib=form.cleaned_data["nib"],
            owner=owner,
            exclude_pk=None,
        )
        if duplicates:
            return _render(request, form, unit=None, duplicates=duplicates)
    try:
        unit = unit_register_with_owner(
            actor=request.user,
            owner=owner,
            owner_data=form.person_data() if owner is None else None,
            data=form.unit_data(data_source=DataSource.SURVEY),
            verified=True,
        )
    except ValidationError as exc:
        apply_errors(form, exc, rename=PERSON_FIELDS)
        return _render(request, form, unit=None)
    messages.success(request, _("Unit %(name)s disimpan.") % {"name": unit.business_name})
    return redirect(unit_url(unit))


def _request_confirmation(
    request: HttpRequest, form: UnitCreateForm, *, person: Person
) -> HttpResponse:
    """The NIK belongs to a person outside the user's area: an admin confirms the unit."""
    assert isinstance(request.user, User)
    try:
        unit_request_create(
            actor=request.user,
            person=person,
            data=form.unit_data(data_source=DataSource.SURVEY),
            owner_name_given=form.cleaned_data["owner_name"],
        )
    except ValidationError as exc:
        apply_errors(form, exc, rename=PERSON_FIELDS)
        return _render(request, form, unit=None)
    return render(request, "registry/unit_request_sent.html", status=202)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit, writer = unit_for_write(request.user, pk)
    kwargs: dict[str, Any] = {"scope": scope(request.user), "keep_desa": unit.desa}
    if writer is Writer.OWNER:  # an owner corrects the desa, never moves to another kecamatan
        kwargs["only_kecamatan"] = unit.kecamatan_id
    if request.method != "POST":
        form = UnitForm(initial=unit_initial(unit), **kwargs)
        return _render(request, form, unit=unit, writer=writer)
    form = UnitForm(request.POST, **kwargs)
    if not form.is_valid():
        return _render(request, form, unit=unit, writer=writer)
    version = form.cleaned_data["version"] or 0  # no version: treat as stale, never guess
    if not form.cleaned_data["save_anyway"]:
        duplicates = unit_duplicates(
            user=request.user,
            business_name=form.cleaned_data["business_name"],
            nib=form.cleaned_data["nib"],
            owner=unit.owner,
            exclude_pk=unit.pk,
        )
        changed = (
            form.cleaned_data["nib"] != unit.nib
            or form.cleaned_data["business_name"] != unit.business_name
        )
        if duplicates and changed:
            return _render(request, form, unit=unit, duplicates=duplicates, writer=writer)
    update = unit_owner_update if writer is Writer.OWNER else unit_update
    try:
        unit = update(
            actor=request.user,
            unit=unit,
            expected_version=version,
            data=form.unit_data(data_source=unit.data_source),
        )
    except ConflictError as conflict:
        current: Unit = conflict.current
        return conflict_response(
            request,
            form=form,
            saved=unit_initial(current),
            saved_version=current.version,
            title=_("Unit %(name)s sudah diubah orang lain") % {"name": current.business_name},
            discard_url=reverse("registry:unit_edit", args=[unit.pk]),
            back_url=unit_url(unit),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _render(request, form, unit=unit, writer=writer)
    if writer is Writer.OWNER:
        messages.success(request, _("Perubahan disimpan dan menunggu verifikasi petugas."))
    else:
        messages.success(request, _("Unit %(name)s disimpan.") % {"name": unit.business_name})
    return redirect(unit_url(unit))

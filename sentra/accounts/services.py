"""Writes to user accounts: create, update, officer kecamatan, password reset. Audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.accounts.models import Role, User
from sentra.accounts.scope import Area, role_area, scope_forget
from sentra.core.audit import audit_record, diff
from sentra.regions.models import Region, RegionLevel
from sentra.regions.selectors import kecamatan_list

USER_AUDIT_FIELDS = ("username", "first_name", "last_name", "email", "role", "is_active")


@dataclass
class UserData:
    username: str
    role: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    is_active: bool = True


def _user_snapshot(user: User) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(user, name) for name in USER_AUDIT_FIELDS}
    if user.pk:
        out["kecamatan"] = sorted(user.kecamatan.values_list("code", flat=True))
    return out


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError(
            {"role": ValidationError(_("Peran tidak dikenal."), code="role_unknown")}
        )


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc


def _kecamatan(codes: Iterable[str]) -> list[Region]:
    codes = sorted(set(codes))
    regions = list(kecamatan_list().filter(code__in=codes))
    if len(regions) != len(codes):
        unknown = sorted(set(codes) - {r.code for r in regions})
        raise ValidationError(
            {
                "kecamatan": ValidationError(
                    _("Kecamatan %(codes)s tidak ada di wilayah ini."),
                    code="kecamatan_unknown",
                    params={"codes": ", ".join(unknown)},
                )
            }
        )
    return regions


def user_create(*, actor: Any, data: UserData, password: str) -> User:
    _check_role(data.role)
    username = data.username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {
                "username": ValidationError(
                    _("Nama pengguna ini sudah dipakai."), code="username_exists"
                )
            }
        )
    user = User(
        username=username,
        role=data.role,
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        email=data.email.strip(),
        is_active=data.is_active,
    )
    _check_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        audit_record(actor=actor, action="user.create", obj=user, after=_user_snapshot(user))
    return user


def user_update(*, actor: Any, user: User, data: UserData) -> User:
    """Change a user's name, role and active flag. An officer who stops being an officer
    keeps no kecamatan assignment."""
    _check_role(data.role)
    is_self = actor is not None and getattr(actor, "pk", None) == user.pk
    if is_self and (data.role != user.role or not data.is_active):
        raise ValidationError(
            _("Anda tidak dapat mengubah peran atau menonaktifkan akun Anda sendiri."),
            code="self_demote",
        )
    with transaction.atomic():
        before = _user_snapshot(user)
        user.first_name = data.first_name.strip()
        user.last_name = data.last_name.strip()
        user.email = data.email.strip()
        user.role = data.role
        user.is_active = data.is_active
        user.save(update_fields=["first_name", "last_name", "email", "role", "is_active"])
        if role_area(user.role) is not Area.KECAMATAN:
            user.kecamatan.clear()
        if role_area(user.role) is not Area.REGION:
            user.regions.clear()
        scope_forget(user)
        changed_before, changed_after = diff(before, _user_snapshot(user))
        audit_record(
            actor=actor, action="user.update", obj=user, before=changed_before, after=changed_after
        )
    return user


def officer_assign_kecamatan(*, actor: Any, user: User, codes: Iterable[str]) -> User:
    """Set the kecamatan an officer works in (replacing the previous assignment)."""
    regions = _kecamatan(codes)
    if regions and role_area(user.role) is not Area.KECAMATAN:
        raise ValidationError(
            {
                "kecamatan": ValidationError(
                    _("Hanya petugas lapangan yang ditugaskan ke kecamatan."),
                    code="not_officer",
                )
            }
        )
    assert all(r.level == RegionLevel.DISTRICT for r in regions)
    with transaction.atomic():
        before = sorted(user.kecamatan.values_list("code", flat=True))
        user.kecamatan.set(regions)
        scope_forget(user)
        after = sorted(r.code for r in regions)
        if before != after:
            audit_record(
                actor=actor,
                action="user.assign_kecamatan",
                obj=user,
                before={"kecamatan": before},
                after={"kecamatan": after},
            )
    return user


def analyst_assign_regions(*, actor: Any, user: User, codes: Iterable[str]) -> User:
    """Set the provinces or regencies a regional analyst reads (replacing the previous ones).
    Each must be a loaded province or regency inside the deployment's home region."""
    from django.conf import settings

    from sentra.regions.codes import contains_code

    codes = sorted(set(codes))
    regions = list(
        Region.objects.filter(code__in=codes, level__in=[RegionLevel.PROVINCE, RegionLevel.REGENCY])
    )
    home = settings.SENTRA_HOME_REGION
    unknown = sorted(set(codes) - {r.code for r in regions if contains_code(home, r.code)})
    if unknown:
        raise ValidationError(
            {
                "regions": ValidationError(
                    _("%(codes)s bukan provinsi atau kabupaten/kota di wilayah ini."),
                    code="region_unknown",
                    params={"codes": ", ".join(unknown)},
                )
            }
        )
    if regions and role_area(user.role) is not Area.REGION:
        raise ValidationError(
            {
                "regions": ValidationError(
                    _("Hanya analis wilayah yang ditugaskan ke wilayah."), code="not_regional"
                )
            }
        )
    with transaction.atomic():
        before = sorted(user.regions.values_list("code", flat=True))
        user.regions.set(regions)
        scope_forget(user)
        after = sorted(r.code for r in regions)
        if before != after:
            audit_record(
                actor=actor,
                action="user.assign_regions",
                obj=user,
                before={"regions": before},
                after={"regions": after},
            )
    return user


def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """Reset a user's password (validated) and lift any login lock on the account."""
    from sentra.accounts.throttle import login_unlock

    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        login_unlock(actor=actor, username=user.username)
        audit_record(actor=actor, action="user.set_password", obj=user, summary="password reset")
    return user

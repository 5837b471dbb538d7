"""The one rule that decides what a user may see: `scope(user)`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sentra.accounts.models import Role


@dataclass(frozen=True)
class Scope:
    """What a user may see. Selectors turn it into query filters.

    - `everything`: admin and analyst see every unit.
    - `kecamatan_codes`: an officer sees units in these kecamatan.
    - `owner_user_id`: an owner sees units whose owner's account is this user.
    - none of these: the public sees only published aggregates and the catalog.
    """

    role: str | None
    everything: bool = False
    kecamatan_codes: frozenset[str] = field(default_factory=frozenset)
    owner_user_id: int | None = None
    can_see_personal: bool = False
    can_change: bool = False

    @property
    def is_public(self) -> bool:
        return self.role is None


def scope(user: Any) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(role=None)
    if user.is_superuser or user.role == Role.ADMIN:
        return Scope(role=Role.ADMIN, everything=True, can_see_personal=True, can_change=True)
    if user.role == Role.ANALYST:
        return Scope(role=Role.ANALYST, everything=True)
    if user.role == Role.OFFICER:
        codes = frozenset(user.kecamatan.values_list("code", flat=True))
        return Scope(
            role=Role.OFFICER, kecamatan_codes=codes, can_see_personal=True, can_change=True
        )
    # --- market roles (issue 11) -------------------------------------------------------------
    # The cooperative (koperasi) and the women's-empowerment office (partner) see no unit
    # records and no personal data: every registry filter built from this scope matches
    # nothing, and they change nothing there. What they may do in the market (orders,
    # payments, payouts; the Jendela Wanita view and market figures) is decided by
    # sentra/market/rules.py from `role`. Without this branch they would fall through to the
    # owner scope below.
    if user.role in (Role.KOPERASI, Role.PARTNER):
        return Scope(role=user.role)
    # --- end of market roles --------------------------------------------------------------
    return Scope(role=Role.OWNER, owner_user_id=user.pk, can_see_personal=True, can_change=True)

"""Who may do what in the market. Views, services, templates (through the views) and the
menu ask these functions; they ask `scope(user)`. No role string appears anywhere else.

An actor that is not a user (a string such as "sentra demo") is the system itself, trusted by
the commands that pass it; every user actor is checked against its role and kecamatan.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sentra.accounts.models import Role
from sentra.accounts.scope import Scope, scope


def is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _scope(actor: Any) -> Scope:
    return scope(actor)


def _unit_in(s: Scope, unit: Any) -> bool:
    """Is the unit inside what a scope may change: admin anything, an officer their
    kecamatan, an owner their own units."""
    if s.role == Role.ADMIN:
        return True
    if s.role == Role.OFFICER:
        return str(unit.kecamatan_id) in s.kecamatan_codes
    if s.role == Role.OWNER:
        return unit.owner.account_id is not None and unit.owner.account_id == s.owner_user_id
    return False


# --- catalog -------------------------------------------------------------------------------


def can_manage_products(actor: Any, unit: Any) -> bool:
    """Products, photos, stock, profile and publication consent of a unit: its owner, an
    officer of its kecamatan (for producers without a smartphone), an admin."""
    return not is_user(actor) or _unit_in(_scope(actor), unit)


def manages_products(actor: Any) -> bool:
    """Has the user a product screen at all?"""
    return _scope(actor).role in (Role.ADMIN, Role.OFFICER, Role.OWNER)


def can_moderate(actor: Any, unit: Any | None = None) -> bool:
    """Approve or refuse products: admins, and officers in their kecamatan."""
    if not is_user(actor):
        return True
    s = _scope(actor)
    if s.role == Role.ADMIN:
        return True
    if s.role != Role.OFFICER:
        return False
    return unit is None or str(unit.kecamatan_id) in s.kecamatan_codes


# --- inquiries -----------------------------------------------------------------------------


def reads_inquiries(actor: Any) -> bool:
    """Has the user an inbox? Everyone inside the office, owners and the cooperative (the
    inquiries that became its orders); never the partner office, which sees no personal data."""
    return _scope(actor).role in (
        Role.ADMIN,
        Role.ANALYST,
        Role.OFFICER,
        Role.OWNER,
        Role.KOPERASI,
    )


def sees_buyer_contact(actor: Any) -> bool:
    """Buyers' names and e-mail addresses: not for analysts (personal data masked)."""
    return _scope(actor).role in (Role.ADMIN, Role.OFFICER, Role.OWNER, Role.KOPERASI)


def can_follow_up(actor: Any, unit: Any) -> bool:
    """Move an inquiry through its stages: the producer, the office (officer of the
    kecamatan, admin)."""
    return not is_user(actor) or _unit_in(_scope(actor), unit)


# --- orders, payments, payouts -------------------------------------------------------------


def is_cooperative(actor: Any) -> bool:
    """Record orders, payments and payouts: the cooperative only (a government office may
    not handle the money)."""
    return not is_user(actor) or _scope(actor).role == Role.KOPERASI


def reads_orders(actor: Any) -> bool:
    return _scope(actor).role in (
        Role.ADMIN,
        Role.ANALYST,
        Role.OFFICER,
        Role.OWNER,
        Role.KOPERASI,
    )


def can_record_agreement(actor: Any) -> bool:
    """Agreements (bagi hasil) are signed between the cooperative and the producer."""
    return not is_user(actor) or _scope(actor).role in (Role.KOPERASI, Role.ADMIN)


def can_decide_export(actor: Any, unit: Any) -> bool:
    """Accept an export proposal into the yearly report: the officer of the unit's kecamatan
    or an admin (the people who write yearly reports)."""
    if not is_user(actor):
        return True
    s = _scope(actor)
    return s.role in (Role.ADMIN, Role.OFFICER) and _unit_in(s, unit)


def reads_export_proposals(actor: Any) -> bool:
    return _scope(actor).role in (Role.ADMIN, Role.ANALYST, Role.OFFICER)


# --- suppliers and raw-material requests ---------------------------------------------------


def can_manage_suppliers(actor: Any, kecamatan_code: str | None = None) -> bool:
    """Add and edit suppliers: admins anywhere, officers in their kecamatan."""
    if not is_user(actor):
        return True
    s = _scope(actor)
    if s.role == Role.ADMIN:
        return True
    if s.role != Role.OFFICER:
        return False
    return kecamatan_code is None or kecamatan_code in s.kecamatan_codes


def sees_supplier_contact(actor: Any) -> bool:
    return _scope(actor).role in (Role.ADMIN, Role.OFFICER, Role.OWNER)


def can_request_material(actor: Any, unit: Any) -> bool:
    return can_manage_products(actor, unit)


def reads_material_requests(actor: Any) -> bool:
    return _scope(actor).role in (Role.ADMIN, Role.ANALYST, Role.OFFICER, Role.OWNER)


# --- figures and the Jendela Wanita view ---------------------------------------------------


def reads_market_figures(actor: Any) -> bool:
    """Aggregate market figures and the Jendela Wanita view: the office and the province's
    women's-empowerment office (no personal data on either)."""
    return _scope(actor).role in (Role.ADMIN, Role.ANALYST, Role.OFFICER, Role.PARTNER)


def figures_kecamatan(actor: Any) -> frozenset[str] | None:
    """The kecamatan a reader's market figures cover (None: all)."""
    s = _scope(actor)
    if s.role == Role.OFFICER:
        return s.kecamatan_codes
    return None


# --- refusals ------------------------------------------------------------------------------


class ActionRefused(PermissionDenied):
    """A refused action, with a `code` that tests assert (answered 403 by views)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def require(condition: bool, message: str, code: str) -> None:
    if not condition:
        raise ActionRefused(message, code)


def require_unit(actor: Any, unit: Any) -> None:
    require(
        can_manage_products(actor, unit),
        _("Anda hanya dapat mengelola produk unit Anda sendiri atau kecamatan tugas Anda."),
        "outside_scope",
    )


def user_or_none(actor: Any) -> Any:
    return actor if is_user(actor) else None


def actor_label(actor: Any) -> str:
    if is_user(actor):
        return str(actor.get_username())[:150]
    return str(actor or "system")[:150]

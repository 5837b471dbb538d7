"""Who may do what in the market. Views, services, templates (through the views) and the
menu ask these functions; they ask the permission policy (`scope(actor)`: a capability and the
area it reaches). No role appears here.

The office's own commands act as a `SystemActor`, which the policy trusts with everything;
a plain string is not an actor and may do nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sentra.accounts.scope import Area, Capability, Scope, scope

C = Capability


def is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _scope(actor: Any) -> Scope:
    return scope(actor)


def unit_in_area(s: Scope, unit: Any) -> bool:
    """Is the unit inside the actor's area: everything, the kecamatan assigned, or the units
    whose owner's account is the actor."""
    if s.area is Area.ALL:
        return True
    if s.area is Area.KECAMATAN:
        return str(unit.kecamatan_id) in s.kecamatan_codes
    if s.area is Area.OWN:
        return unit.owner.account_id is not None and unit.owner.account_id == s.owner_user_id
    return False


def _may_for(actor: Any, capability: Capability, unit: Any) -> bool:
    s = _scope(actor)
    return s.can(capability) and unit_in_area(s, unit)


# --- catalog -------------------------------------------------------------------------------


def can_manage_products(actor: Any, unit: Any) -> bool:
    """Products, photos, stock, profile and publication consent of a unit: its owner, an
    officer of its kecamatan (for producers without a smartphone), an admin."""
    return _may_for(actor, C.MANAGE_PRODUCTS, unit)


def manages_products(actor: Any) -> bool:
    """Has the user a product screen at all?"""
    return _scope(actor).can(C.MANAGE_PRODUCTS)


def can_moderate(actor: Any, unit: Any | None = None) -> bool:
    """Approve or refuse products: admins, and officers in their kecamatan."""
    if unit is None:
        return _scope(actor).can(C.MODERATE_PRODUCTS)
    return _may_for(actor, C.MODERATE_PRODUCTS, unit)


# --- inquiries -----------------------------------------------------------------------------


def reads_inquiries(actor: Any) -> bool:
    """Has the user an inbox? Everyone inside the office, owners and the cooperative (the
    inquiries that became its orders); never the partner office, which sees no personal data."""
    return _scope(actor).can(C.READ_INQUIRIES)


def sees_buyer_contact(actor: Any) -> bool:
    """Buyers' names and e-mail addresses: not for analysts (personal data masked)."""
    return _scope(actor).can(C.SEE_BUYER_CONTACT)


def can_follow_up(actor: Any, unit: Any) -> bool:
    """Move an inquiry through its stages: the producer, the office (officer of the
    kecamatan, admin)."""
    return _may_for(actor, C.MANAGE_PRODUCTS, unit)


# --- orders, payments, payouts -------------------------------------------------------------


def is_cooperative(actor: Any) -> bool:
    """Record orders, payments and payouts: the cooperative only (a government office may
    not handle the money)."""
    return _scope(actor).can(C.HANDLE_MONEY)


def reads_orders(actor: Any) -> bool:
    return _scope(actor).can(C.READ_ORDERS)


def can_record_agreement(actor: Any) -> bool:
    """Agreements (bagi hasil) are signed between the cooperative and the producer."""
    return _scope(actor).can(C.RECORD_AGREEMENTS)


def can_decide_export(actor: Any, unit: Any) -> bool:
    """Accept an export proposal into the yearly report: the officer of the unit's kecamatan
    or an admin (the people who write yearly reports)."""
    return _may_for(actor, C.DECIDE_EXPORTS, unit)


def reads_export_proposals(actor: Any) -> bool:
    return _scope(actor).can(C.READ_EXPORT_PROPOSALS)


# --- suppliers and raw-material requests ---------------------------------------------------


def can_manage_suppliers(actor: Any, kecamatan_code: str | None = None) -> bool:
    """Add and edit suppliers: admins anywhere, officers in their kecamatan."""
    s = _scope(actor)
    if not s.can(C.MANAGE_SUPPLIERS):
        return False
    return kecamatan_code is None or s.covers_kecamatan(kecamatan_code)


def sees_supplier_contact(actor: Any) -> bool:
    return _scope(actor).can(C.SEE_SUPPLIER_CONTACT)


def can_request_material(actor: Any, unit: Any) -> bool:
    return can_manage_products(actor, unit)


def reads_material_requests(actor: Any) -> bool:
    return _scope(actor).can(C.READ_MATERIAL_REQUESTS)


# --- figures and the Jendela Wanita view ---------------------------------------------------


def reads_market_figures(actor: Any) -> bool:
    """Aggregate market figures and the Jendela Wanita view: the office and the province's
    women's-empowerment office (no personal data on either)."""
    return _scope(actor).can(C.READ_MARKET_FIGURES)


def figures_kecamatan(actor: Any) -> frozenset[str] | None:
    """The kecamatan a reader's market figures cover (None: all)."""
    s = _scope(actor)
    if s.area is Area.KECAMATAN:
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
    from sentra.core.actors import actor_label as label

    return label(actor)[:150]

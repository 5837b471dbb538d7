"""The one permission policy: `scope(actor)` says what an actor may see and what it may do.

Every view, command, template menu and service asks it; no other module compares roles.
An actor is typed: a signed-in user, an anonymous visitor, or a `SystemActor` (a command run
by the office on its own server). A plain string is never an actor.

Adding a role means adding one row to `ROLE_POLICY` (the area it works in and its
capabilities); `tests/accounts/test_policy.py` fails until every role has a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum

from sentra.accounts.models import Role, User
from sentra.core.actors import Actor, SystemActor, actor_label, actor_user_id


class Area(Enum):
    """Which units (and, through them, which owners) an actor's capabilities reach."""

    ALL = "all"  # every unit
    KECAMATAN = "kecamatan"  # units in the kecamatan assigned to the actor
    REGION = "region"  # units in the provinces or regencies assigned to the actor
    OWN = "own"  # units whose owner's account is the actor
    NONE = "none"  # no unit records at all (public pages only)


class Capability(StrEnum):
    """What an actor may do. Object-level checks combine a capability with the area."""

    VIEW_REGISTRY = "view_registry"  # unit and owner records within the area
    CREATE_UNITS = "create_units"  # register units (and their owners) in the area
    CHANGE_UNITS = "change_units"  # every field of units in the area; verified on save
    EDIT_OWN_UNITS = "edit_own_units"  # business data of own units; back to unverified
    VERIFY_UNITS = "verify_units"  # the verification queue of the area
    CORRECT_PERSONS = "correct_persons"  # owners' name, sex, phone, consent (area)
    EDIT_OWN_PERSON = "edit_own_person"  # one's own phone and consent
    REVEAL_PERSONAL = "reveal_personal"  # NIK and phone in clear, audited (area)
    EXPORT_PERSONAL = "export_personal"  # exports with NIK and phone in clear
    SUBJECT_ACCESS = "subject_access"  # a person's data export (UU PDP access right), area
    ERASE_PERSONS = "erase_persons"  # request and approve erasure (maker-checker)
    CONFIRM_REQUESTS = "confirm_requests"  # confirm units for owners outside an officer's area
    IMPORT_UNITS = "import_units"  # spreadsheet imports into the area
    VIEW_ALL_IMPORTS = "view_all_imports"  # everyone's import runs, not only one's own
    VIEW_PROGRAMS = "view_programs"  # the office's development programs
    RUN_PROGRAMS = "run_programs"  # propose, verify, deliver, attendance (area)
    DECIDE_PROGRAMS = "decide_programs"  # approve or reject participants
    MANAGE_PROGRAMS = "manage_programs"  # create and edit programs
    VIEW_DASHBOARD = "view_dashboard"  # the dashboard of the area
    VIEW_ANNUAL_REPORT = "view_annual_report"  # the regency's annual report
    MANAGE_USERS = "manage_users"  # accounts, roles, kecamatan assignments, unlocks
    VIEW_OWN_PAGE = "view_own_page"  # an owner's own page: their units, programs, inquiries
    # The market (Si Jelita link).
    USE_MARKET = "use_market"  # the staff side of the market ("Pasar" in the menu)
    MANAGE_PRODUCTS = "manage_products"  # catalog products, photos, consent of units (area)
    MODERATE_PRODUCTS = "moderate_products"  # approve or refuse products (area)
    READ_INQUIRIES = "read_inquiries"  # buyers' inquiries (area; the cooperative: its orders')
    SEE_BUYER_CONTACT = "see_buyer_contact"  # buyers' names and e-mail addresses
    HANDLE_MONEY = "handle_money"  # orders, payments, payouts: the cooperative only
    READ_ORDERS = "read_orders"  # orders and monthly statements (area)
    RECORD_AGREEMENTS = "record_agreements"  # revenue-sharing agreements with producers
    DECIDE_EXPORTS = "decide_exports"  # accept sales abroad as a year's export figures (area)
    READ_EXPORT_PROPOSALS = "read_export_proposals"  # those proposals (area)
    MANAGE_SUPPLIERS = "manage_suppliers"  # raw-material suppliers of the area
    SEE_SUPPLIER_CONTACT = "see_supplier_contact"  # suppliers' contact details
    READ_MATERIAL_REQUESTS = "read_material_requests"  # producers' raw-material requests (area)
    READ_MARKET_FIGURES = "read_market_figures"  # market figures and the Jendela Wanita view
    # SIINas (the ministry's industry information system).
    VIEW_SIINAS = "view_siinas"  # the SIINas worklist of the area
    RECORD_SIINAS = "record_siinas"  # record or import units' SIINas reporting status (area)
    SET_SIINAS_TARGET = "set_siinas_target"  # the office's yearly SIINas target
    EXTRACT_SIINAS = "extract_siinas"  # the yearly SIINas extract of the area


# Capabilities that mean nothing without an area to use them in: an officer with no
# kecamatan assigned yet cannot create or import anything.
AREA_BOUND = frozenset({Capability.CREATE_UNITS, Capability.IMPORT_UNITS})


@dataclass(frozen=True)
class RolePolicy:
    area: Area
    capabilities: frozenset[Capability]


C = Capability
EVERY_CAPABILITY = frozenset(Capability)
OWNER_ONLY = frozenset({C.EDIT_OWN_UNITS, C.EDIT_OWN_PERSON, C.VIEW_OWN_PAGE})
# A government office may not handle money: payments are the partner cooperative's.
COOPERATIVE_ONLY = frozenset({C.HANDLE_MONEY})

ROLE_POLICY: dict[str, RolePolicy] = {
    Role.ADMIN: RolePolicy(Area.ALL, EVERY_CAPABILITY - OWNER_ONLY - COOPERATIVE_ONLY),
    Role.ANALYST: RolePolicy(
        Area.ALL,
        frozenset(
            {
                C.VIEW_REGISTRY,
                C.VIEW_PROGRAMS,
                C.VIEW_DASHBOARD,
                C.VIEW_ANNUAL_REPORT,
                C.USE_MARKET,
                C.READ_INQUIRIES,
                C.READ_ORDERS,
                C.READ_EXPORT_PROPOSALS,
                C.READ_MATERIAL_REQUESTS,
                C.READ_MARKET_FIGURES,
                C.VIEW_SIINAS,
                C.EXTRACT_SIINAS,
            }
        ),
    ),
    Role.OFFICER: RolePolicy(
        Area.KECAMATAN,
        frozenset(
            {
                C.VIEW_REGISTRY,
                C.CREATE_UNITS,
                C.CHANGE_UNITS,
                C.VERIFY_UNITS,
                C.CORRECT_PERSONS,
                C.REVEAL_PERSONAL,
                C.SUBJECT_ACCESS,
                C.IMPORT_UNITS,
                C.VIEW_PROGRAMS,
                C.RUN_PROGRAMS,
                C.VIEW_DASHBOARD,
                C.VIEW_ANNUAL_REPORT,
                C.USE_MARKET,
                C.MANAGE_PRODUCTS,
                C.MODERATE_PRODUCTS,
                C.READ_INQUIRIES,
                C.SEE_BUYER_CONTACT,
                C.READ_ORDERS,
                C.DECIDE_EXPORTS,
                C.READ_EXPORT_PROPOSALS,
                C.MANAGE_SUPPLIERS,
                C.SEE_SUPPLIER_CONTACT,
                C.READ_MATERIAL_REQUESTS,
                C.READ_MARKET_FIGURES,
                C.VIEW_SIINAS,
                C.RECORD_SIINAS,
                C.EXTRACT_SIINAS,
            }
        ),
    ),
    # An owner's figures are their own units': their own page, not a regency dashboard.
    Role.OWNER: RolePolicy(
        Area.OWN,
        frozenset(
            {
                C.VIEW_REGISTRY,
                C.EDIT_OWN_UNITS,
                C.EDIT_OWN_PERSON,
                C.REVEAL_PERSONAL,
                C.SUBJECT_ACCESS,
                C.VIEW_OWN_PAGE,
                C.USE_MARKET,
                C.MANAGE_PRODUCTS,
                C.READ_INQUIRIES,
                C.SEE_BUYER_CONTACT,
                C.READ_ORDERS,
                C.SEE_SUPPLIER_CONTACT,
                C.READ_MATERIAL_REQUESTS,
            }
        ),
    ),
    # The partner cooperative (Koperasi Jelita) handles the money of orders; it sees no unit
    # records or personal data of the registry, only the inquiries that became its orders.
    Role.KOPERASI: RolePolicy(
        Area.NONE,
        frozenset(
            {
                C.USE_MARKET,
                C.READ_INQUIRIES,
                C.SEE_BUYER_CONTACT,
                C.HANDLE_MONEY,
                C.READ_ORDERS,
                C.RECORD_AGREEMENTS,
            }
        ),
    ),
    # The province's women's-empowerment office: market figures and the Jendela Wanita view,
    # no personal data.
    Role.PARTNER: RolePolicy(Area.NONE, frozenset({C.USE_MARKET, C.READ_MARKET_FIGURES})),
    # Provincial or national staff reading some provinces or regencies: the registry with
    # personal data masked, and the figures at every level inside their regions.
    Role.REGIONAL_ANALYST: RolePolicy(Area.REGION, frozenset({C.VIEW_REGISTRY, C.VIEW_DASHBOARD})),
}
PUBLIC_POLICY = RolePolicy(Area.NONE, frozenset())
SYSTEM_POLICY = RolePolicy(Area.ALL, EVERY_CAPABILITY - OWNER_ONLY)  # the demo records money


def role_area(role: str) -> Area:
    """The area a role works in (e.g. whether its accounts get kecamatan assignments)."""
    return ROLE_POLICY.get(role, PUBLIC_POLICY).area


@dataclass(frozen=True)
class Scope:
    """What one actor may see and do, decided once from its role and assignments.

    Selectors turn the area into query filters (`everything`, `kecamatan_codes`,
    `region_codes`, `owner_user_id`); views and templates ask `can(capability)`; object-level
    helpers combine both (`covers_kecamatan`).
    """

    role: str | None
    area: Area = Area.NONE
    capabilities: frozenset[Capability] = field(default_factory=frozenset)
    kecamatan_codes: frozenset[str] = field(default_factory=frozenset)
    region_codes: frozenset[str] = field(default_factory=frozenset)
    owner_user_id: int | None = None
    is_system: bool = False

    @property
    def everything(self) -> bool:
        return self.area is Area.ALL

    @property
    def is_public(self) -> bool:
        return self.area is Area.NONE and not self.is_system

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def covers_kecamatan(self, code: str | None) -> bool:
        """Is this kecamatan inside the actor's area (for area-wide capabilities)?"""
        if self.area is Area.ALL:
            return True
        if code is None:
            return False
        if self.area is Area.REGION:
            return any(code.startswith(region + ".") for region in self.region_codes)
        return self.area is Area.KECAMATAN and code in self.kecamatan_codes

    def covers_region(self, code: str, home: str) -> bool:
        """May the actor read figures of the region `code` (any level)? Everything inside the
        deployment's `home` for an area of all; inside the assigned regions or kecamatan
        otherwise; nothing for owners and the public (their pages are their own)."""
        from sentra.regions.codes import contains_code

        return any(contains_code(root, code) for root in self.region_roots(home))

    def region_roots(self, home: str) -> tuple[str, ...]:
        """The widest regions the actor reads figures of: the home region, the assigned
        regions or the assigned kecamatan (none for owners and the public)."""
        if self.area is Area.ALL:
            return (home,)
        if self.area is Area.REGION:
            return tuple(sorted(self.region_codes))
        if self.area is Area.KECAMATAN:
            return tuple(sorted(self.kecamatan_codes))
        return ()

    def may_in_kecamatan(self, capability: Capability, code: str | None) -> bool:
        """May the actor use this capability on something in this kecamatan?"""
        return self.can(capability) and self.covers_kecamatan(code)

    def flags(self) -> dict[str, bool]:
        """Every capability by name, for templates: `{% if may.import_units %}`."""
        return {c.value: c in self.capabilities for c in Capability}


PUBLIC = Scope(role=None)
CACHE_ATTRIBUTE = "_sentra_scope"


def _role_of(user: User) -> str:
    return Role.ADMIN if user.is_superuser else user.role


def scope(actor: Actor | None) -> Scope:
    """The policy applied to one actor: its area and capabilities."""
    if isinstance(actor, SystemActor):
        return Scope(
            role=None,
            area=SYSTEM_POLICY.area,
            capabilities=SYSTEM_POLICY.capabilities,
            is_system=True,
        )
    if not isinstance(actor, User) or not actor.is_authenticated or not actor.is_active:
        return PUBLIC
    # One request asks many times (menu, view, selectors); the user object lives for one
    # request, so its scope is kept on it. Role changes are seen at once; changes to an
    # officer's kecamatan go through `scope_forget`.
    key = (actor.role, actor.is_superuser, actor.is_active)
    cached: tuple[tuple[str, bool, bool], Scope] | None = getattr(actor, CACHE_ATTRIBUTE, None)
    if cached is not None and cached[0] == key:
        return cached[1]
    result = _scope_of(actor)
    setattr(actor, CACHE_ATTRIBUTE, (key, result))
    return result


def scope_forget(user: User) -> None:
    """Drop a user's cached scope (after their kecamatan assignment changed)."""
    if hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)


def _scope_of(actor: User) -> Scope:
    role = _role_of(actor)
    policy = ROLE_POLICY.get(role, PUBLIC_POLICY)
    capabilities = policy.capabilities
    codes: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    owner_user_id = None
    if policy.area is Area.KECAMATAN:
        codes = frozenset(actor.kecamatan.values_list("code", flat=True))
        if not codes:
            capabilities = capabilities - AREA_BOUND
    elif policy.area is Area.REGION:
        regions = frozenset(actor.regions.values_list("code", flat=True))
    elif policy.area is Area.OWN:
        owner_user_id = actor.pk
    return Scope(
        role=role,
        area=policy.area,
        capabilities=capabilities,
        kecamatan_codes=codes,
        region_codes=regions,
        owner_user_id=owner_user_id,
    )


def actor_user(actor: Actor | None) -> User | None:
    """The account behind an actor, if any (for foreign keys)."""
    if isinstance(actor, User) and actor.is_authenticated:
        return actor
    return None


__all__ = [
    "Actor",
    "Area",
    "Capability",
    "Scope",
    "SystemActor",
    "actor_label",
    "actor_user",
    "actor_user_id",
    "role_area",
    "scope",
    "scope_forget",
]

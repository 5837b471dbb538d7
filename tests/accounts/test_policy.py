"""The one permission policy: every role has a row, actors are typed, and the capabilities
each persona holds are the ones the design table gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sentra.accounts.models import Role, User
from sentra.accounts.scope import (
    ROLE_POLICY,
    Area,
    Capability,
    SystemActor,
    scope,
)
from sentra.exchange.importer import import_scope
from sentra.exchange.limits import ImportRefused

ROOT = Path(__file__).resolve().parents[2] / "sentra"
C = Capability


def test_every_role_has_a_row_in_the_policy() -> None:
    assert sorted(ROLE_POLICY) == sorted(Role.values)


def test_a_string_is_not_an_actor_and_gets_nothing() -> None:
    s = scope("cli")  # type: ignore[arg-type]
    assert s.is_public and s.capabilities == frozenset()
    with pytest.raises(ImportRefused):
        import_scope("cli")  # type: ignore[arg-type]


def test_a_system_actor_needs_a_label_and_acts_for_the_whole_office() -> None:
    with pytest.raises(ValueError):
        SystemActor(" ")
    s = scope(SystemActor("sentra import-units"))
    assert s.is_system and s.everything and s.can(C.IMPORT_UNITS) and s.can(C.EXPORT_PERSONAL)


@pytest.mark.django_db
def test_anonymous_and_inactive_users_are_the_public(ana_analyst: User) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert scope(AnonymousUser()).is_public
    assert scope(None).is_public
    ana_analyst.is_active = False
    assert scope(ana_analyst).capabilities == frozenset()


@pytest.mark.django_db
def test_a_superuser_counts_as_an_admin_whatever_the_role_field_says(reference: None) -> None:
    user = User.objects.create_user(username="root", password="x", role="owner")
    user.is_superuser = True
    s = scope(user)
    assert s.role == Role.ADMIN and s.everything and s.can(C.MANAGE_USERS)


@pytest.mark.django_db
def test_an_officer_without_kecamatan_can_neither_create_nor_import(reference: None) -> None:
    user = User.objects.create_user(username="baru", password="x", role="officer")
    s = scope(user)
    assert s.area is Area.KECAMATAN and s.kecamatan_codes == frozenset()
    assert not s.can(C.CREATE_UNITS) and not s.can(C.IMPORT_UNITS)
    assert s.can(C.VIEW_PROGRAMS)


MARKET_OFFICE = {
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
}
EXPECTED = {
    "admin": {
        C.VIEW_REGISTRY, C.CREATE_UNITS, C.CHANGE_UNITS, C.VERIFY_UNITS, C.CORRECT_PERSONS,
        C.REVEAL_PERSONAL, C.EXPORT_PERSONAL, C.SUBJECT_ACCESS, C.ERASE_PERSONS,
        C.CONFIRM_REQUESTS, C.IMPORT_UNITS, C.VIEW_ALL_IMPORTS, C.VIEW_PROGRAMS,
        C.RUN_PROGRAMS, C.DECIDE_PROGRAMS, C.MANAGE_PROGRAMS, C.VIEW_DASHBOARD,
        C.VIEW_ANNUAL_REPORT, C.MANAGE_USERS, C.RECORD_AGREEMENTS, *MARKET_OFFICE,
        C.VIEW_SIINAS, C.RECORD_SIINAS, C.SET_SIINAS_TARGET, C.EXTRACT_SIINAS,
    },
    "analyst": {
        C.VIEW_REGISTRY, C.VIEW_PROGRAMS, C.VIEW_DASHBOARD, C.VIEW_ANNUAL_REPORT,
        C.USE_MARKET, C.READ_INQUIRIES, C.READ_ORDERS, C.READ_EXPORT_PROPOSALS,
        C.READ_MATERIAL_REQUESTS, C.READ_MARKET_FIGURES, C.VIEW_SIINAS, C.EXTRACT_SIINAS,
    },
    "officer": {
        C.VIEW_REGISTRY, C.CREATE_UNITS, C.CHANGE_UNITS, C.VERIFY_UNITS, C.CORRECT_PERSONS,
        C.REVEAL_PERSONAL, C.SUBJECT_ACCESS, C.IMPORT_UNITS, C.VIEW_PROGRAMS, C.RUN_PROGRAMS,
        C.VIEW_DASHBOARD, C.VIEW_ANNUAL_REPORT, *MARKET_OFFICE, C.VIEW_SIINAS,
        C.RECORD_SIINAS, C.EXTRACT_SIINAS,
    },
    "owner": {
        C.VIEW_REGISTRY, C.EDIT_OWN_UNITS, C.EDIT_OWN_PERSON, C.REVEAL_PERSONAL,
        C.SUBJECT_ACCESS, C.VIEW_OWN_PAGE, C.USE_MARKET, C.MANAGE_PRODUCTS, C.READ_INQUIRIES,
        C.SEE_BUYER_CONTACT, C.READ_ORDERS, C.SEE_SUPPLIER_CONTACT, C.READ_MATERIAL_REQUESTS,
    },
    "koperasi": {
        C.USE_MARKET, C.READ_INQUIRIES, C.SEE_BUYER_CONTACT, C.HANDLE_MONEY, C.READ_ORDERS,
        C.RECORD_AGREEMENTS,
    },
    "partner": {C.USE_MARKET, C.READ_MARKET_FIGURES},
}  # fmt: skip


@pytest.mark.django_db
def test_each_persona_holds_exactly_the_capabilities_of_the_design_table(
    alice_admin: User,
    ana_analyst: User,
    rudi_officer_rangkasbitung: User,
    omar_owner: User,
    kiki_koperasi: User,
    putri_partner: User,
) -> None:
    got = {
        "admin": scope(alice_admin).capabilities,
        "analyst": scope(ana_analyst).capabilities,
        "officer": scope(rudi_officer_rangkasbitung).capabilities,
        "owner": scope(omar_owner).capabilities,
        "koperasi": scope(kiki_koperasi).capabilities,
        "partner": scope(putri_partner).capabilities,
    }
    assert got == EXPECTED
    assert scope(rudi_officer_rangkasbitung).kecamatan_codes == frozenset({"36.02.14"})
    assert scope(omar_owner).owner_user_id == omar_owner.pk


@pytest.mark.django_db
def test_an_officer_acts_only_in_their_own_kecamatan(rudi_officer_rangkasbitung: User) -> None:
    s = scope(rudi_officer_rangkasbitung)
    assert s.may_in_kecamatan(C.RUN_PROGRAMS, "36.02.14")
    assert not s.may_in_kecamatan(C.RUN_PROGRAMS, "36.02.03")
    assert not s.may_in_kecamatan(C.RUN_PROGRAMS, None)


def _sources(pattern: str) -> list[Path]:
    return sorted(ROOT.rglob(pattern))


# Demo data generators pick accounts by role to make realistic data; they decide nothing.
ROLE_ALLOWED = ("accounts/", "registry/demo/", "programs/demo.py", "demo/")


def test_no_module_outside_accounts_compares_roles() -> None:
    offenders = []
    for path in _sources("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if "migrations/" in rel or rel.startswith(ROLE_ALLOWED):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bRole\.|\.role\s*[!=]=|role\s+in\s", text):
            offenders.append(rel)
    assert offenders == []


def test_no_template_mentions_a_role() -> None:
    offenders = []
    for path in _sources("*.html"):
        if path.parent.name == "accounts":  # the user-management forms edit the role field
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\.role\b|is_superuser|\"(admin|analyst|officer|owner)\"", text):
            offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []


def test_the_actor_type_is_never_any_in_the_policy() -> None:
    text = (ROOT / "accounts" / "scope.py").read_text(encoding="utf-8")
    assert "Any" not in text

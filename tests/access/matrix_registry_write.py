"""Access to the registry's editing pages: create/edit units, yearly records, certificates,
verification, owners' data. Refused writes change nothing (each POST case has a snapshot)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sentra.core.actors import SystemActor
from sentra.registry.forms import unit_initial
from sentra.registry.models import CertificateKind, Commodity, Person, Unit, YearlyReport
from sentra.registry.services import ReportData, report_record
from tests.access.spec import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, World, every

# Objects: "own" = owner A's unit in Rangkasbitung; "same" = owner B's unit in Rangkasbitung;
# "other" = owner B's unit in Bayah.
OBJECTS: dict[str, Callable[[World], Unit]] = {
    "own": lambda w: w.unit_a_rangkasbitung,
    "same": lambda w: w.unit_b_rangkasbitung,
    "other": lambda w: w.unit_b_bayah,
}

# Who may see and change each object (None = outside scope → 404, "see" = visible → 403).
_WRITE: dict[str, dict[str, int]] = {
    "own": {
        "admin": OK,
        "analyst": FORBIDDEN,
        "officer_rangkasbitung": OK,
        "officer_bayah": NOT_FOUND,
        "owner_a": OK,
        "owner_b": NOT_FOUND,
        "koperasi": NOT_FOUND,
        "partner": NOT_FOUND,
    },
    "same": {
        "admin": OK,
        "analyst": FORBIDDEN,
        "officer_rangkasbitung": OK,
        "officer_bayah": NOT_FOUND,
        "owner_a": NOT_FOUND,
        "owner_b": OK,
        "koperasi": NOT_FOUND,
        "partner": NOT_FOUND,
    },
    "other": {
        "admin": OK,
        "analyst": FORBIDDEN,
        "officer_rangkasbitung": NOT_FOUND,
        "officer_bayah": OK,
        "owner_a": NOT_FOUND,
        "owner_b": OK,
        "koperasi": NOT_FOUND,
        "partner": NOT_FOUND,
    },
}


def _expect(obj: str, success: int, *, staff_only: bool = False) -> dict[str, int]:
    out = {"anonymous": LOGIN}
    for persona, status in _WRITE[obj].items():
        if status == OK:
            status = FORBIDDEN if staff_only and persona.startswith("owner") else success
        out[persona] = status
    return out


def _decide_expect(obj: str) -> dict[str, int]:
    """Deciding on the queue: staff who may change the unit; the queue itself is refused to
    analysts and owners (403) before any unit is looked at."""
    out = _expect(obj, 302, staff_only=True)
    out.update(
        analyst=FORBIDDEN,
        owner_a=FORBIDDEN,
        owner_b=FORBIDDEN,
        koperasi=FORBIDDEN,
        partner=FORBIDDEN,
    )
    return out


def extend_world(world: World) -> None:
    for unit in (world.unit_a_rangkasbitung, world.unit_b_rangkasbitung, world.unit_b_bayah):
        report_record(
            actor=SystemActor("test"), unit=unit, data=ReportData(year=2018, workers_male=1)
        )


def _unit_row(pick: Callable[[World], Unit]) -> Callable[[World], Any]:
    return lambda w: Unit.objects.filter(pk=pick(w).pk).values().get()


def _report_row(pick: Callable[[World], Unit]) -> Callable[[World], Any]:
    def snap(w: World) -> Any:
        unit = pick(w)
        return (
            list(YearlyReport.objects.filter(unit_id=unit.pk).order_by("year").values()),
            Unit.objects.filter(pk=unit.pk).values_list("verification", flat=True).get(),
        )

    return snap


def _certificates(pick: Callable[[World], Unit]) -> Callable[[World], Any]:
    def snap(w: World) -> Any:
        unit = pick(w)
        return (
            list(unit.certificates.order_by("id").values()),
            Unit.objects.filter(pk=unit.pk).values_list("verification", flat=True).get(),
        )

    return snap


def _unit_post(pick: Callable[[World], Unit]) -> Callable[[World], dict[str, Any]]:
    def data(w: World) -> dict[str, Any]:
        unit = Unit.objects.get(pk=pick(w).pk)  # the current version, after earlier personas
        values = {k: ("" if v is None else v) for k, v in unit_initial(unit).items()}
        values["kampung"] = f"Kampung {unit.version}"
        values["save_anyway"] = "on"
        return values

    return data


def _report_post(year: int) -> Callable[[World], dict[str, Any]]:
    def data(w: World) -> dict[str, Any]:
        return {
            "year": year,
            "is_active": "on",
            "workers_male": 3,
            "workers_female": 4,
            "investment": 0,
            "production_value": 5_000_000,
            "market_reach": "lokal",
            "export_value_usd": 0,
        }

    return data


def _report_edit_post(pick: Callable[[World], Unit]) -> Callable[[World], dict[str, Any]]:
    def data(w: World) -> dict[str, Any]:
        report = YearlyReport.objects.get(unit=pick(w), year=2018)
        return {**_report_post(2018)(w), "version": report.version}

    return data


def _create_post(w: World) -> dict[str, Any]:
    return {
        "owner_nik": "3602145507900004",
        "owner_name": "Siti Matriks",
        "business_name": "Batik Matriks",
        "commodity": Commodity.objects.get(code="batik-lebak").pk,
        "desa": "36.02.14.2017",
        "status": "aktif",
        "save_anyway": "on",
    }


CASES: list[Case] = [
    Case(
        "registry:unit_create",
        lambda w: "/units/new/",
        every(
            OK,
            anonymous=LOGIN,
            analyst=FORBIDDEN,
            owner_a=FORBIDDEN,
            owner_b=FORBIDDEN,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
    ),
    Case(
        "registry:unit_create",
        lambda w: "/units/new/",
        # The Bayah officer may not pick a Rangkasbitung desa: the form comes back (200).
        every(
            302,
            analyst=FORBIDDEN,
            officer_bayah=OK,
            owner_a=FORBIDDEN,
            owner_b=FORBIDDEN,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
        method="POST",
        data=_create_post,
        snapshot=lambda w: sorted(Unit.objects.values_list("pk", flat=True)),
        label="create",
    ),
    Case(
        "registry:verification_queue",
        lambda w: "/verifikasi/",
        every(
            OK,
            anonymous=LOGIN,
            analyst=FORBIDDEN,
            owner_a=FORBIDDEN,
            owner_b=FORBIDDEN,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
    ),
]

for _obj, _pick in OBJECTS.items():
    CASES += [
        Case(
            "registry:unit_edit",
            (lambda p: lambda w: f"/units/{p(w).pk}/edit/")(_pick),
            _expect(_obj, OK),
            label=_obj,
        ),
        Case(
            "registry:unit_edit",
            (lambda p: lambda w: f"/units/{p(w).pk}/edit/")(_pick),
            _expect(_obj, 302),
            method="POST",
            data=_unit_post(_pick),
            snapshot=_unit_row(_pick),
            label=_obj,
        ),
        Case(
            "registry:report_create",
            (lambda p: lambda w: f"/units/{p(w).pk}/reports/new/")(_pick),
            _expect(_obj, OK),
            label=_obj,
        ),
        Case(
            "registry:report_create",
            (lambda p: lambda w: f"/units/{p(w).pk}/reports/new/")(_pick),
            # The first writer creates 2017; later writers get "already exists" (200).
            {**_expect(_obj, OK), "admin": 302},
            method="POST",
            data=_report_post(2017),
            snapshot=_report_row(_pick),
            label=_obj,
        ),
        Case(
            "registry:report_edit",
            (lambda p: lambda w: f"/units/{p(w).pk}/reports/2018/edit/")(_pick),
            _expect(_obj, OK),
            label=_obj,
        ),
        Case(
            "registry:report_edit",
            (lambda p: lambda w: f"/units/{p(w).pk}/reports/2018/edit/")(_pick),
            _expect(_obj, 302),
            method="POST",
            data=_report_edit_post(_pick),
            snapshot=_report_row(_pick),
            label=_obj,
        ),
        Case(
            "registry:certificate_create",
            (lambda p: lambda w: f"/units/{p(w).pk}/certificates/new/")(_pick),
            _expect(_obj, OK),
            label=_obj,
        ),
        Case(
            "registry:certificate_create",
            (lambda p: lambda w: f"/units/{p(w).pk}/certificates/new/")(_pick),
            _expect(_obj, 302),
            method="POST",
            data=lambda w: {"kind": CertificateKind.objects.get(code="halal").pk, "number": "1"},
            snapshot=_certificates(_pick),
            label=_obj,
        ),
        Case(
            "registry:unit_verify",
            (lambda p: lambda w: f"/units/{p(w).pk}/verify/")(_pick),
            _expect(_obj, 302, staff_only=True),
            method="POST",
            snapshot=_unit_row(_pick),
            label=_obj,
        ),
        Case(
            "registry:verification_decide",
            lambda w: "/verifikasi/putuskan/",
            _decide_expect(_obj),
            method="POST",
            data=(lambda p: lambda w: {"units": [p(w).pk], "action": "approve"})(_pick),
            snapshot=_unit_row(_pick),
            label=_obj,
        ),
        Case(
            "registry:verification_decide",
            lambda w: "/verifikasi/putuskan/",
            _decide_expect(_obj),
            method="POST",
            data=(lambda p: lambda w: {"units": [p(w).pk], "action": "return", "reason": "x"})(
                _pick
            ),
            snapshot=_unit_row(_pick),
            label=f"{_obj} return",
        ),
    ]


# Owners' personal data: person A owns a unit in Rangkasbitung; person B owns units in
# Rangkasbitung and Bayah. Staff of a kecamatan where the person owns a unit and the owner
# themself may edit (the owner only phone and consent); analysts see people but may not.
PEOPLE: dict[str, tuple[Callable[[World], Person], dict[str, int]]] = {
    "person_a": (
        lambda w: w.unit_a_rangkasbitung.owner,
        {
            "anonymous": LOGIN,
            "admin": OK,
            "analyst": FORBIDDEN,
            "officer_rangkasbitung": OK,
            "officer_bayah": NOT_FOUND,
            "owner_a": OK,
            "owner_b": NOT_FOUND,
            "koperasi": NOT_FOUND,
            "partner": NOT_FOUND,
        },
    ),
    "person_b": (
        lambda w: w.unit_b_bayah.owner,
        {
            "anonymous": LOGIN,
            "admin": OK,
            "analyst": FORBIDDEN,
            "officer_rangkasbitung": OK,
            "officer_bayah": OK,
            "owner_a": NOT_FOUND,
            "owner_b": OK,
            "koperasi": NOT_FOUND,
            "partner": NOT_FOUND,
        },
    ),
}


def _person_row(pick: Callable[[World], Person]) -> Callable[[World], Any]:
    return lambda w: Person.objects.filter(pk=pick(w).pk).values().get()


def _person_post(pick: Callable[[World], Person]) -> Callable[[World], dict[str, Any]]:
    def data(w: World) -> dict[str, Any]:
        person = Person.objects.get(pk=pick(w).pk)
        return {
            "name": f"{person.name} x",
            "sex": person.sex,
            "consent": "on",
            "version": person.version,
        }

    return data


for _label, (_who, _expected) in PEOPLE.items():
    CASES += [
        Case(
            "registry:person_edit",
            (lambda p: lambda w: f"/people/{p(w).pk}/edit/")(_who),
            _expected,
            label=_label,
        ),
        Case(
            "registry:person_edit",
            (lambda p: lambda w: f"/people/{p(w).pk}/edit/")(_who),
            {k: 302 if v == OK else v for k, v in _expected.items()},
            method="POST",
            data=_person_post(_who),
            snapshot=_person_row(_who),
            label=_label,
        ),
    ]


# The officers' worklists (issue 10): staff who change units of a region; analysts, owners, the
# cooperative and the partner office may not (403), anonymous users log in first.
WORKLIST = every(FORBIDDEN, anonymous=LOGIN, admin=OK, officer_rangkasbitung=OK, officer_bayah=OK)


def _synonyms(w: World) -> Any:
    return list(Commodity.objects.order_by("pk").values_list("synonyms", flat=True))


CASES += [
    Case("registry:owners_to_complete", lambda w: "/pemilik/belum-lengkap/", WORKLIST),
    Case("registry:products_to_classify", lambda w: "/produk/belum-diklasifikasi/", WORKLIST),
    Case(
        "registry:products_to_classify",
        lambda w: "/produk/belum-diklasifikasi/",
        {k: 302 if v == OK else v for k, v in WORKLIST.items()},
        method="POST",
        data=lambda w: {"name": "sapu ijuk", "commodity": "kerajinan-tangan"},
        snapshot=_synonyms,
        label="map a name",
    ),
]

"""Access to the programs screens: staff see programs, only admins create and decide,
officers act in their kecamatan, owners see only their own unit's programs."""

from __future__ import annotations

from typing import Any

from sentra.core.actors import SystemActor
from sentra.programs.models import AidItem, Participation, Program
from sentra.programs.services import workflow
from sentra.programs.services.programs import ProgramData, program_create
from tests.access.spec import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, World, every

STAFF_ONLY = every(
    OK, anonymous=LOGIN, owner_a=FORBIDDEN, owner_b=FORBIDDEN, koperasi=FORBIDDEN, partner=FORBIDDEN
)
ADMIN_ONLY = every(FORBIDDEN, anonymous=LOGIN, admin=OK)
ACTORS_ONLY = every(
    OK,
    anonymous=LOGIN,
    analyst=FORBIDDEN,
    owner_a=FORBIDDEN,
    owner_b=FORBIDDEN,
    koperasi=FORBIDDEN,
    partner=FORBIDDEN,
)


def extend_world(world: World) -> None:
    program = program_create(
        actor=SystemActor("test"),
        data=ProgramData(
            kind="pelatihan",
            name="Pelatihan Anyaman",
            code="PLT-ANYAMAN",
            fiscal_year=2018,
            funding_source="apbd_kab",
            status="seleksi",
        ),
    )
    rangkas = workflow.participation_propose(
        actor=SystemActor("test"), program=program, unit=world.unit_b_rangkasbitung
    )
    rangkas = workflow.participation_verify(actor=SystemActor("test"), participation=rangkas)
    bayah = workflow.participation_propose(
        actor=SystemActor("test"), program=program, unit=world.unit_b_bayah
    )
    world.extra.update(program=program, part_rangkas=rangkas, part_bayah=bayah)


def _program(w: World) -> int:
    return int(w.extra["program"].pk)


def _stages(w: World) -> Any:
    return sorted(Participation.objects.values_list("pk", "stage"))


def _counts(w: World) -> Any:
    return (Program.objects.count(), Participation.objects.count(), AidItem.objects.count())


PARTICIPANT_RANGKAS = every(
    OK,
    anonymous=LOGIN,
    officer_bayah=NOT_FOUND,
    owner_a=FORBIDDEN,
    owner_b=FORBIDDEN,
    koperasi=FORBIDDEN,
    partner=FORBIDDEN,
)

CASES = [
    Case("programs:program_list", lambda w: "/program/", STAFF_ONLY),
    Case("programs:program_create", lambda w: "/program/baru/", ADMIN_ONLY),
    Case(
        "programs:program_create",
        lambda w: "/program/baru/",
        ADMIN_ONLY,  # admin: the empty form comes back with errors (200)
        method="POST",
        data=lambda w: {"name": ""},
        snapshot=_counts,
        label="invalid",
    ),
    Case("programs:program_detail", lambda w: f"/program/{_program(w)}/", STAFF_ONLY),
    Case("programs:program_edit", lambda w: f"/program/{_program(w)}/ubah/", ADMIN_ONLY),
    Case(
        "programs:program_edit",
        lambda w: f"/program/{_program(w)}/ubah/",
        ADMIN_ONLY,
        method="POST",
        data=lambda w: {"name": ""},
        snapshot=lambda w: list(Program.objects.values_list("name", "code")),
        label="invalid",
    ),
    Case("programs:program_candidates", lambda w: f"/program/{_program(w)}/kandidat/", STAFF_ONLY),
    Case("programs:program_board", lambda w: f"/program/{_program(w)}/peserta/", STAFF_ONLY),
    Case(
        "programs:program_propose",
        lambda w: f"/program/{_program(w)}/usulkan/",
        {
            "anonymous": LOGIN,
            "admin": 302,
            "analyst": FORBIDDEN,
            "officer_rangkasbitung": 302,
            "officer_bayah": NOT_FOUND,  # owner A's unit is outside Bayah: as if absent
            "owner_a": FORBIDDEN,
            "owner_b": FORBIDDEN,
            "koperasi": FORBIDDEN,
            "partner": FORBIDDEN,
        },
        method="POST",
        data=lambda w: {"units": [w.unit_a_rangkasbitung.pk]},
        snapshot=_counts,
    ),
    Case(
        "programs:attendance_import",
        lambda w: f"/program/{_program(w)}/daftar-hadir/",
        ACTORS_ONLY,
    ),
    Case(
        "programs:attendance_import",
        lambda w: f"/program/{_program(w)}/daftar-hadir/",
        ACTORS_ONLY,  # no file: the form comes back with its error
        method="POST",
        snapshot=_stages,
        label="no file",
    ),
    Case(
        "programs:participation_detail",
        lambda w: f"/peserta/{w.extra['part_rangkas'].pk}/",
        PARTICIPANT_RANGKAS,
    ),
    Case(
        "programs:participation_detail",
        lambda w: f"/peserta/{w.extra['part_bayah'].pk}/",
        every(
            OK,
            anonymous=LOGIN,
            officer_rangkasbitung=NOT_FOUND,
            owner_a=FORBIDDEN,
            owner_b=FORBIDDEN,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
        label="bayah",
    ),
    Case(
        "programs:participation_action",
        lambda w: f"/peserta/{w.extra['part_rangkas'].pk}/approve/",
        {
            "anonymous": LOGIN,
            "admin": 302,
            "analyst": FORBIDDEN,
            "officer_rangkasbitung": FORBIDDEN,  # only admins decide
            "officer_bayah": NOT_FOUND,
            "owner_a": FORBIDDEN,
            "owner_b": FORBIDDEN,
            "koperasi": FORBIDDEN,
            "partner": FORBIDDEN,
        },
        method="POST",
        snapshot=_stages,
        label="approve",
    ),
    Case(
        "programs:participation_action",
        lambda w: f"/peserta/{w.extra['part_bayah'].pk}/verify/",
        {
            "anonymous": LOGIN,
            "admin": 302,
            "analyst": FORBIDDEN,
            "officer_rangkasbitung": NOT_FOUND,
            "officer_bayah": 302,
            "owner_a": FORBIDDEN,
            "owner_b": FORBIDDEN,
            "koperasi": FORBIDDEN,
            "partner": FORBIDDEN,
        },
        method="POST",
        snapshot=_stages,
        label="verify",
    ),
    Case(
        "programs:aid_add",
        lambda w: f"/peserta/{w.extra['part_rangkas'].pk}/bantuan/",
        {**ACTORS_ONLY, "admin": 302, "officer_rangkasbitung": 302, "officer_bayah": NOT_FOUND},
        method="POST",
        data=lambda w: {
            "item": "Alat",
            "quantity": 1,
            "value": 1000,
            "bast_number": "BAST/1",
            "handed_over_on": "2018-05-01",
        },
        snapshot=_counts,
    ),
    Case(
        "programs:certificate_add",
        lambda w: f"/peserta/{w.extra['part_rangkas'].pk}/sertifikat/",
        {**ACTORS_ONLY, "admin": 302, "officer_rangkasbitung": 302, "officer_bayah": NOT_FOUND},
        method="POST",
        data=lambda w: {"number": ""},
        snapshot=_counts,
    ),
    Case(
        "programs:unit_programs",
        lambda w: f"/program/unit/{w.unit_a_rangkasbitung.pk}/",
        every(
            OK,
            anonymous=LOGIN,
            officer_bayah=NOT_FOUND,
            owner_b=NOT_FOUND,
            koperasi=NOT_FOUND,
            partner=NOT_FOUND,
        ),
    ),
    Case("programs:program_report", lambda w: "/program/laporan/?year=2018", STAFF_ONLY),
    Case("programs:program_report_xlsx", lambda w: "/program/laporan.xlsx?year=2018", STAFF_ONLY),
    Case("programs:program_report_pdf", lambda w: "/program/laporan.pdf?year=2018", STAFF_ONLY),
]

"""Access to imports (upload, preview, progress, status, cancel, history, detail, template)
and list downloads.

Admins and officers import (officers see only their own runs: another officer's run is 404,
admins see and may cancel everyone's); analysts, owners, the cooperative and the partner
office may not import (403) but everyone signed in may download the unit list they can see,
masked."""

from __future__ import annotations

from typing import Any

from tests.access.spec import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, World, every

IMPORTERS = every(
    OK,
    anonymous=LOGIN,
    analyst=FORBIDDEN,
    owner_a=FORBIDDEN,
    owner_b=FORBIDDEN,
    koperasi=FORBIDDEN,
    partner=FORBIDDEN,
)
RUDIS_RUN = every(
    OK,
    anonymous=LOGIN,
    analyst=FORBIDDEN,
    owner_a=FORBIDDEN,
    owner_b=FORBIDDEN,
    officer_bayah=NOT_FOUND,
    koperasi=FORBIDDEN,
    partner=FORBIDDEN,
)


def extend_world(world: World) -> None:
    """A preview uploaded by the officer of Rangkasbitung, and a background import of theirs
    waiting in the queue."""
    from django.utils import timezone

    from sentra.exchange.models import ImportRun, RunSource, RunStage, RunStatus

    world.extra["queued_run"] = ImportRun.objects.create(
        user=world.users["officer_rangkasbitung"],
        actor_label="rudi",
        source=RunSource.WEB,
        file_name="antre.xlsx",
        year=2018,
        dry_run=False,
        status=RunStatus.QUEUED,
        stage=RunStage.QUEUED,
        queued_at=timezone.now(),
        task_id="00000000-0000-0000-0000-000000000000",
        report={},
    )

    world.extra["run"] = ImportRun.objects.create(
        user=world.users["officer_rangkasbitung"],
        actor_label="rudi",
        source=RunSource.WEB,
        file_name="data.xlsx",
        year=2018,
        dry_run=True,
        status=RunStatus.PREVIEW,
        report={},
    )


def runs(world: World) -> Any:
    from sentra.exchange.models import ImportRun

    return list(ImportRun.objects.values_list("pk", "status"))


def _run(w: World) -> int:
    return int(w.extra["run"].pk)


def _queued(w: World) -> int:
    return int(w.extra["queued_run"].pk)


RUDIS_RUN_POST = {**RUDIS_RUN, "admin": 302, "officer_rangkasbitung": 302}


CASES = [
    Case("exchange:import_start", lambda w: "/imports/", IMPORTERS),
    Case(
        "exchange:import_start",
        lambda w: "/imports/",
        IMPORTERS,
        method="POST",
        data=lambda w: {"year": "2018"},  # no file: the form shows its error, nothing runs
        snapshot=runs,
        label="without file",
    ),
    Case("exchange:import_history", lambda w: "/imports/history/", IMPORTERS),
    Case("exchange:template_download", lambda w: "/imports/template.xlsx", IMPORTERS),
    Case("exchange:import_preview", lambda w: f"/imports/{_run(w)}/preview/", RUDIS_RUN),
    Case("exchange:import_detail", lambda w: f"/imports/{_run(w)}/", RUDIS_RUN),
    Case(
        "exchange:import_preview",
        lambda w: f"/imports/{_run(w)}/preview/",
        every(
            302,
            anonymous=LOGIN,
            analyst=FORBIDDEN,
            owner_a=FORBIDDEN,
            owner_b=FORBIDDEN,
            officer_bayah=NOT_FOUND,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
        method="POST",
        data=lambda w: {"action": "confirm"},  # no stored file: "no longer valid", redirect
        snapshot=runs,
        label="confirm",
    ),
    Case("exchange:import_progress", lambda w: f"/imports/{_queued(w)}/progress/", RUDIS_RUN),
    Case("exchange:import_status", lambda w: f"/imports/{_queued(w)}/status/", RUDIS_RUN),
    Case(
        "exchange:import_cancel",
        lambda w: f"/imports/{_queued(w)}/cancel/",
        RUDIS_RUN_POST,  # the first allowed cancels it, the next is told it is too late
        method="POST",
        snapshot=runs,
    ),
    Case(
        "exchange:import_cancel",
        lambda w: f"/imports/{_queued(w)}/cancel/",
        every(405),  # a link or a prefetch never cancels
        snapshot=runs,
        label="GET",
    ),
    Case("exchange:unit_download", lambda w: "/units/download/", every(OK, anonymous=LOGIN)),
    Case(
        "exchange:unit_download",
        lambda w: "/units/download/?format=json&kecamatan=36.02.14",
        every(OK, anonymous=LOGIN),
        label="json",
    ),
]

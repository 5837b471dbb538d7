"""Access to the statistics pages: the staff dashboard and report, the public figures and
open data."""

from __future__ import annotations

from sentra.core.actors import SystemActor
from tests.access.spec import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, World, every


def extend_world(world: World) -> None:
    """A 2018 yearly record for each unit, so that the year has figures."""
    from sentra.registry.services import ReportData, report_record

    for unit in (world.unit_a_rangkasbitung, world.unit_b_rangkasbitung, world.unit_b_bayah):
        report_record(
            actor=SystemActor("test"), unit=unit, data=ReportData(year=2018, workers_female=2)
        )


CASES = [
    # Owners get their own page instead of a regency dashboard of one unit.
    Case(
        "insights:dashboard",
        lambda w: "/dashboard/",
        every(OK, anonymous=LOGIN, owner_a=302, owner_b=302, koperasi=FORBIDDEN, partner=FORBIDDEN),
    ),
    Case(
        "insights:dashboard",
        lambda w: "/dashboard/?year=2018&measure=women_share",
        every(OK, anonymous=LOGIN, owner_a=302, owner_b=302, koperasi=FORBIDDEN, partner=FORBIDDEN),
        label="year and measure",
    ),
    Case(
        "insights:annual_report",
        lambda w: "/dashboard/laporan-tahunan-2018.xlsx",
        every(
            OK,
            anonymous=LOGIN,
            owner_a=FORBIDDEN,
            owner_b=FORBIDDEN,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
    ),
    Case(
        "insights:annual_report",
        lambda w: "/dashboard/laporan-tahunan-1999.xlsx",
        every(
            NOT_FOUND,
            anonymous=LOGIN,
            owner_a=FORBIDDEN,
            owner_b=FORBIDDEN,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
        label="a year without data",
    ),
    # A region's figures (issue 14): inside the reader's area only; outside it is not found.
    Case(
        "insights:dashboard",
        lambda w: "/dashboard/?region=36.02.03",
        every(
            OK,
            anonymous=LOGIN,
            officer_rangkasbitung=NOT_FOUND,
            owner_a=302,
            owner_b=302,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
        label="region bayah",
    ),
    Case(
        "insights:dashboard",
        lambda w: "/dashboard/?region=36.02",
        every(
            OK,
            anonymous=LOGIN,
            officer_rangkasbitung=NOT_FOUND,
            officer_bayah=NOT_FOUND,
            owner_a=302,
            owner_b=302,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
        label="region regency",
    ),
    Case(
        "insights:dashboard",
        lambda w: "/dashboard/?region=32",
        every(
            NOT_FOUND,
            anonymous=LOGIN,
            owner_a=302,
            owner_b=302,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
        label="region outside the deployment",
    ),
    Case("insights:public_stats", lambda w: "/statistik/", every(OK)),
    Case(
        "insights:public_stats",
        lambda w: "/statistik/?region=36.02.14",
        every(OK),
        label="region kecamatan",
    ),
    Case(
        "insights:public_stats",
        lambda w: "/statistik/?region=ID",
        every(NOT_FOUND),
        label="region outside the deployment",
    ),
    Case("insights:opendata", lambda w: "/data-terbuka/", every(OK)),
    Case(
        "insights:opendata_file",
        lambda w: "/data-terbuka/ikm-kecamatan-komoditas-2018.csv",
        every(OK),
    ),
    Case(
        "insights:opendata_file",
        lambda w: "/data-terbuka/tidak-ada-2018.json",
        every(NOT_FOUND),
        label="an unknown data set",
    ),
]

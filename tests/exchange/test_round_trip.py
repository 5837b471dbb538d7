"""The round trip is the identity: over generated registries, every export (xlsx, csv, json;
masked or personal; the scope of every role) imports back with created 0, updated 0,
rejected 0 and the registry exactly as it was; blanked cells change nothing; +1 in one column
of k rows updates exactly those k units. (A large property suite: SQLite only.)"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentra.accounts.models import User
from sentra.exchange.columns import KEYS
from sentra.exchange.export import units_export
from sentra.exchange.importer import import_file
from sentra.registry.models import Person, Unit, YearlyReport
from sentra.registry.selectors import unit_list_for_user
from tests.exchange.registries import YEAR, Shape, registry_build, registry_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]

shapes = st.builds(
    Shape,
    seed=st.integers(0, 10_000),
    units=st.integers(2, 14),
    owners=st.integers(1, 8),
    stalls=st.booleans(),
    closed=st.integers(0, 3),
    exporters=st.integers(0, 3),
    unknown_owners=st.integers(0, 2),
    products=st.booleans(),
)
SETTINGS = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# (exporting role, personal data in clear?, importing role)
EXPORTS = [
    ("admin", True, "admin"),
    ("admin", False, "admin"),
    ("officer", False, "officer"),
    ("analyst", False, "admin"),
    ("owner", False, "admin"),
]


def _users() -> dict[str, Any]:
    from sentra.regions.models import Region

    users = {
        "admin": User.objects.get_or_create(username="rt-admin", defaults={"role": "admin"})[0],
        "analyst": User.objects.get_or_create(username="rt-ana", defaults={"role": "analyst"})[0],
        "officer": User.objects.get_or_create(username="rt-rudi", defaults={"role": "officer"})[0],
        "owner": User.objects.get_or_create(username="rt-omar", defaults={"role": "owner"})[0],
    }
    users["officer"].kecamatan.set(Region.objects.filter(code="36.02.14"))
    person = Person.objects.order_by("pk").first()
    if person is not None and person.account_id is None:
        Person.objects.filter(pk=person.pk).update(account=users["owner"])
    return users


def _export(tmp: Path, user: Any, fmt: str, personal: bool) -> Path:
    data = units_export(
        actor=user,
        units=unit_list_for_user(user=user),
        fmt=fmt,
        year=YEAR,
        personal=personal,
    )
    path = tmp / f"export-{user.username}.{fmt}"
    path.write_bytes(data)
    return path


def _rows(path: Path) -> tuple[list[str], list[list[Any]]]:
    """An export's header and rows as plain lists (to be changed and written back)."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        header = list(data[0]) if data else list(KEYS)
        return header, [[item.get(k) for k in header] for item in data]
    if path.suffix == ".csv":
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
        return rows[0], rows[1:]
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [str(v) for v in values[0]], values[1:]


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    out = path.with_name("changed-" + path.name)
    if path.suffix == ".json":
        out.write_text(json.dumps([dict(zip(header, r, strict=True)) for r in rows]))
    elif path.suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerows([header, *[["" if v is None else v for v in r] for r in rows]])
        out.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    else:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in [header, *rows]:
            sheet.append(row)
        workbook.save(out)
    return out


def _column(header: list[str], key: str) -> int:
    from sentra.exchange.columns import COLUMN_BY_KEY

    return header.index(key) if key in header else header.index(COLUMN_BY_KEY[key].header)


def _import(path: Path, user: Any) -> dict[str, Any]:
    return import_file(actor=user, path=path, file_name=path.name).report


def _in_rollback(check: Any) -> None:
    """Run one example inside a transaction that is rolled back afterwards."""
    with transaction.atomic():
        check()
        transaction.set_rollback(True)


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
@pytest.mark.parametrize(("exporter", "personal", "importer"), EXPORTS)
@SETTINGS
@given(shape=shapes)
def test_every_export_imports_back_with_nothing_created_updated_or_rejected(
    reference: None,
    tmp_path: Path,
    fmt: str,
    exporter: str,
    personal: bool,
    importer: str,
    shape: Shape,
) -> None:
    def check() -> None:
        registry_build(shape)
        users = _users()
        before = registry_snapshot()
        path = _export(tmp_path, users[exporter], fmt, personal)
        report = _import(path, users[importer])
        assert (report["created"], report["updated"], report["rejected"]) == (0, 0, 0), [
            r for r in report["rows"] if r["status"] != "unchanged"
        ]
        assert report["unchanged"] == report["rows_total"] == _exported_count(path)
        assert registry_snapshot() == before

    _in_rollback(check)


def _exported_count(path: Path) -> int:
    return len(_rows(path)[1])


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
@SETTINGS
@given(shape=shapes, blanks=st.lists(st.tuples(st.integers(0, 99), st.integers(0, 99))))
def test_blanked_cells_change_nothing(
    reference: None, tmp_path: Path, fmt: str, shape: Shape, blanks: list[tuple[int, int]]
) -> None:
    def check() -> None:
        registry_build(shape)
        admin = _users()["admin"]
        before = registry_snapshot()
        header, rows = _rows(_export(tmp_path, admin, fmt, True))
        # Any cell but the code may be blanked (the code is what every export carries).
        columns = [i for i, name in enumerate(header) if name not in ("Kode Unit", "code", "id")]
        for row_pick, column_pick in blanks:
            rows[row_pick % len(rows)][columns[column_pick % len(columns)]] = None
        report = _import(_write(tmp_path / f"e.{fmt}", header, rows), admin)
        assert (report["created"], report["updated"]) == (0, 0)
        assert registry_snapshot() == before

    _in_rollback(check)


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
@SETTINGS
@given(shape=shapes, picks=st.sets(st.integers(0, 99), min_size=1, max_size=5))
def test_one_more_worker_in_k_rows_updates_exactly_those_k_units(
    reference: None, tmp_path: Path, fmt: str, shape: Shape, picks: set[int]
) -> None:
    def check() -> None:
        registry_build(shape)
        admin = _users()["admin"]
        header, rows = _rows(_export(tmp_path, admin, fmt, False))
        column = _column(header, "workers_male")
        code = _column(header, "code")
        with_figures = [r for r in rows if r[column] not in (None, "")]
        if not with_figures:
            return
        chosen = {p % len(with_figures) for p in picks}
        expected: dict[str, int] = {}
        for index in chosen:
            row = with_figures[index]
            row[column] = int(row[column]) + 1
            expected[row[code]] = int(row[column])
        others = {
            u.code: (u.version, u.updated_at) for u in Unit.objects.exclude(code__in=expected)
        }
        report = _import(_write(tmp_path / f"e.{fmt}", header, rows), admin)
        assert (report["created"], report["updated"], report["rejected"]) == (0, len(chosen), 0)
        for code_value, workers in expected.items():
            record = YearlyReport.objects.get(unit__code=code_value, year=YEAR)
            assert record.workers_male == workers
        assert {
            u.code: (u.version, u.updated_at) for u in Unit.objects.exclude(code__in=expected)
        } == others

    _in_rollback(check)

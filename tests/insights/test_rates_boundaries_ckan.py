"""Importing rates, loading boundaries and publishing to a (fake) CKAN portal."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from sentra.insights.models import ExchangeRate, KecamatanBoundary
from sentra.insights.rates import SAMPLE_RATES, correlation_wording, parse_number_id, pearson

pytestmark = pytest.mark.django_db


def test_it_reads_indonesian_number_forms() -> None:
    assert str(parse_number_id("14.237,50")) == "14237.50"
    assert str(parse_number_id("14237,5")) == "14237.5"
    assert str(parse_number_id("14.237")) == "14237"
    assert str(parse_number_id("14237.50")) == "14237.50"


def test_import_rates_reports_bad_rows_by_row_column_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "kurs.csv"
    path.write_text(
        "# komentar\ntanggal;kurs\n2018-01;13.380,00\n2018-13;13.500\n2018-03;abc\n"
        "2018-04;-5\n2018-01;13.400\n",
        encoding="utf-8",
    )
    report_path = tmp_path / "laporan.json"
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_rates", str(path), report=str(report_path), stdout=StringIO(), stderr=StringIO()
        )
    assert exit_info.value.code == 3
    report = json.loads(report_path.read_text())
    problems = {(p["row"], p["column"]) for p in report["problems"]}
    assert problems == {(4, "tanggal"), (5, "kurs"), (6, "kurs"), (7, "tanggal")}
    assert all(p["reason"] for p in report["problems"])
    assert list(ExchangeRate.objects.values_list("idr_per_usd", flat=True)) == [13380]


def test_import_rates_exits_2_when_nothing_is_usable(tmp_path: Path) -> None:
    path = tmp_path / "kurs.csv"
    path.write_text("waktu,nilai_lain\n2018-01,1\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_rates", str(path), stdout=StringIO(), stderr=StringIO())
    assert exit_info.value.code == 2


def test_the_sample_series_loads_cleanly_and_is_labelled_illustrative() -> None:
    assert "NOT OFFICIAL" in SAMPLE_RATES.read_text()
    call_command("import_rates", str(SAMPLE_RATES), stdout=StringIO())
    assert ExchangeRate.objects.count() == 36


def test_correlation_wording_is_honest_about_small_samples() -> None:
    r = pearson([13308, 13381, 14247], [900, 1000, 1500])
    assert r is not None
    assert correlation_wording(r, 3).endswith("n = 3 tahun; terlalu sedikit untuk menyimpulkan")
    assert "tidak dapat dihitung" in correlation_wording(pearson([1, 2], [1, 2]), 2)


def _square(x: float, y: float) -> dict[str, Any]:
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]],
    }


def test_load_boundaries_validates_every_feature_first(reference: None, tmp_path: Path) -> None:
    bad = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kode": "36.02.14"},
                "geometry": _square(106.2, -6.4),
            },
            {"type": "Feature", "properties": {"kode": "99.99.99"}, "geometry": _square(106, -6)},
            {
                "type": "Feature",
                "properties": {"kode": "360203"},
                "geometry": {"type": "Point", "coordinates": [106, -6.9]},
            },
            {"type": "Feature", "properties": {}, "geometry": _square(106, -6)},
        ],
    }
    path = tmp_path / "batas.geojson"
    path.write_text(json.dumps(bad))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_boundaries", str(path), stdout=StringIO(), stderr=err)
    assert "99.99.99" in err.getvalue() and "Polygon" in err.getvalue()
    assert KecamatanBoundary.objects.count() == 0
    good = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kode": "36.02.14"},
                "geometry": _square(106.2, -6.4),
            },
            {"type": "Feature", "properties": {"kode": "360203"}, "geometry": _square(106.2, -6.9)},
        ],
    }
    path.write_text(json.dumps(good))
    call_command("load_boundaries", str(path), stdout=StringIO())
    assert set(KecamatanBoundary.objects.values_list("kecamatan_id", flat=True)) == {
        "36.02.14",
        "36.02.03",
    }


class FakeCkan(BaseHTTPRequestHandler):
    """A tiny CKAN action API: records requests, demands the API key."""

    requests: list[dict[str, Any]] = []
    packages: dict[str, dict[str, Any]] = {}
    key = "rahasia-uji"

    def log_message(self, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        action = self.path.rsplit("/", 1)[-1]
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        self.requests.append(
            {"action": action, "auth": self.headers.get("Authorization"), "body": body}
        )
        if self.headers.get("Authorization") != self.key:
            self._reply(403, {"success": False, "error": {"__type": "Authorization Error"}})
            return
        if action == "package_show":
            name = json.loads(body)["id"]
            if name not in self.packages:
                self._reply(404, {"success": False, "error": {"__type": "Not Found Error"}})
                return
            self._reply(200, {"success": True, "result": self.packages[name]})
        elif action in {"package_create", "package_patch"}:
            data = json.loads(body)
            name = data.get("name") or data["id"]
            package = self.packages.setdefault(name, {"id": name, "name": name, "resources": []})
            package.update({k: v for k, v in data.items() if k != "id"})
            self._reply(200, {"success": True, "result": package})
        elif action in {"resource_create", "resource_patch"}:
            text = body.decode("utf-8", "replace")
            package_id = text.split('name="package_id"\r\n\r\n', 1)[1].split("\r\n", 1)[0]
            name = text.split('name="name"\r\n\r\n', 1)[1].split("\r\n", 1)[0]
            resources = self.packages[package_id]["resources"]
            if action == "resource_create":
                resources.append({"id": f"r{len(resources)}", "name": name})
            self._reply(200, {"success": True, "result": {"name": name}})
        else:
            self._reply(400, {"success": False, "error": {"message": action}})


@pytest.fixture
def fake_ckan() -> Iterator[str]:
    FakeCkan.requests = []
    FakeCkan.packages = {}
    server = HTTPServer(("127.0.0.1", 0), FakeCkan)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_opendata_publish_creates_then_patches_ckan_packages(
    crafted: Any, fake_ckan: str, tmp_path: Path
) -> None:
    key_file = tmp_path / "kunci"
    key_file.write_text("rahasia-uji\n")
    call_command(
        "opendata",
        "publish",
        "--ckan",
        fake_ckan,
        "--api-key-file",
        str(key_file),
        "--year",
        "2018",
        stdout=StringIO(),
    )
    actions = [r["action"] for r in FakeCkan.requests]
    # Three data sets: the two aggregate tables and the directory of consenting owners' units.
    assert actions == ["package_show", "package_create", "resource_create", "resource_create"] * 3
    assert {r["auth"] for r in FakeCkan.requests} == {"rahasia-uji"}
    created = json.loads(FakeCkan.requests[1]["body"])
    extras = {e["key"] for e in created["extras"]}
    assert {"konsep", "definisi", "klasifikasi", "satuan", "sumber", "periode", "lisensi"} <= extras
    assert b"ikm-kecamatan-komoditas-2018.csv" in FakeCkan.requests[2]["body"]
    FakeCkan.requests = []
    call_command(
        "opendata",
        "publish",
        "--ckan",
        fake_ckan,
        "--api-key-file",
        str(key_file),
        "--year",
        "2018",
        stdout=StringIO(),
    )
    actions = [r["action"] for r in FakeCkan.requests]
    assert actions == ["package_show", "package_patch", "resource_patch", "resource_patch"] * 3


def test_opendata_publish_fails_clearly_with_a_wrong_key(
    crafted: Any, fake_ckan: str, tmp_path: Path
) -> None:
    key_file = tmp_path / "kunci"
    key_file.write_text("salah")
    with pytest.raises(CommandError, match="CKAN"):
        call_command(
            "opendata",
            "publish",
            "--ckan",
            fake_ckan,
            "--api-key-file",
            str(key_file),
            stdout=StringIO(),
        )

"""The JSON API and the SIINas extract on the Lebak demo (16,000 units in 2018), each beside a
raw-database baseline measured in the same run, in a temporary SQLite database:

- a page of 200 units (`GET /api/v1/units/?year=2018&limit=200`, token check, rate count,
  filters, serialisation, ETag) against a raw SELECT of the same 200 rows with their joins;
- the SIINas extract of every 2018 unit (xlsx) against a raw SELECT of the same columns;
- a page of 200 catalog products (`GET /api/v1/products/?limit=200`, anonymous: consent and
  status checks, photos, certificates, ETag) against a raw SELECT of the same rows;
- a page of 200 inquiries of the admin's inbox (`GET /api/v1/inquiries/?limit=200`) against a
  raw SELECT of the same rows with their product, unit, kecamatan and order.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

RAW_PAGE = """
SELECT u.id, u.code, u.business_name, p.name, u.nib, u.kbli, c.code, c.name, d.code, d.name,
       k.code, k.name, u.kampung, u.address, u.status, u.version, r.workers_male + r.workers_female,
       r.production_value, r.market_reach
FROM registry_unit u
JOIN registry_person p ON p.id = u.owner_id
JOIN registry_commodity c ON c.id = u.commodity_id
JOIN regions_region d ON d.code = u.desa_id
JOIN regions_region k ON k.code = u.kecamatan_id
JOIN registry_yearlyreport r ON r.unit_id = u.id AND r.year = 2018 AND r.is_active
ORDER BY u.id LIMIT 200
"""
RAW_EXTRACT = """
SELECT u.code, u.business_name, u.nib, u.address, d.name, k.name, u.desa_id, u.kbli, c.name,
       r.capacity, r.capacity_unit, r.raw_materials, r.workers_male, r.workers_female,
       r.investment, r.production_value, r.market_reach, r.export_value_usd,
       (SELECT group_concat(e.country) FROM registry_exportdestination e WHERE e.report_id = r.id)
FROM registry_unit u
JOIN registry_commodity c ON c.id = u.commodity_id
JOIN regions_region d ON d.code = u.desa_id
JOIN regions_region k ON k.code = u.kecamatan_id
JOIN registry_yearlyreport r ON r.unit_id = u.id AND r.year = 2018 AND r.is_active
ORDER BY u.kecamatan_id, u.desa_id, u.code
"""
RAW_CATALOG = """
SELECT p.id, p.name, p.description, p.price_min, p.price_max, p.unit_of_sale, p.min_order,
       p.monthly_capacity, p.in_stock, c.code, c.name, u.id, u.business_name, o.sex, d.code,
       d.name, k.code, k.name, f.story, f.home_industry, f.export_ready,
       (SELECT group_concat(ph.id) FROM market_productphoto ph
        WHERE ph.product_id = p.id AND ph.approved)
FROM market_product p
JOIN registry_commodity c ON c.id = p.commodity_id
JOIN registry_unit u ON u.id = p.unit_id
JOIN registry_person o ON o.id = u.owner_id
JOIN regions_region d ON d.code = u.desa_id
JOIN regions_region k ON k.code = u.kecamatan_id
LEFT JOIN market_producerprofile f ON f.unit_id = u.id
WHERE p.status = 'tayang' AND u.status = 'aktif' AND o.consent
  AND EXISTS (SELECT 1 FROM market_publicationconsent pc
              WHERE pc.unit_id = u.id AND pc.withdrawn_at IS NULL)
ORDER BY p.id LIMIT 200
"""
RAW_INBOX = """
SELECT i.id, i.name, i.organisation, i.country, i.email, i.quantity, i.message, i.stage,
       i.stage_changed_at, i.note, i.created_at, p.id, p.name, p.unit_of_sale, u.id,
       u.business_name, k.code, k.name, o.id, o.number, o.status
FROM market_inquiry i
JOIN market_product p ON p.id = i.product_id
JOIN registry_unit u ON u.id = i.unit_id
JOIN regions_region k ON k.code = u.kecamatan_id
LEFT JOIN market_order o ON o.inquiry_id = i.id
ORDER BY i.id LIMIT 200
"""


def _time(fn: Callable[[], object], repeat: int = 5) -> float:
    fn()  # warm
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    with tempfile.TemporaryDirectory(prefix="sentra-bench-") as tmp:
        db = settings.DATABASES["default"]
        saved = dict(db)
        if db["ENGINE"] != "django.db.backends.sqlite3":
            print("bench_api runs on SQLite only; skipped.")
            return
        db["NAME"] = str(Path(tmp) / "bench.sqlite3")
        connections.close_all()
        os.environ.setdefault("SENTRA_DEMO_PASSWORD", "bench-only-password")
        settings.SENTRA_API_RATE_LIMIT = 1_000_000
        settings.ALLOWED_HOSTS = ["testserver"]
        try:
            call_command("migrate", verbosity=0)
            call_command("demo", stdout=StringIO())
            from django.test import Client

            from sentra.accounts.models import User
            from sentra.api.services import api_token_create
            from sentra.registry.models import Unit
            from sentra.siinas.extract import extract_build, extract_workbook

            raw = api_token_create(
                actor="bench", user=User.objects.get(username="admin"), name="bench"
            ).raw
            client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

            def api_page() -> object:
                response = client.get("/api/v1/units/?year=2018&limit=200")
                assert response.status_code == 200 and len(response.json()["results"]) == 200
                return response

            def raw_page() -> object:
                with connection.cursor() as cursor:
                    cursor.execute(RAW_PAGE)
                    return cursor.fetchall()

            def extract() -> object:
                return extract_workbook(extract_build(units=Unit.objects.all(), year=2018))

            def raw_extract() -> object:
                with connection.cursor() as cursor:
                    cursor.execute(RAW_EXTRACT)
                    return cursor.fetchall()

            page_ms, raw_page_ms = _time(api_page), _time(raw_page)
            rows = len(extract_build(units=Unit.objects.all(), year=2018).rows)
            extract_ms, raw_extract_ms = _time(extract, repeat=1), _time(raw_extract)

            anonymous = Client()

            def catalog_page() -> object:
                response = anonymous.get("/api/v1/products/?limit=200")
                assert response.status_code == 200 and len(response.json()["results"]) == 200
                return response

            def inbox_page() -> object:
                response = client.get("/api/v1/inquiries/?limit=200")
                assert response.status_code == 200 and len(response.json()["results"]) == 200
                return response

            def raw(sql: str) -> Callable[[], object]:
                def run() -> object:
                    with connection.cursor() as cursor:
                        cursor.execute(sql)
                        return cursor.fetchall()

                return run

            catalog_ms, raw_catalog_ms = _time(catalog_page), _time(raw(RAW_CATALOG))
            inbox_ms, raw_inbox_ms = _time(inbox_page), _time(raw(RAW_INBOX))
            print(f"API page of 200 units:             {page_ms:8.1f} ms (median of 5)")
            print(f"raw SELECT of the same 200 rows:   {raw_page_ms:8.1f} ms (median of 5)")
            print(f"SIINas extract, {rows} rows (xlsx): {extract_ms:8.1f} ms")
            print(f"raw SELECT of the same rows:       {raw_extract_ms:8.1f} ms (median of 5)")
            print(f"API catalog page of 200 products:  {catalog_ms:8.1f} ms (median of 5)")
            print(f"raw SELECT of the same 200 rows:   {raw_catalog_ms:8.1f} ms (median of 5)")
            print(f"API inbox page of 200 inquiries:   {inbox_ms:8.1f} ms (median of 5)")
            print(f"raw SELECT of the same 200 rows:   {raw_inbox_ms:8.1f} ms (median of 5)")
        finally:
            connections.close_all()
            db.clear()
            db.update(saved)

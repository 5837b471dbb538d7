"""Loading the registry's reference lists: commodities, legal forms, certificate kinds, KBLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record
from sentra.core.models import ReferenceDataset
from sentra.registry.models import (
    UNCLASSIFIED,
    CertificateKind,
    Commodity,
    KbliCode,
    KbliCommodity,
    LegalForm,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def reference_load(*, actor: Any) -> dict[str, int]:
    """Load commodities, legal forms, certificate kinds and KBLI codes. Idempotent: existing
    rows keep admins' edits to names and synonyms; missing rows are added."""
    data = json.loads((DATA_DIR / "reference.json").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    with transaction.atomic():
        for order, item in enumerate(data["commodities"]):
            Commodity.objects.get_or_create(
                code=item["code"],
                defaults={"name": item["name"], "synonyms": item["synonyms"], "sort_order": order},
            )
        counts["commodities"] = Commodity.objects.count()
        by_code = dict(Commodity.objects.values_list("code", "pk"))
        for item in data.get("kbli_commodities", []):
            KbliCommodity.objects.get_or_create(
                prefix=item["prefix"], defaults={"commodity_id": by_code[item["commodity"]]}
            )
        counts["kbli_commodities"] = KbliCommodity.objects.count()
        for order, item in enumerate(data["legal_forms"]):
            LegalForm.objects.get_or_create(
                code=item["code"], defaults={"name": item["name"], "sort_order": order}
            )
        counts["legal_forms"] = LegalForm.objects.count()
        for order, item in enumerate(data["certificate_kinds"]):
            CertificateKind.objects.get_or_create(
                code=item["code"], defaults={"name": item["name"], "sort_order": order}
            )
        counts["certificate_kinds"] = CertificateKind.objects.count()
        counts["kbli"] = kbli_load(actor=actor, path=DATA_DIR / "kbli2020_c.csv", version="2020")
        ReferenceDataset.objects.update_or_create(
            name="registry-reference",
            defaults={
                "source": "Sentra reference.json (commodities from the 2018 Lebak report)",
                "version": data["version"],
                "rows": sum(counts.values()),
            },
        )
        audit_record(
            actor=actor,
            action="reference.load",
            object_type="registry.reference",
            summary=json.dumps(counts),
        )
    return counts


def kbli_load(*, actor: Any, path: Path, version: str = "2020") -> int:
    """Load KBLI codes from a CSV with `code,title` columns (e.g. the full official list)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [
            KbliCode(code=row["code"].strip(), version=version, title=row["title"].strip())
            for row in csv.DictReader(fh)
        ]
    for row in rows:
        if not (len(row.code) == 5 and row.code.isdigit()):
            raise ValidationError(
                _("Kode KBLI %(code)s tidak 5 digit."),
                code="kbli_format",
                params={"code": row.code},
            )
    with transaction.atomic():
        KbliCode.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["version", "code"],
            update_fields=["title"],
        )
        ReferenceDataset.objects.update_or_create(
            name=f"kbli-{version}",
            defaults={"source": path.name, "version": version, "rows": len(rows)},
        )
        audit_record(
            actor=actor,
            action="kbli.load",
            object_type="registry.kblicode",
            summary=f"{len(rows)} KBLI {version} codes from {path.name}",
        )
    return len(rows)


def known_kbli_codes(version: str = "2020") -> frozenset[str]:
    return frozenset(KbliCode.objects.filter(version=version).values_list("code", flat=True))


def commodity_unclassified() -> Commodity:
    """The "Belum diklasifikasi" commodity (created on first use in a database whose reference
    lists predate it)."""
    commodity, _created = Commodity.objects.get_or_create(
        code=UNCLASSIFIED, defaults={"name": "Belum diklasifikasi", "sort_order": 999}
    )
    return commodity

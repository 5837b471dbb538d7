"""Loading kecamatan boundaries from a GeoJSON file keyed by Kemendagri code."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record
from sentra.insights.models import KecamatanBoundary
from sentra.regions.models import Region, RegionLevel

CODE_PROPERTIES = ("kode_kemendagri", "kode", "code", "kode_kec", "kdcpum", "KDCPUM", "kemendagri")
GEOMETRY_TYPES = {"Polygon", "MultiPolygon"}


@dataclass
class BoundaryReport:
    loaded: int = 0
    problems: list[str] = field(default_factory=list)


def normalise_code(value: Any) -> str:
    """ "36.02.14", "360214" or 360214 → "36.02.14"."""
    text = str(value).strip()
    digits = re.sub(r"\D", "", text)
    if len(digits) == 6:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:]}"
    return text


def _positions(coords: Any, depth: int) -> list[Any]:
    if depth == 0:
        return [coords]
    if not isinstance(coords, list):
        raise ValueError
    out: list[Any] = []
    for item in coords:
        out.extend(_positions(item, depth - 1))
    return out


def _geometry_problem(geometry: Any) -> str | None:
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        return _("geometri harus Polygon atau MultiPolygon")
    depth = 2 if geometry["type"] == "Polygon" else 3
    try:
        points = _positions(geometry.get("coordinates"), depth)
    except ValueError:
        return _("koordinat tidak berbentuk benar")
    if not points:
        return _("koordinat kosong")
    for point in points:
        if not (
            isinstance(point, list)
            and len(point) >= 2
            and all(isinstance(v, int | float) for v in point[:2])
            and -180 <= point[0] <= 180
            and -90 <= point[1] <= 90
        ):
            return _("koordinat di luar bujur/lintang WGS 84")
    return None


def boundaries_load(*, actor: Any, path: Path, code_property: str | None = None) -> BoundaryReport:
    """Validate every feature first; load all of them (replacing earlier ones) or none."""
    report = BoundaryReport()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        report.problems.append(_("Berkas GeoJSON tidak dapat dibaca: %(error)s") % {"error": exc})
        return report
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        report.problems.append(_("Berkas harus berupa GeoJSON FeatureCollection."))
        return report
    kecamatan = set(
        Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", flat=True)
    )
    seen: dict[str, int] = {}
    rows: list[KecamatanBoundary] = []
    for number, feature in enumerate(data.get("features") or [], start=1):
        props = (feature or {}).get("properties") or {}
        keys = (code_property,) if code_property else CODE_PROPERTIES
        raw = next((props[k] for k in keys if k in props and props[k] not in (None, "")), None)
        if raw is None:
            report.problems.append(
                _("Fitur %(n)s: tidak ada properti kode Kemendagri (%(keys)s).")
                % {"n": number, "keys": ", ".join(keys)}
            )
            continue
        code = normalise_code(raw)
        if code not in kecamatan:
            report.problems.append(
                _("Fitur %(n)s: kode %(code)s bukan kecamatan yang dikenal.")
                % {"n": number, "code": code}
            )
            continue
        if code in seen:
            report.problems.append(
                _("Fitur %(n)s: kode %(code)s sudah dipakai fitur %(m)s.")
                % {"n": number, "code": code, "m": seen[code]}
            )
            continue
        seen[code] = number
        problem = _geometry_problem(feature.get("geometry"))
        if problem:
            report.problems.append(
                _("Fitur %(n)s (%(code)s): %(p)s.") % {"n": number, "code": code, "p": problem}
            )
            continue
        rows.append(
            KecamatanBoundary(kecamatan_id=code, geometry=feature["geometry"], source=path.name)
        )
    if not rows and not report.problems:
        report.problems.append(_("Tidak ada fitur dalam berkas."))
    if report.problems:
        return report
    with transaction.atomic():
        KecamatanBoundary.objects.all().delete()
        KecamatanBoundary.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="boundaries.load",
            object_type="insights.kecamatanboundary",
            summary=f"{len(rows)} kecamatan from {path.name}",
        )
    report.loaded = len(rows)
    return report

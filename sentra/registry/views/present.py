"""Turning registry rows into what the reading pages show: trend series and audit history."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sentra.core.models import AuditLog
from sentra.core.templatetags.sentra import id_number
from sentra.registry.models import Certificate, CertificateKind, Person, Unit, YearlyReport

MODELS: dict[str, type[models.Model]] = {
    "registry.unit": Unit,
    "registry.yearlyreport": YearlyReport,
    "registry.certificate": Certificate,
}


def trend_data(reports: Sequence[YearlyReport]) -> dict[str, list[int]]:
    """Series for the small trend charts, oldest year first (embedded with json_script)."""
    return {
        "years": [r.year for r in reports],
        "workers_male": [r.workers_male for r in reports],
        "workers_female": [r.workers_female for r in reports],
        "workers": [r.workers for r in reports],
        "production_value": [r.production_value for r in reports],
    }


def _action_label(action: str) -> str:
    labels = {
        "unit.register": _("Unit didaftarkan"),
        "unit.update": _("Data unit diubah"),
        "unit.verify": _("Unit diverifikasi"),
        "unit.unverify": _("Menunggu verifikasi petugas"),
        "unit.return": _("Dikembalikan ke pemilik"),
        "report.record": _("Laporan tahunan dicatat"),
        "report.update": _("Laporan tahunan diubah"),
        "certificate.add": _("Sertifikat ditambahkan"),
        "certificate.update": _("Sertifikat diubah"),
    }
    return labels.get(action, action)


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryRow:
    at: Any
    actor: str
    action: str
    subject: str
    summary: str
    changes: list[Change] = field(default_factory=list)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _related_names(logs: Iterable[AuditLog]) -> dict[tuple[str, str], str]:
    """Names of the related objects the rows mention (commodity 3 → "Bilik"), a query per
    related model, so that the history reads as names, not ids."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for log in logs:
        model = MODELS.get(log.object_type)
        if model is None:
            continue
        for values in (log.before, log.after):
            for name, value in values.items():
                f = _field(model, name)
                if f is not None and f.is_relation and f.related_model and value is not None:
                    wanted[f.related_model].add(value)
    names: dict[tuple[str, str], str] = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related._meta.label_lower, str(obj.pk))] = str(obj)
    return names


def _shown(f: models.Field[Any, Any] | None, value: Any, names: dict[tuple[str, str], str]) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, int) and f is not None and not f.is_relation and value >= 10_000:
        return id_number(value)  # amounts and counts, never years like 2009
    if f is not None and f.is_relation and f.related_model:
        label = f.related_model._meta.label_lower
        return names.get((label, str(value)), str(value))
    if f is not None and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    return str(value)


_YEAR_KEY = re.compile(r"^([0-9]{4})\.(.+)$")
_EXTRA_LABELS = {
    "export_countries": _lazy("negara tujuan ekspor"),
    "export_values": _lazy("nilai ekspor per negara (USD)"),
    "certificates": _lazy("sertifikat"),
}


def _label_and_field(
    model: type[models.Model] | None, name: str
) -> tuple[str, models.Field[Any, Any] | None]:
    """The Indonesian label of an audit key: a model field, a year's record field
    ("2018.workers_male"), an owner field ("owner.name") or a list the writer records."""
    year = _YEAR_KEY.match(name)
    if year:
        f = _field(YearlyReport, year.group(2))
        label = str(f.verbose_name) if f is not None else str(_EXTRA_LABELS.get(year.group(2), ""))
        return _("Laporan %(year)s: %(field)s") % {"year": year.group(1), "field": label}, f
    if name in ("owner_name", "owner_sex", "owner_phone"):
        f = _field(Person, name.removeprefix("owner_"))
        label = str(f.verbose_name) if f is not None else name.removeprefix("owner_")
        return _("Pemilik: %(field)s") % {"field": label}, f
    if name in _EXTRA_LABELS:
        return capfirst(str(_EXTRA_LABELS[name])), None
    f = _field(model, name) if model else None
    return (capfirst(str(f.verbose_name)) if f is not None else name), f


def _certificates_shown(value: Any) -> str:
    if not isinstance(value, list):
        return str(value)
    kinds = dict(CertificateKind.objects.values_list("code", "name"))
    parts = []
    for entry in value:
        if isinstance(entry, dict):
            kind = str(entry.get("kind", ""))
            words = (kinds.get(kind, kind), entry.get("number"))
            parts.append(" ".join(str(v) for v in words if v))
        else:
            parts.append(str(kinds.get(entry, entry)))
    return ", ".join(parts)


def _subject(model: type[models.Model] | None, log: AuditLog, years: dict[int, int]) -> str:
    if model is YearlyReport:
        year = years.get(int(log.object_id)) if log.object_id.isdigit() else None
        return _("Laporan %(year)s") % {"year": year} if year else _("Laporan tahunan")
    if model is Certificate:
        return _("Sertifikat")
    keys = {*log.before, *log.after}
    found = {m.group(1) for m in (_YEAR_KEY.match(k) for k in keys) if m}
    if keys and len(found) == 1 and all(_YEAR_KEY.match(k) for k in keys):
        return _("Laporan %(year)s") % {"year": found.pop()}
    if keys == {"certificates"}:
        return _("Sertifikat")
    return _("Unit")


def history_rows(
    logs: Iterable[AuditLog], *, report_years: dict[int, int] | None = None
) -> list[HistoryRow]:
    """Audit rows as (who, when, what, before → after), fields by their Indonesian labels.
    Personal fields were masked when the rows were written."""
    logs = list(logs)
    names = _related_names(logs)
    years = report_years or {}
    rows = []
    for log in logs:
        model = MODELS.get(log.object_type)
        changes = []
        for name in dict.fromkeys([*log.before, *log.after]):
            label, f = _label_and_field(model, name)
            if not log.before.get(name) and log.after.get(name) in (None, ""):
                continue  # a creation that left the field empty says nothing
            shown = _certificates_shown if name == "certificates" else None

            def show(value: Any, f: Any = f, shown: Any = shown) -> str:
                return shown(value) if shown else _shown(f, value, names)

            changes.append(
                Change(
                    label=label,
                    before=show(log.before.get(name)) if name in log.before else "",
                    after=show(log.after.get(name)) if name in log.after else "",
                )
            )
        rows.append(
            HistoryRow(
                at=log.at,
                actor=log.actor_label or _("sistem"),
                action=_action_label(log.action),
                subject=_subject(model, log, years),
                summary=log.summary if model is None else "",
                changes=changes,
            )
        )
    return rows


# Columns whose first click sorts the largest first.
DESCENDING_FIRST = {"workers", "production", "updated"}


def sort_columns(current: str, columns: Iterable[str]) -> dict[str, dict[str, str]]:
    """For each sortable column: the `sort` value its header link sets (toggling when it is
    the current sort) and its aria-sort state."""
    out = {}
    for column in columns:
        first = f"-{column}" if column in DESCENDING_FIRST else column
        if current == column:
            out[column] = {"next": f"-{column}", "aria": "ascending"}
        elif current == f"-{column}":
            out[column] = {"next": column, "aria": "descending"}
        else:
            out[column] = {"next": first, "aria": ""}
    return out

"""Turning registry rows into what the reading pages show: trend series and audit history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from sentra.core.models import AuditLog
from sentra.core.templatetags.sentra import id_number
from sentra.registry.models import Certificate, Unit, YearlyReport

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
        subject = _("Unit")
        if model is YearlyReport:
            year = years.get(int(log.object_id)) if log.object_id.isdigit() else None
            subject = _("Laporan %(year)s") % {"year": year} if year else _("Laporan tahunan")
        elif model is Certificate:
            subject = _("Sertifikat")
        changes = []
        for name in dict.fromkeys([*log.before, *log.after]):
            f = _field(model, name) if model else None
            label = capfirst(str(f.verbose_name)) if f is not None else name
            if not log.before.get(name) and log.after.get(name) in (None, ""):
                continue  # a creation that left the field empty says nothing
            changes.append(
                Change(
                    label=label,
                    before=_shown(f, log.before.get(name), names) if name in log.before else "",
                    after=_shown(f, log.after.get(name), names) if name in log.after else "",
                )
            )
        rows.append(
            HistoryRow(
                at=log.at,
                actor=log.actor_label or _("sistem"),
                action=_action_label(log.action),
                subject=subject,
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

"""Confirmed sales to foreign buyers, proposed to the officer as the unit's export value and
destinations for the year. Accepting writes the yearly report through the registry's own
service (`report_update`), so history, audit and statistics follow as for any edit.

The report keeps the larger of the two values: sales through the cooperative are part of a
unit's exports, never added on top of what the unit reported itself.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record
from sentra.market.models import SALE_STATUSES, ExportProposal, Order, ProposalStatus
from sentra.market.rules import can_decide_export, require, user_or_none
from sentra.market.services.notices import notify_unit_staff
from sentra.market.validators import reject_html
from sentra.registry.models import MarketReach, Unit, YearlyReport
from sentra.registry.services import ReportData, report_update


def foreign_sales(*, unit: Unit, year: int) -> tuple[int, list[str], list[str]]:
    """USD value, destination countries and order numbers of the unit's confirmed sales to
    foreign buyers in a year."""
    orders = Order.objects.filter(
        unit=unit, ordered_on__year=year, status__in=SALE_STATUSES
    ).exclude(buyer_country="ID")
    value = orders.aggregate(v=Sum("value_usd", default=0))["v"]
    countries = sorted(set(orders.values_list("buyer_country", flat=True)))
    numbers = sorted(orders.values_list("number", flat=True))
    return int(value), countries, numbers


def export_proposal_refresh(*, actor: Any, unit: Unit, year: int) -> ExportProposal | None:
    """Keep the open proposal of (unit, year) equal to the confirmed foreign sales. Nothing is
    proposed when an accepted proposal already says the same."""
    value, countries, numbers = foreign_sales(unit=unit, year=year)
    with transaction.atomic():
        open_ = (
            ExportProposal.objects.select_for_update()
            .filter(unit=unit, year=year, status=ProposalStatus.PROPOSED)
            .first()
        )
        accepted = (
            ExportProposal.objects.filter(unit=unit, year=year, status=ProposalStatus.ACCEPTED)
            .order_by("-decided_at", "-id")
            .first()
        )
        same_as_accepted = (
            accepted is not None
            and accepted.value_usd == value
            and sorted(accepted.countries) == countries
        )
        if value <= 0 or same_as_accepted:
            if open_ is not None:
                audit_record(actor=actor, action="market.export_withdraw", obj=open_)
                open_.delete()
            return None
        if open_ is None:
            open_ = ExportProposal(unit=unit, year=year)
        open_.value_usd = value
        open_.countries = countries
        open_.orders = numbers
        open_.save()
        audit_record(
            actor=actor,
            action="market.export_propose",
            obj=open_,
            summary=f"unit {unit.pk} {year}: USD {value} {' '.join(countries)}",
            after={"value_usd": value, "countries": countries, "orders": numbers},
        )
        notify_unit_staff(
            unit=unit,
            text=_("Usulan angka ekspor %(year)s untuk %(unit)s: USD %(value)s")
            % {"year": year, "unit": unit.business_name, "value": value},
            link_name="market:export_proposals",
            owner=False,
        )
    return open_


def export_proposal_accept(*, actor: Any, proposal: ExportProposal) -> YearlyReport:
    """Write the proposal into the unit's yearly report for its year: market reach
    "ekspor", the destinations added, the export value raised to the proposal if lower."""
    require(
        can_decide_export(actor, proposal.unit),
        _("Hanya petugas kecamatan unit ini dan admin yang memutuskan angka ekspor."),
        "outside_scope",
    )
    with transaction.atomic():
        current = ExportProposal.objects.select_for_update().get(pk=proposal.pk)
        if current.status != ProposalStatus.PROPOSED:
            raise ValidationError(_("Usulan ini sudah diputuskan."), code="decided")
        report = YearlyReport.objects.filter(unit_id=current.unit_id, year=current.year).first()
        if report is None or not report.is_active:
            raise ValidationError(
                _(
                    "Unit ini belum punya laporan tahunan aktif %(year)s; catat laporan "
                    "tahunannya dulu, lalu terima usulan ini."
                ),
                code="no_report",
                params={"year": current.year},
            )
        countries = sorted(
            set(report.export_destinations.values_list("country", flat=True))
            | set(current.countries)
        )
        data = ReportData(
            year=report.year,
            is_active=report.is_active,
            workers_male=report.workers_male,
            workers_female=report.workers_female,
            investment=report.investment,
            production_value=report.production_value,
            capacity=report.capacity,
            capacity_unit=report.capacity_unit,
            raw_materials=report.raw_materials,
            market_reach=MarketReach.EXPORT,
            export_value_usd=max(report.export_value_usd, current.value_usd),
            export_countries=tuple(countries),
        )
        report = report_update(
            actor=actor, report=report, expected_version=report.version, data=data
        )
        current.status = ProposalStatus.ACCEPTED
        current.decided_by = user_or_none(actor)
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            action="market.export_accept",
            obj=current,
            summary=f"unit {current.unit_id} {current.year}: USD {current.value_usd}",
            after={"report": report.pk, "export_value_usd": report.export_value_usd},
        )
    return report


def export_proposal_reject(*, actor: Any, proposal: ExportProposal, note: str) -> ExportProposal:
    require(
        can_decide_export(actor, proposal.unit),
        _("Hanya petugas kecamatan unit ini dan admin yang memutuskan angka ekspor."),
        "outside_scope",
    )
    note = note.strip()
    reject_html({"note": note}, {"note": _("Alasan")})
    if not note:
        raise ValidationError(
            {"note": ValidationError(_("Tuliskan alasan penolakan."), code="required")}
        )
    with transaction.atomic():
        current = ExportProposal.objects.select_for_update().get(pk=proposal.pk)
        if current.status != ProposalStatus.PROPOSED:
            raise ValidationError(_("Usulan ini sudah diputuskan."), code="decided")
        current.status = ProposalStatus.REJECTED
        current.decided_by = user_or_none(actor)
        current.decided_at = timezone.now()
        current.note = note[:255]
        current.save()
        audit_record(
            actor=actor,
            action="market.export_reject",
            obj=current,
            summary=note[:255],
            after={"status": current.status},
        )
    return current

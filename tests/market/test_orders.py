"""Cooperative orders: agreements (bagi hasil), confirmation, payments, payouts with
maker-checker, monthly statements (PDF and xlsx), and foreign sales proposed as export
figures that the officer writes into the yearly report."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import load_workbook

from sentra.core.actors import SystemActor
from sentra.market.models import ExportProposal, Order, Payout, ProposalStatus
from sentra.market.rules import ActionRefused
from sentra.market.services import orders
from sentra.market.services.exports import export_proposal_accept
from sentra.market.services.inquiries import inquiry_stage_set, inquiry_submit
from sentra.market.statements import statement_build, statement_xlsx
from sentra.registry.models import YearlyReport
from sentra.registry.services import ReportData, report_record
from tests.market.conftest import Market, inquiry_data

pytestmark = pytest.mark.django_db


def _order(market: Market, *, country: str = "GB", quantity: int = 20) -> Order:
    inquiry = inquiry_submit(
        product=market.kursi, data=inquiry_data(country=country, quantity=quantity)
    ).inquiry
    inquiry_stage_set(actor=market.users["officer"], inquiry=inquiry, stage="pesanan")
    return Order.objects.get(inquiry=inquiry)


def _confirmed(market: Market, *, value_usd: int = 800) -> Order:
    order = _order(market)
    kiki = market.users["kiki"]
    orders.order_details_set(
        actor=kiki, order=order, ordered_on=date(2018, 6, 5), value_usd=value_usd
    )
    return orders.order_confirm(actor=kiki, order=order)


def test_an_order_is_priced_from_the_inquiry_and_confirmed_under_the_agreement(
    market: Market,
) -> None:
    order = _confirmed(market)
    assert (order.status, order.total, order.share_percent) == ("dikonfirmasi", 11_000_000, 5)
    assert order.number == f"KJ-{timezone.localdate().year}-0001"  # numbered when opened
    money = orders.order_money(order)
    assert (money.share_total, money.producer_due) == (550_000, 10_450_000)


def test_a_government_office_cannot_record_the_money(market: Market) -> None:
    order = _order(market)
    for who in ("admin", "officer", "olga", "partner"):
        with pytest.raises(ActionRefused) as caught:
            orders.order_confirm(actor=market.users[who], order=order)
        assert caught.value.code == "cooperative_only"


def test_confirming_needs_an_agreement_in_force_on_the_order_date(market: Market) -> None:
    order = _order(market)
    orders.order_details_set(
        actor=market.users["kiki"], order=order, ordered_on=date(2017, 5, 1), value_usd=100
    )
    with pytest.raises(ValidationError) as caught:
        orders.order_confirm(actor=market.users["kiki"], order=order)
    assert caught.value.code == "no_agreement"


def test_a_foreign_order_needs_its_value_in_usd(market: Market) -> None:
    order = _order(market)
    with pytest.raises(ValidationError) as caught:
        orders.order_confirm(actor=market.users["kiki"], order=order)
    assert caught.value.error_dict["value_usd"][0].code == "value_usd_required"


def test_a_new_agreement_ends_the_open_one_and_overlaps_are_refused(market: Market) -> None:
    kiki = market.users["kiki"]
    new = orders.agreement_record(
        actor=kiki,
        unit=market.bambu,
        number="PKS/2019",
        share_percent=Decimal("4"),
        valid_from=date(2019, 1, 1),
    )
    old = market.bambu.market_agreements.exclude(pk=new.pk).get()
    assert old.valid_until == date(2018, 12, 31)
    with pytest.raises(ValidationError) as caught:
        orders.agreement_record(
            actor=kiki,
            unit=market.bambu,
            number="X",
            share_percent=Decimal("3"),
            valid_from=date(2018, 3, 1),
            valid_until=date(2018, 4, 1),
        )
    assert caught.value.code == "agreement_overlap"
    with pytest.raises(ValidationError):
        orders.agreement_record(
            actor=kiki,
            unit=market.bambu,
            number="Y",
            share_percent=Decimal("120"),
            valid_from=date(2020, 1, 1),
        )


def test_payments_never_exceed_what_is_owed(market: Market) -> None:
    order = _confirmed(market)
    kiki = market.users["kiki"]
    orders.payment_record(actor=kiki, order=order, amount=5_000_000, received_on=date(2018, 6, 10))
    with pytest.raises(ValidationError) as caught:
        orders.payment_record(
            actor=kiki, order=order, amount=6_000_001, received_on=date(2018, 7, 1)
        )
    assert caught.value.error_dict["amount"][0].code == "payment_amount"
    orders.payment_record(actor=kiki, order=order, amount=6_000_000, received_on=date(2018, 7, 1))
    order.refresh_from_db()
    assert order.status == "lunas"


def test_a_payout_is_limited_to_the_producers_part_of_what_was_received(market: Market) -> None:
    order = _confirmed(market)
    kiki = market.users["kiki"]
    orders.payment_record(actor=kiki, order=order, amount=2_000_000, received_on=date(2018, 6, 10))
    with pytest.raises(ValidationError):
        orders.payout_propose(actor=kiki, order=order, amount=1_900_001)  # 5% stays with kiki
    orders.payout_propose(actor=kiki, order=order, amount=1_900_000)


def test_the_maker_of_a_payout_cannot_approve_it(market: Market) -> None:
    order = _confirmed(market)
    kiki, kusuma = market.users["kiki"], market.users["kusuma"]
    orders.payment_record(actor=kiki, order=order, amount=11_000_000, received_on=date(2018, 6, 10))
    payout = orders.payout_propose(actor=kiki, order=order, amount=10_450_000)
    with pytest.raises(ActionRefused) as caught:
        orders.payout_decide(actor=kiki, payout=payout, approve=True)
    assert caught.value.code == "maker_checker"
    orders.payout_decide(actor=kusuma, payout=payout, approve=True, paid_on=date(2018, 6, 20))
    order.refresh_from_db()
    assert order.status == "selesai"
    assert order.inquiry is not None and order.inquiry.stage == "selesai"
    assert market.users["olga"].market_notifications.filter(text__contains="dibayarkan").exists()


def test_the_database_refuses_a_payout_decided_by_its_maker(market: Market) -> None:
    order = _confirmed(market)
    kiki = market.users["kiki"]
    orders.payment_record(actor=kiki, order=order, amount=11_000_000, received_on=date(2018, 6, 10))
    payout = orders.payout_propose(actor=kiki, order=order, amount=100)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payout.objects.filter(pk=payout.pk).update(decided_by=kiki)


def test_an_order_with_money_received_cannot_be_cancelled(market: Market) -> None:
    order = _confirmed(market)
    orders.payment_record(
        actor=market.users["kiki"], order=order, amount=1, received_on=date(2018, 6, 6)
    )
    with pytest.raises(ValidationError) as caught:
        orders.order_cancel(actor=market.users["kiki"], order=order)
    assert caught.value.code == "order_has_payments"


def test_cancelling_an_unpaid_order_cancels_its_inquiry(market: Market) -> None:
    order = _order(market)
    orders.order_cancel(actor=market.users["kiki"], order=order, note="Pembeli mundur.")
    assert order.inquiry is not None
    order.inquiry.refresh_from_db()
    assert order.inquiry.stage == "batal"


def test_a_monthly_statement_adds_up_in_the_page_and_the_xlsx(market: Market) -> None:
    order = _confirmed(market)
    kiki, kusuma = market.users["kiki"], market.users["kusuma"]
    orders.payment_record(actor=kiki, order=order, amount=5_000_000, received_on=date(2018, 6, 10))
    payout = orders.payout_propose(actor=kiki, order=order, amount=4_750_000)
    orders.payout_decide(actor=kusuma, payout=payout, approve=True, paid_on=date(2018, 7, 2))
    june = statement_build(unit=market.bambu, year=2018, month=6)
    assert (june.sales, june.received, june.share, june.producer) == (
        11_000_000,
        5_000_000,
        250_000,
        4_750_000,
    )
    assert (june.opening, june.closing) == (0, 4_750_000)
    july = statement_build(unit=market.bambu, year=2018, month=7)
    assert (july.opening, july.paid_out, july.closing) == (4_750_000, 4_750_000, 0)
    sheet = load_workbook(io.BytesIO(statement_xlsx(june))).active
    assert sheet is not None
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == "Jumlah"]
    assert values == [("Jumlah", None, None, None, 5_000_000, 250_000, 4_750_000, 0)]


def test_the_statement_pdf_names_the_producer_and_the_totals(
    client: Any, market: Market, tmp_path: Any
) -> None:
    order = _confirmed(market)
    orders.payment_record(
        actor=market.users["kiki"], order=order, amount=5_000_000, received_on=date(2018, 6, 10)
    )
    client.force_login(market.users["olga"])
    response = client.get(f"/pasar/laporan-bulanan/{market.bambu.pk}/2018-6.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(  # noqa: S603 - a fixed command on a file the test wrote
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Anyaman Bambu Pasir Ona" in text
    assert "4.750.000" in text and "250.000" in text


def test_another_owner_gets_no_statement(client: Any, market: Market) -> None:
    _confirmed(market)
    client.force_login(market.users["omar"])
    assert client.get(f"/pasar/laporan-bulanan/{market.bambu.pk}/2018-6.xlsx").status_code == 404


# --- export figures -----------------------------------------------------------------------


def test_a_confirmed_foreign_sale_is_proposed_as_the_units_export(market: Market) -> None:
    _confirmed(market, value_usd=800)
    proposal = ExportProposal.objects.get()
    assert (proposal.year, proposal.value_usd, proposal.countries) == (2018, 800, ["GB"])
    assert market.users["officer"].market_notifications.filter(text__contains="USD 800").exists()


def test_accepting_writes_the_yearly_report_through_the_registry(market: Market) -> None:
    _confirmed(market, value_usd=800)
    report = export_proposal_accept(
        actor=market.users["officer"], proposal=ExportProposal.objects.get()
    )
    assert (report.market_reach, report.export_value_usd) == ("ekspor", 800)
    assert sorted(report.export_destinations.values_list("country", flat=True)) == ["GB"]
    assert report.production_value == 240_000_000  # sales are part of it, never added
    assert report.version == 2
    assert ExportProposal.objects.get().status == ProposalStatus.ACCEPTED


def test_accepting_keeps_a_larger_reported_export_and_adds_the_destination(market: Market) -> None:
    report_record(
        actor=SystemActor("test"),
        unit=market.bambu,
        data=ReportData(
            year=2018,
            production_value=240_000_000,
            market_reach="ekspor",
            export_value_usd=5_000,
            export_countries=("DE",),
        ),
    )
    _confirmed(market, value_usd=800)
    report = export_proposal_accept(
        actor=market.users["admin"], proposal=ExportProposal.objects.get()
    )
    assert report.export_value_usd == 5_000
    assert sorted(report.export_destinations.values_list("country", flat=True)) == ["DE", "GB"]


def test_a_proposal_for_a_year_without_a_report_is_refused(market: Market) -> None:
    order = _order(market)
    kiki = market.users["kiki"]
    orders.agreement_record(
        actor=kiki,
        unit=market.bambu,
        number="PKS/2019",
        share_percent=Decimal("5"),
        valid_from=date(2019, 1, 1),
    )
    orders.order_details_set(actor=kiki, order=order, ordered_on=date(2019, 2, 1), value_usd=300)
    orders.order_confirm(actor=kiki, order=order)
    with pytest.raises(ValidationError) as caught:
        export_proposal_accept(actor=market.users["officer"], proposal=ExportProposal.objects.get())
    assert caught.value.code == "no_report"
    assert not YearlyReport.objects.filter(unit=market.bambu, year=2019).exists()


def test_only_the_officer_of_the_kecamatan_or_an_admin_decides(market: Market) -> None:
    _confirmed(market)
    proposal = ExportProposal.objects.get()
    for who in ("officer_bayah", "analyst", "olga", "kiki", "partner"):
        with pytest.raises(ActionRefused):
            export_proposal_accept(actor=market.users[who], proposal=proposal)


def test_the_unit_page_shows_sales_beside_the_production_value(client: Any, market: Market) -> None:
    order = _confirmed(market)
    client.force_login(market.users["officer"])
    html = client.get(f"/units/{market.bambu.pk}/").content.decode()
    assert "Penjualan lewat koperasi di samping nilai produksi" in html
    assert "240.000.000" in html and "11.000.000" in html and "4,6%" in html
    assert order.number  # the sale is the confirmed order above

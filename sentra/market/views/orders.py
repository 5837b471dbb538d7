"""Cooperative orders: list and page, items, confirmation, payments, payouts (maker-checker),
agreements, monthly statements and the export proposals for officers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.market.forms import (
    AgreementForm,
    NoteForm,
    OrderDetailsForm,
    OrderItemForm,
    PaymentForm,
    PayoutDecisionForm,
    PayoutForm,
    errors_into,
)
from sentra.market.models import (
    Agreement,
    OrderItem,
    OrderStatus,
    Payout,
    PayoutStatus,
    ProposalStatus,
)
from sentra.market.rules import (
    can_decide_export,
    can_record_agreement,
    is_cooperative,
    reads_export_proposals,
    reads_orders,
    sees_buyer_contact,
)
from sentra.market.selectors import (
    catalog_units,
    export_proposals_for_user,
    order_get_for_user,
    order_list_for_user,
    statement_units_for_user,
)
from sentra.market.services import exports
from sentra.market.services import orders as service
from sentra.market.statements import (
    statement_build,
    statement_months,
    statement_pdf,
    statement_xlsx,
)
from sentra.market.views import allowed, error_text
from sentra.registry.models import Unit

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
orders_required = allowed(reads_orders)
cooperative_required = allowed(is_cooperative)
agreements_required = allowed(lambda u: can_record_agreement(u) or reads_export_proposals(u))
proposals_required = allowed(reads_export_proposals)


@require_GET
@orders_required
def order_list(request: HttpRequest) -> HttpResponse:
    orders = order_list_for_user(user=request.user).select_related("unit", "unit__kecamatan")
    status = request.GET.get("status", "")
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    orders = orders.annotate(received=Sum("payments__amount", default=0))
    page = Paginator(orders.order_by("-ordered_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "market/order_list.html",
        {
            "page_obj": page,
            "orders": page.object_list,
            "status": status,
            "statuses": OrderStatus.choices,
            "query": f"status={status}" if status else "",
            "show_contact": sees_buyer_contact(request.user),
            "is_cooperative": is_cooperative(request.user),
        },
    )


@require_GET
@orders_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_get_for_user(user=request.user, pk=pk)
    money = service.order_money(order)
    cooperative = is_cooperative(request.user)
    payouts = list(order.payouts.select_related("proposed_by", "decided_by"))
    return render(
        request,
        "market/order_detail.html",
        {
            "order": order,
            "items": order.items.all(),
            "payments": order.payments.all(),
            "payouts": payouts,
            "money": money,
            "show_contact": sees_buyer_contact(request.user),
            "is_cooperative": cooperative,
            "is_draft": order.status == OrderStatus.DRAFT,
            "item_form": OrderItemForm(),
            "details_form": OrderDetailsForm(
                initial={"ordered_on": order.ordered_on, "value_usd": order.value_usd}
            ),
            "payment_form": PaymentForm(
                initial={"amount": money.outstanding or None, "received_on": timezone.localdate()}
            ),
            "payout_form": PayoutForm(initial={"amount": money.available or None}),
            "decision_form": PayoutDecisionForm(initial={"paid_on": timezone.localdate()}),
            "note_form": NoteForm(),
            "agreement": service.agreement_active(unit=order.unit, on=order.ordered_on),
            "user_pk": request.user.pk,
            "PROPOSED": PayoutStatus.PROPOSED,
        },
    )


def _on_order(request: HttpRequest, pk: int, act: Callable[[Any], Any], done: str) -> HttpResponse:
    order = order_get_for_user(user=request.user, pk=pk)
    try:
        act(order)
        messages.success(request, done)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("market:order_detail", pk=order.pk)


def _form_or_error(request: HttpRequest, form: Any) -> dict[str, Any] | None:
    if form.is_valid():
        return dict(form.cleaned_data)
    messages.error(request, _("Periksa isian: %(errors)s") % {"errors": form.errors.as_text()})
    return None


@require_POST
@cooperative_required
def order_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    data = _form_or_error(request, OrderItemForm(request.POST))
    if data is None:
        return redirect("market:order_detail", pk=pk)
    return _on_order(
        request,
        pk,
        lambda order: service.order_item_add(actor=request.user, order=order, **data),
        _("Barang ditambahkan."),
    )


@require_POST
@cooperative_required
def order_item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = OrderItem.objects.filter(pk=pk).select_related("order").first()
    if item is None:
        raise Http404
    order = order_get_for_user(user=request.user, pk=item.order_id)
    try:
        service.order_item_remove(actor=request.user, item=item)
        messages.success(request, _("Barang dihapus dari pesanan."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("market:order_detail", pk=order.pk)


@require_POST
@cooperative_required
def order_details(request: HttpRequest, pk: int) -> HttpResponse:
    data = _form_or_error(request, OrderDetailsForm(request.POST))
    if data is None:
        return redirect("market:order_detail", pk=pk)
    return _on_order(
        request,
        pk,
        lambda order: service.order_details_set(
            actor=request.user,
            order=order,
            ordered_on=data["ordered_on"],
            value_usd=data.get("value_usd") or 0,
        ),
        _("Rincian pesanan disimpan."),
    )


@require_POST
@cooperative_required
def order_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _on_order(
        request,
        pk,
        lambda order: service.order_confirm(actor=request.user, order=order),
        _("Pesanan dikonfirmasi."),
    )


@require_POST
@cooperative_required
def order_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    note = request.POST.get("note", "")
    return _on_order(
        request,
        pk,
        lambda order: service.order_cancel(actor=request.user, order=order, note=note),
        _("Pesanan dibatalkan."),
    )


@require_POST
@cooperative_required
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    data = _form_or_error(request, PaymentForm(request.POST))
    if data is None:
        return redirect("market:order_detail", pk=pk)
    return _on_order(
        request,
        pk,
        lambda order: service.payment_record(actor=request.user, order=order, **data),
        _("Pembayaran dicatat."),
    )


@require_POST
@cooperative_required
def payout_propose(request: HttpRequest, pk: int) -> HttpResponse:
    data = _form_or_error(request, PayoutForm(request.POST))
    if data is None:
        return redirect("market:order_detail", pk=pk)
    return _on_order(
        request,
        pk,
        lambda order: service.payout_propose(actor=request.user, order=order, **data),
        _("Pencairan diajukan; menunggu persetujuan anggota koperasi lain."),
    )


@require_POST
@cooperative_required
def payout_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    payout = Payout.objects.filter(pk=pk).first()
    if payout is None or action not in ("setujui", "tolak"):
        raise Http404
    order = order_get_for_user(user=request.user, pk=payout.order_id)
    form = PayoutDecisionForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        service.payout_decide(
            actor=request.user,
            payout=payout,
            approve=action == "setujui",
            paid_on=data.get("paid_on"),
            note=data.get("note", ""),
        )
        messages.success(
            request,
            _("Pencairan disetujui dan dicatat dibayarkan.")
            if action == "setujui"
            else _("Pencairan ditolak."),
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("market:order_detail", pk=order.pk)


# --- agreements ----------------------------------------------------------------------------


def _agreement_units() -> Any:
    """Units the cooperative may sign with: producers in the catalog or with orders (the
    cooperative sees no other registry record)."""
    from sentra.market.models import Order

    ids = set(catalog_units().values_list("pk", flat=True))
    ids |= set(Order.objects.values_list("unit_id", flat=True))
    return Unit.objects.filter(pk__in=ids).select_related("kecamatan").order_by("business_name")


@require_http_methods(["GET", "POST"])
@agreements_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    can_write = can_record_agreement(request.user)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    form = AgreementForm(request.POST or None, units=_agreement_units())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            service.agreement_record(
                actor=request.user,
                unit=d["unit"],
                number=d["number"],
                share_percent=d["share_percent"],
                valid_from=d["valid_from"],
                valid_until=d.get("valid_until"),
            )
            messages.success(request, _("Perjanjian bagi hasil dicatat."))
            return redirect("market:agreement_list")
        except ValidationError as exc:
            errors_into(form, exc)
    agreements = Agreement.objects.select_related("unit", "unit__kecamatan").order_by(
        "unit__business_name", "-valid_from"
    )
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "market/agreement_list.html",
        {
            "page_obj": page,
            "agreements": page.object_list,
            "form": form,
            "can_write": can_write,
            "query": "",
        },
    )


# --- monthly statements --------------------------------------------------------------------


@require_GET
@orders_required
def statement_list(request: HttpRequest) -> HttpResponse:
    units = statement_units_for_user(user=request.user).order_by("business_name")
    page = Paginator(units, 25).get_page(request.GET.get("page"))
    rows = [{"unit": unit, "months": statement_months(unit=unit)[:12]} for unit in page.object_list]
    return render(
        request, "market/statement_list.html", {"rows": rows, "page_obj": page, "query": ""}
    )


def _statement_unit(request: HttpRequest, unit: int, year: int, month: int) -> Unit:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    found = statement_units_for_user(user=request.user).filter(pk=unit).first()
    if found is None:
        raise Http404
    return found


@require_GET
@orders_required
def statement_page(request: HttpRequest, unit: int, year: int, month: int) -> HttpResponse:
    found = _statement_unit(request, unit, year, month)
    statement = statement_build(unit=found, year=year, month=month)
    return render(request, "market/statement.html", {"statement": statement})


@require_GET
@orders_required
def statement_file(
    request: HttpRequest, unit: int, year: int, month: int, fmt: str
) -> HttpResponse:
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    found = _statement_unit(request, unit, year, month)
    statement = statement_build(unit=found, year=year, month=month)
    if fmt == "pdf":
        response = HttpResponse(statement_pdf(statement), content_type="application/pdf")
    else:
        response = HttpResponse(statement_xlsx(statement), content_type=XLSX)
    name = f"laporan-bulanan-unit-{found.pk}-{year}-{month:02d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- export proposals ----------------------------------------------------------------------


@require_GET
@proposals_required
def export_proposals(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ProposalStatus.PROPOSED)
    proposals = export_proposals_for_user(user=request.user).select_related(
        "unit", "unit__kecamatan", "decided_by"
    )
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    page = Paginator(proposals.order_by("-year", "unit__business_name", "-id"), PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    rows = [
        {
            "proposal": p,
            "report": p.unit.reports.filter(year=p.year)
            .prefetch_related("export_destinations")
            .first(),
            "can_decide": p.status == ProposalStatus.PROPOSED
            and can_decide_export(request.user, p.unit),
        }
        for p in page_obj.object_list
    ]
    return render(
        request,
        "market/export_proposals.html",
        {
            "rows": rows,
            "page_obj": page_obj,
            "status": status,
            "statuses": ProposalStatus.choices,
            "query": f"status={status}",
            "note_form": NoteForm(),
        },
    )


@require_POST
@proposals_required
def export_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    proposal = (
        export_proposals_for_user(user=request.user).select_related("unit").filter(pk=pk).first()
    )
    if proposal is None or action not in ("terima", "tolak"):
        raise Http404
    if not can_decide_export(request.user, proposal.unit):
        raise PermissionDenied
    try:
        if action == "terima":
            report = exports.export_proposal_accept(actor=request.user, proposal=proposal)
            messages.success(
                request,
                _("Laporan tahunan %(year)s diperbarui: ekspor USD %(value)s.")
                % {"year": report.year, "value": report.export_value_usd},
            )
        else:
            exports.export_proposal_reject(
                actor=request.user, proposal=proposal, note=request.POST.get("note", "")
            )
            messages.success(request, _("Usulan ditolak."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("market:export_proposals")

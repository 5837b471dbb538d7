"""The "Pasar" panel on the registry's unit page (SENTRA_UNIT_PANELS): catalog status,
inquiries, and sales through the cooperative beside the yearly production value."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sentra.market.figures import products_count, unit_sales_by_year
from sentra.market.models import ExportProposal, Inquiry, InquiryStage, ProposalStatus
from sentra.market.rules import can_manage_products, reads_export_proposals
from sentra.market.selectors import catalog_units
from sentra.market.services.catalog import consent_active
from sentra.registry.selectors import unit_list_for_user


def unit_market_panel(request: HttpRequest, unit: Any) -> dict[str, Any] | None:
    """None when the reader may not see the unit."""
    if not unit_list_for_user(user=request.user).filter(pk=unit.pk).exists():
        return None
    context = {
        "unit": unit,
        "in_catalog": catalog_units().filter(pk=unit.pk).exists(),
        "consent": consent_active(unit),
        "products": products_count(unit=unit),
        "inquiries": Inquiry.objects.filter(unit=unit).count(),
        "years": unit_sales_by_year(unit=unit),
        "proposals": ExportProposal.objects.filter(unit=unit, status=ProposalStatus.PROPOSED)
        if reads_export_proposals(request.user)
        else [],
        "can_manage": can_manage_products(request.user, unit),
    }
    html = render_to_string("market/_unit_panel.html", context, request)
    return {"title": _("Pasar (katalog dan penjualan)"), "html": SafeString(html)}


OWNER_PANEL_ROWS = 5
CLOSED_STAGES = (InquiryStage.DONE, InquiryStage.CANCELLED)


def owner_inquiries_panel(request: HttpRequest, units: list[Any]) -> dict[str, Any] | None:
    """Buyers' inquiries about the owner's units, newest first, for the owner's own page
    (SENTRA_OWNER_PANELS, key "inquiries"); the whole inbox is at /pasar/permintaan/."""
    inquiries = Inquiry.objects.filter(unit__in=units).select_related("product", "unit")
    context = {
        "inquiries": list(inquiries.order_by("-created_at", "-id")[:OWNER_PANEL_ROWS]),
        "open": inquiries.exclude(stage__in=CLOSED_STAGES).count(),
        "total": inquiries.count(),
    }
    html = render_to_string("market/_owner_inquiries.html", context, request)
    return {"key": "inquiries", "title": _("Pertanyaan pembeli"), "html": SafeString(html)}

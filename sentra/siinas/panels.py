"""The "SIINas" panel on the registry's unit page (SENTRA_UNIT_PANELS)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sentra.registry.selectors import unit_list_for_user
from sentra.siinas.rules import can_record_unit
from sentra.siinas.selectors import siinas_unit_history


def unit_siinas_panel(request: HttpRequest, unit: Any) -> dict[str, Any] | None:
    """The unit's SIINas status by year; None when the reader may not see the unit."""
    if not unit_list_for_user(user=request.user).filter(pk=unit.pk).exists():
        return None
    html = render_to_string(
        "siinas/_unit_panel.html",
        {
            "unit": unit,
            "statuses": list(siinas_unit_history(unit=unit)),
            "can_record": can_record_unit(request.user, unit),
        },
        request,
    )
    return {"title": _("Status SIINas"), "html": SafeString(html)}

"""The "Program pembinaan" panel on the registry's unit page (SENTRA_UNIT_PANELS)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sentra.programs.selectors import unit_participations
from sentra.registry.selectors import unit_list_for_user


def unit_programs_panel(request: HttpRequest, unit: Any) -> dict[str, Any] | None:
    """The programs a unit took part in; None when the reader may not see the unit."""
    if not unit_list_for_user(user=request.user).filter(pk=unit.pk).exists():
        return None
    participations = list(unit_participations(unit=unit))
    html = render_to_string(
        "programs/_unit_panel.html", {"unit": unit, "participations": participations}, request
    )
    return {"title": _("Program pembinaan"), "html": SafeString(html)}


def owner_programs_panel(request: HttpRequest, units: list[Any]) -> dict[str, Any] | None:
    """The programs an owner's units received, for the owner's own page
    (SENTRA_OWNER_PANELS)."""
    rows = [(unit, list(unit_participations(unit=unit))) for unit in units]
    html = render_to_string("programs/_owner_panel.html", {"rows": rows}, request)
    return {"key": "programs", "title": _("Program yang diterima"), "html": SafeString(html)}

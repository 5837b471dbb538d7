"""The owner's own page: their units' figures over the years, certificates and their expiry,
what officers decided about their changes, and panels from later apps (programs received;
buyer inquiries once the market app adds its panel)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import conditional_escape
from django.views.decorators.http import require_GET, require_POST

from sentra.accounts.scope import Capability, scope
from sentra.core.extensions import extension_callables
from sentra.registry.models import CertificateStatus, Person
from sentra.registry.selectors import unit_list_for_user
from sentra.registry.services import notices_mark_read

EXPIRY_WARNING_DAYS = 90


def _owner_person(request: HttpRequest) -> Person | None:
    if not scope(request.user).can(Capability.VIEW_OWN_PAGE):
        raise PermissionDenied
    return Person.objects.filter(account_id=request.user.pk).first()


@require_GET
@login_required
def owner_home(request: HttpRequest) -> HttpResponse:
    person = _owner_person(request)
    units = list(
        unit_list_for_user(user=request.user)
        .select_related("commodity", "desa", "kecamatan")
        .prefetch_related("reports__export_destinations", "certificates__kind")
        .order_by("match_name", "id")
    )
    today = timezone.localdate()
    soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    certificates = []
    for unit in units:
        for certificate in sorted(
            unit.certificates.all(), key=lambda c: (c.expires_on or soon, c.pk)
        ):
            expired = certificate.status == CertificateStatus.EXPIRED or (
                certificate.expires_on is not None and certificate.expires_on < today
            )
            expiring = (
                not expired
                and certificate.expires_on is not None
                and certificate.expires_on <= soon
            )
            certificates.append(
                {"unit": unit, "c": certificate, "expired": expired, "expiring": expiring}
            )
    panels: dict[str, dict[str, Any]] = {}
    for panel in extension_callables("SENTRA_OWNER_PANELS"):
        result = panel(request, units)
        if result:
            panels[result.get("key", str(len(panels)))] = {
                "title": result.get("title", ""),
                "html": conditional_escape(result.get("html", "")),
            }
    notices = list(person.notices.select_related("unit")[:20]) if person else []
    return render(
        request,
        "registry/owner_home.html",
        {
            "person": person,
            "units": [
                (u, sorted(u.reports.all(), key=lambda r: r.year, reverse=True)) for u in units
            ],
            "certificates": certificates,
            "notices": notices,
            "unread": sum(1 for n in notices if n.read_at is None),
            "programs_panel": panels.pop("programs", None),
            "inquiries_panel": panels.pop("inquiries", None),
            "other_panels": list(panels.values()),
            "warning_days": EXPIRY_WARNING_DAYS,
        },
    )


@require_POST
@login_required
def owner_notices_read(request: HttpRequest) -> HttpResponse:
    person = _owner_person(request)
    if person is not None:
        notices_mark_read(actor=request.user, person=person)
    return redirect("registry:owner_home")

"""The public home page with the latest headline figures."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sentra.insights.selectors import headline_stats, latest_year


def home(request: HttpRequest) -> HttpResponse:
    year = latest_year()
    stats = headline_stats(year=year) if year is not None else None
    return render(
        request,
        "insights/home.html",
        {"stats": stats, "previous_year": year - 1 if year else None},
    )

"""The conflict page: someone saved the record after this editor opened it. Shows both
versions side by side and lets the editor re-apply their values or discard them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sentra.registry.forms import display

# Inputs that are not data the editor typed.
_NOT_DATA = {"csrfmiddlewaretoken", "version", "save_anyway"}


def conflict_response(
    request: HttpRequest,
    *,
    form: forms.Form,
    saved: dict[str, Any],
    saved_version: int,
    title: str,
    discard_url: str,
    back_url: str,
    never_shown: frozenset[str] = frozenset(),
) -> HttpResponse:
    """409 with rows (label, mine, saved, differs) and a form re-posting the editor's values
    against the saved version. Fields in `never_shown` (a phone number) are neither shown
    nor re-posted: the editor types them again."""
    rows = []
    for name, field in form.fields.items():
        if name in _NOT_DATA or name in never_shown or field.disabled:
            continue
        if name not in form.cleaned_data:
            continue
        mine = display(field, form.cleaned_data[name])
        theirs = display(field, saved.get(name))
        rows.append(
            {"label": field.label, "mine": mine, "saved": theirs, "differs": mine != theirs}
        )
    repost = [
        (key, value)
        for key in request.POST
        if key not in _NOT_DATA and key not in never_shown
        for value in request.POST.getlist(key)
    ]
    return render(
        request,
        "registry/unit_conflict.html",
        {
            "title": title,
            "rows": rows,
            "repost": repost,
            "saved_version": saved_version,
            "discard_url": discard_url,
            "back_url": back_url,
            "save_anyway": request.POST.get("save_anyway", ""),
            "retype": any(request.POST.get(name) for name in never_shown),
        },
        status=409,
    )

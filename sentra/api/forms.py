"""The form for a new API token on the user's own page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sentra.api.models import TokenScope
from sentra.api.services import DEFAULT_DAYS, MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"), max_length=100, help_text=_("Mis. skrip laporan provinsi")
    )
    scope = forms.ChoiceField(label=_("Cakupan"), choices=TokenScope.choices)
    days = forms.IntegerField(
        label=_("Berlaku (hari)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )

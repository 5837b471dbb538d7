"""Forms of the SIINas pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"


class StatusForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun data"), min_value=1900, max_value=2100)
    receipt_number = forms.CharField(label=_("Nomor bukti"), max_length=64, required=False)
    reported_on = forms.DateField(label=_("Tanggal lapor"), required=False, widget=DateInput)
    clear = forms.BooleanField(label=_("Belum lapor: hapus catatan tahun ini"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas daftar (xlsx atau csv)"))
    year = forms.IntegerField(
        label=_("Tahun data"),
        min_value=1900,
        max_value=2100,
        help_text=_("Dipakai untuk baris tanpa kolom Tahun."),
    )


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun data"), min_value=1900, max_value=2100)
    units = forms.IntegerField(label=_("Target unit lapor"), min_value=0, max_value=10_000_000)

"""The upload form (shape only; the importer checks the content)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas (.xlsx, .csv atau .json ekspor Sentra)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.json"}),
    )
    year = forms.IntegerField(
        label=_("Tahun data"),
        min_value=1900,
        required=False,
        help_text=_(
            "Tahun laporan tahunan yang diisi oleh baris-baris berkas. Kosongkan bila berkas "
            'menyebutkannya sendiri (kolom Tahun Data, atau judul seperti "TAHUN 2018"); '
            "berkas tanpa tahun ditolak."
        ),
    )
    sheet = forms.CharField(
        label=_("Nama lembar (opsional)"),
        required=False,
        max_length=100,
        help_text=_("Kosongkan untuk memakai lembar pertama yang memiliki baris judul kolom."),
    )
    atomic = forms.BooleanField(
        label=_("Semua atau tidak sama sekali"),
        required=False,
        help_text=_("Jika ada satu baris ditolak, tidak ada yang ditulis."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        this_year = timezone.localdate().year
        year = self.fields["year"]
        assert isinstance(year, forms.IntegerField)
        year.max_value = this_year
        year.widget.attrs["max"] = str(this_year)
        year.widget.attrs["placeholder"] = _("dari berkas")

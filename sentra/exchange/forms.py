"""The upload form (shape only; the importer checks the content)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.exchange.columns import COLUMN_BY_KEY
from sentra.exchange.profiles import profiles

# What each field is called in the mapping step (the template's header, or what it is).
FIELD_LABELS = {
    **{key: column.header for key, column in COLUMN_BY_KEY.items()},
    "submission_uuid": _("ID kiriman survei (_uuid)"),
    "submitted_at": _("Waktu kiriman survei (_submission_time)"),
}


def profile_choices() -> list[tuple[str, str]]:
    return [(p.name, p.title) for p in sorted(profiles().values(), key=lambda p: p.name)]


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
    profile = forms.ChoiceField(
        label=_("Jenis berkas"),
        required=False,
        help_text=_("Biasanya dikenali sendiri dari judul kolomnya."),
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
        profile = self.fields["profile"]
        assert isinstance(profile, forms.ChoiceField)
        profile.choices = [("", _("Kenali dari judul kolom")), *profile_choices()]

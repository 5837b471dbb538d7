"""Forms of the programs screens: shapes only; rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sentra.programs.models import FundingSource, Program, ProgramKind, ProgramStatus, TargetKind
from sentra.programs.services.aid import AidData
from sentra.programs.services.programs import ProgramData
from sentra.registry.models import CertificateKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis program"), choices=ProgramKind.choices)
    name = forms.CharField(label=_("Nama program"), max_length=200)
    code = forms.SlugField(label=_("Kode"), max_length=40)
    fiscal_year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    funding_source = forms.ChoiceField(label=_("Sumber dana"), choices=FundingSource.choices)
    budget_ceiling = forms.IntegerField(label=_("Pagu anggaran (Rp)"), min_value=0, initial=0)
    realised_spending = forms.IntegerField(
        label=_("Realisasi anggaran (Rp)"), min_value=0, initial=0
    )
    quota = forms.IntegerField(label=_("Kuota peserta (0 = tanpa batas)"), min_value=0, initial=0)
    starts_on = forms.DateField(label=_("Tanggal mulai"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Tanggal selesai"), required=False, widget=DATE)
    place = forms.CharField(label=_("Tempat/tujuan"), max_length=200, required=False)
    partners = forms.CharField(label=_("Narasumber/mitra"), max_length=255, required=False)
    target_kind = forms.ChoiceField(label=_("Sasaran"), choices=TargetKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ProgramStatus.choices)
    description = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea)

    @classmethod
    def initial_from(cls, program: Program) -> dict[str, Any]:
        return {name: getattr(program, name) for name in cls.base_fields}

    def data_with(self, criteria: dict[str, Any]) -> ProgramData:
        return ProgramData(**self.cleaned_data, criteria=criteria)


class ProposeForm(forms.Form):
    units = forms.TypedMultipleChoiceField(
        label=_("Unit yang diusulkan"), coerce=int, required=True, choices=()
    )
    override_reason = forms.CharField(
        label=_("Alasan pengecualian (bila sudah menerima program sejenis tahun ini)"),
        required=False,
        max_length=500,
    )

    def __init__(self, *args: Any, choices: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(pk, str(pk)) for pk in choices]  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500)


class DeliverForm(forms.Form):
    on = forms.DateField(label=_("Tanggal hadir/terima"), required=False, widget=DATE)


class AidForm(forms.Form):
    item = forms.CharField(label=_("Barang/jasa"), max_length=200)
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, initial=1)
    unit_of_measure = forms.CharField(label=_("Satuan"), max_length=32, required=False)
    value = forms.IntegerField(label=_("Nilai (Rp)"), min_value=0)
    bast_number = forms.CharField(label=_("Nomor BAST"), max_length=64)
    handed_over_on = forms.DateField(label=_("Tanggal serah terima"), widget=DATE)

    def aid_data(self) -> AidData:
        return AidData(**self.cleaned_data)


class CertificateForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Jenis sertifikat"), queryset=CertificateKind.objects.all()
    )
    number = forms.CharField(label=_("Nomor sertifikat"), max_length=64)
    issued_on = forms.DateField(label=_("Tanggal terbit"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("Berlaku sampai"), required=False, widget=DATE)


class AttendanceForm(forms.Form):
    file = forms.FileField(label=_("Daftar hadir (.xlsx atau .csv)"))
    on = forms.DateField(label=_("Tanggal kegiatan"), required=False, widget=DATE)

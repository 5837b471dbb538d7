"""Forms for entering and editing units, owners, yearly records and certificates. They check
the shape of the input; the services check the rules. Labels and errors are Indonesian."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.accounts.scope import Scope
from sentra.regions.models import Region
from sentra.regions.selectors import desa_list
from sentra.registry.models import (
    CertificateKind,
    Commodity,
    LegalForm,
    MarketReach,
    Sex,
    Unit,
    UnitStatus,
    YearlyReport,
)
from sentra.registry.services import PersonData, ReportData, UnitData
from sentra.registry.validators import kbli_validate, nib_validate, nik_validate, phone_validate

GroupedChoices = list[tuple[str, list[tuple[str, str]]]]


def desa_choices(
    s: Scope, *, keep: Region | None = None, only_kecamatan: str | None = None
) -> GroupedChoices:
    """Desa of the deployment's region grouped by kecamatan; officers get only their
    kecamatan, and `only_kecamatan` (an owner's unit) only that one. `keep` (the unit's
    current desa) stays selectable."""
    rows = desa_list().select_related("parent").order_by("parent__name", "name")
    if only_kecamatan is not None:
        rows = rows.filter(parent_id=only_kecamatan)
    elif not s.everything:
        rows = rows.filter(parent_id__in=sorted(s.kecamatan_codes))
    groups: dict[str, list[tuple[str, str]]] = {}
    for desa in rows:
        parent = desa.parent.name if desa.parent else ""
        groups.setdefault(parent, []).append((desa.code, desa.label))
    if keep is not None and not any(keep.code == c for g in groups.values() for c, _l in g):
        groups.setdefault(keep.parent.name if keep.parent else "", []).append(
            (keep.code, keep.label)
        )
    return [(str(_("Kecamatan %(name)s") % {"name": k}), v) for k, v in groups.items()]


class UnitForm(forms.Form):
    """A unit's business data (never its owner's identity)."""

    business_name = forms.CharField(label=_("Nama usaha"), max_length=200)
    nib = forms.CharField(
        label=_("NIB"), max_length=20, required=False, help_text=_("13 digit, boleh kosong.")
    )
    legal_form = forms.ModelChoiceField(
        label=_("Bentuk usaha"), queryset=LegalForm.objects.all(), required=False
    )
    kbli = forms.CharField(label=_("KBLI"), max_length=5, required=False)
    commodity = forms.ModelChoiceField(
        label=_("Komoditas"), queryset=Commodity.objects.filter(is_active=True)
    )
    desa = forms.ChoiceField(label=_("Desa/kelurahan"))
    kampung = forms.CharField(label=_("Kampung"), max_length=100, required=False)
    rt = forms.CharField(label=_("RT"), max_length=3, required=False)
    rw = forms.CharField(label=_("RW"), max_length=3, required=False)
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    year_established = forms.IntegerField(label=_("Tahun berdiri"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=UnitStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    save_anyway = forms.BooleanField(label=_("Tetap simpan: ini bukan duplikat"), required=False)

    def __init__(
        self,
        *args: Any,
        scope: Scope,
        keep_desa: Region | None = None,
        only_kecamatan: str | None = None,
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        field = self.fields["desa"]
        assert isinstance(field, forms.ChoiceField)
        choices = desa_choices(scope, keep=keep_desa, only_kecamatan=only_kecamatan)
        field.choices = [("", "---------"), *choices]

    def clean_nib(self) -> str:
        value: str = self.cleaned_data["nib"].strip()
        return nib_validate(value) if value else ""

    def clean_kbli(self) -> str:
        value: str = self.cleaned_data["kbli"].strip()
        if value:
            value, _warning = kbli_validate(value, known=frozenset({value}))
        return value

    def clean_year_established(self) -> int | None:
        year: int | None = self.cleaned_data["year_established"]
        this_year = timezone.localdate().year
        if year is not None and not 1900 <= year <= this_year:
            raise ValidationError(
                _("Tahun berdiri harus antara 1900 dan %(year)s."),
                code="year_range",
                params={"year": this_year},
            )
        return year

    def unit_data(self, *, data_source: str) -> UnitData:
        d = self.cleaned_data
        return UnitData(
            business_name=d["business_name"],
            commodity=d["commodity"],
            desa_code=d["desa"],
            nib=d["nib"],
            kbli=d["kbli"],
            legal_form=d["legal_form"],
            kampung=d["kampung"],
            rt=d["rt"],
            rw=d["rw"],
            address=d["address"],
            year_established=d["year_established"],
            status=d["status"],
            data_source=data_source,
        )


class UnitCreateForm(UnitForm):
    """A new unit with its owner: an existing person found by NIK, or a new one."""

    owner_nik = forms.CharField(label=_("NIK pemilik"), max_length=24)
    owner_name = forms.CharField(
        label=_("Nama pemilik"),
        max_length=150,
        required=False,
        help_text=_("Wajib kecuali pemilik sudah tercatat pada unit yang dapat Anda lihat."),
    )
    owner_sex = forms.ChoiceField(
        label=_("Jenis kelamin pemilik"),
        choices=[("", _("(dari NIK)")), *Sex.choices],
        required=False,
    )
    owner_phone = forms.CharField(label=_("Telepon pemilik"), max_length=20, required=False)
    owner_consent = forms.BooleanField(
        label=_("Pemilik menyetujui pemrosesan data pribadinya"), required=False
    )
    field_order = ["owner_nik", "owner_name", "owner_sex", "owner_phone", "owner_consent"]

    def clean_owner_nik(self) -> str:
        value: str = self.cleaned_data["owner_nik"]
        nik_validate(value)
        return re.sub(r"[\s.\-']", "", value)

    def clean_owner_phone(self) -> str:
        value: str = self.cleaned_data["owner_phone"].strip()
        return phone_validate(value) if value else ""

    def person_data(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            nik=d["owner_nik"],
            name=d["owner_name"],
            sex=d["owner_sex"] or None,
            phone=d["owner_phone"],
            consent=d["owner_consent"],
        )


def unit_initial(unit: Unit) -> dict[str, Any]:
    return {
        "business_name": unit.business_name,
        "nib": unit.nib,
        "legal_form": unit.legal_form_id,
        "kbli": unit.kbli,
        "commodity": unit.commodity_id,
        "desa": unit.desa_id,
        "kampung": unit.kampung,
        "rt": unit.rt,
        "rw": unit.rw,
        "address": unit.address,
        "year_established": unit.year_established,
        "status": unit.status,
        "version": unit.version,
    }


def _countries(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.upper() for c in re.split(r"[\s,;]+", value) if c))


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"))
    is_active = forms.BooleanField(label=_("Aktif pada tahun ini"), required=False)
    workers_male = forms.IntegerField(label=_("Tenaga kerja laki-laki"), min_value=0)
    workers_female = forms.IntegerField(label=_("Tenaga kerja perempuan"), min_value=0)
    investment = forms.IntegerField(label=_("Nilai investasi (Rp)"), min_value=0)
    production_value = forms.IntegerField(label=_("Nilai produksi (Rp)"), min_value=0)
    capacity = forms.IntegerField(label=_("Kapasitas produksi"), min_value=0, required=False)
    capacity_unit = forms.CharField(label=_("Satuan kapasitas"), max_length=32, required=False)
    raw_materials = forms.CharField(label=_("Bahan baku"), max_length=255, required=False)
    market_reach = forms.ChoiceField(label=_("Jangkauan pasar"), choices=MarketReach.choices)
    export_value_usd = forms.IntegerField(label=_("Nilai ekspor (USD)"), min_value=0)
    export_countries = forms.CharField(
        label=_("Negara tujuan ekspor"),
        required=False,
        help_text=_("Kode ISO dua huruf, dipisah koma (mis. GB, DE)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, fixed_year: int | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if fixed_year is not None:
            self.fields["year"].disabled = True
            self.fields["year"].initial = fixed_year

    def clean_export_countries(self) -> tuple[str, ...]:
        return _countries(self.cleaned_data["export_countries"])

    def report_data(self) -> ReportData:
        d = self.cleaned_data
        return ReportData(
            year=d["year"],
            is_active=d["is_active"],
            workers_male=d["workers_male"],
            workers_female=d["workers_female"],
            investment=d["investment"],
            production_value=d["production_value"],
            capacity=d["capacity"],
            capacity_unit=d["capacity_unit"],
            raw_materials=d["raw_materials"],
            market_reach=d["market_reach"],
            export_value_usd=d["export_value_usd"],
            export_countries=d["export_countries"],
        )


def report_initial(report: YearlyReport | None, *, year: int | None = None) -> dict[str, Any]:
    if report is None:
        return {
            "year": year,
            "is_active": True,
            "workers_male": 0,
            "workers_female": 0,
            "investment": 0,
            "production_value": 0,
            "export_value_usd": 0,
            "market_reach": MarketReach.LOCAL,
        }
    countries = report.export_destinations.values_list("country", flat=True)
    return {
        "year": report.year,
        "is_active": report.is_active,
        "workers_male": report.workers_male,
        "workers_female": report.workers_female,
        "investment": report.investment,
        "production_value": report.production_value,
        "capacity": report.capacity,
        "capacity_unit": report.capacity_unit,
        "raw_materials": report.raw_materials,
        "market_reach": report.market_reach,
        "export_value_usd": report.export_value_usd,
        "export_countries": ", ".join(sorted(countries)),
        "version": report.version,
    }


class DateInput(forms.DateInput):
    input_type = "date"


class CertificateForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Jenis"), queryset=CertificateKind.objects.all())
    number = forms.CharField(label=_("Nomor"), max_length=64, required=False)
    issued_on = forms.DateField(label=_("Tanggal terbit"), required=False, widget=DateInput)
    expires_on = forms.DateField(label=_("Berlaku sampai"), required=False, widget=DateInput)


def apply_errors(form: forms.Form, exc: ValidationError, rename: dict[str, str] | None = None):
    """Put a service's ValidationError on the form fields it names."""
    rename = rename or {}
    if not hasattr(exc, "error_dict"):
        for error in exc.error_list:
            form.add_error(None, error)
        return
    for name, errors in exc.error_dict.items():
        target = rename.get(name, name)
        for error in errors:
            form.add_error(target if target in form.fields else None, error)


def display(field: forms.Field, value: Any) -> str:
    """A value as the form shows it: choice labels, model names, yes/no."""
    if isinstance(field, forms.BooleanField):
        return str(_("ya") if value else _("tidak"))
    if value in (None, "", ()):
        return "–"
    if isinstance(field, forms.ModelChoiceField):
        if isinstance(value, Model):
            return str(value)
        found = field.queryset.filter(pk=value).first() if field.queryset is not None else None
        return str(found) if found is not None else str(value)
    if isinstance(field, forms.ChoiceField):
        return str(_flat_choices(list(field.choices)).get(str(value), value))  # type: ignore[arg-type]
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _flat_choices(choices: Iterable[Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, label in choices:
        if isinstance(label, list | tuple):
            out.update({str(k): str(v) for k, v in label})
        else:
            out[str(key)] = str(label)
    return out

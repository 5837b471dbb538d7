"""Targeting criteria of a program: their JSON shape, the form that validates them and a
plain-language summary. Evaluating them against the registry lives in `eligibility.py`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sentra.core.numbers import format_number
from sentra.regions.models import Region, RegionLevel
from sentra.registry.models import CertificateKind, Commodity


@dataclass(frozen=True)
class Criteria:
    """Every key is optional; an empty criterion does not restrict anything."""

    commodities: tuple[str, ...] = ()
    kbli: tuple[str, ...] = ()
    kecamatan: tuple[str, ...] = ()
    min_workers: int | None = None
    max_workers: int | None = None
    min_production_value: int | None = None
    max_production_value: int | None = None
    women_owned: bool = False
    has_nib: bool = False
    has_certificates: tuple[str, ...] = ()
    lacks_certificates: tuple[str, ...] = ()
    not_aided_years: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Criteria:
        data = data or {}

        def codes(key: str) -> tuple[str, ...]:
            return tuple(str(v) for v in data.get(key) or ())

        def number(key: str) -> int | None:
            value = data.get(key)
            return int(value) if value not in (None, "") else None

        return cls(
            commodities=codes("commodities"),
            kbli=codes("kbli"),
            kecamatan=codes("kecamatan"),
            min_workers=number("min_workers"),
            max_workers=number("max_workers"),
            min_production_value=number("min_production_value"),
            max_production_value=number("max_production_value"),
            women_owned=bool(data.get("women_owned")),
            has_nib=bool(data.get("has_nib")),
            has_certificates=codes("has_certificates"),
            lacks_certificates=codes("lacks_certificates"),
            not_aided_years=number("not_aided_years"),
        )

    def to_json(self) -> dict[str, Any]:
        """Only the keys that restrict something, lists not tuples."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if key == "extra" or value in (None, False, (), []):
                continue
            out[key] = list(value) if isinstance(value, tuple | list) else value
        return out

    def summary(self) -> list[str]:
        """The criteria as short Indonesian phrases for the program page."""
        names = dict(Commodity.objects.values_list("code", "name"))
        regions = dict(Region.objects.filter(code__in=self.kecamatan).values_list("code", "name"))
        kinds = dict(CertificateKind.objects.values_list("code", "name"))
        out: list[str] = []
        if self.commodities:
            out.append(
                _("Komoditas: %(v)s") % {"v": ", ".join(names.get(c, c) for c in self.commodities)}
            )
        if self.kbli:
            out.append(_("KBLI: %(v)s") % {"v": ", ".join(self.kbli)})
        if self.kecamatan:
            out.append(
                _("Kecamatan: %(v)s") % {"v": ", ".join(regions.get(c, c) for c in self.kecamatan)}
            )
        if self.min_workers is not None or self.max_workers is not None:
            out.append(
                _("Tenaga kerja %(lo)s–%(hi)s orang")
                % {"lo": self.min_workers or 0, "hi": self.max_workers or "…"}
            )
        if self.min_production_value is not None or self.max_production_value is not None:
            lo = format_number(self.min_production_value or 0)
            hi = (
                format_number(self.max_production_value)
                if self.max_production_value is not None
                else "…"
            )
            out.append(_("Nilai produksi Rp %(lo)s–%(hi)s") % {"lo": lo, "hi": hi})
        if self.women_owned:
            out.append(_("Pemilik perempuan"))
        if self.has_nib:
            out.append(_("Memiliki NIB"))
        for code in self.has_certificates:
            out.append(_("Memiliki sertifikat %(kind)s") % {"kind": kinds.get(code, code)})
        for code in self.lacks_certificates:
            out.append(_("Belum memiliki sertifikat %(kind)s") % {"kind": kinds.get(code, code)})
        if self.not_aided_years:
            out.append(
                _("Belum menerima program sejenis dalam %(n)s tahun terakhir")
                % {"n": self.not_aided_years}
            )
        return out


def _kbli_list(value: str) -> list[str]:
    codes = [c.strip() for c in value.replace(";", ",").split(",") if c.strip()]
    for code in codes:
        if not (len(code) == 5 and code.isdigit()):
            raise ValidationError(
                _("Kode KBLI %(code)s harus 5 digit."), code="kbli_format", params={"code": code}
            )
    return codes


class CriteriaForm(forms.Form):
    """The shape check of targeting criteria; `criteria()` gives the JSON to store."""

    commodities = forms.MultipleChoiceField(
        label=gettext_lazy("Komoditas"), required=False, widget=forms.SelectMultiple
    )
    kbli = forms.CharField(
        label=gettext_lazy("KBLI (pisahkan dengan koma)"), required=False, max_length=200
    )
    kecamatan = forms.MultipleChoiceField(label=gettext_lazy("Kecamatan"), required=False)
    min_workers = forms.IntegerField(
        label=gettext_lazy("Tenaga kerja minimal"), required=False, min_value=0
    )
    max_workers = forms.IntegerField(
        label=gettext_lazy("Tenaga kerja maksimal"), required=False, min_value=0
    )
    min_production_value = forms.IntegerField(
        label=gettext_lazy("Nilai produksi minimal (Rp)"), required=False, min_value=0
    )
    max_production_value = forms.IntegerField(
        label=gettext_lazy("Nilai produksi maksimal (Rp)"), required=False, min_value=0
    )
    women_owned = forms.BooleanField(label=gettext_lazy("Hanya pemilik perempuan"), required=False)
    has_nib = forms.BooleanField(label=gettext_lazy("Wajib memiliki NIB"), required=False)
    has_certificates = forms.MultipleChoiceField(
        label=gettext_lazy("Wajib memiliki sertifikat"), required=False
    )
    lacks_certificates = forms.MultipleChoiceField(
        label=gettext_lazy("Belum memiliki sertifikat"), required=False
    )
    not_aided_years = forms.IntegerField(
        label=gettext_lazy("Belum menerima program sejenis dalam … tahun terakhir"),
        required=False,
        min_value=1,
        max_value=10,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commodity_choices = list(Commodity.objects.values_list("code", "name"))
        kind_choices = list(CertificateKind.objects.values_list("code", "name"))
        self.fields["commodities"].choices = commodity_choices  # type: ignore[attr-defined]
        self.fields["kecamatan"].choices = list(  # type: ignore[attr-defined]
            Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", "name")
        )
        self.fields["has_certificates"].choices = kind_choices  # type: ignore[attr-defined]
        self.fields["lacks_certificates"].choices = kind_choices  # type: ignore[attr-defined]

    def clean_kbli(self) -> list[str]:
        return _kbli_list(self.cleaned_data.get("kbli") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for low, high in (
            ("min_workers", "max_workers"),
            ("min_production_value", "max_production_value"),
        ):
            lo, hi = data.get(low), data.get(high)
            if lo is not None and hi is not None and lo > hi:
                self.add_error(
                    high,
                    ValidationError(
                        _("Batas maksimal tidak boleh lebih kecil dari batas minimal."),
                        code="range_order",
                    ),
                )
        both = set(data.get("has_certificates") or ()) & set(data.get("lacks_certificates") or ())
        if both:
            self.add_error(
                "lacks_certificates",
                ValidationError(
                    _("Sertifikat yang sama tidak bisa sekaligus wajib dan belum dimiliki."),
                    code="certificate_conflict",
                ),
            )
        return data

    def criteria(self) -> Criteria:
        return Criteria.from_json(dict(self.cleaned_data))

    @classmethod
    def initial_from(cls, criteria: dict[str, Any]) -> dict[str, Any]:
        initial = dict(criteria)
        if "kbli" in initial:
            initial["kbli"] = ", ".join(initial["kbli"])
        return initial


def criteria_validate(data: dict[str, Any]) -> dict[str, Any]:
    """Validate stored-criteria JSON (from the form, the demo or an API) and normalise it."""
    form_data: dict[str, Any] = dict(data)
    if isinstance(form_data.get("kbli"), list | tuple):
        form_data["kbli"] = ",".join(form_data["kbli"])
    form = CriteriaForm(data=_as_querydict(form_data))
    if not form.is_valid():
        raise ValidationError(
            {
                key: [ValidationError(str(m), code="criteria_invalid") for m in messages]
                for key, messages in form.errors.items()
            }
        )
    return form.criteria().to_json()


def _as_querydict(data: dict[str, Any]) -> Any:
    from django.http import QueryDict

    qd = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list | tuple):
            qd.setlist(key, [str(v) for v in value])
        elif isinstance(value, bool):
            if value:
                qd[key] = "on"
        elif value is not None:
            qd[key] = str(value)
    return qd

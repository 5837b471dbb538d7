"""The unit search: one parser of the agreed GET parameters for the list, downloads and
dashboard drill-downs, always inside the reader's scope.

Parameters: q, region (any Kemendagri code inside the reader's area: a province, regency,
kecamatan or desa; ID for the country), kecamatan, desa, commodity, kbli, status, year, reach,
cert, women, export, country (ISO 3166 alpha-2 export destination), change, sort (page is read
by the paginating view). An invalid parameter makes the form invalid and the result empty, so
that a download never silently widens the list.

The text search is `sentra.registry.search` (trigram indexes on PostgreSQL, FTS5 on SQLite);
when nothing matches exactly, the names that come close are shown instead (`similar`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.db.models import (
    BigIntegerField,
    CharField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from sentra.accounts.scope import Scope, scope
from sentra.regions.codes import COUNTRY
from sentra.regions.models import Region
from sentra.regions.selectors import desa_list, kecamatan_list
from sentra.registry.codes import unit_code_parse
from sentra.registry.models import (
    Certificate,
    CertificateKind,
    CertificateStatus,
    Commodity,
    MarketReach,
    Sex,
    Unit,
    UnitStatus,
    YearlyReport,
)
from sentra.registry.search import text_filter, units_similar
from sentra.registry.selectors import (
    report_latest_year,
    report_years,
    unit_list_for_user,
    unit_region_q,
)

# sort key → ORDER BY; the id keeps pages stable when the first columns tie.
SORTS: dict[str, tuple[Any, ...]] = {
    "name": ("match_name", "id"),
    "-name": ("-match_name", "-id"),
    "kecamatan": ("kecamatan__name", "desa__name", "match_name", "id"),
    "-kecamatan": ("-kecamatan__name", "-desa__name", "match_name", "id"),
    "commodity": ("commodity__sort_order", "match_name", "id"),
    "-commodity": ("-commodity__sort_order", "match_name", "id"),
    "workers": (F("year_workers").asc(nulls_first=True), "match_name", "id"),
    "-workers": (F("year_workers").desc(nulls_last=True), "match_name", "id"),
    "production": (F("year_production_value").asc(nulls_first=True), "match_name", "id"),
    "-production": (F("year_production_value").desc(nulls_last=True), "match_name", "id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}
DEFAULT_SORT = "name"
# Sorts whose pages follow keyset cursors (plain columns ending with the id); the others
# skip rows of a narrow query.
KEYSET = {"name": ("match_name", "id"), "-name": ("-match_name", "-id")}
SORT_LABELS = {
    "name": _("Nama usaha (A–Z)"),
    "-name": _("Nama usaha (Z–A)"),
    "kecamatan": _("Kecamatan"),
    "-kecamatan": _("Kecamatan (terbalik)"),
    "commodity": _("Komoditas"),
    "-commodity": _("Komoditas (terbalik)"),
    "workers": _("Tenaga kerja (terkecil)"),
    "-workers": _("Tenaga kerja (terbesar)"),
    "production": _("Nilai produksi (terkecil)"),
    "-production": _("Nilai produksi (terbesar)"),
    "updated": _("Terakhir diubah (terlama)"),
    "-updated": _("Terakhir diubah (terbaru)"),
}

_NIK_LIKE = re.compile(r"\d{16}")
_PHONE_LIKE = re.compile(r"^(?:\+?62|0)8\d{7,12}$")


def text_is_personal(text: str) -> bool:
    """Does a search text carry a NIK or a phone number? Such a search is not offered: the
    number would travel in URLs and logs (a 13-digit NIB is never taken for a phone)."""
    digits = re.sub(r"[\s.\-]", "", text)
    if _NIK_LIKE.search(digits):
        return True
    return bool(_PHONE_LIKE.match(digits)) and len(digits) != 13


YES = [("", _("Semua")), ("1", _("Ya"))]
CHANGES = [
    ("", _("Semua")),
    ("new", _("Baru pada tahun ini")),
    ("closed", _("Berhenti pada tahun ini")),
]


class UnitSearchForm(forms.Form):
    """The filters as a form (GET). Choices come from reference data and the reader's scope."""

    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=100,
        help_text=_("Nama usaha, nama pemilik atau NIB"),
    )
    region = forms.CharField(
        label=_("Wilayah"),
        required=False,
        max_length=13,
        validators=[
            RegexValidator(
                r"^(ID|[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?)$",
                _("Kode wilayah Kemendagri, mis. 36, 36.02 atau 36.02.14."),
                "region",
            )
        ],
    )
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    desa = forms.ChoiceField(label=_("Desa/kelurahan"), required=False)
    commodity = forms.ChoiceField(label=_("Komoditas"), required=False)
    kbli = forms.CharField(
        label=_("KBLI"),
        required=False,
        max_length=5,
        validators=[RegexValidator(r"^[0-9]{5}$", _("Kode KBLI terdiri dari 5 angka."), "kbli")],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *UnitStatus.choices]
    )
    year = forms.TypedChoiceField(label=_("Tahun"), required=False, coerce=int, empty_value=None)
    reach = forms.ChoiceField(
        label=_("Jangkauan pasar"),
        required=False,
        choices=[("", _("Semua")), *MarketReach.choices],
    )
    cert = forms.ChoiceField(label=_("Sertifikat"), required=False)
    women = forms.ChoiceField(label=_("Milik perempuan"), required=False, choices=YES)
    export = forms.ChoiceField(label=_("Mengekspor"), required=False, choices=YES)
    country = forms.CharField(
        label=_("Negara tujuan ekspor"),
        required=False,
        max_length=2,
        validators=[
            RegexValidator(r"^[A-Z]{2}$", _("Kode negara terdiri dari 2 huruf besar."), "country")
        ],
    )
    change = forms.ChoiceField(label=_("Perubahan"), required=False, choices=CHANGES)
    sort = forms.ChoiceField(label=_("Urutkan"), required=False, choices=list(SORT_LABELS.items()))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        s = scope(user)
        self.reader_scope = s
        area = self._area(s)
        if area is None:
            # A province or the country: thousands of kecamatan and desa are no menu; the
            # chosen one (from a dashboard's link) is the only choice besides "all".
            wanted = [str(self.data.get(n) or "") for n in ("kecamatan", "desa")]
            kecamatan = kecamatan_list(within=COUNTRY).filter(code=wanted[0])
            desa = desa_list(within=COUNTRY).filter(code=wanted[1]).select_related("parent")
            kecamatan = kecamatan.filter(code__in=self._covered(s, [wanted[0]]))
            desa = desa.filter(code__in=self._covered(s, [wanted[1]]))
        else:
            kecamatan = kecamatan_list(within=area).order_by("name")
            desa = desa_list(within=area).select_related("parent").order_by("parent__name", "name")
        if s.kecamatan_codes:  # an officer picks among their own kecamatan only
            kecamatan = kecamatan.filter(code__in=s.kecamatan_codes)
            desa = desa.filter(parent_id__in=s.kecamatan_codes)
        all_label = ("", _("Semua"))
        self._choices("kecamatan").choices = [all_label, *((r.code, r.name) for r in kecamatan)]
        groups: dict[str, list[tuple[str, str]]] = {}
        for region in desa:
            parent = region.parent.name if region.parent else ""
            groups.setdefault(parent, []).append((region.code, region.label))
        self._choices("desa").choices = [all_label, *groups.items()]
        self._choices("commodity").choices = [
            all_label,
            *Commodity.objects.filter(is_active=True).values_list("code", "name"),
        ]
        self._choices("cert").choices = [
            all_label,
            *CertificateKind.objects.values_list("code", "name"),
        ]
        self._choices("year").choices = [
            ("", _("Terbaru")),
            *((y, str(y)) for y in report_years()),
        ]

    def _choices(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    @staticmethod
    def _covered(s: Scope, codes: list[str]) -> list[str]:
        home = settings.SENTRA_HOME_REGION
        return [c for c in codes if c and s.covers_region(c, home)]

    def _area(self, s: Scope) -> str | None:
        """The region whose kecamatan and desa the menus list: the chosen region, else the
        reader's one region, else the home region — None when that is a province or the
        country (too many to list)."""
        home = settings.SENTRA_HOME_REGION
        chosen = str(self.data.get("region") or "")
        roots = s.region_roots(home)
        if chosen and s.covers_region(chosen, home):
            area = chosen
        elif len(roots) == 1 and not s.kecamatan_codes:
            area = roots[0]
        else:
            area = home
        if s.kecamatan_codes:
            return home if home != COUNTRY and "." in home else area
        if area == COUNTRY or len(area) == 2:
            return None
        return area[:5] if len(area) > 5 else area

    def clean_region(self) -> str:
        code = self.cleaned_data.get("region") or ""
        if not code:
            return ""
        s = self.reader_scope
        if not s.covers_region(code, settings.SENTRA_HOME_REGION) or (
            code != COUNTRY and not Region.objects.filter(code=code).exists()
        ):
            raise forms.ValidationError(
                _("Wilayah %(code)s tidak ada atau di luar cakupan Anda."),
                code="region_scope",
                params={"code": code},
            )
        return code


@dataclass
class UnitSearch:
    """The filtered, annotated and ordered units the reader may see.

    `year` is the year the filters and the annotations refer to: the chosen year, or the
    latest year with an active report (None on an empty registry). Each unit carries
    `year_workers`, `year_production_value` and `year_market_reach` of that year's report
    (None when it has none)."""

    queryset: QuerySet[Unit]
    form: UnitSearchForm
    year: int | None
    sort: str = DEFAULT_SORT
    year_chosen: bool = False
    # The same units without joins or figures: the narrow query a page's ids come from.
    keys: QuerySet[Unit] | None = None
    # True when nothing matched the text exactly and the near names are shown instead.
    similar: bool = False
    # The same joins and figures without the filters: a page reads its rows by id from it
    # (the ids come from `keys`, filtered), so the filters are not evaluated twice.
    detail: QuerySet[Unit] | None = None

    @property
    def keyset(self) -> tuple[str, ...] | None:
        return KEYSET.get(self.sort)

    @property
    def order(self) -> tuple[Any, ...]:
        if self.year is None and self.sort.lstrip("-") in ("workers", "production"):
            return SORTS[DEFAULT_SORT]  # no yearly figures at all: every unit ties
        return SORTS[self.sort]

    @property
    def is_filtered(self) -> bool:
        return self.form.is_valid() and any(
            self.form.cleaned_data.get(name) not in (None, "")
            for name in self.form.fields
            if name != "sort"
        )

    @property
    def has_filters(self) -> bool:
        """Any filter beyond the search text (the page opens the filter panel then)."""
        return self.form.is_valid() and any(
            self.form.cleaned_data.get(name) not in (None, "")
            for name in self.form.fields
            if name not in ("q", "sort")
        )


def _reports(year: int, **conditions: Any) -> Q:
    """Units with a report in `year` meeting the conditions. An uncorrelated IN subquery:
    the database computes the set once instead of probing it for every unit."""
    return Q(pk__in=YearlyReport.objects.filter(year=year, **conditions).values("unit_id"))


def _annotate_year(queryset: QuerySet[Unit], year: int | None) -> QuerySet[Unit]:
    if year is None:
        return queryset.annotate(
            year_workers=Value(None, output_field=BigIntegerField()),
            year_production_value=Value(None, output_field=BigIntegerField()),
            year_market_reach=Value(None, output_field=CharField()),
        )
    # order_by(): no ORDER BY (and no join for the model's default ordering) per row.
    report = YearlyReport.objects.filter(unit=OuterRef("pk"), year=year).order_by()
    return queryset.annotate(
        year_workers=Subquery(
            report.annotate(w=F("workers_male") + F("workers_female")).values("w")[:1]
        ),
        year_production_value=Subquery(report.values("production_value")[:1]),
        year_market_reach=Subquery(report.values("market_reach")[:1]),
    )


def unit_search(*, user: Any, params: QueryDict) -> UnitSearch:
    """Units the user may see, filtered by `params` (the agreed GET parameters)."""
    form = UnitSearchForm(params, user=user)
    units = unit_list_for_user(user=user)
    if not form.is_valid():
        latest = report_latest_year()
        return UnitSearch(
            queryset=_annotate_year(_related(units.none()), latest).order_by(*SORTS[DEFAULT_SORT]),
            form=form,
            year=latest,
            keys=units.none(),
        )
    data = form.cleaned_data
    chosen: int | None = data.get("year")
    year = chosen if chosen is not None else report_latest_year()

    if data.get("region"):
        units = units.filter(unit_region_q(data["region"]))
    if data.get("kecamatan"):
        units = units.filter(kecamatan_id=data["kecamatan"])
    if data.get("desa"):
        units = units.filter(desa_id=data["desa"])
    if data.get("commodity"):
        units = units.filter(commodity__code=data["commodity"])
    if data.get("kbli"):
        units = units.filter(kbli=data["kbli"])
    if data.get("status"):
        units = units.filter(status=data["status"])
    if data.get("women") == "1":
        units = units.filter(owner__sex=Sex.FEMALE)
    if data.get("cert"):
        held = Certificate.objects.filter(
            kind__code=data["cert"], status=CertificateStatus.ACTIVE
        ).values("unit_id")
        units = units.filter(pk__in=held)
    needs_year = chosen is not None or any(
        data.get(name) for name in ("reach", "export", "country", "change")
    )
    if needs_year:
        if year is None:  # no yearly reports at all: nothing can match a yearly filter
            units = units.none()
        else:
            # "closed" units are by definition not active in the year; otherwise a chosen
            # year keeps the units with an active report in it.
            if chosen is not None and data.get("change") != "closed":
                units = units.filter(_reports(year, is_active=True))
            if data.get("reach"):
                units = units.filter(_reports(year, is_active=True, market_reach=data["reach"]))
            if data.get("export") == "1":
                units = units.filter(
                    _reports(year, is_active=True, market_reach=MarketReach.EXPORT)
                )
            if data.get("country"):
                units = units.filter(
                    _reports(
                        year,
                        is_active=True,
                        market_reach=MarketReach.EXPORT,
                        export_destinations__country=data["country"],
                    )
                )
            if data.get("change") == "new":
                units = units.filter(_reports(year, is_active=True)).exclude(
                    _reports(year - 1, is_active=True)
                )
            elif data.get("change") == "closed":
                units = units.filter(_reports(year - 1, is_active=True)).exclude(
                    _reports(year, is_active=True)
                )

    similar = False
    if text := (data.get("q") or "").strip():
        code = unit_code_parse(text)
        matched = units.filter(text_filter(text, code=code))
        if code is None and not text.replace(" ", "").isdigit() and not matched.exists():
            # Nothing matches exactly: a typo? The names that come close, inside the same
            # filters and scope.
            near = units_similar(text)
            similar = bool(near)
            matched = units.filter(pk__in=near)
        units = matched

    sort = data.get("sort") or DEFAULT_SORT
    annotated = _annotate_year(_related(units), year).order_by(*SORTS[sort])
    keys = (
        units
        if sort not in ("workers", "-workers", "production", "-production")
        else (_annotate_year(units, year))
    )
    return UnitSearch(
        queryset=annotated,
        form=form,
        year=year,
        sort=sort,
        year_chosen=chosen is not None,
        keys=keys,
        similar=similar,
        detail=_annotate_year(_related(Unit.objects.all()), year),
    )


def _related(units: QuerySet[Unit]) -> QuerySet[Unit]:
    return units.select_related("owner", "commodity", "desa", "kecamatan", "legal_form")

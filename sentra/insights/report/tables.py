"""The annual report's content: the same tables for the PDF and the spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.formats import country_name, format_date
from sentra.core.numbers import format_number_id
from sentra.insights.aggregates import CellSet, data_years
from sentra.insights.figures import SUPPRESS_BELOW, View, dashboard_figures, view_cells
from sentra.insights.panels import program_section, rates_panel
from sentra.insights.selectors import headline_stats
from sentra.regions.models import Region
from sentra.registry.models import DataSource, Unit, UnitStatus, YearlyReport


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)
    # One per column: "text", "integer", "year", "percent", "rate" (2 decimals) or "effect"
    # (text already formatted); every column after the first is "integer" when not given.
    kinds: list[str] = field(default_factory=list)

    def column_kinds(self) -> list[str]:
        given = list(self.kinds)
        return given + [
            "text" if not given and i == 0 else "integer"
            for i in range(len(given), len(self.headers))
        ]


@dataclass
class AnnualReport:
    year: int
    region_name: str
    generated: str
    statement: str
    figures: dict[str, Any]
    tables: list[Table]
    programs: dict[str, Any]
    rates: dict[str, Any]
    quality: list[str]
    methodology: list[str]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _n(value: int | None) -> str:
    return "–" if value is None else format_number_id(value)


def annual_report_data(*, year: int) -> AnnualReport:
    """Everything the annual report shows, from the same cells as the dashboard."""
    view = View(kecamatan=None)
    cs: CellSet = view_cells(view, data_years())
    f = dashboard_figures(cs=cs, year=year, view=view)
    stats = headline_stats(year=year)
    region = Region.objects.get(code=settings.SENTRA_HOME_REGION)
    summary = Table(
        "summary",
        _("Ringkasan"),
        [_("Ukuran"), str(year - 1), str(year)],
        [
            [_("Unit IKM aktif"), f["units_previous_year"], f["units"]],
            [_("Unit baru"), None, f["units_new"]],
            [_("Unit berhenti"), None, f["units_closed"]],
            [_("Perubahan bersih"), None, f["units_net"]],
            [_("Tenaga kerja"), f["workers_previous_year"], f["workers"]],
            [_("Tenaga kerja laki-laki"), f["workers_male_previous_year"], f["workers_male"]],
            [_("Tenaga kerja perempuan"), f["workers_female_previous_year"], f["workers_female"]],
            [_("Unit milik perempuan"), None, f["women_owned"]],
            [_("Unit pengekspor"), f["exporting_units_previous_year"], f["exporting_units"]],
            [_("Nilai ekspor (USD)"), f["export_value_usd_previous_year"], f["export_value_usd"]],
            [_("Nilai produksi (Rp)"), f["production_value_previous_year"], f["production_value"]],
        ],
    )

    def by(rows: list[dict[str, Any]]) -> list[list[Any]]:
        return [
            [
                r["name"],
                r["units_prev"],
                r["units"],
                r["workers_male"],
                r["workers_female"],
                r["workers"],
                r["women_owned"],
                r["exporting"],
            ]
            for r in rows
        ]

    headers = [
        "",
        _("Unit %(y)s") % {"y": year - 1},
        _("Unit %(y)s") % {"y": year},
        _("TK laki-laki"),
        _("TK perempuan"),
        _("Tenaga kerja"),
        _("Milik perempuan"),
        _("Pengekspor"),
    ]
    kecamatan = Table(
        "kecamatan", _("Menurut kecamatan"), [_("Kecamatan"), *headers[1:]], by(f["by_kecamatan"])
    )
    commodity = Table(
        "commodity", _("Menurut komoditas"), [_("Komoditas"), *headers[1:]], by(f["by_commodity"])
    )
    exports = Table(
        "exports",
        _("Tujuan ekspor"),
        [_("Negara"), _("Unit pengekspor"), _("Nilai (USD)")],
        [
            [
                country_name(r["country"]),
                r["units"],
                r["value_usd"] if r["units"] >= SUPPRESS_BELOW else None,
            ]
            for r in f["destinations"]
        ],
        [_("Nilai ekspor negara dengan kurang dari 3 unit pengekspor disembunyikan (–).")],
    )
    certificates = Table(
        "certificates",
        _("Cakupan sertifikat"),
        [_("Sertifikat"), _("Unit"), _("Cakupan (%)")],
        [[r["name"], r["units"], r["share"]] for r in f["certificates"]],
        kinds=["text", "integer", "percent"],
    )
    reach = Table(
        "reach",
        _("Jangkauan pasar"),
        [_("Jangkauan"), _("Unit")],
        [[r["name"], r["units"]] for r in f["reach"]],
    )
    rates = rates_panel(cs)
    rates_table = Table(
        "rates",
        _("Rupiah dan permintaan"),
        [
            _("Tahun"),
            _("Rata-rata kurs (Rp per USD)"),
            _("Nilai ekspor (USD)"),
            _("Nilai produksi (Rp)"),
        ],
        [
            [r["year"], r["rate"], r["export_value_usd"], r["production_value"]]
            for r in rates["rows"]
        ],
        [rates["wording_exports"], rates["wording_production"]],
        kinds=["year", "rate", "integer", "integer"],
    )
    programs = program_section(year=year)
    tables = [summary, kecamatan, commodity, exports, certificates, reach, rates_table]
    if programs.get("available"):
        tables.append(
            Table(
                "programs_reach",
                _("Jangkauan program menurut jenis"),
                [str(h) for h in programs["by_kind"]["headers"]],
                programs["by_kind"]["rows"],
            )
        )
        tables.append(
            Table(
                "programs_impact",
                _("Dampak terukur program (selisih ganda per unit)"),
                [str(h) for h in programs["impact"]["headers"]],
                programs["impact"]["rows"],
                [
                    _(
                        "Selisih ganda: perubahan rata-rata penerima dikurangi perubahan "
                        "rata-rata unit pembanding. Bila selang kepercayaan 95% memuat nol, "
                        "dampak belum dapat dibuktikan."
                    )
                ],
                kinds=["text", "text", "integer", "integer", "effect", "effect"],
            )
        )
    active_units = Unit.objects.filter(status=UnitStatus.ACTIVE)
    without_record = active_units.exclude(
        pk__in=YearlyReport.objects.filter(year=year).values("unit_id")
    ).count()
    quality = [
        _("%(n)s unit berstatus aktif di daftar tidak punya laporan tahunan %(year)s.")
        % {"n": _n(without_record), "year": year},
        _("%(n)s unit aktif tahun %(year)s belum punya NIB.")
        % {"n": _n(f["without_nib"]), "year": year},
        _("%(n)s unit aktif tahun %(year)s belum diverifikasi petugas.")
        % {"n": _n(f["unverified"]), "year": year},
    ]
    if Unit.objects.filter(data_source=DataSource.DEMO).exists():
        quality.append(_("Basis data ini memuat data demo sintetis; angkanya bukan data resmi."))
    if rates["has_rates"]:
        quality.append(
            _("Kurs berasal dari seri kurs bulanan yang dimuat ke Sentra; periksa sumbernya.")
        )
    methodology = [
        _(
            "Unit IKM pada tahun Y adalah unit dengan laporan tahunan berstatus aktif untuk "
            "tahun Y."
        ),
        _(
            "Unit baru: aktif pada tahun Y dan tidak aktif pada tahun Y-1; unit berhenti: aktif "
            "pada tahun Y-1 dan tidak aktif pada tahun Y."
        ),
        _(
            "Tenaga kerja dijumlahkan dari laporan tahunan menurut jenis kelamin; pernyataan "
            "utama membulatkannya."
        ),
        _("Unit milik perempuan: pemilik tercatat berjenis kelamin perempuan."),
        _("Cakupan sertifikat: unit aktif yang memegang sertifikat berlaku dari jenis itu."),
        _(
            "Semua angka berasal dari tabel agregat yang sama dengan dasbor, data terbuka dan "
            "angka utama yang diterbitkan."
        ),
    ]
    return AnnualReport(
        year=year,
        region_name=region.label,
        generated=format_date(timezone.localdate()),
        statement=stats["statement"],
        figures=f,
        tables=tables,
        programs=programs,
        rates=rates,
        quality=quality,
        methodology=methodology,
    )

"""Open data: aggregate data sets with Satu Data Indonesia metadata, small cells suppressed."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from sentra.insights.aggregates import cells_for, data_years
from sentra.market.figures import opendata_by_commodity, opendata_by_country
from sentra.regions.models import Region
from sentra.regions.selectors import kecamatan_list
from sentra.registry.models import Commodity, YearlyReport
from sentra.registry.services.privacy import units_published

SUPPRESS_BELOW = 3
DIRECTORY = "direktori-ikm"
LICENCE = "CC BY 4.0 (Creative Commons Atribusi 4.0 Internasional)"
FORMATS = ("csv", "json")


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    concept: str
    definition: str
    classification: str
    measures: dict[str, str]  # column → unit of measure (satuan)
    columns: tuple[str, ...]


DATASETS: dict[str, Dataset] = {
    "ikm-kecamatan-komoditas": Dataset(
        slug="ikm-kecamatan-komoditas",
        title="Jumlah unit IKM dan tenaga kerja menurut kecamatan dan komoditas",
        concept=(
            "Industri kecil dan menengah (IKM) yang aktif pada tahun berjalan menurut laporan "
            "tahunan unit IKM yang dicatat dinas."
        ),
        definition=(
            "Unit IKM pada tahun Y adalah unit dengan laporan tahunan berstatus aktif untuk "
            "tahun Y. Tenaga kerja adalah jumlah pekerja menurut jenis kelamin pada laporan itu."
        ),
        classification=(
            "Kode wilayah kecamatan Kemendagri (PP.KK.CC); komoditas IKM menurut daftar "
            "komoditas dinas (kode Sentra)."
        ),
        measures={
            "unit": "unit usaha",
            "tenaga_kerja_laki_laki": "orang",
            "tenaga_kerja_perempuan": "orang",
        },
        columns=(
            "tahun",
            "kode_kecamatan",
            "kecamatan",
            "kode_komoditas",
            "komoditas",
            "unit",
            "tenaga_kerja_laki_laki",
            "tenaga_kerja_perempuan",
            "disembunyikan",
        ),
    ),
    "ekspor-negara": Dataset(
        slug="ekspor-negara",
        title="Unit IKM pengekspor dan nilai ekspor menurut negara tujuan",
        concept="Ekspor langsung oleh unit IKM menurut negara tujuan pada tahun berjalan.",
        definition=(
            "Unit pengekspor adalah unit IKM aktif dengan jangkauan pasar ekspor pada laporan "
            "tahunan; nilai ekspor adalah nilai yang dilaporkan unit untuk negara tujuan itu."
        ),
        classification="Kode negara ISO 3166-1 alfa-2.",
        measures={"unit_pengekspor": "unit usaha", "nilai_ekspor_usd": "dolar Amerika (USD)"},
        columns=("tahun", "kode_negara", "unit_pengekspor", "nilai_ekspor_usd", "disembunyikan"),
    ),
    # The market (issue 11): cells are suppressed by the number of units behind them.
    "pasar-komoditas": Dataset(
        slug="pasar-komoditas",
        title="Permintaan pembeli dan penjualan lewat koperasi mitra menurut komoditas",
        concept=(
            "Pasar IKM lewat Sentra: permintaan pembeli dari katalog publik dan pesanan yang "
            "dikonfirmasi koperasi mitra pada tahun berjalan."
        ),
        definition=(
            "Permintaan dihitung pada tahun diterima; pesanan dan penjualan (Rp) adalah pesanan "
            "yang dikonfirmasi koperasi, pada tahun pesanan. Penjualan adalah bagian dari nilai "
            "produksi unit, bukan tambahan. Unit adalah unit IKM yang menerima permintaan atau "
            "pesanan."
        ),
        classification="Komoditas IKM menurut daftar komoditas dinas (kode Sentra).",
        measures={
            "unit": "unit usaha",
            "permintaan": "permintaan",
            "pesanan": "pesanan",
            "penjualan_rp": "rupiah",
        },
        columns=(
            "tahun",
            "kode_komoditas",
            "komoditas",
            "unit",
            "permintaan",
            "pesanan",
            "penjualan_rp",
            "disembunyikan",
        ),
    ),
    "pasar-negara": Dataset(
        slug="pasar-negara",
        title="Permintaan pembeli lewat katalog menurut negara pembeli",
        concept="Permintaan pembeli dari katalog publik Sentra menurut negara pembeli.",
        definition=(
            "Permintaan dihitung pada tahun diterima; pesanan adalah permintaan yang menjadi "
            "pesanan yang dikonfirmasi koperasi. Unit adalah unit IKM yang menerima permintaan."
        ),
        classification="Kode negara ISO 3166-1 alfa-2.",
        measures={"unit": "unit usaha", "permintaan": "permintaan", "pesanan": "pesanan"},
        columns=("tahun", "kode_negara", "unit", "permintaan", "pesanan", "disembunyikan"),
    ),
    # Names units, so it lists only those whose owners agreed; read live, so a withdrawal of
    # consent takes a unit out at once (UU PDP 27/2022).
    DIRECTORY: Dataset(
        slug=DIRECTORY,
        title="Direktori unit IKM yang setuju dipublikasikan",
        concept="Unit IKM aktif yang pemiliknya menyetujui pemrosesan dan publikasi datanya.",
        definition=(
            "Unit dengan laporan tahunan aktif untuk tahun itu dan pemilik yang memberikan "
            "persetujuan; tanpa data pribadi pemilik."
        ),
        classification="Kode wilayah Kemendagri; komoditas IKM; KBLI 2020.",
        measures={},
        columns=(
            "tahun",
            "nama_usaha",
            "kode_kecamatan",
            "kecamatan",
            "kode_desa",
            "desa",
            "komoditas",
            "kbli",
            "jangkauan_pasar",
            "disembunyikan",
        ),
    ),
}


def _source() -> str:
    region = Region.objects.filter(code=settings.SENTRA_HOME_REGION).first()
    name = region.label if region else settings.SENTRA_HOME_REGION
    return (
        f"Dinas Perindustrian dan Perdagangan {name}; Sentra, laporan tahunan unit IKM. "
        "Nama wilayah: idn-area-data (ODbL)."
    )


def dataset_metadata(dataset: Dataset, year: int) -> dict[str, Any]:
    """Satu Data Indonesia metadata of one data set and year."""
    return {
        "judul": f"{dataset.title}, {year}",
        "konsep": dataset.concept,
        "definisi": dataset.definition,
        "klasifikasi": dataset.classification,
        "ukuran": list(dataset.measures),
        "satuan": dataset.measures,
        "sumber": _source(),
        "periode": f"Tahunan, {year}",
        "lisensi": LICENCE,
        "penyembunyian": (
            f"Sel dengan kurang dari {SUPPRESS_BELOW} unit tidak ditampilkan: nilainya kosong "
            "(null) dan kolom 'disembunyikan' bernilai true."
        ),
        "kolom": list(dataset.columns),
        "dibuat": timezone.localdate().isoformat(),
    }


def _market_rows(dataset: Dataset, year: int) -> list[dict[str, Any]]:
    """The market's aggregate cells, with the same small-cell suppression."""
    if dataset.slug == "pasar-komoditas":
        rows = []
        for cell in opendata_by_commodity(year=year):
            hidden = cell["units"] < SUPPRESS_BELOW
            rows.append(
                {
                    "tahun": year,
                    "kode_komoditas": cell["code"],
                    "komoditas": cell["name"],
                    "unit": None if hidden else cell["units"],
                    "permintaan": None if hidden else cell["inquiries"],
                    "pesanan": None if hidden else cell["orders"],
                    "penjualan_rp": None if hidden else cell["sales"],
                    "disembunyikan": hidden,
                }
            )
        return rows
    out = []
    for cell in opendata_by_country(year=year):
        hidden = cell["units"] < SUPPRESS_BELOW
        out.append(
            {
                "tahun": year,
                "kode_negara": cell["country"],
                "unit": None if hidden else cell["units"],
                "permintaan": None if hidden else cell["inquiries"],
                "pesanan": None if hidden else cell["orders"],
                "disembunyikan": hidden,
            }
        )
    return out


def _directory_rows(year: int) -> list[dict[str, Any]]:
    reports = YearlyReport.objects.filter(year=year, is_active=True, unit__in=units_published())
    return [
        {
            "tahun": year,
            "nama_usaha": r.unit.business_name,
            "kode_kecamatan": r.unit.kecamatan_id,
            "kecamatan": r.unit.kecamatan.name,
            "kode_desa": r.unit.desa_id,
            "desa": r.unit.desa.name,
            "komoditas": r.unit.commodity.name,
            "kbli": r.unit.kbli,
            "jangkauan_pasar": r.market_reach,
            "disembunyikan": False,
        }
        for r in reports.select_related(
            "unit", "unit__kecamatan", "unit__desa", "unit__commodity"
        ).order_by("unit__kecamatan_id", "unit__match_name", "unit_id")
    ]


def dataset_rows(dataset: Dataset, year: int) -> list[dict[str, Any]]:
    if dataset.slug.startswith("pasar-"):
        return _market_rows(dataset, year)
    if dataset.slug == DIRECTORY:
        return _directory_rows(year)
    cs = cells_for(years=[year], kecamatan=list(kecamatan_list().values_list("code", flat=True)))
    if dataset.slug == "ikm-kecamatan-komoditas":
        names = dict(kecamatan_list().values_list("code", "name"))
        commodities = {c.pk: c for c in Commodity.objects.all()}
        rows = []
        for cell in sorted(
            cs.of_year(year),
            key=lambda c: (c.kecamatan, commodities[c.commodity].sort_order, c.commodity),
        ):
            if cell.units == 0:
                continue
            hidden = cell.units < SUPPRESS_BELOW
            commodity = commodities[cell.commodity]
            rows.append(
                {
                    "tahun": year,
                    "kode_kecamatan": cell.kecamatan,
                    "kecamatan": names.get(cell.kecamatan, cell.kecamatan),
                    "kode_komoditas": commodity.code,
                    "komoditas": commodity.name,
                    "unit": None if hidden else cell.units,
                    "tenaga_kerja_laki_laki": None if hidden else cell.workers_male,
                    "tenaga_kerja_perempuan": None if hidden else cell.workers_female,
                    "disembunyikan": hidden,
                }
            )
        return rows
    by_country: dict[str, list[int]] = {}
    for e in cs.exports:
        acc = by_country.setdefault(e.country, [0, 0])
        acc[0] += e.units
        acc[1] += e.value_usd
    out = []
    for country, (units, value) in sorted(by_country.items()):
        hidden = units < SUPPRESS_BELOW
        out.append(
            {
                "tahun": year,
                "kode_negara": country,
                "unit_pengekspor": None if hidden else units,
                "nilai_ekspor_usd": None if hidden else value,
                "disembunyikan": hidden,
            }
        )
    return out


def dataset_csv(dataset: Dataset, year: int) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(dataset.columns), lineterminator="\n")
    writer.writeheader()
    for row in dataset_rows(dataset, year):
        writer.writerow(
            {
                k: ("true" if v else "false") if isinstance(v, bool) else ("" if v is None else v)
                for k, v in row.items()
            }
        )
    return buffer.getvalue()


def dataset_json(dataset: Dataset, year: int) -> str:
    body = {"metadata": dataset_metadata(dataset, year), "data": dataset_rows(dataset, year)}
    return json.dumps(body, ensure_ascii=False, indent=2)


def dataset_file(dataset: Dataset, year: int, fmt: str) -> str:
    return dataset_csv(dataset, year) if fmt == "csv" else dataset_json(dataset, year)


def file_name(dataset: Dataset, year: int, fmt: str) -> str:
    return f"{dataset.slug}-{year}.{fmt}"


def opendata_years() -> list[int]:
    return data_years()


def opendata_export(*, out_dir: Path, years: list[int] | None = None) -> list[Path]:
    """Write every data set of the years as CSV and JSON (with metadata) into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for year in years if years is not None else opendata_years():
        for dataset in DATASETS.values():
            for fmt in FORMATS:
                path = out_dir / file_name(dataset, year, fmt)
                path.write_text(dataset_file(dataset, year, fmt), encoding="utf-8")
                written.append(path)
    return written

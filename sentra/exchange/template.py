"""The blank import template (xlsx): data sheet with the headers, an instructions sheet and
drop-down lists (data validation) for kecamatan, desa, commodity, yes/no and market reach."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sentra.core import xlsx
from sentra.exchange.columns import COLUMNS, KEYS
from sentra.exchange.normalise import CLEAR_MARKER
from sentra.regions.selectors import desa_list, kecamatan_list
from sentra.registry.models import Commodity, MarketReach, Sex, UnitStatus

TEMPLATE_ROWS = 2000
TEXT_KEYS = ("code", "nik", "nib", "kbli", "phone")


def template_xlsx() -> bytes:
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = "Data IKM"
    xlsx.table_write(
        data,
        [
            xlsx.Column(c.header, xlsx.TEXT if c.key in TEXT_KEYS else xlsx.AUTO,
                        width=max(14, len(c.header) + 2))
            for c in COLUMNS
        ],
        [],
    )  # fmt: skip
    data.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{TEMPLATE_ROWS + 1}"
    for key in TEXT_KEYS:  # typed as text so that Excel keeps all 16 digits of a NIK
        letter = get_column_letter(KEYS.index(key) + 1)
        for row in range(2, TEMPLATE_ROWS + 2):
            data[f"{letter}{row}"].number_format = "@"

    lists = workbook.create_sheet("Daftar")
    columns = {
        "kecamatan": [r.name for r in kecamatan_list().order_by("name")],
        "desa": sorted({r.name for r in desa_list()}),
        "commodity": [c.name for c in Commodity.objects.filter(is_active=True)],
        "yes_no": ["Ya", "Tidak"],
        "market_reach": [str(c.label) for c in MarketReach],
        "status": [str(c.label) for c in UnitStatus],
        "sex": [str(c.label) for c in Sex],
    }
    headers = {
        "kecamatan": _("Kecamatan"),
        "desa": _("Desa/Kelurahan"),
        "commodity": _("Komoditas"),
        "yes_no": _("Ya/Tidak"),
        "market_reach": _("Jangkauan pasar"),
        "status": _("Status usaha"),
        "sex": _("Jenis kelamin"),
    }
    longest = max(len(values) for values in columns.values())
    xlsx.table_write(
        lists,
        [xlsx.Column(str(headers[name])) for name in columns],
        [
            [values[i] if i < len(values) else None for values in columns.values()]
            for i in range(longest)
        ],
    )
    lists.sheet_state = "hidden"

    targets = {
        "kecamatan": ["kecamatan"],
        "desa": ["desa"],
        "commodity": ["commodity"],
        "yes_no": ["pirt", "halal", "hki"],
        "market_reach": ["market_reach"],
        "status": ["status"],
        "sex": ["sex"],
    }
    for col, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(col)
        validation = DataValidation(
            type="list",
            formula1=f"=Daftar!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=name != "desa",
        )
        validation.error = _("Pilih dari daftar.")
        data.add_data_validation(validation)
        for key in targets[name]:
            target = get_column_letter(KEYS.index(key) + 1)
            validation.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")

    help_sheet = workbook.create_sheet("Petunjuk")
    lines = [
        _("Petunjuk pengisian templat impor unit IKM"),
        "",
        _("1. Isi satu unit usaha per baris pada lembar 'Data IKM', mulai baris 2."),
        _(
            "2. Kode Unit (mis. IKM-3602-0001234) dibuat Sentra dan tidak pernah berubah. "
            "Kosongkan untuk unit baru; berkas ekspor Sentra sudah memuatnya. Impor mencocokkan "
            "unit menurut Kode Unit, lalu NIB, lalu NIK lengkap bersama nama usaha."
        ),
        _(
            "3. Tahun Data: tahun yang digambarkan angka-angka baris itu (tenaga kerja, "
            "investasi, produksi, pasar, ekspor, status). Isi di sini, atau sebutkan di judul "
            'berkas ("TAHUN 2018") atau saat mengimpor. Berkas tanpa tahun ditolak.'
        ),
        _(
            "4. Untuk unit baru wajib diisi: Nama Usaha, Nama Pemilik, NIK Pemilik, "
            "Desa/Kelurahan, Kecamatan, Komoditas. Untuk unit yang sudah terdaftar cukup Kode "
            "Unit dan kolom yang ingin diubah."
        ),
        _(
            "5. NIK harus 16 digit dan diketik sebagai teks (kolom sudah berformat Teks). Jangan "
            "ubah formatnya menjadi Angka: Excel akan menghapus digit ke-16. NIK atau nomor "
            "telepon tersamar (3602••••••••0001) dianggap kosong."
        ),
        _("6. NIB 13 digit (boleh kosong). KBLI 5 digit (boleh kosong)."),
        _("7. Kecamatan, desa, komoditas, status dan jenis kelamin dipilih dari daftar."),
        _("8. Angka boleh ditulis 1.500.000 atau Rp 1.500.000,00 atau 2,5 juta."),
        _("9. P-IRT, Halal, HKI/Merek: Ya atau Tidak."),
        _("10. Negara tujuan ekspor: kode dua huruf atau nama negara, dipisah koma (GB, DE)."),
        _(
            "11. Sel kosong tidak pernah menghapus data yang tersimpan. Untuk mengosongkan "
            "isian (NIB, KBLI, alamat, tahun berdiri, telepon, negara tujuan ekspor, angka "
            "tenaga kerja/investasi/produksi) tulis %(marker)s. Tanda - tetap berarti "
            '"Tidak" atau "tidak ada".'
        )
        % {"marker": CLEAR_MARKER},
        _(
            "12. Status Usaha (Aktif, Tidak aktif, Tutup, Pindah) berlaku untuk Tahun Data; "
            "status unit saat ini hanya berubah oleh berkas tahun terbaru."
        ),
    ]
    xlsx.text_sheet(help_sheet, lines[2:], title=lines[0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

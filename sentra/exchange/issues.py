"""Import problems: every code with its severity and Indonesian message (docs/import.md lists
them). An *error* rejects the row; a *warning* lets it be written and is reported."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ERROR = "error"
WARNING = "warning"

# code → (severity, message). Messages take %(name)s parameters.
CODES: dict[str, tuple[str, Promise]] = {
    "required": (ERROR, _("Kolom ini wajib diisi.")),
    "nik_precision_lost": (
        ERROR,
        _(
            "NIK tersimpan sebagai angka (%(value)s) sehingga digit terakhirnya hilang. "
            "Format kolom NIK sebagai Teks, ketik ulang NIK-nya, lalu impor lagi."
        ),
    ),
    "nik_masked": (
        WARNING,
        _(
            "NIK tersamar tidak mengenali siapa pun; pemilik unit baru ini dicatat tanpa NIK "
            "(NIK belum tercatat)."
        ),
    ),
    "owner_nik_missing": (
        WARNING,
        _("Pemilik dicatat tanpa NIK (NIK belum tercatat); petugas dapat melengkapinya nanti."),
    ),
    "owner_unknown": (
        WARNING,
        _("Berkas tidak menyebut pemilik; unit dicatat dengan pemilik belum diketahui."),
    ),
    "owner_completed": (
        WARNING,
        _("NIK pemilik yang belum tercatat dilengkapi dari baris ini."),
    ),
    "nik_registered_elsewhere": (
        ERROR,
        _(
            "NIK ini sudah terdaftar untuk pemilik lain, sedangkan pemilik unit %(unit)s belum "
            "ber-NIK; pemilik unit tidak dapat diganti lewat impor."
        ),
    ),
    "nik_not_digits": (ERROR, _("NIK hanya boleh berisi angka.")),
    "nik_length": (ERROR, _("NIK harus 16 digit, bukan %(length)s digit.")),
    "nik_province": (ERROR, _("Kode provinsi NIK (%(code)s) tidak dikenal.")),
    "nik_day": (
        ERROR,
        _("Tanggal lahir pada NIK (%(day)s) harus 01–31, atau 41–71 untuk perempuan."),
    ),
    "nik_month": (ERROR, _("Bulan lahir pada NIK (%(month)s) harus 01–12.")),
    "nik_serial": (ERROR, _("Nomor urut NIK tidak boleh 0000.")),
    "nib_not_digits": (ERROR, _("NIB hanya boleh berisi angka.")),
    "nib_length": (ERROR, _("NIB harus 13 digit, bukan %(length)s digit.")),
    "nib_owner_mismatch": (
        ERROR,
        _("NIB ini sudah terdaftar untuk unit dengan pemilik lain (%(other)s)."),
    ),
    "code_invalid": (
        ERROR,
        _("%(value)s bukan Kode Unit yang sah (contoh: IKM-3602-0001234)."),
    ),
    "code_unknown": (ERROR, _("Kode Unit %(value)s tidak terdaftar di Sentra ini.")),
    "owner_not_unit_owner": (
        ERROR,
        _(
            "NIK pada baris ini bukan NIK pemilik unit %(unit)s; pemilik unit tidak dapat "
            "diganti lewat impor."
        ),
    ),
    "keys_conflict": (
        ERROR,
        _(
            "Kunci pada baris ini menunjuk ke unit yang berbeda: %(unit)s dan %(other)s. "
            "Periksa Kode Unit, NIB dan NIK."
        ),
    ),
    "ambiguous": (
        ERROR,
        _("Baris ini cocok dengan lebih dari satu unit (%(other)s); cantumkan Kode Unit."),
    ),
    "owner_outside_scope": (
        ERROR,
        _(
            "Unit untuk pemilik dengan NIK ini hanya dapat didaftarkan oleh admin; minta admin "
            "mengimpor baris ini."
        ),
    ),
    "kbli_format": (ERROR, _("Kode KBLI harus 5 digit angka (mis. 13134).")),
    "kbli_unknown": (WARNING, _("Kode KBLI %(value)s tidak ada dalam daftar KBLI 2020.")),
    "number_invalid": (ERROR, _("%(value)s bukan angka yang dikenali.")),
    "number_fraction": (ERROR, _("%(value)s harus bilangan bulat.")),
    "number_negative": (ERROR, _("Nilai tidak boleh negatif.")),
    "number_too_large": (ERROR, _("%(value)s terlalu besar.")),
    "year_invalid": (ERROR, _("Tahun %(value)s harus antara 1900 dan %(max)s.")),
    "clear_not_allowed": (
        ERROR,
        _("Kolom ini tidak dapat dikosongkan lewat impor; %(marker)s diabaikan di sini."),
    ),
    "status_unknown": (
        ERROR,
        _("Status %(value)s tidak dikenal (Aktif, Tidak aktif, Tutup atau Pindah)."),
    ),
    "sex_unknown": (ERROR, _("Jenis kelamin %(value)s tidak dikenal (L atau P).")),
    "sex_nik_differs": (
        WARNING,
        _("Jenis kelamin berbeda dengan yang tersirat pada NIK; isian kolom ini yang dicatat."),
    ),
    "yes_no_unknown": (
        WARNING,
        _("%(value)s tidak dikenali sebagai Ya/Tidak; kolom ini diabaikan."),
    ),
    "kecamatan_unknown": (ERROR, _("Kecamatan %(value)s tidak ditemukan di %(region)s.")),
    "kecamatan_suggest": (
        ERROR,
        _("Kecamatan %(value)s tidak ditemukan. Mungkin maksud Anda %(suggestion)s?"),
    ),
    "desa_unknown": (
        ERROR,
        _("Desa/kelurahan %(value)s tidak ditemukan di Kecamatan %(kecamatan)s."),
    ),
    "desa_suggest": (
        ERROR,
        _("Desa/kelurahan %(value)s tidak ditemukan. Mungkin maksud Anda %(suggestion)s?"),
    ),
    "commodity_kept": (
        WARNING,
        _("Komoditas %(value)s tidak dikenal; komoditas unit yang tercatat dipertahankan."),
    ),
    "commodity_by_kbli": (
        WARNING,
        _("%(value)s tidak dikenal sebagai komoditas; menurut KBLI baris ini: %(commodity)s."),
    ),
    "commodity_fuzzy": (
        WARNING,
        _("%(value)s dibaca sebagai %(commodity)s (kemiripan %(score)s%%)."),
    ),
    "product_unclassified": (
        WARNING,
        _(
            "Produk %(value)s belum dikenal; dicatat apa adanya di komoditas Belum "
            "diklasifikasi sampai petugas memetakannya."
        ),
    ),
    "product_suggest": (
        WARNING,
        _(
            "Produk %(value)s belum dikenal (mungkin %(suggestion)s?); dicatat apa adanya di "
            "komoditas Belum diklasifikasi sampai petugas memetakannya."
        ),
    ),
    "products_invalid": (
        ERROR,
        _("Isian products harus berupa daftar objek yang masing-masing memiliki name."),
    ),
    "market_reach_unknown": (
        WARNING,
        _("Jangkauan pasar %(value)s tidak dikenal (Lokal/Regional/Nasional/Ekspor); diabaikan."),
    ),
    "market_reach_export": (
        WARNING,
        _("Ada negara tujuan ekspor, maka jangkauan pasar dicatat sebagai Ekspor."),
    ),
    "country_unknown": (WARNING, _("Negara %(value)s tidak dikenal; diabaikan.")),
    "phone_format": (
        WARNING,
        _("Nomor telepon %(value)s tidak sah (9–14 digit, diawali 0 atau +62); diabaikan."),
    ),
    "formula_text": (WARNING, _("Teks yang tampak seperti rumus disimpan apa adanya.")),
    "duplicate_in_file": (WARNING, _("Unit yang sama sudah ada di baris %(row)s berkas ini.")),
    "merged_rows": (
        WARNING,
        _("Digabung dengan baris %(row)s menjadi satu unit (%(by)s sama); angkanya dijumlahkan."),
    ),
    "total_row": (WARNING, _("Baris jumlah/total dilewati.")),
    "column_numbers": (WARNING, _("Baris nomor kolom ((1) (2) (3) …) dilewati.")),
    "signature_block": (WARNING, _("Bagian tanda tangan di bawah data dilewati.")),
    "resubmitted": (
        WARNING,
        _("Kiriman yang sama (_uuid %(value)s) sudah ada di baris %(row)s; dilewati."),
    ),
    "outside_scope": (
        ERROR,
        _("Anda tidak berwenang mengimpor data untuk Kecamatan %(value)s."),
    ),
    "text_too_long": (ERROR, _("Teks lebih dari %(max)s karakter.")),
    "region_outside_home": (
        ERROR,
        _("Kode wilayah %(value)s berada di luar %(region)s."),
    ),
    "coordinate_invalid": (
        ERROR,
        _(
            "Koordinat %(value)s tidak mungkin (harus angka derajat antara -%(limit)s dan "
            "%(limit)s)."
        ),
    ),
    "coordinate_pair": (ERROR, _("Lintang dan bujur harus diisi keduanya.")),
}


@dataclass
class Issue:
    column: str | None
    field: str | None
    code: str
    params: dict[str, Any]

    @property
    def severity(self) -> str:
        return CODES[self.code][0]

    def as_dict(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "field": self.field,
            "severity": self.severity,
            "code": self.code,
            "message": str(CODES[self.code][1]) % _Params(self.params),
        }


class _Params(dict[str, Any]):
    """Missing parameters print as empty text instead of failing the whole report."""

    def __missing__(self, key: str) -> str:
        return ""

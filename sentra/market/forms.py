"""Forms of the market: they check the shape of input; the services check the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sentra.market.models import InquiryStage, Material
from sentra.market.validators import country_choices, country_validate
from sentra.regions.selectors import kecamatan_list
from sentra.registry.models import CertificateKind, Commodity, Unit

PRICE_MAX = 10_000_000_000  # ten billion rupiah: beyond any product of an IKM


def commodity_choices(blank: str = "") -> list[tuple[str, str]]:
    rows = [(c.code, c.name) for c in Commodity.objects.filter(is_active=True)]
    return ([("", blank)] if blank else []) + rows


def kecamatan_choices(blank: str = "") -> list[tuple[str, str]]:
    rows = [(r.code, r.name) for r in kecamatan_list().order_by("name")]
    return ([("", blank)] if blank else []) + rows


# --- catalog -------------------------------------------------------------------------------

SORTS = {
    "baru": ("-moderated_at", "-id"),
    "harga": ("price_min", "id"),
    "-harga": ("-price_min", "id"),
    "nama": ("name", "id"),
}


def sort_choices() -> list[tuple[str, Any]]:
    return [
        ("baru", _("Terbaru")),
        ("harga", _("Harga termurah")),
        ("-harga", _("Harga termahal")),
        ("nama", _("Nama (A–Z)")),
    ]


class CatalogSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari produk"),
        required=False,
        max_length=100,
        help_text=_("Produk, produsen, komoditas atau kecamatan; semua kata harus cocok."),
    )
    commodity = forms.ChoiceField(label=_("Komoditas"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    cert = forms.ChoiceField(label=_("Sertifikat"), required=False)
    women = forms.BooleanField(label=_("Usaha milik perempuan"), required=False)
    home = forms.BooleanField(label=_("Industri rumahan"), required=False)
    export = forms.BooleanField(label=_("Siap ekspor"), required=False)
    sort = forms.ChoiceField(label=_("Urutkan"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set("commodity", commodity_choices(str(_("Semua komoditas"))))
        self._set("kecamatan", kecamatan_choices(str(_("Semua kecamatan"))))
        kinds = [(k.code, k.name) for k in CertificateKind.objects.all()]
        self._set("cert", [("", str(_("Semua"))), *kinds])
        self._set("sort", sort_choices())

    def _set(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class InquiryForm(forms.Form):
    """Exactly the fields a buyer fills in; the honeypot is a raw input of the page."""

    name = forms.CharField(label=_("Nama"), max_length=120)
    organisation = forms.CharField(
        label=_("Organisasi / perusahaan"), max_length=150, required=False
    )
    # No max_length: a country typed in full gets the clear ISO message from clean_country.
    country = forms.CharField(label=_("Negara"), max_length=60, widget=forms.Select())
    email = forms.EmailField(label=_("Surel"), max_length=254)
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, max_value=1_000_000)
    message = forms.CharField(
        label=_("Pesan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["country"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", str(_("Pilih negara"))), *country_choices()]

    def clean_country(self) -> str:
        return country_validate(self.cleaned_data.get("country", ""))


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Nama produk"), max_length=120)
    commodity = forms.ChoiceField(label=_("Komoditas"))
    description = forms.CharField(
        label=_("Deskripsi"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bahan, ukuran, warna, cara pembuatan. Teks biasa, tanpa HTML."),
    )
    price_min = forms.IntegerField(label=_("Harga (Rp)"), min_value=0, max_value=PRICE_MAX)
    price_max = forms.IntegerField(
        label=_("Harga tertinggi (Rp)"),
        min_value=0,
        max_value=PRICE_MAX,
        required=False,
        help_text=_("Isi bila harganya berupa rentang."),
    )
    unit_of_sale = forms.CharField(label=_("Satuan"), max_length=32, initial="buah")
    min_order = forms.IntegerField(label=_("Pesanan minimum"), min_value=1, initial=1)
    monthly_capacity = forms.IntegerField(
        label=_("Kapasitas per bulan"), min_value=0, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commodity"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = commodity_choices()

    def commodity_id(self) -> int:
        return int(Commodity.objects.get(code=self.cleaned_data["commodity"]).pk)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Foto"),
        help_text=_("JPEG, PNG atau WebP, paling besar 8 MB. Lokasi GPS dan data kamera dihapus."),
    )


class ProfileForm(forms.Form):
    story = forms.CharField(
        label=_("Cerita usaha"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    show_owner_name = forms.BooleanField(
        label=_("Tampilkan nama pemilik di katalog"), required=False
    )
    home_industry = forms.BooleanField(label=_("Industri rumahan"), required=False)
    export_ready = forms.BooleanField(label=_("Siap ekspor"), required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Tahap berikutnya"), choices=InquiryStage.choices)
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)


# --- orders --------------------------------------------------------------------------------


class OrderItemForm(forms.Form):
    description = forms.CharField(label=_("Uraian"), max_length=150)
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, max_value=1_000_000)
    unit_price = forms.IntegerField(label=_("Harga satuan (Rp)"), min_value=0, max_value=PRICE_MAX)


class OrderDetailsForm(forms.Form):
    ordered_on = forms.DateField(
        label=_("Tanggal pesanan"), widget=forms.DateInput(attrs={"type": "date"})
    )
    value_usd = forms.IntegerField(
        label=_("Nilai ekspor (USD)"),
        min_value=0,
        max_value=100_000_000,
        required=False,
        help_text=_("Untuk pembeli luar negeri: nilai yang ditagihkan dalam dolar AS."),
    )


class PaymentForm(forms.Form):
    amount = forms.IntegerField(label=_("Jumlah diterima (Rp)"), min_value=1, max_value=PRICE_MAX)
    received_on = forms.DateField(
        label=_("Tanggal diterima"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reference = forms.CharField(
        label=_("Referensi (nomor transfer)"), max_length=100, required=False
    )


class PayoutForm(forms.Form):
    amount = forms.IntegerField(label=_("Jumlah dicairkan (Rp)"), min_value=1, max_value=PRICE_MAX)
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)


class PayoutDecisionForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Tanggal dibayarkan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)


def _unit_label(unit: Unit) -> str:
    return f"{unit.business_name} — {unit.kecamatan.name}"


class AgreementForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit produsen"), queryset=Unit.objects.none())
    number = forms.CharField(label=_("Nomor perjanjian"), max_length=64)
    share_percent = forms.DecimalField(
        label=_("Bagian koperasi (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
    )
    valid_from = forms.DateField(
        label=_("Berlaku mulai"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Berlaku sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        field.label_from_instance = _unit_label  # type: ignore[method-assign,assignment]


# --- suppliers and requests ----------------------------------------------------------------


class SupplierForm(forms.Form):
    name = forms.CharField(label=_("Nama pemasok"), max_length=150)
    material = forms.ChoiceField(label=_("Bahan baku"), choices=Material.choices)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"))
    desa = forms.CharField(
        label=_("Kode desa (opsional)"), max_length=13, required=False, help_text="36.02.14.2017"
    )
    capacity = forms.CharField(
        label=_("Kapasitas"), max_length=100, help_text=_("mis. 2.000 batang per bulan")
    )
    season = forms.CharField(label=_("Musim"), max_length=100, initial="Sepanjang tahun")
    description = forms.CharField(
        label=_("Keterangan"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    latitude = forms.DecimalField(
        label=_("Lintang"), required=False, min_value=-90, max_value=90, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Bujur"), required=False, min_value=-180, max_value=180, decimal_places=6
    )
    contact = forms.CharField(
        label=_("Kontak (telepon/surel)"),
        max_length=100,
        required=False,
        help_text=_("Disimpan terenkripsi; tidak pernah tampil di halaman publik."),
    )
    listed_publicly = forms.BooleanField(
        label=_("Pemasok setuju tampil di direktori publik"), required=False
    )
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args: Any, kecamatan: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kecamatan"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = kecamatan


class MaterialRequestForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    material = forms.ChoiceField(label=_("Bahan baku"), choices=Material.choices)
    quantity = forms.CharField(label=_("Jumlah"), max_length=100, help_text=_("mis. 300 batang"))
    needed_by = forms.DateField(
        label=_("Dibutuhkan sebelum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Catatan"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units


def errors_into(
    form: forms.Form, exc: ValidationError, *, mapping: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError onto the form, field by field where it names one."""
    mapping = mapping or {}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            field = mapping.get(name, name)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)

"""Forms of the accounts app: a throttled login and the admins' user management."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sentra.accounts.models import Role
from sentra.accounts.scope import Area, role_area
from sentra.accounts.throttle import (
    client_ip,
    lock_message_params,
    login_attempt_begin,
    login_attempt_failed,
    login_attempt_succeeded,
)
from sentra.regions.selectors import kecamatan_list

LOCKED_MESSAGE = _(
    "Terlalu banyak percobaan masuk yang gagal. Akun ini dikunci sementara dari alamat Anda "
    "(perangkat lain tetap dapat masuk); coba lagi setelah pukul %(time)s (sekitar "
    "%(minutes)s menit lagi) atau minta admin membuka kuncinya."
)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form; each attempt is counted (per account and client) before the
    password is checked, and a locked pair is refused without checking it."""

    request: HttpRequest | None
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's own text names the field twice in Indonesian ("nama pengguna nama pengguna").
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan huruf kecil."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if not username:
            return super().clean()
        ip = client_ip(self.request)
        attempt = login_attempt_begin(username=username, ip=ip)
        if attempt.locked_until is not None:
            raise ValidationError(
                LOCKED_MESSAGE, code="locked", params=lock_message_params(attempt.locked_until)
            )
        try:
            cleaned = super().clean()
        except ValidationError as exc:
            if getattr(exc, "code", None) == "invalid_login":
                until = login_attempt_failed(username=username, ip=ip)
                if until is not None:
                    raise ValidationError(
                        LOCKED_MESSAGE, code="locked", params=lock_message_params(until)
                    ) from exc
            raise
        login_attempt_succeeded(username=username, ip=ip)
        return cleaned


def kecamatan_choices() -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in kecamatan_list().order_by("name")]


class UserForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    first_name = forms.CharField(label=_("Nama depan"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)
    kecamatan = forms.MultipleChoiceField(
        label=_("Kecamatan tugas (petugas lapangan)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.CharField(
        label=_("Wilayah tugas (analis wilayah)"),
        required=False,
        max_length=500,
        help_text=_("Kode provinsi atau kabupaten/kota Kemendagri, dipisah koma (mis. 36, 32.01)."),
    )
    owner_unit = forms.IntegerField(
        label=_("Tautkan ke pemilik unit (ID unit)"),
        required=False,
        min_value=1,
        help_text=_("Untuk akun pemilik: nomor ID salah satu unit milik orang tersebut."),
    )
    owner_unlink = forms.BooleanField(label=_("Lepaskan tautan ke pelaku usaha"), required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kecamatan"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = kecamatan_choices()
        if editing:
            self.fields["username"].disabled = True
        else:
            self.fields["password1"] = forms.CharField(
                label=_("Kata sandi"), widget=forms.PasswordInput, strip=False
            )
            self.fields["password2"] = forms.CharField(
                label=_("Ulangi kata sandi"), widget=forms.PasswordInput, strip=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        role = str(data.get("role") or "")
        if data.get("kecamatan") and role_area(role) is not Area.KECAMATAN:
            self.add_error("kecamatan", _("Hanya petugas lapangan yang ditugaskan ke kecamatan."))
        if data.get("regions") and role_area(role) is not Area.REGION:
            self.add_error("regions", _("Hanya analis wilayah yang ditugaskan ke wilayah."))
        if data.get("owner_unit") and role_area(role) is not Area.OWN:
            self.add_error("owner_unit", _("Hanya akun pemilik yang ditautkan ke pelaku usaha."))
        return data


def region_codes_parse(text: str) -> list[str]:
    """ "36, 32.01" → ["32.01", "36"]: the codes an admin typed, without blanks or repeats."""
    return sorted({part.strip() for part in text.replace(";", ",").split(",") if part.strip()})


class PasswordSetForm(forms.Form):
    password1 = forms.CharField(label=_("Kata sandi baru"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"), widget=forms.PasswordInput, strip=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data

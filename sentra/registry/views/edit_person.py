"""Correcting an owner's (pelaku usaha) data: authorise, parse, call, render.

Staff correct name, sex, phone and consent; the owner themself only phone and consent (the
name and sex fields are not in their form, so posted values for them are ignored). A recorded
NIK is never changeable here (an owner registered without one gets it once), and neither the
NIK nor the clear phone is ever rendered."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sentra.registry.forms import apply_errors
from sentra.registry.models import Person, Sex
from sentra.registry.services import ConflictError, PersonUpdateData, person_update
from sentra.registry.views.edit_access import Writer, person_for_write
from sentra.registry.views.edit_conflict import conflict_response

STAFF_ONLY_FIELDS = ("name", "sex")


class NoEchoInput(forms.TextInput):
    """A text input that never writes a value back into the page, not even the user's own
    entry after an error: the response never carries a phone number in clear."""

    def format_value(self, value: Any) -> str | None:
        return None


class PersonEditForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama pemilik"), max_length=150)
    sex = forms.ChoiceField(label=gettext_lazy("Jenis kelamin"), choices=Sex.choices)
    phone = forms.CharField(
        label=gettext_lazy("Nomor telepon baru"),
        max_length=20,
        required=False,
        widget=NoEchoInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    phone_clear = forms.BooleanField(label=gettext_lazy("Hapus nomor telepon"), required=False)
    consent = forms.BooleanField(
        label=gettext_lazy("Pemilik menyetujui pemrosesan data pribadinya"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, person: Person, writer: Writer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        if writer is Writer.OWNER:
            for name in STAFF_ONLY_FIELDS:
                del self.fields[name]
        elif person.nik_digest is None:
            # An owner registered from an OSS export or a SIINas sheet: staff complete the NIK
            # once (never change a recorded one). The sex may stay unknown until then.
            self.fields["nik"] = forms.CharField(
                label=gettext_lazy("NIK (belum tercatat)"),
                max_length=24,
                required=False,
                widget=NoEchoInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                help_text=gettext_lazy("16 digit; jenis kelamin mengikuti NIK bila kosong."),
            )
            sex = self.fields["sex"]
            assert isinstance(sex, forms.ChoiceField)
            sex.required = False
            sex.choices = [("", "—"), *Sex.choices]
        if person.phone_masked:
            self.fields["phone"].help_text = _(
                "Nomor sekarang: %(masked)s. Kosongkan untuk mempertahankannya."
            ) % {"masked": person.phone_masked}
        else:
            self.fields["phone"].help_text = _("Belum ada nomor telepon.")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("phone_clear") and (cleaned.get("phone") or "").strip():
            self.add_error(
                "phone",
                ValidationError(
                    _("Isi nomor baru atau hapus nomor telepon, jangan keduanya."),
                    code="phone_conflict",
                ),
            )
        return cleaned

    def update_data(self) -> PersonUpdateData:
        d = self.cleaned_data
        phone: str | None = d["phone"].strip() or None  # empty input keeps the number
        if d["phone_clear"]:
            phone = ""
        return PersonUpdateData(
            name=d.get("name", self.person.name),
            sex=d.get("sex", self.person.sex),
            phone=phone,
            consent=d["consent"],
            # No version posted: treat as stale, never guess (as for units).
            expected_version=d["version"] or 0,
            nik=(d.get("nik") or "").strip() or None,
        )


def _render(
    request: HttpRequest, form: PersonEditForm, *, person: Person, writer: Writer
) -> HttpResponse:
    return render(
        request,
        "registry/person_form.html",
        {
            "form": form,
            "person": person,
            "owner_writer": writer is Writer.OWNER,
            "cancel_url": reverse("registry:person_detail", args=[person.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person, writer = person_for_write(request.user, pk)
    kwargs: dict[str, Any] = {"person": person, "writer": writer}
    if request.method != "POST":
        initial = {
            "name": person.name,
            "sex": person.sex,
            "consent": person.consent,
            "version": person.version,
        }
        form = PersonEditForm(initial=initial, **kwargs)
        return _render(request, form, person=person, writer=writer)
    form = PersonEditForm(request.POST, **kwargs)
    if not form.is_valid():
        return _render(request, form, person=person, writer=writer)
    try:
        person = person_update(actor=request.user, person=person, data=form.update_data())
    except ConflictError as conflict:
        current: Person = conflict.current
        return conflict_response(
            request,
            form=form,
            saved={"name": current.name, "sex": current.sex, "consent": current.consent},
            saved_version=current.version,
            title=_("Data %(name)s sudah diubah orang lain") % {"name": current.name},
            discard_url=reverse("registry:person_edit", args=[person.pk]),
            back_url=reverse("registry:person_detail", args=[person.pk]),
            never_shown=frozenset({"phone", "phone_clear"}),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _render(request, form, person=person, writer=writer)
    messages.success(request, _("Data pemilik %(name)s disimpan.") % {"name": person.name})
    return redirect("registry:person_detail", pk=person.pk)

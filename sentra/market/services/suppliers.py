"""Raw-material suppliers and producers' requests, matched by material and distance, with
both sides told: the producer (and the officer who posted for them) and the supplier — in
person when the supplier has an account, otherwise through the officer of its kecamatan."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import protect
from sentra.core.audit import audit_record, diff
from sentra.market.models import (
    MatchBasis,
    Material,
    MaterialMatch,
    MaterialRequest,
    RequestStatus,
    Supplier,
)
from sentra.market.rules import can_manage_suppliers, can_request_material, require, user_or_none
from sentra.market.services.notices import link_to, notify, officers_of, owner_account
from sentra.market.validators import reject_html
from sentra.regions.models import Region, RegionLevel
from sentra.registry.models import Unit

NEIGHBOURS_FILE = Path(__file__).resolve().parent.parent / "data" / "kecamatan_neighbours.json"
MAX_DISTANCE_KM = 25.0  # a day's round trip by pick-up truck on Lebak's roads


@lru_cache(maxsize=1)
def kecamatan_neighbours() -> dict[str, frozenset[str]]:
    """Kecamatan that share a border (an approximation shipped for Lebak; see the file)."""
    data = json.loads(NEIGHBOURS_FILE.read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    for a, b in data["pairs"]:
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {code: frozenset(codes) for code, codes in out.items()}


def distance_km(lat1: Decimal, lon1: Decimal, lat2: Decimal, lon2: Decimal) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def match_basis(request: MaterialRequest, supplier: Supplier) -> tuple[str, float | None] | None:
    """How a supplier fits a request, or None. Coordinates decide when both sides have them;
    otherwise the same or a neighbouring kecamatan."""
    if supplier.material != request.material or not supplier.is_active:
        return None
    unit: Unit = request.unit
    coordinates = (unit.latitude, unit.longitude, supplier.latitude, supplier.longitude)
    if all(value is not None for value in coordinates):
        km = distance_km(*coordinates)  # type: ignore[arg-type]
        return (MatchBasis.DISTANCE, round(km, 1)) if km <= MAX_DISTANCE_KM else None
    if supplier.kecamatan_id == unit.kecamatan_id:
        return MatchBasis.SAME_KECAMATAN, None
    if supplier.kecamatan_id in kecamatan_neighbours().get(str(unit.kecamatan_id), frozenset()):
        return MatchBasis.NEIGHBOUR, None
    return None


# --- suppliers -----------------------------------------------------------------------------


@dataclass
class SupplierData:
    name: str
    material: str
    kecamatan_code: str
    capacity: str
    season: str = "Sepanjang tahun"
    description: str = ""
    desa_code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    contact: str = ""
    listed_publicly: bool = False
    is_active: bool = True


def _labels() -> dict[str, str]:
    return {
        "name": _("Nama pemasok"),
        "capacity": _("Kapasitas"),
        "season": _("Musim"),
        "description": _("Keterangan"),
        "contact": _("Kontak"),
        "quantity": _("Jumlah"),
        "note": _("Catatan"),
    }


def _supplier_validate(data: SupplierData) -> tuple[Region, Region | None]:
    for name in ("name", "capacity", "season", "description", "contact"):
        setattr(data, name, getattr(data, name).strip())
    reject_html(
        {n: getattr(data, n) for n in ("name", "capacity", "season", "description", "contact")},
        _labels(),
    )
    errors: dict[str, ValidationError] = {}
    if not data.name:
        errors["name"] = ValidationError(_("Nama pemasok wajib diisi."), code="required")
    if data.material not in Material.values:
        errors["material"] = ValidationError(_("Bahan baku tidak dikenal."), code="material")
    if not data.capacity:
        errors["capacity"] = ValidationError(_("Kapasitas wajib diisi."), code="required")
    kecamatan = Region.objects.filter(code=data.kecamatan_code, level=RegionLevel.DISTRICT).first()
    if kecamatan is None:
        errors["kecamatan_code"] = ValidationError(
            _("Kecamatan tidak dikenal."), code="kecamatan_unknown"
        )
    desa = None
    if data.desa_code:
        desa = Region.objects.filter(code=data.desa_code, level=RegionLevel.VILLAGE).first()
        if desa is None or desa.parent_id != data.kecamatan_code:
            errors["desa_code"] = ValidationError(
                _("Desa tidak berada di kecamatan yang dipilih."), code="desa_outside"
            )
    if (data.latitude is None) != (data.longitude is None):
        errors["latitude"] = ValidationError(
            _("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."), code="coordinates"
        )
    if errors:
        raise ValidationError(errors)
    assert kecamatan is not None
    return kecamatan, desa


SUPPLIER_FIELDS = (
    "name",
    "material",
    "capacity",
    "season",
    "description",
    "latitude",
    "longitude",
    "listed_publicly",
    "is_active",
)


def supplier_save(
    *,
    actor: Any,
    data: SupplierData,
    supplier: Supplier | None = None,
    is_demo: bool = False,
    notify_matches: bool = True,
) -> Supplier:
    """Create (or update) a supplier and match it against open requests."""
    require(
        can_manage_suppliers(actor, data.kecamatan_code)
        and (supplier is None or can_manage_suppliers(actor, str(supplier.kecamatan_id))),
        _("Anda hanya dapat mengelola pemasok di kecamatan tugas Anda."),
        "outside_scope",
    )
    kecamatan, desa = _supplier_validate(data)
    with transaction.atomic():
        before = {n: getattr(supplier, n) for n in SUPPLIER_FIELDS} if supplier else {}
        target = supplier or Supplier(is_demo=is_demo)
        for name in SUPPLIER_FIELDS:
            setattr(target, name, getattr(data, name))
        target.kecamatan = kecamatan
        target.desa = desa
        if data.contact:
            target.contact_encrypted = protect.encrypt(data.contact)
            target.contact_masked = protect.mask_phone(data.contact)
        target.save()
        after = {n: getattr(target, n) for n in SUPPLIER_FIELDS}
        changed_before, changed_after = diff(before, after)
        audit_record(
            actor=actor,
            action="market.supplier_update" if supplier else "market.supplier_create",
            obj=target,
            summary=target.name[:255],
            before=changed_before,
            after=changed_after,
        )
        open_requests = MaterialRequest.objects.filter(
            status=RequestStatus.OPEN, material=target.material
        ).select_related("unit", "unit__owner", "created_by")
        for request in open_requests:
            _match(actor, request, target, notify_both=notify_matches)
    return target


def supplier_contact(*, actor: Any, supplier: Supplier) -> str:
    """The supplier's contact in clear, for a user allowed to call them (audited)."""
    if not supplier.contact_encrypted:
        return ""
    audit_record(actor=actor, action="market.supplier_contact", obj=supplier)
    return protect.decrypt(supplier.contact_encrypted)


# --- requests ------------------------------------------------------------------------------


@dataclass
class RequestData:
    material: str
    quantity: str
    needed_by: date | None = None
    note: str = ""


def material_request_create(
    *, actor: Any, unit: Unit, data: RequestData, notify_matches: bool = True
) -> MaterialRequest:
    require(
        can_request_material(actor, unit),
        _("Anda hanya dapat memasang permintaan untuk unit Anda atau kecamatan tugas Anda."),
        "outside_scope",
    )
    data.quantity = data.quantity.strip()
    data.note = data.note.strip()
    reject_html({"quantity": data.quantity, "note": data.note}, _labels())
    errors: dict[str, ValidationError] = {}
    if data.material not in Material.values:
        errors["material"] = ValidationError(_("Bahan baku tidak dikenal."), code="material")
    if not data.quantity:
        errors["quantity"] = ValidationError(_("Jumlah wajib diisi."), code="required")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = MaterialRequest.objects.create(
            unit=unit, **asdict(data), created_by=user_or_none(actor)
        )
        audit_record(
            actor=actor,
            action="market.material_request",
            obj=request,
            summary=f"unit {unit.pk}: {data.material} {data.quantity}"[:255],
            after=asdict(data),
        )
        suppliers = Supplier.objects.filter(material=data.material, is_active=True)
        for supplier in suppliers.select_related("account"):
            _match(actor, request, supplier, notify_both=notify_matches)
    return request


def material_request_close(*, actor: Any, request: MaterialRequest) -> MaterialRequest:
    require(
        can_request_material(actor, request.unit),
        _("Anda hanya dapat menutup permintaan unit Anda atau kecamatan tugas Anda."),
        "outside_scope",
    )
    with transaction.atomic():
        if request.status == RequestStatus.CLOSED:
            return request
        MaterialRequest.objects.filter(pk=request.pk).update(status=RequestStatus.CLOSED)
        audit_record(
            actor=actor,
            action="market.material_request_close",
            obj=request,
            before={"status": request.status},
            after={"status": RequestStatus.CLOSED.value},
        )
    request.status = RequestStatus.CLOSED
    return request


def _match(
    actor: Any, request: MaterialRequest, supplier: Supplier, *, notify_both: bool
) -> MaterialMatch | None:
    found = match_basis(request, supplier)
    if found is None or MaterialMatch.objects.filter(request=request, supplier=supplier).exists():
        return None
    basis, km = found
    match = MaterialMatch.objects.create(
        request=request,
        supplier=supplier,
        basis=basis,
        distance_km=Decimal(str(km)) if km is not None else None,
    )
    audit_record(
        actor=actor,
        action="market.material_match",
        obj=match,
        summary=f"request {request.pk} ↔ supplier {supplier.pk} ({basis})",
    )
    if notify_both:
        _tell_both(request, supplier)
    return match


def _tell_both(request: MaterialRequest, supplier: Supplier) -> None:
    unit = request.unit
    material = Material(request.material).label
    link = link_to("market:material_requests")
    notify(
        recipients=[owner_account(unit), request.created_by],
        text=_("Pemasok %(material)s ditemukan untuk %(unit)s: %(supplier)s")
        % {"material": material, "unit": unit.business_name, "supplier": supplier.name},
        link=link,
    )
    supplier_side = [supplier.account] if supplier.account_id else []
    supplier_side = supplier_side or list(officers_of(str(supplier.kecamatan_id)))
    notify(
        recipients=supplier_side,
        text=_("%(unit)s membutuhkan %(material)s (%(quantity)s); kabari pemasok %(supplier)s.")
        % {
            "unit": unit.business_name,
            "material": material,
            "quantity": request.quantity,
            "supplier": supplier.name,
        },
        link=link,
    )

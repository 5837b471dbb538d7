"""The catalog's writes: producer profile, publication consent, products, photos and their
moderation. Each runs in one transaction and writes its audit row."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record, diff
from sentra.market.images import photo_prepare
from sentra.market.models import (
    ProducerProfile,
    Product,
    ProductPhoto,
    ProductStatus,
    PublicationConsent,
)
from sentra.market.rules import (
    actor_label,
    can_moderate,
    is_user,
    require,
    require_unit,
    user_or_none,
)
from sentra.market.services.notices import notify_unit_staff
from sentra.market.validators import reject_html
from sentra.registry.models import Commodity, Unit

MAX_PHOTOS = 6


# --- producer profile and publication consent ----------------------------------------------


@dataclass
class ProfileData:
    story: str = ""
    show_owner_name: bool = False
    home_industry: bool = False
    export_ready: bool = False


def profile_of(unit: Unit) -> ProducerProfile:
    """The unit's market profile (an unsaved blank one when it has none yet)."""
    profile = ProducerProfile.objects.filter(unit=unit).first()
    return profile or ProducerProfile(unit=unit)


def profile_update(*, actor: Any, unit: Unit, data: ProfileData) -> ProducerProfile:
    require_unit(actor, unit)
    data.story = data.story.strip()
    reject_html({"story": data.story}, {"story": _("Cerita usaha")})
    with transaction.atomic():
        profile = ProducerProfile.objects.select_for_update().filter(unit=unit).first()
        before = asdict(ProfileData(**_profile_values(profile))) if profile else {}
        profile = profile or ProducerProfile(unit=unit)
        for name, value in asdict(data).items():
            setattr(profile, name, value)
        profile.save()
        changed_before, changed_after = diff(before, asdict(data))
        audit_record(
            actor=actor,
            action="market.profile_update",
            obj=profile,
            summary=f"unit {unit.pk}",
            before=changed_before,
            after=changed_after,
        )
    return profile


def _profile_values(profile: ProducerProfile) -> dict[str, Any]:
    return {name: getattr(profile, name) for name in ProfileData.__dataclass_fields__}


def consent_active(unit: Unit) -> PublicationConsent | None:
    return PublicationConsent.objects.filter(unit=unit, withdrawn_at__isnull=True).first()


def consent_give(*, actor: Any, unit: Unit, at: Any = None) -> PublicationConsent:
    """Record the owner's consent to publication (by the owner, or by an officer who heard
    it). Giving it twice changes nothing."""
    require_unit(actor, unit)
    with transaction.atomic():
        current = consent_active(unit)
        if current is not None:
            return current
        consent = PublicationConsent.objects.create(
            unit=unit,
            given_at=at or timezone.now(),
            recorded_by=user_or_none(actor),
            recorded_by_label=actor_label(actor),
        )
        audit_record(
            actor=actor,
            action="market.consent_give",
            obj=consent,
            summary=f"unit {unit.pk}",
            after={"unit": unit.pk, "given_at": consent.given_at},
        )
    return consent


def consent_withdraw(*, actor: Any, unit: Unit) -> PublicationConsent | None:
    """Withdraw the consent: the unit and its products leave the catalog at once."""
    require_unit(actor, unit)
    with transaction.atomic():
        current = PublicationConsent.objects.select_for_update().filter(
            unit=unit, withdrawn_at__isnull=True
        )
        consent = current.first()
        if consent is None:
            return None
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = user_or_none(actor)
        consent.withdrawn_by_label = actor_label(actor)
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_by_label"])
        audit_record(
            actor=actor,
            action="market.consent_withdraw",
            obj=consent,
            summary=f"unit {unit.pk}",
            after={"unit": unit.pk, "withdrawn_at": consent.withdrawn_at},
        )
    return consent


# --- products ------------------------------------------------------------------------------


@dataclass
class ProductData:
    name: str
    commodity_id: int
    price_min: int
    price_max: int | None = None
    unit_of_sale: str = "buah"
    min_order: int = 1
    monthly_capacity: int | None = None
    description: str = ""


CONTENT_FIELDS = tuple(ProductData.__dataclass_fields__)


def _labels() -> dict[str, str]:
    return {
        "name": _("Nama produk"),
        "description": _("Deskripsi"),
        "unit_of_sale": _("Satuan"),
    }


def _product_validate(data: ProductData) -> None:
    data.name = data.name.strip()
    data.description = data.description.strip()
    data.unit_of_sale = data.unit_of_sale.strip() or "buah"
    reject_html(
        {"name": data.name, "description": data.description, "unit_of_sale": data.unit_of_sale},
        _labels(),
    )
    errors: dict[str, ValidationError] = {}
    if not data.name:
        errors["name"] = ValidationError(_("Nama produk wajib diisi."), code="required")
    if data.price_min < 0:
        errors["price_min"] = ValidationError(_("Harga tidak boleh negatif."), code="negative")
    if data.price_max is not None and data.price_max < data.price_min:
        errors["price_max"] = ValidationError(
            _("Harga tertinggi tidak boleh di bawah harga terendah."), code="price_range"
        )
    if data.min_order < 1:
        errors["min_order"] = ValidationError(
            _("Pesanan minimum paling sedikit 1."), code="min_order"
        )
    if data.monthly_capacity is not None and data.monthly_capacity < 0:
        errors["monthly_capacity"] = ValidationError(
            _("Nilai tidak boleh negatif."), code="negative"
        )
    if not Commodity.objects.filter(pk=data.commodity_id).exists():
        errors["commodity_id"] = ValidationError(
            _("Komoditas tidak dikenal."), code="commodity_unknown"
        )
    if errors:
        raise ValidationError(errors)
    if data.price_max == data.price_min:
        data.price_max = None


def _content(product: Product) -> dict[str, Any]:
    return {name: getattr(product, name) for name in CONTENT_FIELDS}


def product_create(*, actor: Any, unit: Unit, data: ProductData, publish: bool = False) -> Product:
    """A new product waits for moderation. `publish` (the demo, imports by the office) puts
    it in the catalog at once; only a moderator's actor may ask for it."""
    require_unit(actor, unit)
    _product_validate(data)
    if publish:
        require(can_moderate(actor, unit), _("Hanya moderator yang dapat menayangkan."), "mod")
    now = timezone.now()
    with transaction.atomic():
        product = Product.objects.create(
            unit=unit,
            **asdict(data),
            status=ProductStatus.PUBLISHED if publish else ProductStatus.PENDING,
            submitted_at=now,
            submitted_by=user_or_none(actor),
            moderated_at=now if publish else None,
        )
        audit_record(
            actor=actor,
            action="market.product_create",
            obj=product,
            summary=f"unit {unit.pk}: {product.name}"[:255],
            after={**_content(product), "status": product.status},
        )
        if not publish:
            notify_unit_staff(
                unit=unit,
                text=_("Produk baru menunggu moderasi: %(name)s") % {"name": product.name},
                link_name="market:moderation",
                exclude=user_or_none(actor),
                owner=False,
            )
    return product


def product_update(*, actor: Any, product: Product, data: ProductData) -> Product:
    """Change a product. A published product keeps showing its approved text while the
    change waits in the moderation queue; other products simply wait again."""
    require_unit(actor, product.unit)
    _product_validate(data)
    with transaction.atomic():
        current = Product.objects.select_for_update().get(pk=product.pk)
        before = _content(current)
        changed_before, changed_after = diff(before, asdict(data))
        if not changed_after:
            return current
        if current.status == ProductStatus.PUBLISHED:
            pending = {**(current.pending_changes or {}), **changed_after}
            pending = {k: v for k, v in pending.items() if before.get(k) != v}
            current.pending_changes = pending or None
        else:
            for name, value in changed_after.items():
                setattr(current, name, value)
            current.status = ProductStatus.PENDING
            current.pending_changes = None
        current.submitted_at = timezone.now()
        current.submitted_by = user_or_none(actor)
        current.moderation_note = ""
        current.save()
        audit_record(
            actor=actor,
            action="market.product_update",
            obj=current,
            summary=f"unit {current.unit_id}: {current.name}"[:255],
            before=changed_before,
            after=changed_after,
        )
    return current


def product_set_stock(*, actor: Any, product: Product, in_stock: bool) -> Product:
    """Out of stock (or back): immediate, no moderation — it is a fact, not content."""
    require_unit(actor, product.unit)
    with transaction.atomic():
        if product.in_stock == in_stock:
            return product
        Product.objects.filter(pk=product.pk).update(in_stock=in_stock, updated_at=timezone.now())
        audit_record(
            actor=actor,
            action="market.product_stock",
            obj=product,
            before={"in_stock": product.in_stock},
            after={"in_stock": in_stock},
        )
    product.in_stock = in_stock
    return product


def product_archive(*, actor: Any, product: Product) -> Product:
    """Take a product out of the catalog for good (its inquiries and orders stay)."""
    require_unit(actor, product.unit)
    with transaction.atomic():
        before = product.status
        Product.objects.filter(pk=product.pk).update(
            status=ProductStatus.ARCHIVED, pending_changes=None, updated_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="market.product_archive",
            obj=product,
            before={"status": before},
            after={"status": ProductStatus.ARCHIVED.value},
        )
    product.refresh_from_db()
    return product


# --- moderation ----------------------------------------------------------------------------


def _require_moderator(actor: Any, product: Product) -> None:
    require(
        can_moderate(actor, product.unit),
        _("Hanya admin dan petugas kecamatan produk ini yang dapat memoderasi."),
        "not_moderator",
    )
    if is_user(actor):
        require(
            product.submitted_by_id != actor.pk,
            _("Anda tidak dapat memoderasi produk yang Anda ajukan sendiri."),
            "own_submission",
        )


def product_approve(*, actor: Any, product: Product) -> Product:
    """Publish a new product, apply a waiting change, and approve new photos."""
    with transaction.atomic():
        current = Product.objects.select_for_update().select_related("unit").get(pk=product.pk)
        _require_moderator(actor, current)
        if current.status == ProductStatus.ARCHIVED:
            raise ValidationError(_("Produk ini sudah diarsipkan."), code="archived")
        applied = dict(current.pending_changes or {})
        for name, value in applied.items():
            if name in CONTENT_FIELDS:
                setattr(current, name, value)
        before_status = current.status
        current.status = ProductStatus.PUBLISHED
        current.pending_changes = None
        current.moderated_at = timezone.now()
        current.moderation_note = ""
        current.save()
        photos = ProductPhoto.objects.filter(product=current, approved=False).update(approved=True)
        audit_record(
            actor=actor,
            action="market.product_approve",
            obj=current,
            summary=f"{current.name}"[:255],
            before={"status": before_status},
            after={"status": current.status, "applied": applied, "photos": photos},
        )
        notify_unit_staff(
            unit=current.unit,
            text=_("Produk Anda tayang di katalog: %(name)s") % {"name": current.name},
            link_name="market:product_manage_list",
            exclude=user_or_none(actor),
            staff=False,
        )
    return current


def product_reject(*, actor: Any, product: Product, note: str) -> Product:
    """Refuse a new product or a waiting change (with the reason); a published product keeps
    its approved text, and unapproved photos are removed."""
    note = note.strip()
    if not note:
        raise ValidationError(
            {"note": ValidationError(_("Tuliskan alasan penolakan."), code="required")}
        )
    reject_html({"note": note}, {"note": _("Alasan")})
    with transaction.atomic():
        current = Product.objects.select_for_update().select_related("unit").get(pk=product.pk)
        _require_moderator(actor, current)
        before = {"status": current.status, "pending_changes": current.pending_changes}
        if current.status != ProductStatus.PUBLISHED:
            current.status = ProductStatus.REJECTED
        current.pending_changes = None
        current.moderation_note = note[:255]
        current.moderated_at = timezone.now()
        current.save()
        removed, _detail = ProductPhoto.objects.filter(product=current, approved=False).delete()
        audit_record(
            actor=actor,
            action="market.product_reject",
            obj=current,
            summary=note[:255],
            before=before,
            after={"status": current.status, "photos_removed": removed},
        )
        notify_unit_staff(
            unit=current.unit,
            text=_("Produk %(name)s belum dapat ditayangkan: %(note)s")
            % {"name": current.name, "note": note},
            link_name="market:product_manage_list",
            exclude=user_or_none(actor),
            staff=False,
        )
    return current


# --- photos --------------------------------------------------------------------------------


def photo_add(
    *, actor: Any, product: Product, content: bytes, approved: bool = False
) -> ProductPhoto:
    """Check, resize and store a photo (EXIF stripped). It shows once a moderator approved
    it; `approved` is for moderators' own uploads (the demo)."""
    require_unit(actor, product.unit)
    if approved:
        require(can_moderate(actor, product.unit), _("Hanya moderator."), "not_moderator")
    if product.status == ProductStatus.ARCHIVED:
        raise ValidationError(_("Produk ini sudah diarsipkan."), code="archived")
    if ProductPhoto.objects.filter(product=product).count() >= MAX_PHOTOS:
        raise ValidationError(
            _("Paling banyak %(max)s foto per produk; hapus salah satu dulu."),
            code="photo_limit",
            params={"max": MAX_PHOTOS},
        )
    prepared = photo_prepare(content)
    try:
        with transaction.atomic():
            position = ProductPhoto.objects.filter(product=product).aggregate(p=Max("position"))[
                "p"
            ]
            photo = ProductPhoto.objects.create(
                product=product,
                position=0 if position is None else position + 1,
                large=prepared.large,
                thumb=prepared.thumb,
                width=prepared.width,
                height=prepared.height,
                digest=prepared.digest,
                approved=approved,
                uploaded_by=user_or_none(actor),
            )
            audit_record(
                actor=actor,
                action="market.photo_add",
                obj=photo,
                summary=f"product {product.pk}",
                after={"width": photo.width, "height": photo.height, "bytes": len(prepared.large)},
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Foto yang sama sudah ada pada produk ini."), code="photo_duplicate"
        ) from exc
    return photo


def photo_delete(*, actor: Any, photo: ProductPhoto) -> None:
    require_unit(actor, photo.product.unit)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="market.photo_delete",
            obj=photo,
            summary=f"product {photo.product_id}",
        )
        ProductPhoto.objects.filter(pk=photo.pk).delete()

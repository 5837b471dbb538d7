"""Reads from the market, always through the reader's scope (the public sees the catalog)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from sentra.accounts.scope import Area, Capability, Scope, scope
from sentra.market.models import (
    ExportProposal,
    Inquiry,
    MaterialRequest,
    Notification,
    Order,
    Product,
    ProductPhoto,
    ProductStatus,
    PublicationConsent,
)
from sentra.registry.models import Unit, UnitStatus
from sentra.registry.selectors import scope_filter_units


def _consent_active(unit_ref: str) -> Exists:
    return Exists(
        PublicationConsent.objects.filter(unit=OuterRef(unit_ref), withdrawn_at__isnull=True)
    )


def catalog_units() -> QuerySet[Unit]:
    """Units the public may see: the owner agreed to publication and to data processing, and
    the unit is active. Withdrawing either consent hides the unit at once."""
    return Unit.objects.filter(_consent_active("pk"), owner__consent=True, status=UnitStatus.ACTIVE)


def first_photo_id() -> Subquery:
    return Subquery(
        ProductPhoto.objects.filter(product=OuterRef("pk"), approved=True)
        .order_by("position", "id")
        .values("pk")[:1]
    )


def catalog_products() -> QuerySet[Product]:
    """Published products of catalog units, with what a card shows (no N+1)."""
    return (
        Product.objects.filter(
            _consent_active("unit_id"),
            status=ProductStatus.PUBLISHED,
            unit__owner__consent=True,
            unit__status=UnitStatus.ACTIVE,
        )
        .select_related(
            "commodity",
            "unit",
            "unit__kecamatan",
            "unit__desa",
            "unit__market_profile",
        )
        .annotate(photo_id=first_photo_id())
    )


def catalog_product_get(*, pk: int) -> Product:
    product = catalog_products().filter(pk=pk).first()
    if product is None:
        raise Http404
    return product


def catalog_unit_get(*, pk: int) -> Unit:
    unit = (
        catalog_units()
        .select_related("kecamatan", "desa", "commodity", "owner", "market_profile")
        .filter(pk=pk)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def photo_visible(*, photo: ProductPhoto, user: Any) -> bool:
    """The public sees approved photos of catalog products; whoever manages a product sees
    its photos before moderation too."""
    if photo.approved and catalog_products().filter(pk=photo.product_id).exists():
        return True
    return managed_products_for_user(user=user).filter(pk=photo.product_id).exists()


# --- products a user manages -----------------------------------------------------------------


def _units_q(s: Scope, prefix: str = "") -> Q:
    """The units of a scope's area, as a filter on `<prefix>unit` (nothing for no area)."""
    if s.area is Area.ALL:
        return Q()
    if s.area is Area.KECAMATAN:
        return Q(**{f"{prefix}kecamatan_id__in": sorted(s.kecamatan_codes)})
    if s.area is Area.OWN:
        return Q(**{f"{prefix}owner__account_id": s.owner_user_id})
    return Q(pk__in=[])


def managed_units_for_user(*, user: Any) -> QuerySet[Unit]:
    s = scope(user)
    if not s.can(Capability.MANAGE_PRODUCTS):
        return Unit.objects.none()
    return Unit.objects.filter(_units_q(s))


def managed_products_for_user(*, user: Any) -> QuerySet[Product]:
    s = scope(user)
    if not s.can(Capability.MANAGE_PRODUCTS):
        return Product.objects.none()
    return Product.objects.filter(_units_q(s, "unit__"))


def managed_product_get(*, user: Any, pk: int) -> Product:
    product = (
        managed_products_for_user(user=user)
        .select_related("unit", "unit__owner", "unit__kecamatan", "commodity")
        .filter(pk=pk)
        .first()
    )
    if product is None:
        raise Http404
    return product


def managed_unit_get(*, user: Any, pk: int) -> Unit:
    unit = (
        managed_units_for_user(user=user)
        .select_related("owner", "kecamatan", "desa", "commodity")
        .filter(pk=pk)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def moderation_queue_for_user(*, user: Any) -> QuerySet[Product]:
    """Products waiting for a moderator: new ones, edits of published ones, new photos."""
    s = scope(user)
    if not s.can(Capability.MODERATE_PRODUCTS):
        return Product.objects.none()
    waiting = Q(status=ProductStatus.PENDING) | Q(pending_changes__isnull=False)
    waiting |= Q(
        Exists(ProductPhoto.objects.filter(product=OuterRef("pk"), approved=False)),
        status=ProductStatus.PUBLISHED,
    )
    return (
        Product.objects.filter(waiting)
        .filter(_units_q(s, "unit__"))
        .select_related("unit", "unit__kecamatan", "commodity", "submitted_by")
        .order_by("submitted_at", "id")
    )


# --- inquiries, orders, proposals ------------------------------------------------------------


def inquiry_list_for_user(*, user: Any) -> QuerySet[Inquiry]:
    """The owner their own units' inquiries, an officer their kecamatan's, admin and analyst
    all, the cooperative those that became its orders; nobody else any."""
    s = scope(user)
    qs = Inquiry.objects.all()
    if not s.can(Capability.READ_INQUIRIES):
        return qs.none()
    if s.area is Area.NONE:  # the cooperative: the inquiries that became its orders
        return qs.filter(order__isnull=False) if s.can(Capability.HANDLE_MONEY) else qs.none()
    return qs.filter(_units_q(s, "unit__"))


def inquiry_get_for_user(*, user: Any, pk: int) -> Inquiry:
    inquiry = (
        inquiry_list_for_user(user=user)
        .select_related("unit", "unit__owner", "product")
        .filter(pk=pk)
        .first()
    )
    if inquiry is None:
        raise Http404
    return inquiry


def order_list_for_user(*, user: Any) -> QuerySet[Order]:
    s = scope(user)
    qs = Order.objects.all()
    if not s.can(Capability.READ_ORDERS):
        return qs.none()
    if s.can(Capability.HANDLE_MONEY):  # the cooperative handles every order
        return qs
    return qs.filter(_units_q(s, "unit__"))


def order_get_for_user(*, user: Any, pk: int) -> Order:
    order = (
        order_list_for_user(user=user)
        .select_related("unit", "unit__owner", "unit__kecamatan", "inquiry", "agreement")
        .filter(pk=pk)
        .first()
    )
    if order is None:
        raise Http404
    return order


def statement_units_for_user(*, user: Any) -> QuerySet[Unit]:
    """Units whose monthly statements the user may read: those with orders in scope."""
    return Unit.objects.filter(
        pk__in=order_list_for_user(user=user).values("unit_id")
    ).select_related("kecamatan")


def export_proposals_for_user(*, user: Any) -> QuerySet[ExportProposal]:
    s = scope(user)
    if not s.can(Capability.READ_EXPORT_PROPOSALS):
        return ExportProposal.objects.none()
    return ExportProposal.objects.filter(
        unit__in=Unit.objects.filter(scope_filter_units(s)).values("pk")
    )


def material_requests_for_user(*, user: Any) -> QuerySet[MaterialRequest]:
    s = scope(user)
    if not s.can(Capability.READ_MATERIAL_REQUESTS):
        return MaterialRequest.objects.none()
    return MaterialRequest.objects.filter(_units_q(s, "unit__"))


def notifications_for_user(*, user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)

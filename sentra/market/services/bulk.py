"""The market's bulk writer: many rows of its own tables in one transaction with one
summarising audit row (the demo uses it; see docs/decisions.md, "the demo is written in
bulk"). Rows arrive as unsaved model instances that refer to each other; timestamps they
carry are kept (a plain bulk_create would stamp them with the present)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Q

from sentra.core.audit import audit_record
from sentra.market.models import (
    Agreement,
    ExportProposal,
    Inquiry,
    MaterialMatch,
    MaterialRequest,
    Order,
    OrderItem,
    Payment,
    Payout,
    ProducerProfile,
    Product,
    ProductPhoto,
    PublicationConsent,
    Supplier,
)
from sentra.market.services.inquiries import inquiry_fingerprint
from sentra.market.services.suppliers import match_basis

BATCH = 500


@dataclass
class MarketRows:
    profiles: list[ProducerProfile] = field(default_factory=list)
    consents: list[PublicationConsent] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    photos: list[ProductPhoto] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    inquiries: list[Inquiry] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    items: list[OrderItem] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    payouts: list[Payout] = field(default_factory=list)
    proposals: list[ExportProposal] = field(default_factory=list)
    suppliers: list[Supplier] = field(default_factory=list)
    requests: list[MaterialRequest] = field(default_factory=list)


def _create(model: type[models.Model], rows: list[Any]) -> int:
    """bulk_create keeping the rows' own created_at/updated_at where the model has them."""
    if not rows:
        return 0
    stamped = [
        f.name for f in model._meta.concrete_fields if f.name in ("created_at", "updated_at")
    ]
    stamps = [[getattr(row, name) for name in stamped] for row in rows]
    model._default_manager.bulk_create(rows, batch_size=BATCH)
    if stamped and all(v is not None for values in stamps for v in values):
        # One plain UPDATE per row (executemany): bulk_update's CASE expressions cost more.
        fields = [f for f in model._meta.concrete_fields if f.name in stamped]
        table = connection.ops.quote_name(model._meta.db_table)
        sets = ", ".join(f"{connection.ops.quote_name(str(f.column))} = %s" for f in fields)
        params = [
            [f.get_db_prep_value(v, connection) for f, v in zip(fields, values, strict=True)]
            + [row.pk]
            for row, values in zip(rows, stamps, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", params)  # noqa: S608
        for row, values in zip(rows, stamps, strict=True):
            for name, value in zip(stamped, values, strict=True):
                setattr(row, name, value)
    return len(rows)


def market_bulk_load(*, actor: Any, rows: MarketRows, summary: str = "") -> dict[str, int]:
    """Write the rows; matches between requests and suppliers are found here, as the
    service would. Returns what was written."""
    for inquiry in rows.inquiries:
        inquiry.unit_id = inquiry.product.unit_id
        if not inquiry.fingerprint:
            inquiry.fingerprint = inquiry_fingerprint(
                product=inquiry.product, email=inquiry.email, message=inquiry.message
            )
    with transaction.atomic():
        counts = {
            "profiles": _create(ProducerProfile, rows.profiles),
            "consents": _create(PublicationConsent, rows.consents),
            "products": _create(Product, rows.products),
            "photos": _create(ProductPhoto, rows.photos),
            "agreements": _create(Agreement, rows.agreements),
            "inquiries": _create(Inquiry, rows.inquiries),
            "orders": _create(Order, rows.orders),
            "order_items": _create(OrderItem, rows.items),
            "payments": _create(Payment, rows.payments),
            "payouts": _create(Payout, rows.payouts),
            "export_proposals": _create(ExportProposal, rows.proposals),
            "suppliers": _create(Supplier, rows.suppliers),
            "material_requests": _create(MaterialRequest, rows.requests),
        }
        matches = []
        suppliers = [s for s in rows.suppliers if s.is_active]
        for request in rows.requests:
            for supplier in suppliers:
                found = match_basis(request, supplier)
                if found is not None:
                    basis, km = found
                    matches.append(
                        MaterialMatch(
                            request=request,
                            supplier=supplier,
                            basis=basis,
                            distance_km=None if km is None else round(km, 1),
                        )
                    )
        counts["material_matches"] = _create(MaterialMatch, matches)
        audit_record(
            actor=actor,
            action="market.bulk_load",
            object_type="market.product",
            summary=summary[:255],
            after=counts,
        )
    return counts


def market_bulk_delete(*, actor: Any, units: Q, suppliers: Q, summary: str = "") -> dict[str, int]:
    """Delete the market rows of some units (a Q on Unit, e.g. the demo's) and some suppliers,
    children first. One audit row."""
    from sentra.registry.models import Unit

    unit_ids = Unit.objects.filter(units).values("pk")
    with transaction.atomic():
        orders = Order.objects.filter(unit__in=unit_ids)
        counts = {
            "payouts": Payout.objects.filter(order__in=orders).delete()[0],
            "payments": Payment.objects.filter(order__in=orders).delete()[0],
            "order_items": OrderItem.objects.filter(order__in=orders).delete()[0],
            "orders": orders.delete()[0],
            "export_proposals": ExportProposal.objects.filter(unit__in=unit_ids).delete()[0],
            "agreements": Agreement.objects.filter(unit__in=unit_ids).delete()[0],
            "inquiries": Inquiry.objects.filter(unit__in=unit_ids).delete()[0],
            "photos": ProductPhoto.objects.filter(product__unit__in=unit_ids).delete()[0],
            "products": Product.objects.filter(unit__in=unit_ids).delete()[0],
            "consents": PublicationConsent.objects.filter(unit__in=unit_ids).delete()[0],
            "profiles": ProducerProfile.objects.filter(unit__in=unit_ids).delete()[0],
            "material_requests": MaterialRequest.objects.filter(unit__in=unit_ids).delete()[0],
            "suppliers": Supplier.objects.filter(suppliers).delete()[0],
        }
        audit_record(
            actor=actor,
            action="market.bulk_delete",
            object_type="market.product",
            summary=summary[:255],
            before=counts,
        )
    return counts

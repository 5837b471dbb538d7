"""The shapes of the market's API (OpenAPI components): the public catalog, the products a
user manages, and buyers' inquiries."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from sentra.api.schemas import Named

ProductStatusValue = Literal["menunggu", "tayang", "ditolak", "diarsipkan"]
StageValue = Literal["baru", "dihubungi", "penawaran", "pesanan", "selesai", "batal"]
PRICE_MAX = 10_000_000_000  # as the web's product form


# --- the public catalog ----------------------------------------------------------------------


class PublicPhoto(Schema):
    large: str = Field(description="Absolute URL of the large JPEG (EXIF removed)")
    thumb: str = Field(description="Absolute URL of the small JPEG")
    width: int
    height: int


class Producer(Schema):
    """What the catalog shows about a producer: no NIK, phone or address below desa; the
    owner's name only when the owner chose to show it."""

    id: int = Field(description="The unit's id (the producer page's number)")
    business_name: str
    owner_name: str | None = Field(description="Only when the owner chose to show it")
    kecamatan: Named
    desa: Named
    women_owned: bool
    home_industry: bool
    export_ready: bool
    story: str
    certificates: list[Named] = Field(description="Active certificates (kind code and name)")
    url: str = Field(description="The producer's page in the catalog")


class CatalogProductOut(Schema):
    id: int
    name: str
    description: str
    commodity: Named
    price_min: int = Field(description="Rupiah")
    price_max: int | None = Field(description="Rupiah; null when the price is not a range")
    unit_of_sale: str
    min_order: int
    monthly_capacity: int | None
    in_stock: bool
    photos: list[PublicPhoto]
    producer: Producer
    url: str = Field(description="The product's page in the catalog (with the inquiry form)")
    published_at: datetime | None


class CatalogPage(Schema):
    results: list[CatalogProductOut]
    next: str | None


class InquiryIn(Schema):
    """A buyer's inquiry: the fields of the form on the product page."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    organisation: str = Field(default="", max_length=150)
    country: str = Field(
        pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code of a country (GB, DE, ID)"
    )
    email: str = Field(min_length=3, max_length=254, description="The buyer's e-mail address")
    quantity: int = Field(ge=1, le=1_000_000)
    message: str = Field(min_length=1, max_length=2000, description="Plain text, no HTML")


class InquiryReceipt(Schema):
    product_id: int
    duplicate: bool = Field(
        description="The same inquiry (e-mail and message) arrived within a day: not stored again"
    )
    detail: str


# --- a unit's products, for those who manage them -------------------------------------------


class ManagedPhoto(Schema):
    id: int
    approved: bool
    width: int
    height: int
    large: str | None = Field(description="Absolute URL once approved (public); else null")
    thumb: str | None


class ManagedProductOut(Schema):
    id: int
    unit_id: int
    name: str
    description: str
    commodity: Named
    price_min: int
    price_max: int | None
    unit_of_sale: str
    min_order: int
    monthly_capacity: int | None
    in_stock: bool
    status: ProductStatusValue = Field(
        description="menunggu (waits for moderation), tayang, ditolak, diarsipkan"
    )
    pending_changes: dict[str, Any] | None = Field(
        description="Changes of a published product that wait for moderation (buyers still "
        "see the approved values)"
    )
    moderation_note: str
    submitted_at: datetime | None
    moderated_at: datetime | None
    in_catalog: bool = Field(description="Shown in the public catalog now")
    url: str | None = Field(description="The product's page in the catalog, when shown there")
    photos: list[ManagedPhoto]
    updated_at: datetime


class ManagedProductPage(Schema):
    results: list[ManagedProductOut]
    next: str | None


class ProductIn(Schema):
    """A new product; it waits for moderation before buyers see it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    commodity: str = Field(max_length=32, description="Commodity code (e.g. mebel)")
    description: str = Field(default="", max_length=2000, description="Plain text, no HTML")
    price_min: int = Field(ge=0, le=PRICE_MAX, description="Rupiah")
    price_max: int | None = Field(default=None, ge=0, le=PRICE_MAX, description="Rupiah")
    unit_of_sale: str = Field(default="buah", min_length=1, max_length=32)
    min_order: int = Field(default=1, ge=1, le=2_147_483_647)
    monthly_capacity: int | None = Field(default=None, ge=0, le=2_147_483_647)


class ProductPatch(Schema):
    """Omitted fields keep their value. Content changes of a published product wait for
    moderation; `in_stock` applies at once."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=120)
    commodity: str | None = Field(default=None, max_length=32, description="Commodity code")
    description: str | None = Field(default=None, max_length=2000)
    price_min: int | None = Field(default=None, ge=0, le=PRICE_MAX)
    price_max: int | None = Field(default=None, ge=0, le=PRICE_MAX)
    unit_of_sale: str | None = Field(default=None, min_length=1, max_length=32)
    min_order: int | None = Field(default=None, ge=1, le=2_147_483_647)
    monthly_capacity: int | None = Field(default=None, ge=0, le=2_147_483_647)
    in_stock: bool | None = None


# --- inquiries -------------------------------------------------------------------------------


class InquiryProduct(Schema):
    id: int
    name: str
    unit_of_sale: str


class InquiryUnit(Schema):
    id: int
    business_name: str
    kecamatan: Named


class Buyer(Schema):
    name: str | None = Field(description="null for readers who may not see buyers' contact")
    organisation: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    email: str | None = Field(description="null for readers who may not see buyers' contact")


class OrderRef(Schema):
    id: int
    number: str
    status: str


class InquiryOut(Schema):
    id: int
    product: InquiryProduct
    unit: InquiryUnit
    buyer: Buyer
    quantity: int
    message: str
    stage: StageValue
    stage_changed_at: datetime | None
    next_stages: list[StageValue] = Field(description="The stages it may move to from here")
    note: str
    order: OrderRef | None
    created_at: datetime


class InquiryPage(Schema):
    results: list[InquiryOut]
    next: str | None


class InquiryPatch(Schema):
    """Move an inquiry to its next stage (baru → dihubungi → penawaran → pesanan → selesai,
    or batal while open); "pesanan" opens the cooperative's order."""

    model_config = ConfigDict(extra="forbid")

    stage: StageValue
    note: str = Field(default="", max_length=255, description="Follow-up note (plain text)")

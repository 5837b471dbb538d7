"""Market figures (aggregates only, no personal data): the dashboard panel, the Jendela
Wanita view, the unit panel and the open-data cells. Sales are confirmed orders, counted in
the year and month of the order; they are a part of a unit's production value, never added
to it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from sentra.market.models import (
    SALE_STATUSES,
    Inquiry,
    InquiryStage,
    Order,
    Product,
    ProductStatus,
)
from sentra.market.selectors import catalog_products, catalog_units
from sentra.registry.models import Commodity, Sex, Unit, YearlyReport

WOMEN = Q(unit__owner__sex=Sex.FEMALE)


def _in(qs: QuerySet[Any], kecamatan: Iterable[str] | None, field: str = "unit__") -> QuerySet[Any]:
    if kecamatan is None:
        return qs
    return qs.filter(**{f"{field}kecamatan_id__in": sorted(kecamatan)})


def market_years() -> list[int]:
    """Years with inquiries or orders, oldest first."""
    years = set(Inquiry.objects.annotate(y=ExtractYear("created_at")).values_list("y", flat=True))
    years |= set(Order.objects.annotate(y=ExtractYear("ordered_on")).values_list("y", flat=True))
    return sorted(y for y in years if y)


def sales(*, year: int | None = None) -> QuerySet[Order]:
    orders = Order.objects.filter(status__in=SALE_STATUSES)
    return orders.filter(ordered_on__year=year) if year is not None else orders


def market_figures(*, year: int, kecamatan: Iterable[str] | None = None) -> dict[str, Any]:
    """The dashboard's market panel for a year, within some kecamatan (None: all)."""
    codes = None if kecamatan is None else frozenset(kecamatan)
    listed = _in(catalog_products(), codes)
    inquiries = _in(Inquiry.objects.filter(created_at__year=year), codes)
    orders = _in(sales(year=year), codes)
    stage_counts = dict(inquiries.values_list("stage").annotate(n=Count("id")).order_by())
    by_stage = [
        {"code": s.value, "label": s.label, "count": stage_counts.get(s.value, 0)}
        for s in InquiryStage
    ]
    converted = inquiries.filter(
        order__status__in=SALE_STATUSES, order__ordered_on__year=year
    ).count()
    total = inquiries.count()
    by_country = [
        {
            "country": row["country"],
            "inquiries": row["n"],
            "orders": row["o"],
        }
        for row in inquiries.values("country")
        .annotate(n=Count("id"), o=Count("order", filter=Q(order__status__in=SALE_STATUSES)))
        .order_by("-n", "country")
    ]
    names = dict(Commodity.objects.values_list("pk", "name"))
    by_commodity = [
        {
            "name": names.get(row["unit__commodity"], ""),
            "orders": row["n"],
            "sales": row["s"],
            "sales_women": row["w"],
        }
        for row in orders.values("unit__commodity")
        .annotate(
            n=Count("id"),
            s=Sum("total", default=0),
            w=Sum("total", default=0, filter=WOMEN),
        )
        .order_by("-s")
    ]
    months = dict(
        orders.annotate(m=ExtractMonth("ordered_on"))
        .values_list("m")
        .annotate(s=Sum("total", default=0))
        .order_by()
    )
    months_women = dict(
        orders.filter(WOMEN)
        .annotate(m=ExtractMonth("ordered_on"))
        .values_list("m")
        .annotate(s=Sum("total", default=0))
        .order_by()
    )
    totals = orders.aggregate(
        n=Count("id"),
        s=Sum("total", default=0),
        usd=Sum("value_usd", default=0),
        w=Sum("total", default=0, filter=WOMEN),
        wn=Count("id", filter=WOMEN),
    )
    return {
        "year": year,
        "products_listed": listed.count(),
        "producers_listed": listed.values("unit_id").distinct().count(),
        "products_listed_women": listed.filter(WOMEN).count(),
        "producers_listed_women": listed.filter(WOMEN).values("unit_id").distinct().count(),
        "inquiries": total,
        "inquiries_women": inquiries.filter(WOMEN).count(),
        "inquiries_foreign": inquiries.exclude(country="ID").count(),
        "by_stage": by_stage,
        "by_country": by_country,
        "converted": converted,
        "conversion": round(100.0 * converted / total, 1) if total else None,
        "orders": totals["n"],
        "orders_women": totals["wn"],
        "sales": totals["s"],
        "sales_women": totals["w"],
        "sales_usd": totals["usd"],
        "by_commodity": by_commodity,
        "by_month": [
            {"month": m, "sales": months.get(m, 0), "sales_women": months_women.get(m, 0)}
            for m in range(1, 13)
        ],
    }


# --- one unit ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitYear:
    year: int
    production_value: int | None
    sales: int

    @property
    def share(self) -> float | None:
        if not self.production_value or not self.sales:
            return None
        return round(100.0 * self.sales / self.production_value, 1)


def unit_sales_by_year(*, unit: Unit) -> list[UnitYear]:
    """Sales through the cooperative beside the yearly report's production value."""
    sold = dict(
        sales()
        .filter(unit=unit)
        .annotate(y=ExtractYear("ordered_on"))
        .values_list("y")
        .annotate(s=Sum("total", default=0))
        .order_by()
    )
    production = dict(
        YearlyReport.objects.filter(unit=unit, is_active=True).values_list(
            "year", "production_value"
        )
    )
    years = sorted(set(sold) | set(production))
    return [UnitYear(y, production.get(y), int(sold.get(y, 0))) for y in years]


# --- Jendela Wanita ------------------------------------------------------------------------


def jendela_units(*, year: int, kecamatan: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Women-owned units and home industries in the catalog, with their products, inquiries
    and sales of the year. Business data only: no owner names, no contacts."""
    units = (
        _in(catalog_units(), kecamatan, field="")
        .filter(Q(owner__sex=Sex.FEMALE) | Q(market_profile__home_industry=True))
        .select_related("kecamatan", "desa", "commodity", "market_profile")
        .annotate(
            products_listed=Count(
                "products", filter=Q(products__status=ProductStatus.PUBLISHED), distinct=True
            ),
            inquiries_year=Count(
                "inquiries", filter=Q(inquiries__created_at__year=year), distinct=True
            ),
            women=Exists(Unit.objects.filter(pk=OuterRef("pk"), owner__sex=Sex.FEMALE)),
        )
        .filter(products_listed__gt=0)
        .order_by("kecamatan__name", "business_name", "id")
    )
    rows = list(units)
    sold: dict[int, int] = defaultdict(int)
    for unit_id, total in (
        sales(year=year)
        .filter(unit__in=[u.pk for u in rows])
        .values_list("unit_id")
        .annotate(s=Sum("total", default=0))
        .order_by()
    ):
        sold[unit_id] = total
    return [
        {
            "unit": unit,
            "women": unit.women,
            "home": bool(getattr(getattr(unit, "market_profile", None), "home_industry", False)),
            "products": unit.products_listed,
            "inquiries": unit.inquiries_year,
            "sales": sold.get(unit.pk, 0),
        }
        for unit in rows
    ]


# --- open data -----------------------------------------------------------------------------


def opendata_by_commodity(*, year: int) -> list[dict[str, Any]]:
    """Per commodity: units with inquiries, inquiries, confirmed orders and sales (Rp).
    `units` decides small-cell suppression in the open data."""
    inquiries = Inquiry.objects.filter(created_at__year=year)
    out: dict[int, dict[str, Any]] = {}
    for row in inquiries.values("unit__commodity").annotate(
        n=Count("id"), u=Count("unit", distinct=True)
    ):
        out[row["unit__commodity"]] = {"units": row["u"], "inquiries": row["n"]}
    for row in (
        sales(year=year)
        .values("unit__commodity")
        .annotate(n=Count("id"), s=Sum("total", default=0), u=Count("unit", distinct=True))
    ):
        cell = out.setdefault(row["unit__commodity"], {"units": 0, "inquiries": 0})
        cell["orders"] = row["n"]
        cell["sales"] = row["s"]
        cell["order_units"] = row["u"]
    commodities = Commodity.objects.in_bulk(list(out))
    rows = []
    for pk, cell in sorted(out.items(), key=lambda kv: (commodities[kv[0]].sort_order, kv[0])):
        rows.append(
            {
                "code": commodities[pk].code,
                "name": commodities[pk].name,
                "units": max(cell["units"], cell.get("order_units", 0)),
                "inquiries": cell["inquiries"],
                "orders": cell.get("orders", 0),
                "sales": cell.get("sales", 0),
            }
        )
    return rows


def opendata_by_country(*, year: int) -> list[dict[str, Any]]:
    """Per buyer country: units asked, inquiries and confirmed orders."""
    rows = (
        Inquiry.objects.filter(created_at__year=year)
        .values("country")
        .annotate(
            u=Count("unit", distinct=True),
            n=Count("id"),
            o=Count("order", filter=Q(order__status__in=SALE_STATUSES)),
        )
        .order_by("country")
    )
    return [
        {"country": r["country"], "units": r["u"], "inquiries": r["n"], "orders": r["o"]}
        for r in rows
    ]


def products_count(*, unit: Unit) -> dict[str, int]:
    counts = dict(
        Product.objects.filter(unit=unit).values_list("status").annotate(n=Count("id")).order_by()
    )
    return {s.value: counts.get(s.value, 0) for s in ProductStatus}

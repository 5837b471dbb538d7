"""The market part of `sentra demo` (settings.SENTRA_DEMO_EXTENSIONS): about 300 products
with drawn pictures, Pasir Ona's bamboo furniture sold to buyers in Britain, Germany, Italy,
the Netherlands, France and Portugal, batik Lebak, gula aren, emping and kalimaya; buyers'
inquiries and the cooperative's orders over 2017–2018; raw-material suppliers.

Consistency with the registry demo: an order to a foreign buyer is never worth more than the
unit's reported exports to that country in that year, and domestic sales stay a small part
of the unit's production value — sales through Sentra are a part, never an addition.
Deterministic for a seed; written in bulk through the market's bulk writer.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from django.db.models import Q

from sentra.accounts.models import Role, User
from sentra.core import protect
from sentra.core.actors import SystemActor
from sentra.demo import market_data as data
from sentra.demo.market_pictures import picture
from sentra.market.models import (
    Agreement,
    ExportProposal,
    Inquiry,
    InquiryStage,
    MaterialRequest,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    Payout,
    PayoutStatus,
    ProducerProfile,
    Product,
    ProductPhoto,
    ProductStatus,
    ProposalStatus,
    PublicationConsent,
    RequestStatus,
    Supplier,
)
from sentra.market.services.bulk import MarketRows, market_bulk_delete, market_bulk_load
from sentra.market.services.orders import share_of
from sentra.regions.models import Region
from sentra.registry.models import (
    Commodity,
    DataSource,
    ExportDestination,
    Person,
    Unit,
    UnitStatus,
    YearlyReport,
)

DEMO = DataSource.DEMO
PASIR_ONA_DESA = "36.02.14.2017"
OWNER_USERNAME = "pemilik.pasirona"
# Demo accounts of the market (created by the registry demo's account list when present).
COOPERATIVE_MAKER = "koperasi.jelita"
COOPERATIVE_CHECKER = "koperasi.bendahara"
YEARS = (2017, 2018)
PENDING_PRODUCTS = 6


def _at(d: date, hour: int = 3) -> datetime:
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=UTC)


def _day(rng: Random, year: int, first: int = 1, last: int = 11) -> date:
    month = rng.randint(first, last)
    return date(year, month, rng.randint(1, 28))


def _round(value: float, step: int) -> int:
    return max(step, round(value / step) * step)


@dataclass
class _Actors:
    officer: User | None
    admin: User | None
    maker: User | None
    checker: User | None

    @classmethod
    def load(cls) -> _Actors:
        users = {
            u.username: u
            for u in User.objects.filter(
                username__in=["admin", COOPERATIVE_MAKER, COOPERATIVE_CHECKER]
            )
        }
        officer = (
            User.objects.filter(role=Role.OFFICER, kecamatan__code="36.02.14")
            .order_by("pk")
            .first()
        )
        return cls(
            officer=officer,
            admin=users.get("admin"),
            maker=users.get(COOPERATIVE_MAKER),
            checker=users.get(COOPERATIVE_CHECKER),
        )


def demo_reset(*, actor: Any) -> None:
    """Remove the market rows of demo units and the demo suppliers."""
    market_bulk_delete(
        actor=actor,
        units=Q(data_source=DEMO),
        suppliers=Q(is_demo=True),
        summary="market demo reset",
    )


def demo_load(*, actor: Any, seed: int) -> dict[str, int]:
    """Create the demo market once (idempotent); returns what was created."""
    if Product.objects.filter(unit__data_source=DEMO).exists():
        return {"products": 0}
    if not Unit.objects.filter(data_source=DEMO).exists():
        return {"products": 0}
    rng = Random(seed * 104_729 + 11)
    builder = _Builder(rng, _Actors.load())
    builder.choose_units()
    builder.catalog()
    builder.trade()
    builder.suppliers()
    return market_bulk_load(actor=actor, rows=builder.rows, summary=f"market demo, seed {seed}")


class _Builder:
    def __init__(self, rng: Random, actors: _Actors) -> None:
        self.rng = rng
        self.actors = actors
        self.rows = MarketRows()
        self.commodities = {c.code: c for c in Commodity.objects.all()}
        self.units: list[tuple[Unit, str]] = []  # (unit, group)
        self.products: dict[int, list[Product]] = defaultdict(list)
        self.reports: dict[tuple[int, int], YearlyReport] = {}
        self.exports: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
        self.agreements: dict[int, Agreement] = {}
        self.account_pk: int | None = None

    # --- which units --------------------------------------------------------------------

    def choose_units(self) -> None:
        """Pasir Ona's exporters, the demo owner's unit, and a sample of each commodity's
        units whose owners consented; only the chosen units are loaded as objects."""
        rng = self.rng
        eligible = Unit.objects.filter(
            data_source=DEMO,
            status=UnitStatus.ACTIVE,
            owner__consent=True,
            reports__year=2018,
            reports__is_active=True,
        )
        exporters = set(
            YearlyReport.objects.filter(
                unit__data_source=DEMO, year__in=YEARS, market_reach="ekspor"
            ).values_list("unit_id", flat=True)
        )
        melinjo = set(
            YearlyReport.objects.filter(
                year=2018, unit__data_source=DEMO, raw_materials__icontains="melinjo"
            ).values_list("unit_id", flat=True)
        )
        groups: dict[int, str] = {}
        pools: dict[str, list[int]] = defaultdict(list)
        for pk, code, desa in eligible.order_by("pk").values_list(
            "pk", "commodity__code", "desa_id"
        ):
            if desa == PASIR_ONA_DESA:
                if pk in exporters:
                    groups[pk] = "pasir-ona"
                continue
            group = "emping" if code == "makanan-olahan" and pk in melinjo else code
            pools[group].append(pk)
        account_unit = self._account_unit()
        if account_unit is not None:
            groups[account_unit.pk] = "pasir-ona"
            self.account_pk = account_unit.pk
        for group, (count, _lo, _hi) in data.UNIT_COUNTS.items():
            pool = pools.get(group, [])
            for pk in rng.sample(pool, min(count, len(pool))):
                groups.setdefault(pk, group)
        units = Unit.objects.filter(pk__in=list(groups)).select_related(
            "owner", "commodity", "kecamatan", "desa"
        )
        by_pk = {unit.pk: unit for unit in units}
        self.units = [(by_pk[pk], groups[pk]) for pk in sorted(groups)]
        ids = sorted(groups)
        for report in YearlyReport.objects.filter(unit_id__in=ids, year__in=YEARS):
            self.reports[(report.unit_id, report.year)] = report
        for unit_id, year, country, value in ExportDestination.objects.filter(
            report__unit_id__in=ids, report__year__in=YEARS
        ).values_list("report__unit_id", "report__year", "country", "value_usd"):
            self.exports[(unit_id, year)].append((country, value))

    def _account_unit(self) -> Unit | None:
        person = Person.objects.filter(account__username=OWNER_USERNAME).first()
        if person is None:
            return None
        unit = person.units.filter(data_source=DEMO).order_by("pk").first()
        if unit is not None and not person.consent:
            # The demo owner joined the market: the data-processing consent it needs is the
            # registry's to record, through its own service.
            from sentra.registry.services import PersonUpdateData, person_update

            person_update(
                actor=SystemActor("sentra demo"),
                person=person,
                data=PersonUpdateData(name=person.name, sex=person.sex, consent=True),
            )
            unit.refresh_from_db()
        return unit

    # --- catalog ------------------------------------------------------------------------

    def catalog(self) -> None:
        rng = self.rng
        officer_label = self.actors.officer.username if self.actors.officer else "sentra demo"
        pending_left = PENDING_PRODUCTS
        for unit, group in self.units:
            report = self.reports.get((unit.pk, 2018))
            workers = report.workers if report else 1
            exporting = bool(self.exports.get((unit.pk, 2018)))
            joined = date(2017, 1, 1) + timedelta(days=rng.randint(0, 300))
            story = rng.choice(data.STORIES).format(
                year=unit.year_established or 2010, kampung=unit.kampung or unit.desa.name
            )
            self.rows.profiles.append(
                ProducerProfile(
                    unit=unit,
                    story=story,
                    show_owner_name=rng.random() < 0.3,
                    home_industry=workers <= 4,
                    export_ready=exporting,
                    created_at=_at(joined),
                    updated_at=_at(joined),
                )
            )
            self.rows.consents.append(
                PublicationConsent(
                    unit=unit,
                    given_at=_at(joined),
                    recorded_by=self.actors.officer,
                    recorded_by_label=officer_label,
                )
            )
            plans = list(data.PLANS[group])
            if group == "pasir-ona":
                lo, hi = data.PASIR_ONA_PRODUCTS
                count = data.ACCOUNT_PRODUCTS if unit.pk == self.account_pk else rng.randint(lo, hi)
                chosen = [plans[0], *rng.sample(plans[1:], count - 1)]
            else:
                _count, lo, hi = data.UNIT_COUNTS[group]
                chosen = rng.sample(plans, min(len(plans), rng.randint(lo, hi)))
            for plan in chosen:
                pending = pending_left > 0 and group not in ("pasir-ona",) and rng.random() < 0.04
                pending_left -= pending
                self._product(unit, plan, joined, pending=pending)

    def _product(self, unit: Unit, plan: data.ProductPlan, joined: date, *, pending: bool) -> None:
        rng = self.rng
        low, high = plan.price
        step = 500 if high < 100_000 else 5_000
        price = _round(rng.uniform(low, (low + high) / 2), step)
        price_max = _round(price * rng.uniform(1.15, 1.45), step) if rng.random() < 0.4 else None
        commodity = self.commodities[plan.commodity or unit.commodity.code]
        listed = joined + timedelta(days=rng.randint(3, 60))
        if pending:
            listed = date(2018, 12, rng.randint(1, 20))
        product = Product(
            unit=unit,
            commodity=commodity,
            name=plan.name,
            description=plan.description,
            price_min=price,
            price_max=price_max,
            unit_of_sale=plan.unit_of_sale,
            min_order=plan.min_order,
            monthly_capacity=_round(plan.capacity * rng.uniform(0.6, 1.4), 5),
            in_stock=rng.random() > 0.06,
            status=ProductStatus.PENDING if pending else ProductStatus.PUBLISHED,
            submitted_at=_at(listed),
            moderated_at=None if pending else _at(listed + timedelta(days=2)),
            created_at=_at(listed),
            updated_at=_at(listed),
        )
        self.rows.products.append(product)
        self.products[unit.pk].append(product)
        large, thumb, width, height = picture(plan.picture, rng)
        self.rows.photos.append(
            ProductPhoto(
                product=product,
                position=0,
                large=large,
                thumb=thumb,
                width=width,
                height=height,
                digest=hashlib.sha256(large).hexdigest(),
                approved=not pending,
            )
        )

    # --- inquiries and orders -----------------------------------------------------------

    def trade(self) -> None:
        rng = self.rng
        orders: list[tuple[Order, list[OrderItem], Inquiry]] = []
        for unit, _group in self.units:
            products = [p for p in self.products[unit.pk] if p.status == ProductStatus.PUBLISHED]
            if not products:
                continue
            for year in YEARS:
                if (unit.pk, year) not in self.reports:
                    continue
                for country, value_usd in sorted(self.exports.get((unit.pk, year), [])):
                    if rng.random() < 0.6:
                        orders += self._foreign(unit, products, year, country, value_usd)
                if rng.random() < 0.45:
                    orders += self._domestic(unit, products, year)
        # Recent inquiries, still open at the end of 2018 (the inbox is never empty).
        account = next((u for u, _g in self.units if u.pk == self.account_pk), None)
        open_units = [u for u, _g in self.units if self.products[u.pk]]
        for index, unit in enumerate(rng.sample(open_units, min(24, len(open_units)))):
            foreign = bool(self.exports.get((unit.pk, 2018))) and rng.random() < 0.7
            self._inquiry(
                unit,
                self.products[unit.pk],
                _at(date(2018, 12, rng.randint(1, 28)), 2 + index % 8),
                country=rng.choice([c for c, _v in self.exports[(unit.pk, 2018)]])
                if foreign
                else "ID",
                stage=rng.choice((InquiryStage.NEW, InquiryStage.NEW, InquiryStage.CONTACTED)),
            )
        if account is not None:
            self._inquiry(
                account,
                self.products[account.pk],
                _at(date(2018, 12, 27), 9),
                country="GB",
                stage=InquiryStage.NEW,
            )
        self._number(orders)
        self._proposals(orders)

    def _buyer(self, country: str) -> tuple[str, str, str]:
        name, organisation, domain = self.rng.choice(data.BUYERS[country])
        local = name.lower().replace(" ", ".").replace("ê", "e").replace("ö", "o")
        return name, organisation, f"{local}@{domain}"

    def _inquiry(
        self,
        unit: Unit,
        products: list[Product],
        when: datetime,
        *,
        country: str,
        stage: str,
        product: Product | None = None,
        quantity: int | None = None,
    ) -> Inquiry:
        rng = self.rng
        product = product or rng.choice(products)
        name, organisation, email = self._buyer(country if country in data.BUYERS else "US")
        quantity = quantity or product.min_order * rng.randint(1, 4)
        template = rng.choice(data.DOMESTIC_MESSAGES if country == "ID" else data.FOREIGN_MESSAGES)
        inquiry = Inquiry(
            product=product,
            name=name,
            organisation=organisation,
            country=country,
            email=email,
            quantity=quantity,
            message=template.format(
                product=product.name, quantity=quantity, unit=product.unit_of_sale
            ),
            stage=stage,
            stage_changed_at=when + timedelta(days=rng.randint(0, 5)),
            created_at=when,
            updated_at=when,
        )
        self.rows.inquiries.append(inquiry)
        return inquiry

    def _agreement(self, unit: Unit, group_share: Decimal) -> Agreement:
        agreement = self.agreements.get(unit.pk)
        if agreement is None:
            agreement = Agreement(
                unit=unit,
                number=f"PKS/KJ/2017/{len(self.agreements) + 1:03d}",
                share_percent=group_share,
                valid_from=date(2017, 1, 1),
                recorded_by=self.actors.maker,
                created_at=_at(date(2017, 1, 2)),
                updated_at=_at(date(2017, 1, 2)),
            )
            self.agreements[unit.pk] = agreement
            self.rows.agreements.append(agreement)
        return agreement

    def _foreign(
        self, unit: Unit, products: list[Product], year: int, country: str, value_usd: int
    ) -> list[tuple[Order, list[OrderItem], Inquiry]]:
        rng = self.rng
        when = _day(rng, year, 1, 10)
        furniture = [p for p in products if p.commodity.code == "mebel"] or products
        product = rng.choice(furniture)
        if rng.random() > 0.75 or value_usd < 400:
            stage = rng.choice(
                (InquiryStage.CONTACTED, InquiryStage.QUOTED, InquiryStage.CANCELLED)
            )
            self._inquiry(unit, products, _at(when), country=country, stage=stage, product=product)
            return []
        usd = _round(value_usd * rng.uniform(0.3, 0.6), 10)  # never above the reported value
        total = usd * data.IDR_PER_USD[year]
        quantity = max(product.min_order, total // product.price_min)
        price = total // quantity
        inquiry = self._inquiry(
            unit,
            products,
            _at(when),
            country=country,
            stage=InquiryStage.DONE,
            product=product,
            quantity=quantity,
        )
        order = self._order(unit, inquiry, when + timedelta(days=rng.randint(7, 25)), usd)
        items = [
            OrderItem(
                order=order,
                product=product,
                description=product.name,
                quantity=quantity,
                unit_price=price,
            )
        ]
        order.total = quantity * price
        return [(order, items, inquiry)]

    def _domestic(
        self, unit: Unit, products: list[Product], year: int
    ) -> list[tuple[Order, list[OrderItem], Inquiry]]:
        rng = self.rng
        when = _day(rng, year, 1, 11)
        product = rng.choice(products)
        report = self.reports[(unit.pk, year)]
        price = product.price_min if year == 2018 else _round(product.price_min * 0.95, 500)
        ceiling = max(price, report.production_value // 10)  # a tenth of the year's output
        quantity = min(product.min_order * rng.randint(1, 3), max(1, ceiling // price))
        if rng.random() < 0.45:
            stage = rng.choice(
                (InquiryStage.CONTACTED, InquiryStage.QUOTED, InquiryStage.CANCELLED)
            )
            self._inquiry(unit, products, _at(when), country="ID", stage=stage, product=product)
            return []
        inquiry = self._inquiry(
            unit,
            products,
            _at(when),
            country="ID",
            stage=InquiryStage.DONE,
            product=product,
            quantity=quantity,
        )
        order = self._order(unit, inquiry, when + timedelta(days=rng.randint(2, 14)), 0)
        items = [
            OrderItem(
                order=order,
                product=product,
                description=product.name,
                quantity=quantity,
                unit_price=price,
            )
        ]
        order.total = quantity * price
        return [(order, items, inquiry)]

    def _order(self, unit: Unit, inquiry: Inquiry, on: date, usd: int) -> Order:
        share = Decimal("5.00") if unit.desa_id == PASIR_ONA_DESA else Decimal("7.50")
        agreement = self._agreement(unit, share)
        return Order(
            number="",
            inquiry=inquiry,
            unit=unit,
            buyer_name=inquiry.name,
            buyer_organisation=inquiry.organisation,
            buyer_country=inquiry.country,
            buyer_email=inquiry.email,
            ordered_on=on,
            status=OrderStatus.DONE,
            agreement=agreement,
            share_percent=agreement.share_percent,
            value_usd=usd,
            confirmed_at=_at(on, 5),
            created_by=self.actors.maker,
            created_at=_at(on, 4),
            updated_at=_at(on, 4),
        )

    def _number(self, orders: list[tuple[Order, list[OrderItem], Inquiry]]) -> None:
        """Number the orders by date, then add payments and payouts. The last weeks of 2018
        are still being paid or paid out."""
        rng = self.rng
        counters: dict[int, int] = defaultdict(int)
        for order, items, inquiry in sorted(orders, key=lambda o: (o[0].ordered_on, o[2].email)):
            year = order.ordered_on.year
            counters[year] += 1
            order.number = f"KJ-{year}-{counters[year]:04d}"
            self.rows.orders.append(order)
            self.rows.items.extend(items)
            late = order.ordered_on >= date(2018, 11, 1)
            first = order.ordered_on + timedelta(days=rng.randint(3, 20))
            if late and rng.random() < 0.5:
                order.status = OrderStatus.CONFIRMED
                inquiry.stage = InquiryStage.ORDERED
                deposit = order.total // 2
                self._payment(order, deposit, first)
                continue
            if order.total >= 2_000_000 and rng.random() < 0.5:
                deposit = order.total // 2
                self._payment(order, deposit, first)
                self._payment(
                    order, order.total - deposit, first + timedelta(days=rng.randint(20, 45))
                )
                paid = first + timedelta(days=50)
            else:
                self._payment(order, order.total, first)
                paid = first
            if late and rng.random() < 0.5:
                order.status = OrderStatus.PAID
                inquiry.stage = InquiryStage.ORDERED
                continue
            producer = order.total - share_of(order.total, order.share_percent)
            self.rows.payouts.append(
                Payout(
                    order=order,
                    amount=producer,
                    status=PayoutStatus.APPROVED,
                    proposed_by=self.actors.maker,
                    proposed_at=_at(paid + timedelta(days=1)),
                    decided_by=self.actors.checker,
                    decided_at=_at(paid + timedelta(days=2)),
                    paid_on=paid + timedelta(days=2),
                )
            )

    def _payment(self, order: Order, amount: int, on: date) -> None:
        self.rows.payments.append(
            Payment(
                order=order,
                amount=amount,
                received_on=on,
                reference=f"TRF {order.number}-{len(self.rows.payments) + 1}",
                recorded_by=self.actors.maker,
            )
        )

    def _proposals(self, orders: list[tuple[Order, list[OrderItem], Inquiry]]) -> None:
        """Foreign sales proposed as export figures: accepted by the officer (the report
        already holds at least as much), except the last weeks of 2018, still proposed."""
        grouped: dict[tuple[int, int], list[Order]] = defaultdict(list)
        for order, _items, _inquiry in orders:
            if order.buyer_country != "ID":
                grouped[(order.unit_id, order.ordered_on.year)].append(order)
        decider = self.actors.officer or self.actors.admin
        for (unit_id, year), group in sorted(grouped.items()):
            open_ = year == 2018 and max(o.ordered_on for o in group) >= date(2018, 11, 1)
            decided = _at(date(year, 12, 30))
            self.rows.proposals.append(
                ExportProposal(
                    unit_id=unit_id,
                    year=year,
                    value_usd=sum(o.value_usd for o in group),
                    countries=sorted({o.buyer_country for o in group}),
                    orders=sorted(o.number for o in group),
                    status=ProposalStatus.PROPOSED if open_ else ProposalStatus.ACCEPTED,
                    decided_by=None if open_ else decider,
                    decided_at=None if open_ else decided,
                    created_at=decided,
                    updated_at=decided,
                )
            )

    # --- suppliers ----------------------------------------------------------------------

    def suppliers(self) -> None:
        rng = self.rng
        regions = set(Region.objects.filter(code__in=[s.kecamatan for s in data.SUPPLIERS]))
        known = {r.code for r in regions}
        for plan in data.SUPPLIERS:
            if plan.kecamatan not in known:
                continue
            contact = f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}"
            self.rows.suppliers.append(
                Supplier(
                    name=plan.name,
                    material=plan.material,
                    description=plan.description,
                    kecamatan_id=plan.kecamatan,
                    capacity=plan.capacity,
                    season=plan.season,
                    contact_encrypted=protect.encrypt(contact),
                    contact_masked=protect.mask_phone(contact),
                    listed_publicly=rng.random() < 0.9,
                    is_demo=True,
                    created_at=_at(date(2017, 3, rng.randint(1, 28))),
                    updated_at=_at(date(2017, 3, rng.randint(1, 28))),
                )
            )
        needs = {
            "pasir-ona": ("bambu", "300 batang"),
            "batik-lebak": ("benang", "200 meter kain mori"),
            "gula-aren": ("nira", "100 liter per hari"),
            "batu-kalimaya": ("batu", "5 kg bongkahan"),
            "mebel": ("kayu", "2 m³ albasia"),
            "anyaman": ("bambu", "150 batang"),
        }
        candidates = [(u, g) for u, g in self.units if g in needs]
        for unit, group in rng.sample(candidates, min(12, len(candidates))):
            material, quantity = needs[group]
            when = _at(date(2018, rng.randint(10, 12), rng.randint(1, 28)))
            self.rows.requests.append(
                MaterialRequest(
                    unit=unit,
                    material=material,
                    quantity=quantity,
                    needed_by=when.date() + timedelta(days=30),
                    status=RequestStatus.OPEN,
                    created_at=when,
                    updated_at=when,
                )
            )

"""Reads from the registry, always through the reader's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q, QuerySet
from django.http import Http404

from sentra.accounts.scope import Actor, Capability, Scope, scope
from sentra.core.models import AuditLog
from sentra.regions.codes import COUNTRY
from sentra.registry.models import Person, Unit, YearlyReport


def unit_region_q(code: str) -> Q:
    """Units in the region `code` (the country, a province, regency, kecamatan or desa),
    written as the list's indexes expect: the first 2 or 5 characters of the kecamatan code
    for a province or regency."""
    from django.db.models.functions import Substr
    from django.db.models.lookups import Exact

    if code == COUNTRY:
        return Q()
    if len(code) in (2, 5):
        return Q(Exact(Substr("kecamatan", 1, len(code)), code))
    if len(code) == 8:
        return Q(kecamatan_id=code)
    return Q(desa_id=code)


def scope_filter_units(s: Scope) -> Q:
    """The Q that limits units to what a scope may see (nothing for the public)."""
    if s.everything:
        return Q()
    if s.kecamatan_codes:
        return Q(kecamatan_id__in=sorted(s.kecamatan_codes))
    if s.region_codes:
        either = Q(pk__in=[])
        for code in sorted(s.region_codes):
            either |= unit_region_q(code)
        return either
    if s.owner_user_id is not None:
        return Q(owner__account_id=s.owner_user_id)
    return Q(pk__in=[])


def unit_list_for_user(*, user: Actor | None) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_filter_units(scope(user)))


def unit_get_for_user(*, user: Actor | None, pk: int) -> Unit:
    """The unit if the user may see it; otherwise 404, as if it did not exist."""
    unit = (
        unit_list_for_user(user=user)
        .select_related("owner", "commodity", "desa", "kecamatan", "legal_form", "cluster")
        .filter(pk=pk)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def report_list_for_user(*, user: Actor | None) -> QuerySet[YearlyReport]:
    s = scope(user)
    q = scope_filter_units(s)
    return YearlyReport.objects.filter(unit__in=Unit.objects.filter(q).values("pk"))


def person_list_for_user(*, user: Actor | None) -> QuerySet[Person]:
    """People who own at least one unit the user may see (or the owner themself)."""
    s = scope(user)
    if s.everything:
        return Person.objects.all()
    if s.owner_user_id is not None:
        return Person.objects.filter(account_id=s.owner_user_id)
    visible = Unit.objects.filter(scope_filter_units(s)).values("owner_id")
    return Person.objects.filter(pk__in=visible)


def person_get_for_user(*, user: Actor | None, pk: int) -> Person:
    person = person_list_for_user(user=user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def report_latest_year() -> int | None:
    """The latest year with an active yearly report anywhere (None on an empty registry)."""
    year: int | None = YearlyReport.objects.filter(is_active=True).aggregate(y=Max("year"))["y"]
    return year


def report_years() -> list[int]:
    """Every year that has a yearly report, newest first. A loose index scan (one index seek
    per year) instead of DISTINCT over millions of reports."""
    from django.db import connection

    table = connection.ops.quote_name(YearlyReport._meta.db_table)
    sql = (
        f"WITH RECURSIVE y(year) AS (SELECT min(year) FROM {table} "  # noqa: S608 - model table
        f"UNION ALL SELECT (SELECT min(year) FROM {table} WHERE year > y.year) FROM y "
        f"WHERE y.year IS NOT NULL) SELECT year FROM y WHERE year IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted((row[0] for row in cursor.fetchall()), reverse=True)


def person_can_reveal(*, user: Actor | None, person: Person) -> bool:
    """May the user see this person's NIK and phone in clear? Admins; officers of a kecamatan
    where the person has a unit; the person's own account. Never analysts or the public."""
    s = scope(user)
    if not s.can(Capability.REVEAL_PERSONAL):
        return False
    if s.everything:
        return True
    if s.owner_user_id is not None:
        return person.account_id == s.owner_user_id
    return Unit.objects.filter(scope_filter_units(s), owner=person).exists()


def unit_history(*, unit: Unit, limit: int = 200) -> QuerySet[AuditLog]:
    """Audit rows of the unit, its yearly reports and its certificates, newest first."""
    report_ids = [str(pk) for pk in unit.reports.values_list("pk", flat=True)]
    certificate_ids = [str(pk) for pk in unit.certificates.values_list("pk", flat=True)]
    where = Q(object_type="registry.unit", object_id=str(unit.pk))
    if report_ids:
        where |= Q(object_type="registry.yearlyreport", object_id__in=report_ids)
    if certificate_ids:
        where |= Q(object_type="registry.certificate", object_id__in=certificate_ids)
    return AuditLog.objects.filter(where).select_related("actor").order_by("-at", "-id")[:limit]


QUEUE_KINDS = ("baru", "ubah")  # never verified / changed after an earlier verification
QUEUE_DECISIONS = frozenset({"unit.verify", "unit.return"})
QUEUE_QUIET = frozenset({"unit.verify", "unit.unverify", "unit.return"})


def verification_queue_for_user(
    *, user: Any, kecamatan: str = "", kind: str = "", returned: bool = False, q: str = ""
) -> QuerySet[Unit]:
    """Units waiting for an officer (or, with `returned`, sent back to their owners), within
    the user's scope, newest change first.

    `kind` "ubah": the unit was verified before and has changed since (its audit trail has a
    "unit.unverify" row, written when an owner's edit sends verified data back to the queue);
    "baru": it was never verified (new registrations, imports)."""
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast

    from sentra.registry.models import Verification
    from sentra.registry.names import business_match_name

    status = Verification.RETURNED if returned else Verification.UNVERIFIED
    units = unit_list_for_user(user=user).filter(verification=status)
    if kecamatan:
        units = units.filter(kecamatan_id=kecamatan)
    if kind in QUEUE_KINDS:
        changed = Exists(
            AuditLog.objects.filter(
                object_type="registry.unit",
                object_id=Cast(OuterRef("pk"), output_field=CharField()),
                action="unit.unverify",
            )
        )
        units = units.filter(changed) if kind == "ubah" else units.exclude(changed)
    if q.strip():
        units = units.filter(match_name__contains=business_match_name(q))
    return units.select_related("desa", "kecamatan", "commodity", "owner").order_by(
        "-updated_at", "-id"
    )


def pending_audit(*, units: list[Unit]) -> dict[int, list[AuditLog]]:
    """For each unit, the audit rows of the unit, its yearly reports and certificates written
    since the last decision on it (verify or return), oldest first: what is waiting for an
    officer. Three queries for a whole page of the queue."""
    from sentra.registry.models import Certificate

    ids = [u.pk for u in units]
    owner_of: dict[tuple[str, str], int] = {("registry.unit", str(pk)): pk for pk in ids}
    for pk, unit_id in YearlyReport.objects.filter(unit_id__in=ids).values_list("pk", "unit_id"):
        owner_of[("registry.yearlyreport", str(pk))] = unit_id
    for pk, unit_id in Certificate.objects.filter(unit_id__in=ids).values_list("pk", "unit_id"):
        owner_of[("registry.certificate", str(pk))] = unit_id
    where = Q(pk__in=[])
    for object_type in ("registry.unit", "registry.yearlyreport", "registry.certificate"):
        object_ids = [oid for (kind, oid) in owner_of if kind == object_type]
        if object_ids:
            where |= Q(object_type=object_type, object_id__in=object_ids)
    pending: dict[int, list[AuditLog]] = {pk: [] for pk in ids}
    for log in AuditLog.objects.filter(where).order_by("at", "id"):
        unit_id = owner_of[(log.object_type, log.object_id)]
        if log.object_type == "registry.unit" and log.action in QUEUE_DECISIONS:
            pending[unit_id] = []  # everything before a decision was already decided
        elif log.action not in QUEUE_QUIET:
            pending[unit_id].append(log)
    return pending


def worklist_allowed(*, user: Any) -> bool:
    """The officers' worklists (owners to complete, product names to classify): users who
    change units of a region (admins everywhere, officers in their kecamatan)."""
    s = scope(user)
    return s.can(Capability.CHANGE_UNITS) and (s.everything or bool(s.kecamatan_codes))


def owners_to_complete_for_user(*, user: Any) -> QuerySet[Person]:
    """Owners whose NIK is not recorded (from OSS or SIINas files), with a unit the user may
    see; each annotated with `units_count`."""
    from django.db.models import Count

    visible = Unit.objects.filter(scope_filter_units(scope(user)))
    return (
        Person.objects.filter(nik_digest__isnull=True, pk__in=visible.values("owner_id"))
        .annotate(units_count=Count("units"))
        .order_by("name", "pk")
    )


def unclassified_products_for_user(*, user: Any) -> list[dict[str, Any]]:
    """Product names under "Belum diklasifikasi" in the units the user may see: one entry per
    name (compared without case and punctuation) with an example as written and a count."""
    from django.db.models import Count, Min

    from sentra.registry.models import UNCLASSIFIED, ProductLine

    visible = Unit.objects.filter(scope_filter_units(scope(user))).values("pk")
    rows = (
        ProductLine.objects.filter(commodity__code=UNCLASSIFIED, unit_id__in=visible)
        .values("match_name")
        .annotate(name=Min("name"), units=Count("unit_id", distinct=True))
        .order_by("-units", "match_name")
    )
    return [dict(row) for row in rows]

"""Who qualifies for a program, with the reasons spelled out for every candidate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sentra.core.numbers import format_number
from sentra.programs.criteria import Criteria
from sentra.programs.models import GRANTED_STAGES, Participation, Program
from sentra.registry.models import (
    Certificate,
    CertificateKind,
    CertificateStatus,
    Cluster,
    Sex,
    Unit,
    YearlyReport,
)


@dataclass(frozen=True)
class Reason:
    ok: bool
    text: str


@dataclass(frozen=True)
class Check:
    """One criterion as a column of the candidate list: a key and a short header."""

    key: str
    label: str


@dataclass
class Candidate:
    """A unit (or a group) with the verdict and every reason behind it.

    `marks` (one boolean per check) are computed for every candidate; the sentences in
    `reasons` only when a page shows them, so that a list of 16,000 units stays fast."""

    pk: int
    name: str
    kecamatan: str
    commodity: str
    marks: tuple[bool, ...] = ()
    participation_stage: str = ""
    is_cluster: bool = False
    _reasons: list[Reason] | None = None
    _explain: Callable[[], list[Reason]] | None = None

    @property
    def reasons(self) -> list[Reason]:
        if self._reasons is None:
            self._reasons = self._explain() if self._explain else []
        return self._reasons

    @reasons.setter
    def reasons(self, value: list[Reason]) -> None:
        self._reasons = value
        self.marks = tuple(r.ok for r in value)

    @property
    def eligible(self) -> bool:
        return all(self.marks)

    @property
    def checks(self) -> list[tuple[bool, str]]:
        """(met, sentence) per criterion, in the order of the columns."""
        return [(r.ok, r.text) for r in self.reasons]

    def as_json(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "reasons": [{"ok": r.ok, "text": r.text} for r in self.reasons],
        }


def _aided_by_kind(program: Program, years: int | None, unit_ids: Any) -> dict[int, list[str]]:
    """Units granted a program of the same kind in the window (this program excluded)."""
    low = program.fiscal_year - (years or 0)
    rows = (
        Participation.objects.filter(
            program__kind=program.kind,
            program__fiscal_year__gte=low,
            program__fiscal_year__lte=program.fiscal_year,
            stage__in=GRANTED_STAGES,
        )
        .exclude(program=program)
        .values_list("unit_id", "cluster_id", "program__code", "program__fiscal_year")
    )
    out: dict[int, list[str]] = defaultdict(list)
    cluster_labels: dict[int, list[str]] = defaultdict(list)
    for unit_id, cluster_id, code, year in rows:
        label = f"{code} ({year})"
        if unit_id is not None:
            out[unit_id].append(label)
        else:
            cluster_labels[cluster_id].append(label)
    if cluster_labels:
        members = Unit.objects.filter(cluster_id__in=list(cluster_labels)).values_list(
            "pk", "cluster_id"
        )
        for pk, cluster_id in members:
            out[pk].extend(cluster_labels[cluster_id])
    return out


def _latest_reports(units: QuerySet[Unit], year: int) -> dict[int, tuple[int, int, int]]:
    """unit id → (year, workers, production value) of its latest active report ≤ year."""
    out: dict[int, tuple[int, int, int]] = {}
    rows = (
        YearlyReport.objects.filter(unit__in=units.values("pk"), year__lte=year, is_active=True)
        .order_by("year")
        .values_list("unit_id", "year", "workers_male", "workers_female", "production_value")
    )
    for unit_id, y, male, female, value in rows:
        out[unit_id] = (y, male + female, value)
    return out


def unit_checks(program: Program) -> list[Check]:
    """The columns of the candidate list: one per criterion the program sets, in the order of
    the reasons."""
    criteria = Criteria.from_json(program.criteria)
    kind_names = dict(CertificateKind.objects.values_list("code", "name"))
    checks = [Check("active", _("Aktif"))]
    if criteria.commodities:
        checks.append(Check("commodity", _("Komoditas")))
    if criteria.kbli:
        checks.append(Check("kbli", _("KBLI")))
    if criteria.kecamatan:
        checks.append(Check("kecamatan", _("Wilayah")))
    if criteria.min_workers is not None or criteria.max_workers is not None:
        checks.append(Check("workers", _("Tenaga kerja")))
    if criteria.min_production_value is not None or criteria.max_production_value is not None:
        checks.append(Check("production_value", _("Nilai produksi")))
    if criteria.women_owned:
        checks.append(Check("women_owned", _("Pemilik perempuan")))
    if criteria.has_nib:
        checks.append(Check("nib", _("NIB")))
    for code in criteria.has_certificates:
        checks.append(Check(f"has:{code}", kind_names.get(code, code)))
    for code in criteria.lacks_certificates:
        label = _("Tanpa %(kind)s") % {"kind": kind_names.get(code, code)}
        checks.append(Check(f"lacks:{code}", label))
    if criteria.not_aided_years:
        checks.append(Check("not_aided", _("Belum dibantu")))
    return checks


def unit_prefilter(*, program: Program, units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Only the units that can meet the criteria a database filter can decide (commodity,
    KBLI, kecamatan, women-owned, NIB): the eligible list needs nothing else."""
    criteria = Criteria.from_json(program.criteria)
    if criteria.commodities:
        units = units.filter(commodity__code__in=criteria.commodities)
    if criteria.kbli:
        units = units.filter(kbli__in=criteria.kbli)
    if criteria.kecamatan:
        units = units.filter(kecamatan_id__in=criteria.kecamatan)
    if criteria.women_owned:
        units = units.filter(owner__sex=Sex.FEMALE)
    if criteria.has_nib:
        units = units.exclude(Q(nib=""))
    return units


def unit_candidates(*, program: Program, units: QuerySet[Unit]) -> list[Candidate]:
    """Every unit of `units` with its verdict for `program` (criteria from the program)."""
    criteria = Criteria.from_json(program.criteria)
    year = program.fiscal_year
    rows: list[Any] = list(
        units.order_by("kecamatan__name", "match_name", "pk").values_list(
            "pk",
            "business_name",
            "kbli",
            "nib",
            "kecamatan_id",
            "kecamatan__name",
            "commodity__code",
            "commodity__name",
            "owner__sex",
            named=True,
        )
    )
    reports = _latest_reports(units, year)
    held: dict[int, set[str]] = defaultdict(set)
    for unit_id, kind in Certificate.objects.filter(
        unit__in=units.values("pk"), status=CertificateStatus.ACTIVE
    ).values_list("unit_id", "kind__code"):
        held[unit_id].add(kind)
    aided = _aided_by_kind(program, criteria.not_aided_years, units)
    kind_names = dict(CertificateKind.objects.values_list("code", "name"))
    stages = dict(
        Participation.objects.filter(program=program, unit__isnull=False).values_list(
            "unit_id", "stage"
        )
    )
    nothing: set[str] = set()
    out = []
    for row in rows:
        report, unit_held = reports.get(row.pk), held.get(row.pk, nothing)
        out.append(
            Candidate(
                pk=row.pk,
                name=row.business_name,
                kecamatan=row.kecamatan__name,
                commodity=row.commodity__name,
                participation_stage=stages.get(row.pk, ""),
                marks=_unit_marks(criteria, program, row, report, unit_held, aided),
                _explain=partial(
                    _unit_reasons, criteria, program, row, report, unit_held, aided, kind_names
                ),
            )
        )
    return out


def _unit_marks(
    criteria: Criteria,
    program: Program,
    row: Any,
    report: tuple[int, int, int] | None,
    held: set[str],
    aided: dict[int, list[str]],
) -> tuple[bool, ...]:
    """The verdict per criterion without the sentences (same order as `_unit_reasons`)."""
    marks = [report is not None]
    if criteria.commodities:
        marks.append(row.commodity__code in criteria.commodities)
    if criteria.kbli:
        marks.append(row.kbli in criteria.kbli)
    if criteria.kecamatan:
        marks.append(row.kecamatan_id in criteria.kecamatan)
    for low, high, index in (
        (criteria.min_workers, criteria.max_workers, 1),
        (criteria.min_production_value, criteria.max_production_value, 2),
    ):
        if low is not None or high is not None:
            value = report[index] if report is not None else None
            marks.append(
                value is not None
                and (low is None or value >= low)
                and (high is None or value <= high)
            )
    if criteria.women_owned:
        marks.append(row.owner__sex == Sex.FEMALE)
    if criteria.has_nib:
        marks.append(bool(row.nib))
    marks.extend(code in held for code in criteria.has_certificates)
    marks.extend(code not in held for code in criteria.lacks_certificates)
    if criteria.not_aided_years:
        marks.append(row.pk not in aided)
    return tuple(marks)


def _unit_reasons(
    criteria: Criteria,
    program: Program,
    row: Any,
    report: tuple[int, int, int] | None,
    held: set[str],
    aided: dict[int, list[str]],
    kind_names: dict[str, str],
) -> list[Reason]:
    year = program.fiscal_year
    reasons: list[Reason] = []
    if report is None:
        reasons.append(
            Reason(False, _("Tidak ada laporan tahunan aktif sampai %(year)s.") % {"year": year})
        )
    else:
        reasons.append(
            Reason(True, _("Aktif menurut laporan tahunan %(year)s.") % {"year": report[0]})
        )
    if criteria.commodities:
        ok = row.commodity__code in criteria.commodities
        text = (
            _("Komoditas %(name)s sesuai sasaran.")
            if ok
            else _("Komoditas %(name)s bukan sasaran program.")
        )
        reasons.append(Reason(ok, text % {"name": row.commodity__name}))
    if criteria.kbli:
        ok = row.kbli in criteria.kbli
        text = _("KBLI %(code)s sesuai sasaran.") if ok else _("KBLI %(code)s bukan sasaran.")
        reasons.append(Reason(ok, text % {"code": row.kbli or "–"}))
    if criteria.kecamatan:
        ok = row.kecamatan_id in criteria.kecamatan
        text = (
            _("Kecamatan %(name)s termasuk wilayah sasaran.")
            if ok
            else _("Kecamatan %(name)s di luar wilayah sasaran.")
        )
        reasons.append(Reason(ok, text % {"name": row.kecamatan__name}))
    if criteria.min_workers is not None or criteria.max_workers is not None:
        reasons.append(_range_reason(criteria.min_workers, criteria.max_workers, report, 1))
    if criteria.min_production_value is not None or criteria.max_production_value is not None:
        reasons.append(
            _range_reason(criteria.min_production_value, criteria.max_production_value, report, 2)
        )
    if criteria.women_owned:
        ok = row.owner__sex == Sex.FEMALE
        reasons.append(Reason(ok, _("Pemilik perempuan.") if ok else _("Pemilik bukan perempuan.")))
    if criteria.has_nib:
        ok = bool(row.nib)
        reasons.append(Reason(ok, _("Memiliki NIB.") if ok else _("Belum memiliki NIB.")))
    for code in criteria.has_certificates:
        ok = code in held
        text = (
            _("Memiliki sertifikat %(kind)s yang berlaku.")
            if ok
            else _("Belum memiliki sertifikat %(kind)s yang berlaku.")
        )
        reasons.append(Reason(ok, text % {"kind": kind_names.get(code, code)}))
    for code in criteria.lacks_certificates:
        ok = code not in held
        text = (
            _("Belum memiliki sertifikat %(kind)s (sasaran fasilitasi).")
            if ok
            else _("Sudah memiliki sertifikat %(kind)s yang berlaku.")
        )
        reasons.append(Reason(ok, text % {"kind": kind_names.get(code, code)}))
    if criteria.not_aided_years:
        got = aided.get(row.pk, [])
        if got:
            text = _("Sudah menerima program sejenis: %(list)s.") % {"list": ", ".join(got)}
        else:
            text = _("Belum menerima %(kind)s dalam %(n)s tahun terakhir.") % {
                "kind": program.get_kind_display().lower(),
                "n": criteria.not_aided_years,
            }
        reasons.append(Reason(not got, text))
    return reasons


def _range_reason(
    low: int | None, high: int | None, report: tuple[int, int, int] | None, index: int
) -> Reason:
    label = _("Tenaga kerja") if index == 1 else _("Nilai produksi")
    if report is None:
        return Reason(False, _("%(label)s tidak diketahui.") % {"label": label})
    value = report[index]
    if index == 1:
        shown = _("%(n)s orang") % {"n": format_number(value)}
    else:
        shown = "Rp " + format_number(value)
    if low is not None and value < low:
        return Reason(
            False,
            _("%(label)s %(value)s di bawah batas minimal %(limit)s.")
            % {"label": label, "value": shown, "limit": format_number(low)},
        )
    if high is not None and value > high:
        return Reason(
            False,
            _("%(label)s %(value)s melebihi batas maksimal %(limit)s.")
            % {"label": label, "value": shown, "limit": format_number(high)},
        )
    return Reason(
        True, _("%(label)s %(value)s dalam batas sasaran.") % {"label": label, "value": shown}
    )


def cluster_checks(program: Program) -> list[Check]:
    criteria = Criteria.from_json(program.criteria)
    checks = [Check("members", _("Anggota"))]
    if criteria.commodities:
        checks.append(Check("commodity", _("Komoditas")))
    if criteria.kecamatan:
        checks.append(Check("kecamatan", _("Wilayah")))
    return checks


def cluster_candidates(*, program: Program, clusters: QuerySet[Cluster]) -> list[Candidate]:
    """Groups for programs that target a KUBE or a sentra: commodity, kecamatan, members."""
    criteria = Criteria.from_json(program.criteria)
    stages = dict(
        Participation.objects.filter(program=program, cluster__isnull=False).values_list(
            "cluster_id", "stage"
        )
    )
    out = []
    for cluster in clusters.select_related("commodity", "kecamatan").order_by("name"):
        members = cluster.units.count()
        candidate = Candidate(
            pk=cluster.pk,
            name=cluster.name,
            kecamatan=cluster.kecamatan.name,
            commodity=cluster.commodity.name if cluster.commodity else "–",
            participation_stage=stages.get(cluster.pk, ""),
            is_cluster=True,
        )
        reasons: list[Reason] = []
        ok = members > 0
        reasons.append(
            Reason(ok, _("%(n)s unit anggota.") % {"n": members} if ok else _("Belum ada anggota."))
        )
        if criteria.commodities:
            code = cluster.commodity.code if cluster.commodity else ""
            ok = code in criteria.commodities
            reasons.append(
                Reason(
                    ok,
                    (
                        _("Komoditas %(name)s sesuai sasaran.")
                        if ok
                        else _("Komoditas %(name)s bukan sasaran program.")
                    )
                    % {"name": candidate.commodity},
                )
            )
        if criteria.kecamatan:
            ok = cluster.kecamatan_id in criteria.kecamatan
            reasons.append(
                Reason(
                    ok,
                    (
                        _("Kecamatan %(name)s termasuk wilayah sasaran.")
                        if ok
                        else _("Kecamatan %(name)s di luar wilayah sasaran.")
                    )
                    % {"name": candidate.kecamatan},
                )
            )
        candidate.reasons = reasons
        out.append(candidate)
    return out

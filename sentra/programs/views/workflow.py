"""Candidates, proposals, the participation board, each participant, aid and attendance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.programs.criteria import Criteria
from sentra.programs.eligibility import (
    cluster_candidates,
    cluster_checks,
    unit_candidates,
    unit_checks,
    unit_prefilter,
)
from sentra.programs.forms import (
    AidForm,
    AttendanceForm,
    CertificateForm,
    DeliverForm,
    NoteForm,
    ProposeForm,
)
from sentra.programs.models import Stage, TargetKind
from sentra.programs.rules import can_act_in, can_decide, can_propose_any, is_user
from sentra.programs.selectors import (
    participation_get_for_user,
    participation_list_for_user,
    program_get_for_user,
)
from sentra.programs.services import workflow
from sentra.programs.services.aid import aid_item_add, certificate_facilitate
from sentra.programs.services.attendance import attendance_import as attendance_service
from sentra.programs.views import error_text, staff_required
from sentra.registry.models import Cluster
from sentra.registry.selectors import unit_list_for_user

SHOW = {"eligible", "ineligible", "all"}
PAGE_SIZE = 50


def _clusters_for(user: Any) -> QuerySet[Cluster]:
    from sentra.accounts.scope import scope

    s = scope(user)
    clusters = Cluster.objects.all()
    if not s.everything:
        clusters = clusters.filter(kecamatan_id__in=sorted(s.kecamatan_codes))
    return clusters


def _candidate_filters(request: HttpRequest, user: Any) -> dict[str, Any]:
    from sentra.accounts.scope import scope
    from sentra.regions.selectors import kecamatan_list
    from sentra.registry.models import Commodity

    s = scope(user)
    regions = kecamatan_list().order_by("name")
    if not s.everything:
        regions = regions.filter(code__in=sorted(s.kecamatan_codes))
    kecamatan_choices = list(regions.values_list("code", "name"))
    commodity_choices = list(Commodity.objects.values_list("code", "name"))
    kecamatan = request.GET.get("kecamatan", "")
    commodity = request.GET.get("commodity", "")
    return {
        "q": request.GET.get("q", "").strip()[:100],
        "kecamatan": kecamatan if kecamatan in dict(kecamatan_choices) else "",
        "commodity": commodity if commodity in dict(commodity_choices) else "",
        "kecamatan_choices": kecamatan_choices,
        "commodity_choices": commodity_choices,
    }


@require_GET
@staff_required
def program_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """Candidates with one ✓/✗ column per criterion, filtered by kecamatan, commodity, a
    name search and which criteria they meet; 50 a page. Only the shown page gets sentences."""
    from urllib.parse import urlencode

    from sentra.registry.names import business_match_name

    program = program_get_for_user(user=request.user, pk=pk)
    f = _candidate_filters(request, request.user)
    is_cluster = program.target_kind != TargetKind.UNIT
    checks = cluster_checks(program) if is_cluster else unit_checks(program)
    show = request.GET.get("show", "eligible")
    failing = show.removeprefix("fail:") if show.startswith("fail:") else ""
    fail_index = next((i for i, c in enumerate(checks) if c.key == failing), None)
    if show not in SHOW and fail_index is None:
        show = "eligible"
    if is_cluster:
        clusters = _clusters_for(request.user)
        if f["kecamatan"]:
            clusters = clusters.filter(kecamatan_id=f["kecamatan"])
        if f["commodity"]:
            clusters = clusters.filter(commodity__code=f["commodity"])
        if f["q"]:
            clusters = clusters.filter(name__icontains=f["q"])
        candidates = cluster_candidates(program=program, clusters=clusters)
    else:
        units = unit_list_for_user(user=request.user)
        if f["kecamatan"]:
            units = units.filter(kecamatan_id=f["kecamatan"])
        if f["commodity"]:
            units = units.filter(commodity__code=f["commodity"])
        if f["q"]:
            units = units.filter(match_name__contains=business_match_name(f["q"]))
        if show == "eligible":
            units = unit_prefilter(program=program, units=units)
        candidates = unit_candidates(program=program, units=units)
    eligible = sum(1 for c in candidates if c.eligible)
    if show == "eligible":
        candidates = [c for c in candidates if c.eligible]
    elif show == "ineligible":
        candidates = [c for c in candidates if not c.eligible]
    elif fail_index is not None:
        candidates = [c for c in candidates if not c.marks[fail_index]]
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: f[k] for k in ("q", "kecamatan", "commodity") if f[k]}
    return render(
        request,
        "programs/candidates.html",
        {
            "program": program,
            "page_obj": page,
            "candidates": page.object_list,
            "checks": checks,
            "criteria_summary": Criteria.from_json(program.criteria).summary(),
            "total": len(candidates),
            "eligible": eligible,
            "show": show,
            "filters": f,
            "query": urlencode({**query, "show": show}),
            "can_propose": can_propose_any(request.user),
            "is_cluster": is_cluster,
        },
    )


@require_POST
@staff_required
def program_propose(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_get_for_user(user=request.user, pk=pk)
    if not can_propose_any(request.user):
        raise PermissionDenied
    is_cluster = program.target_kind != TargetKind.UNIT
    pool: QuerySet[Any] = (
        _clusters_for(request.user) if is_cluster else unit_list_for_user(user=request.user)
    )
    ids = [int(v) for v in request.POST.getlist("units") if v.isdigit()]
    found = {obj.pk: obj for obj in pool.filter(pk__in=ids)}
    form = ProposeForm(request.POST, choices=list(found))
    if not form.is_valid() or len(found) != len(set(ids)):
        raise Http404  # a unit outside the user's scope is as if it did not exist
    done, failed = 0, []
    for pk_ in form.cleaned_data["units"]:
        target = found[pk_]
        try:
            workflow.participation_propose(
                actor=request.user,
                program=program,
                unit=None if is_cluster else target,
                cluster=target if is_cluster else None,
                override_reason=form.cleaned_data["override_reason"],
            )
            done += 1
        except ValidationError as exc:
            failed.append(f"{target}: {error_text(exc)}")
    if done:
        messages.success(request, _("%(n)s peserta diusulkan.") % {"n": done})
    for text in failed:
        messages.error(request, text)
    return redirect("programs:program_board", pk=program.pk)


@require_GET
@staff_required
def program_board(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_get_for_user(user=request.user, pk=pk)
    rows = (
        participation_list_for_user(user=request.user)
        .filter(program=program)
        .select_related("unit", "unit__kecamatan", "cluster", "proposed_by", "verified_by")
        .order_by("id")
    )
    columns = []
    unused = Stage.ATTENDED if program.delivered_stage == Stage.RECEIVED else Stage.RECEIVED
    for stage in Stage:
        items = [p for p in rows if p.stage == stage.value]
        if stage == unused and not items:
            continue  # a program's participants are either attended or received
        columns.append({"stage": stage, "items": items})
    return render(
        request,
        "programs/board.html",
        {
            "program": program,
            "columns": columns,
            "can_decide": can_decide(request.user),
            "user_pk": request.user.pk,
        },
    )


@require_GET
@staff_required
def participation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participation = participation_get_for_user(user=request.user, pk=pk)
    kecamatan = (
        str(participation.unit.kecamatan_id)
        if participation.unit
        else str(participation.cluster.kecamatan_id)  # type: ignore[union-attr]
    )
    return render(
        request,
        "programs/participation_detail.html",
        {
            "p": participation,
            "program": participation.program,
            "aid_form": AidForm(),
            "certificate_form": CertificateForm(),
            "note_form": NoteForm(),
            "deliver_form": DeliverForm(),
            "can_act": can_act_in(request.user, kecamatan) and can_propose_any(request.user),
            "can_decide": can_decide(request.user)
            and is_user(request.user)
            and participation.proposed_by_id != request.user.pk,
            "granted": participation.stage
            in (Stage.APPROVED, Stage.ATTENDED, Stage.RECEIVED, Stage.COMPLETED),
        },
    )


ACTIONS = {"verify", "approve", "reject", "deliver", "complete"}


@require_POST
@staff_required
def participation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    participation = participation_get_for_user(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    note = request.POST.get("note", "").strip()[:500]
    try:
        if action == "verify":
            workflow.participation_verify(actor=request.user, participation=participation)
        elif action == "approve":
            workflow.participation_approve(
                actor=request.user, participation=participation, note=note
            )
        elif action == "reject":
            workflow.participation_reject(
                actor=request.user, participation=participation, note=note
            )
        elif action == "deliver":
            form = DeliverForm(request.POST)
            on = form.cleaned_data.get("on") if form.is_valid() else None
            workflow.participation_deliver(actor=request.user, participation=participation, on=on)
        else:
            workflow.participation_complete(actor=request.user, participation=participation)
        messages.success(request, _("Tahap peserta diperbarui."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    target = request.POST.get("next", "")
    if target == "board":
        return redirect("programs:program_board", pk=participation.program_id)
    return redirect("programs:participation_detail", pk=participation.pk)


@require_POST
@staff_required
def aid_add(request: HttpRequest, pk: int) -> HttpResponse:
    participation = participation_get_for_user(user=request.user, pk=pk)
    if not can_propose_any(request.user):
        raise PermissionDenied
    form = AidForm(request.POST)
    if form.is_valid():
        try:
            aid_item_add(actor=request.user, participation=participation, data=form.aid_data())
            messages.success(request, _("Bantuan dicatat."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(
            request, _("Data bantuan belum lengkap: %(e)s") % {"e": form.errors.as_text()}
        )
    return redirect("programs:participation_detail", pk=participation.pk)


@require_POST
@staff_required
def certificate_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    participation = participation_get_for_user(user=request.user, pk=pk)
    if not can_propose_any(request.user):
        raise PermissionDenied
    form = CertificateForm(request.POST)
    if form.is_valid():
        try:
            certificate_facilitate(
                actor=request.user, participation=participation, **form.cleaned_data
            )
            messages.success(request, _("Sertifikat dicatat dan ditautkan ke program."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(
            request, _("Data sertifikat belum lengkap: %(e)s") % {"e": form.errors.as_text()}
        )
    return redirect("programs:participation_detail", pk=participation.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_get_for_user(user=request.user, pk=pk)
    if not can_propose_any(request.user):
        raise PermissionDenied
    result = None
    form = AttendanceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = attendance_service(
                actor=request.user,
                program=program,
                content=upload.read(),
                filename=upload.name,
                on=form.cleaned_data.get("on"),
            )
            if result.written:
                messages.success(request, _("%(n)s peserta dicatat hadir.") % {"n": result.present})
        except ValidationError as exc:
            form.add_error("file", exc)
    return render(
        request,
        "programs/attendance.html",
        {"program": program, "form": form, "result": result},
    )

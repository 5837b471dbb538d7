"""Program list, page, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.programs.criteria import Criteria, CriteriaForm
from sentra.programs.forms import ProgramForm
from sentra.programs.impact import program_impact
from sentra.programs.models import REACHED_STAGES, ProgramKind, ProgramStatus, Stage
from sentra.programs.rules import is_admin
from sentra.programs.selectors import (
    participation_list_for_user,
    program_get_for_user,
    program_list_for_user,
)
from sentra.programs.services.programs import program_create, program_update
from sentra.programs.views import admin_required, staff_required


@require_GET
@staff_required
def program_list(request: HttpRequest) -> HttpResponse:
    programs = (
        program_list_for_user(user=request.user)
        .order_by("-fiscal_year", "code")
        .annotate(
            reached=Count("participations", filter=Q(participations__stage__in=REACHED_STAGES)),
            proposed=Count("participations"),
        )
    )
    year = request.GET.get("year", "")
    kind = request.GET.get("kind", "")
    if year.isdigit():
        programs = programs.filter(fiscal_year=int(year))
    if kind in ProgramKind.values:
        programs = programs.filter(kind=kind)
    years = (
        program_list_for_user(user=request.user)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    page = Paginator(programs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/program_list.html",
        {
            "page_obj": page,
            "programs": page.object_list,
            "years": years,
            "kinds": ProgramKind.choices,
            "year": year,
            "kind": kind,
            "can_manage": is_admin(request.user),
        },
    )


@require_GET
@staff_required
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_get_for_user(user=request.user, pk=pk)
    visible = participation_list_for_user(user=request.user).filter(program=program)
    stage_counts = dict(
        program.participations.values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "criteria": Criteria.from_json(program.criteria).summary(),
            "stages": [(s.label, stage_counts.get(s.value, 0)) for s in Stage],
            "visible_count": visible.count(),
            "impact": program_impact(program=program),
            "can_manage": is_admin(request.user),
        },
    )


def _program_form_view(request: HttpRequest, pk: int | None) -> HttpResponse:
    program = program_get_for_user(user=request.user, pk=pk) if pk is not None else None
    if request.method == "POST":
        form = ProgramForm(request.POST)
        criteria_form = CriteriaForm(request.POST, prefix="criteria")
        if form.is_valid() and criteria_form.is_valid():
            data = form.data_with(criteria_form.criteria().to_json())
            try:
                if program is None:
                    program = program_create(actor=request.user, data=data)
                    messages.success(request, _("Program dibuat."))
                else:
                    program = program_update(actor=request.user, program=program, data=data)
                    messages.success(request, _("Program disimpan."))
                return redirect("programs:program_detail", pk=program.pk)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
    else:
        form = ProgramForm(
            initial=ProgramForm.initial_from(program)
            if program
            else {"status": ProgramStatus.PLANNED}
        )
        criteria_form = CriteriaForm(
            initial=CriteriaForm.initial_from(program.criteria) if program else {},
            prefix="criteria",
        )
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "criteria_form": criteria_form, "program": program},
    )


@require_http_methods(["GET", "POST"])
@admin_required
def program_create_view(request: HttpRequest) -> HttpResponse:
    return _program_form_view(request, None)


@require_http_methods(["GET", "POST"])
@admin_required
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _program_form_view(request, pk)

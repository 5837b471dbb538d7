"""The inquiry inbox (/pasar/permintaan/): each user sees the inquiries their scope allows,
every message in full, and moves them through the stages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sentra.market.forms import StageForm
from sentra.market.models import NEXT_STAGES, InquiryStage
from sentra.market.rules import can_follow_up, reads_inquiries, sees_buyer_contact
from sentra.market.selectors import inquiry_get_for_user, inquiry_list_for_user
from sentra.market.services.inquiries import inquiry_stage_set
from sentra.market.views import allowed, error_text

PAGE_SIZE = 25
inbox_required = allowed(reads_inquiries)


@require_GET
@inbox_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    inquiries = inquiry_list_for_user(user=request.user).select_related(
        "product", "unit", "unit__kecamatan", "unit__owner", "order"
    )
    stage = request.GET.get("tahap", "")
    if stage in InquiryStage.values:
        inquiries = inquiries.filter(stage=stage)
    counts = {
        s: n
        for s, n in inquiry_list_for_user(user=request.user)
        .values_list("stage")
        .annotate(n=Count("id"))
        .order_by()
    }
    page = Paginator(inquiries.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "inquiry": inquiry,
            "next": [InquiryStage(s) for s in NEXT_STAGES[inquiry.stage]],
            "can_move": can_follow_up(request.user, inquiry.unit),
        }
        for inquiry in page.object_list
    ]
    return render(
        request,
        "market/inquiry_list.html",
        {
            "rows": rows,
            "page_obj": page,
            "stage": stage,
            "stages": [(s, counts.get(s.value, 0)) for s in InquiryStage],
            "query": f"tahap={stage}" if stage else "",
            "show_contact": sees_buyer_contact(request.user),
        },
    )


@require_POST
@inbox_required
def inquiry_stage(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = inquiry_get_for_user(user=request.user, pk=pk)
    if not can_follow_up(request.user, inquiry.unit):
        raise PermissionDenied
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih tahap berikutnya."))
    else:
        try:
            inquiry_stage_set(
                actor=request.user,
                inquiry=inquiry,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                _("Permintaan #%(pk)s pindah ke tahap %(stage)s.")
                % {"pk": inquiry.pk, "stage": InquiryStage(form.cleaned_data["stage"]).label},
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    back = request.POST.get("tahap", "")
    query = f"?tahap={back}" if back in InquiryStage.values else ""
    return redirect(reverse("market:inquiry_list") + query + f"#permintaan-{inquiry.pk}")

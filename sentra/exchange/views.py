"""Upload → preview → confirm, import history, the template and list downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.accounts.scope import Capability, scope
from sentra.core.numbers import format_number
from sentra.core.uploads import UPLOAD_REFUSED
from sentra.exchange.export import CONTENT_TYPES, FORMATS, units_export
from sentra.exchange.forms import FIELD_LABELS, UploadForm
from sentra.exchange.importer import regions_required
from sentra.exchange.jobs import ACTIVE, import_cancel, import_enqueue, run_progress
from sentra.exchange.limits import ImportRefused, Limits
from sentra.exchange.models import ImportRun, RunSource, RunStatus
from sentra.exchange.runs import run_reap_stale, run_start
from sentra.exchange.saved import column_profile_save
from sentra.exchange.template import template_xlsx
from sentra.exchange.uploads import too_large, upload_store_file, uploads_sweep
from sentra.registry.filters import unit_search

SHOWN_ISSUE_ROWS = 1000  # a page with more would be unreadable; the JSON report has them all


def _report_context(run: ImportRun) -> dict[str, Any]:
    rows = [r for r in run.report.get("rows", []) if r.get("issues")]
    years = run.report.get("years") or ([run.year] if run.year else [])
    return {
        "run": run,
        "report": run.report,
        "years": ", ".join(str(y) for y in years),
        "issue_rows": rows[:SHOWN_ISSUE_ROWS],
        "unclassified": any(
            i.get("code") in ("product_unclassified", "product_suggest")
            for r in rows
            for i in r.get("issues", [])
        ),
        "issue_rows_hidden": max(0, len(rows) - SHOWN_ISSUE_ROWS),
    }


def _writes_something(run: ImportRun) -> bool:
    """A preview that creates and updates nothing has nothing to confirm."""
    report = run.report or {}
    return bool(report.get("created") or report.get("updated"))


def _require_importer(request: HttpRequest) -> None:
    if not scope(request.user).can(Capability.IMPORT_UNITS):
        raise PermissionDenied


def _runs_for(request: HttpRequest) -> QuerySet[ImportRun]:
    if scope(request.user).can(Capability.VIEW_ALL_IMPORTS):
        return ImportRun.objects.all()
    return ImportRun.objects.filter(user_id=request.user.pk or 0)


def _run_get(request: HttpRequest, pk: int) -> ImportRun:
    run = _runs_for(request).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


@require_http_methods(["GET", "POST"])
@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    uploads_sweep()  # uploads of requests that crashed or were left in preview
    form = UploadForm(request.POST or None, request.FILES or None)
    limits = Limits.from_settings()
    refused_size = getattr(request, UPLOAD_REFUSED, 0) if request.method == "POST" else 0
    if refused_size:
        # The rest of the request was not read: the form again, with the reason only.
        form = UploadForm()
        refusal = too_large(refused_size, limits).message
        return render(request, "exchange/import_start.html", {"form": form, "refusal": refusal})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            regions_required()  # said at once, before anything is stored or queued
            stored = upload_store_file(upload, limits=limits)
        except ImportRefused as refused:
            form.add_error("file", refused.message)
        else:
            # The preview runs as a background job; the progress page follows it.
            run = run_start(
                actor=request.user,
                source=RunSource.WEB,
                file_name=Path(upload.name).name,
                year=form.cleaned_data["year"],
                sheet=form.cleaned_data["sheet"],
                dry_run=True,
                atomic=form.cleaned_data["atomic"],
                status=RunStatus.QUEUED,
                stored_name=stored,
                profile=form.cleaned_data["profile"] or "",
            )
            import_enqueue(run=run, dry_run=True, expected_status=RunStatus.QUEUED)
            return redirect("exchange:import_progress", pk=run.pk)
    return render(request, "exchange/import_start.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    run = _run_get(request, pk)
    if request.method == "POST" and request.POST.get("action") == "remap":
        return _remap(request, run)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            if import_cancel(actor=request.user, run=run) == "cancelled":
                messages.info(request, _("Impor dibatalkan; tidak ada data yang ditulis."))
                return redirect("exchange:import_start")
            messages.error(request, _("Pratinjau ini sudah tidak berlaku; unggah berkas lagi."))
            return redirect("exchange:import_detail", pk=run.pk)
        if not _writes_something(run):
            messages.error(
                request, _("Pratinjau ini tidak menulis apa pun; tidak ada yang dikonfirmasi.")
            )
            return redirect("exchange:import_preview", pk=run.pk)
        # The write runs as a background job. Queuing claims the preview with a conditional
        # update, so a double click confirms once.
        if not import_enqueue(run=run, dry_run=False, expected_status=RunStatus.PREVIEW):
            messages.error(request, _("Pratinjau ini sudah tidak berlaku; unggah berkas lagi."))
            return redirect("exchange:import_detail", pk=run.pk)
        return redirect("exchange:import_progress", pk=run.pk)
    if run.status in ACTIVE:
        return redirect("exchange:import_progress", pk=run.pk)
    if run.status != RunStatus.PREVIEW:
        return redirect("exchange:import_detail", pk=run.pk)
    context = _report_context(run)
    context["can_confirm"] = _writes_something(run)
    context["mapping_rows"] = _mapping_rows(run)
    context["field_choices"] = sorted(FIELD_LABELS.items(), key=lambda item: str(item[1]))
    return render(request, "exchange/import_preview.html", context)


def _progress_lines(run: ImportRun) -> dict[str, str]:
    """The counts beside the progress bar, in the interface language."""

    def n(value: int) -> str:
        return format_number(value)

    total = run.rows_total
    return {
        "read": _("Baris diperiksa: %(done)s dari %(total)s")
        % {"done": n(run.rows_read), "total": n(total) if total else "–"},
        "planned": _("Baris direncanakan: %(done)s") % {"done": n(run.rows_planned)}
        if run.stage in ("plan", "write", "written", "done")
        else _("Baris direncanakan: –"),
        "written": _("Baris ditulis: %(done)s") % {"done": n(run.rows_written)}
        if not run.dry_run and run.stage in ("written", "done")
        else _("Baris ditulis: –"),
    }


def _progress_state(run: ImportRun) -> dict[str, Any]:
    progress = run_progress(run)
    note = ""
    if progress.waiting_long:
        note = _(
            "Impor ini masih menunggu pekerja latar. Jika tetap begini, pastikan `sentra "
            "serve` (yang menjalankan pekerja latar) atau `sentra db_worker` berjalan."
        )
    elif run.cancel_requested and run.status in ACTIVE:
        note = _("Pembatalan diminta; impor berhenti di titik pemeriksaan berikutnya.")
    return {
        "status": run.status,
        "status_label": run.get_status_display(),
        "stage": progress.stage,
        "percent": progress.percent,
        "lines": _progress_lines(run),
        "note": note,
        "finished": progress.finished,
        "can_cancel": progress.can_cancel,
    }


def _after_progress(request: HttpRequest, run: ImportRun) -> HttpResponse:
    """Where a finished background import leads, with its outcome said once."""
    if run.status == RunStatus.PREVIEW:
        return redirect("exchange:import_preview", pk=run.pk)
    if run.status == RunStatus.DONE:
        if run.cancel_requested:
            messages.warning(
                request,
                _("Pembatalan datang terlambat: data sudah ditulis sebelum impor bisa dihentikan."),
            )
        if not run.dry_run:
            messages.success(
                request,
                _(
                    "Impor selesai: %(created)s dibuat, %(updated)s diperbarui, %(rejected)s "
                    "ditolak."
                )
                % {
                    "created": format_number(run.created),
                    "updated": format_number(run.updated),
                    "rejected": format_number(run.rejected),
                },
            )
    elif run.status == RunStatus.CANCELLED:
        messages.info(request, _("Impor dibatalkan; tidak ada data yang ditulis."))
    return redirect("exchange:import_detail", pk=run.pk)


@require_GET
@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A background import's progress; reads the state from the database, so it survives a
    reload. The page polls `import_status` (static JS); without JS it refreshes itself."""
    _require_importer(request)
    run_reap_stale()
    run = _run_get(request, pk)
    if run.status not in ACTIVE:
        return _after_progress(request, run)
    context = {"run": run, **_progress_state(run)}
    return render(request, "exchange/import_progress.html", context)


@require_GET
@login_required
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The progress page's polling answer (no personal data: counts and labels only)."""
    _require_importer(request)
    run_reap_stale()
    run = _run_get(request, pk)
    response = JsonResponse(_progress_state(run))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def import_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Batalkan: a queued import never starts, a running one stops at its next checkpoint
    (before its write transaction)."""
    _require_importer(request)
    run = _run_get(request, pk)
    outcome = import_cancel(actor=request.user, run=run)
    if outcome == "too_late":
        messages.warning(
            request,
            _("Impor ini tidak dapat dibatalkan lagi: sudah selesai atau sedang menulis data."),
        )
    return redirect("exchange:import_progress", pk=run.pk)


def _mapping_rows(run: ImportRun) -> list[dict[str, Any]]:
    """The preview's column-mapping step: every column with what Sentra understood."""
    rows = []
    for index, column in enumerate(run.report.get("columns", [])):
        rows.append({**column, "index": index, "label": FIELD_LABELS.get(column["field"] or "")})
    return rows


def _remap(request: HttpRequest, run: ImportRun) -> HttpResponse:
    """Apply the user's column choices to the preview (and save them under a name if asked):
    the file is read again with them as a background preview; nothing is written to the
    registry."""
    if run.status != RunStatus.PREVIEW or not run.stored_name:
        messages.error(request, _("Pratinjau ini sudah tidak berlaku; unggah berkas lagi."))
        return redirect("exchange:import_detail", pk=run.pk)
    mapping: dict[str, str | None] = {}
    chosen_columns: dict[str, str | None] = {}
    for index, column in enumerate(run.report.get("columns", [])):
        chosen = request.POST.get(f"column-{index}", column["field"] or "")
        if chosen and chosen not in FIELD_LABELS:
            chosen = ""
        chosen_columns[column["header"]] = chosen or None
        if chosen != (column["field"] or "") or column["how"] == "manual":
            mapping[column["header"]] = chosen or None
    name = request.POST.get("save_as", "").strip()
    if name:
        try:
            column_profile_save(
                actor=request.user,
                name=name,
                base=run.report.get("profile", "sentra"),
                header_set=run.report.get("header_set", ""),
                columns=chosen_columns,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("exchange:import_preview", pk=run.pk)
        messages.success(
            request,
            _("Pemetaan disimpan sebagai profil %(name)s; berkas dengan judul kolom yang "
              "sama akan memakainya.") % {"name": name},
        )  # fmt: skip
    else:
        messages.info(request, _("Pemetaan kolom diterapkan pada pratinjau."))
    ImportRun.objects.filter(pk=run.pk).update(mapping=mapping)
    if not import_enqueue(run=run, dry_run=True, expected_status=RunStatus.PREVIEW):
        messages.error(request, _("Pratinjau ini sudah tidak berlaku; unggah berkas lagi."))
        return redirect("exchange:import_detail", pk=run.pk)
    return redirect("exchange:import_progress", pk=run.pk)


@require_GET
@login_required
def import_history(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    run_reap_stale()
    page = Paginator(_runs_for(request).select_related("user"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "exchange/import_history.html", {"page_obj": page, "runs": page})


@require_GET
@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    run_reap_stale()
    run = _run_get(request, pk)
    if run.status in ACTIVE and run.task_id:
        return redirect("exchange:import_progress", pk=run.pk)
    return render(request, "exchange/import_detail.html", _report_context(run))


@require_GET
@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    response = HttpResponse(template_xlsx(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="templat-impor-unit-ikm.xlsx"'
    return response


@require_GET
@login_required
def unit_download(request: HttpRequest) -> HttpResponseBase:
    """The unit list as a file, with the list's filters; personal data always masked."""
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Http404
    params = request.GET.copy()
    params.pop("format", None)
    search = unit_search(user=request.user, params=params)
    year = search.year or timezone.localdate().year
    data = units_export(
        actor=request.user, units=search.queryset, fmt=fmt, year=year, personal=False
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="unit-ikm-{stamp}.{fmt}"'
    return response

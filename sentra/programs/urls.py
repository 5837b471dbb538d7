"""URL patterns of this app (namespace "programs", set in sentra/urls.py)."""

from django.urls import URLPattern, path

from sentra.programs.views import programs, reports, workflow

urlpatterns: list[URLPattern] = [
    path("program/", programs.program_list, name="program_list"),
    path("program/baru/", programs.program_create_view, name="program_create"),
    path("program/laporan/", reports.report_page, name="program_report"),
    path("program/laporan.xlsx", reports.report_xlsx_view, name="program_report_xlsx"),
    path("program/laporan.pdf", reports.report_pdf_view, name="program_report_pdf"),
    path("program/unit/<int:pk>/", reports.unit_programs, name="unit_programs"),
    path("program/<int:pk>/", programs.program_detail, name="program_detail"),
    path("program/<int:pk>/ubah/", programs.program_edit, name="program_edit"),
    path("program/<int:pk>/kandidat/", workflow.program_candidates, name="program_candidates"),
    path("program/<int:pk>/usulkan/", workflow.program_propose, name="program_propose"),
    path("program/<int:pk>/peserta/", workflow.program_board, name="program_board"),
    path("program/<int:pk>/daftar-hadir/", workflow.attendance_import, name="attendance_import"),
    path("peserta/<int:pk>/", workflow.participation_detail, name="participation_detail"),
    path("peserta/<int:pk>/bantuan/", workflow.aid_add, name="aid_add"),
    path("peserta/<int:pk>/sertifikat/", workflow.certificate_add_view, name="certificate_add"),
    path(
        "peserta/<int:pk>/<slug:action>/",
        workflow.participation_action,
        name="participation_action",
    ),
]

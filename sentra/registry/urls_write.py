"""Registry editing URL patterns, included by sentra/registry/urls.py (namespace "registry")."""

from django.urls import URLPattern, path

from sentra.registry.views import edit_person, edit_reports, edit_verify, worklists, write

urlpatterns: list[URLPattern] = [
    path("units/new/", write.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", write.unit_edit, name="unit_edit"),
    path("units/<int:pk>/reports/new/", edit_reports.report_create, name="report_create"),
    path("units/<int:pk>/reports/<int:year>/edit/", edit_reports.report_edit, name="report_edit"),
    path(
        "units/<int:pk>/certificates/new/",
        edit_reports.certificate_create,
        name="certificate_create",
    ),
    path("units/<int:pk>/verify/", edit_verify.unit_verify, name="unit_verify"),
    path("people/<int:pk>/edit/", edit_person.person_edit, name="person_edit"),
    path("verifikasi/", edit_verify.verification_queue, name="verification_queue"),
    path("verifikasi/putuskan/", edit_verify.verification_decide, name="verification_decide"),
    path("pemilik/belum-lengkap/", worklists.owners_to_complete, name="owners_to_complete"),
    path(
        "produk/belum-diklasifikasi/",
        worklists.products_to_classify,
        name="products_to_classify",
    ),
]

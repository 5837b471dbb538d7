"""Registry editing URL patterns, included by sentra/registry/urls.py (namespace "registry")."""

from django.urls import URLPattern, path

from sentra.registry.views import (
    edit_person,
    edit_reports,
    edit_verify,
    privacy,
    requests,
    worklists,
    write,
)

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
    path("permintaan/", requests.request_list, name="request_list"),
    path("permintaan/unit/<int:pk>/", requests.unit_request_detail, name="unit_request_detail"),
    path("permintaan/data/<int:pk>/", privacy.data_request_detail, name="data_request_detail"),
    path("people/<int:pk>/data-pribadi.json", privacy.person_export_json, name="person_export"),
    path("people/<int:pk>/data-pribadi.pdf", privacy.person_export_pdf, name="person_export_pdf"),
    path("people/<int:pk>/permintaan/", privacy.person_request, name="person_request"),
    path("pemilik/belum-lengkap/", worklists.owners_to_complete, name="owners_to_complete"),
    path(
        "produk/belum-diklasifikasi/",
        worklists.products_to_classify,
        name="products_to_classify",
    ),
]

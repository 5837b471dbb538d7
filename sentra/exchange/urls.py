"""URL patterns of this app (namespace "exchange")."""

from django.urls import URLPattern, path

from sentra.exchange import views

urlpatterns: list[URLPattern] = [
    path("imports/", views.import_start, name="import_start"),
    path("imports/history/", views.import_history, name="import_history"),
    path("imports/template.xlsx", views.template_download, name="template_download"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/preview/", views.import_preview, name="import_preview"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:pk>/status/", views.import_status, name="import_status"),
    path("imports/<int:pk>/cancel/", views.import_cancel_view, name="import_cancel"),
    path("units/download/", views.unit_download, name="unit_download"),
]

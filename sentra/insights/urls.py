"""Statistics pages (namespace "insights")."""

from django.urls import URLPattern, path

from sentra.insights import views, views_files

urlpatterns: list[URLPattern] = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "dashboard/laporan-tahunan-<int:year>.<str:fmt>",
        views_files.annual_report,
        name="annual_report",
    ),
    path("statistik/", views.public_stats, name="public_stats"),
    path("data-terbuka/", views_files.opendata, name="opendata"),
    path(
        "data-terbuka/<slug:dataset>-<int:year>.<str:fmt>",
        views_files.opendata_file,
        name="opendata_file",
    ),
]

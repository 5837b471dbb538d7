"""Registry reading pages, included by sentra/registry/urls.py (namespace "registry")."""

from django.urls import URLPattern, path

from sentra.registry.views import owner, read

urlpatterns: list[URLPattern] = [
    path("units/", read.unit_list, name="unit_list"),
    path("units/<int:pk>/", read.unit_detail, name="unit_detail"),
    path("people/<int:pk>/", read.person_detail, name="person_detail"),
    path("people/<int:pk>/reveal/", read.person_reveal, name="person_reveal"),
    path("usaha-saya/", owner.owner_home, name="owner_home"),
    path("usaha-saya/pemberitahuan/", owner.owner_notices_read, name="owner_notices_read"),
]

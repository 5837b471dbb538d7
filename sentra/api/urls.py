"""API URL patterns: Django Ninja's under /api/v1/ (namespace "api"), and a problem-details
404 for any other path under /api/."""

from django.urls import path, re_path

from sentra.api.api import api, not_found

urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found, name="api_not_found"),
]

"""API URL patterns: Django Ninja's under /api/v1/ (namespace "api"), and a problem-details
404 for any other path under /api/."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from sentra.api.api import api, not_found

urlpatterns = [
    # The API's root shows its documentation (Django Ninja's own root view only answers 404).
    path("api/v1/", RedirectView.as_view(pattern_name="api:openapi-view"), name="api_home"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found, name="api_not_found"),
]

"""URL map of the whole site."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("sentra.accounts.urls")),
    path("", include("sentra.insights.urls")),
]

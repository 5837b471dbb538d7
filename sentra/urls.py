"""URL map of the whole site. Each app keeps its own patterns under its namespace."""

from django.urls import include, path

from sentra.insights.views import home

urlpatterns = [
    path("", home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("sentra.accounts.urls")),
    path("", include(("sentra.staff.urls", "accounts"))),
    path("", include(("sentra.registry.urls", "registry"))),
    path("", include(("sentra.exchange.urls", "exchange"))),
    path("", include(("sentra.programs.urls", "programs"))),
    path("", include(("sentra.market.urls", "market"))),
    path("", include(("sentra.insights.urls", "insights"))),
    path("", include(("sentra.siinas.urls", "siinas"))),
    path("", include("sentra.api.urls")),
    path("", include(("sentra.api.urls_account", "api_account"))),
]

handler500 = "sentra.core.views.server_error"

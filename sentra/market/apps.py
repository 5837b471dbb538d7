from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "sentra.market"
    verbose_name = _("Pasar (Si Jelita)")

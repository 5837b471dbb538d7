from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "sentra.exchange"
    verbose_name = _("Impor dan ekspor data")

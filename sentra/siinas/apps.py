from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiinasConfig(AppConfig):
    name = "sentra.siinas"
    verbose_name = _("SIINas")

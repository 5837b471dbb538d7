from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _guard_audit_tables(using: str = "default", **kwargs: Any) -> None:
    """After every migrate: guard audit tables created (or rebuilt by SQLite) since."""
    from django.db import connections

    from sentra.core.appendonly import guards_install

    guards_install(connections[using])


class CoreConfig(AppConfig):
    name = "sentra.core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        post_migrate.connect(_guard_audit_tables, sender=self, dispatch_uid="sentra-audit-guards")
        from sentra.core.audit import audit_rows_append
        from sentra.core.models import CHAIN_WRITER

        CHAIN_WRITER[:] = [audit_rows_append]

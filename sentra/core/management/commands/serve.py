"""`sentra serve [--host H] [--port P]`: the production-grade server (gunicorn + WhiteNoise)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Sentra with gunicorn; static files are collected and served by the app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("SENTRA_WORKERS", "0")) or None
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        call_command("collectstatic", interactive=False, verbosity=0)
        sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        # SQLite has one writer: one process with threads. PostgreSQL scales with processes.
        workers = options["workers"] or (1 if sqlite else 2 * (os.cpu_count() or 1) + 1)
        config = {
            "bind": f"{options['host']}:{options['port']}",
            "workers": workers,
            "threads": 8 if sqlite else 2,
            "worker_class": "gthread",
            "timeout": 120,
            "accesslog": "-",
            # Query strings can carry search terms; log the path only.
            "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
        }
        from sentra.wsgi import application

        url = f"http://{options['host']}:{options['port']}/"
        mode = "pengembangan (DEBUG)" if settings.DEBUG else "produksi"
        out = self.stdout

        def when_ready(server: Any) -> None:
            out.write(f"Sentra: {url} (mode {mode})")  # once, when the socket listens

        config["when_ready"] = when_ready

        class SentraServer(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        SentraServer().run()

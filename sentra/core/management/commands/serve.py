"""`sentra serve [--host H] [--port P]`: the production-grade server (gunicorn + WhiteNoise),
with the background worker that runs long web imports (`db_worker`) as a child process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser, OutputWrapper

# The worker finishes the job in hand when asked to stop; after this it is killed (the job's
# run is then marked as interrupted: its write is one transaction, nothing is half-written).
WORKER_STOP_TIMEOUT = 30
# A worker that stopped by itself (say, the database restarted) is started again, at most
# this often.
WORKER_RESTART_AFTER = 5


class WorkerKeeper:
    """The background worker beside gunicorn: started when the server listens, started again
    if it stops by itself, stopped with the server. Runs in gunicorn's master process."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0
        self.stopping = False

    def start(self) -> None:
        # This interpreter running Sentra's own console entry point.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sentra.cli", "db_worker", "--no-reload", "--verbosity", "0"]
        )
        self.started_at = time.monotonic()

    def check(self) -> None:
        if self.stopping or self.process is None or self.process.poll() is None:
            return
        if time.monotonic() - self.started_at < WORKER_RESTART_AFTER:
            return
        self.out.write(
            f"Sentra: pekerja latar berhenti (kode {self.process.returncode}); dijalankan lagi"
        )
        self.start()

    def stop(self) -> None:
        self.stopping = True
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=WORKER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Command(BaseCommand):
    help = (
        "Serve Sentra with gunicorn; static files are collected and served by the app, and "
        "the background worker for long imports runs beside it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("SENTRA_WORKERS", "0")) or None
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start the background worker (run `sentra db_worker` separately)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication
        from gunicorn.arbiter import Arbiter

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
            # Seconds an idle keep-alive connection stays open. Gunicorn's 2 s closed
            # connections just as clients reused them (resets under load); behind a load
            # balancer, set SENTRA_KEEPALIVE above the balancer's idle timeout.
            "keepalive": int(os.environ.get("SENTRA_KEEPALIVE", "5")),
            "accesslog": "-",
            # Query strings can carry search terms; log the path only.
            "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
        }
        from sentra.wsgi import application

        url = f"http://{options['host']}:{options['port']}/"
        mode = "pengembangan (DEBUG)" if settings.DEBUG else "produksi"
        out = self.stdout
        keeper = None if options["no_worker"] else WorkerKeeper(out)

        def when_ready(server: Any) -> None:
            out.write(f"Sentra: {url} (mode {mode})")  # once, when the socket listens
            if keeper is not None:
                keeper.start()
                assert keeper.process is not None
                out.write(
                    f"Sentra: pekerja latar impor berjalan (db_worker, pid {keeper.process.pid})"
                )

        def on_exit(server: Any) -> None:
            if keeper is not None:
                keeper.stop()

        config["when_ready"] = when_ready
        config["on_exit"] = on_exit

        class SentraArbiter(Arbiter):
            def manage_workers(self) -> None:
                super().manage_workers()
                if keeper is not None:
                    keeper.check()

        class SentraServer(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

            def run(self) -> None:
                try:
                    SentraArbiter(self).run()
                except RuntimeError as error:
                    sys.stderr.write(f"\nError: {error}\n\n")
                    sys.exit(1)

        try:
            SentraServer().run()
        finally:
            if keeper is not None:
                keeper.stop()

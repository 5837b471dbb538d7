"""The `sentra` console script: Django management with Sentra's settings.

Sentra's own commands are spelled with hyphens (`sentra load-regions`); Django's module names
use underscores, so a hyphenated first argument is translated.

Machine failures (no database yet, a locked, read-only or unreachable database, a full disk)
end with one Indonesian sentence on stderr and exit status 1, not a traceback; a SQLite file
that the failed command itself created empty is removed again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Commands that create the database; every other one needs an existing one.
CREATES_DATABASE = {"migrate", "restore"}


def _sqlite_path() -> Path | None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not str(db.get("ENGINE", "")).endswith("sqlite3"):
        return None
    return Path(str(db["NAME"]))


def _remove_if_empty(path: Path) -> None:
    """Remove a SQLite file this run created and left without a single table."""
    import sqlite3

    if not path.exists():
        return
    try:
        with sqlite3.connect(path) as conn:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        conn.close()
    except sqlite3.Error:
        return
    if tables == 0:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
    import django
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    django.setup()
    from sentra.core.failures import failure_for

    database = _sqlite_path()
    existed = database is None or database.exists()
    try:
        execute_from_command_line(["sentra", *args])
    except Exception as exc:
        failure = failure_for(exc)
        if failure is None:
            raise
        if database is not None and not existed:
            _remove_if_empty(database)
        sys.stderr.write(f"Sentra: {failure.message}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()

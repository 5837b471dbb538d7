"""The project as a whole: migrations complete, the `sentra` console script, i18n catalogues."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SENTRA = str(Path(sys.executable).with_name("sentra"))


@pytest.mark.django_db
def test_models_and_migrations_agree() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_sentra_console_script_accepts_hyphenated_command_names() -> None:
    result = subprocess.run(  # noqa: S603  (our own console script)
        [SENTRA, "load-regions", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "--all" in result.stdout


def test_sentra_lists_its_own_commands() -> None:
    result = subprocess.run(  # noqa: S603
        [SENTRA, "help"], capture_output=True, text=True, timeout=60
    )
    for command in ("demo", "stats", "serve", "load_regions"):
        assert command in result.stdout


def test_translation_catalogues_are_complete_and_compiled() -> None:
    from sentra.core.i18ncheck import main

    assert main([]) == 0

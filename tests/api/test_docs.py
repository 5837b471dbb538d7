"""docs/api.md's Python client runs as written against a live Sentra."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sentra.registry.models import Unit
from tests.api.conftest import make_token

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


@pytest.mark.django_db(transaction=True)
def test_the_python_client_example_lists_units_and_patches_one(
    live_server: Any, api_world: Any
) -> None:
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert code is not None
    env = {
        **os.environ,
        "SENTRA_API": f"{live_server.url}/api/v1",
        "SENTRA_TOKEN": make_token(api_world.users["officer_rangkasbitung"]),
    }
    done = subprocess.run(  # noqa: S603 -- the documented example, run as a reader would
        [sys.executable, "-c", code.group(1)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["2 units", "200 Pasir Ona"]
    assert Unit.objects.filter(kampung="Pasir Ona").count() == 1

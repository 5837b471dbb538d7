"""The committed OpenAPI document (docs/openapi.json) and how it is rendered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sentra.api.api import api

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def openapi_document() -> dict[str, Any]:
    schema: dict[str, Any] = api.get_openapi_schema(path_prefix="/api/v1")
    return schema


def openapi_text() -> str:
    return json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

"""Unit-page panels used by the tests (as later apps contribute them through settings)."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html


def programs_panel(request: Any, unit: Any) -> dict[str, Any] | None:
    return {
        "title": "Program yang diterima",
        "html": format_html("<p class='test-panel'>Pelatihan batik untuk {}</p>", unit.pk),
    }


def nothing_panel(request: Any, unit: Any) -> dict[str, Any] | None:
    return None


def careless_panel(request: Any, unit: Any) -> dict[str, Any] | None:
    return {"title": "Tidak aman", "html": "<script>alert(1)</script>"}

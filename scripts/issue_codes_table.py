"""Prints the Markdown table of import issue codes for docs/import.md (run after changing
sentra/exchange/issues.py; tests/exchange/test_docs.py checks the page lists them all)."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")


def main() -> int:
    import django

    django.setup()
    from django.utils import translation

    from sentra.exchange.issues import CODES

    translation.activate("id")
    print("| code | severity | message |")
    print("|---|---|---|")
    for code, (severity, message) in CODES.items():
        print(f"| `{code}` | {severity} | {message} |")
    print(
        "| `nik_*`, `nib_*` | error | the registry's own NIK/NIB validators "
        "(`sentra/registry/validators.py`) |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

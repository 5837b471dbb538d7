"""Compile the translation catalogues without GNU gettext, and check they are complete.

`python -m sentra.core.i18ncheck` fails when a catalogue has untranslated or fuzzy entries or
when a committed .mo file is out of date; `--write` recompiles the .mo files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def main(argv: list[str]) -> int:
    write = "--write" in argv
    problems: list[str] = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        missing = [e.msgid for e in po.untranslated_entries()] + [
            e.msgid for e in po.fuzzy_entries()
        ]
        for msgid in missing:
            problems.append(f"{po_path}: untranslated or fuzzy: {msgid!r}")
        mo_path = po_path.with_suffix(".mo")
        compiled = po.to_binary()
        if write:
            mo_path.write_bytes(compiled)
        elif not mo_path.exists() or mo_path.read_bytes() != compiled:
            problems.append(f"{mo_path}: out of date; run `make messages`")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

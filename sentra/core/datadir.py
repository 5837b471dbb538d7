"""Where Sentra keeps its data (SQLite database, keys, uploads, collected static files).

Never the current directory: `sentra` run from any folder finds the same data.
- `SENTRA_DATA_DIR` when set;
- in a source checkout (the `make` workflow), `<checkout>/var` — the folder earlier
  versions used when run from the checkout, so an existing `var/` keeps working;
- otherwise (an installed package) `$XDG_DATA_HOME/sentra`, by default
  `~/.local/share/sentra`.
"""

from __future__ import annotations

import os
from pathlib import Path


def checkout_root() -> Path | None:
    """The source checkout this package runs from, if any."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "sentra" / "settings.py").is_file():
        return root
    return None


def default_data_dir() -> Path:
    configured = os.environ.get("SENTRA_DATA_DIR", "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    root = checkout_root()
    if root is not None:
        return root / "var"
    base = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
    return Path(base).expanduser().resolve() / "sentra"

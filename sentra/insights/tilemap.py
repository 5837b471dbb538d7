"""A schematic tile map of Lebak's 28 kecamatan, drawn as SVG on the server.

The grid positions are hand-made approximations of where each kecamatan lies (north at the
top, the Indian Ocean coast at the bottom); they are not boundaries. The same SVG goes into
the dashboard, the public page and the PDF report, so it works without JavaScript or data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sentra.core.numbers import format_number

# Kemendagri code → (column, row) on the grid.
LEBAK_TILES: dict[str, tuple[int, int]] = {
    "36.02.17": (1, 0),  # Cikulur
    "36.02.15": (2, 0),  # Warunggunung
    "36.02.24": (3, 0),  # Kalanganyar
    "36.02.18": (4, 0),  # Cibadak
    "36.02.13": (5, 0),  # Maja
    "36.02.10": (1, 1),  # Cileles
    "36.02.11": (2, 1),  # Cimarga
    "36.02.14": (3, 1),  # Rangkasbitung
    "36.02.12": (4, 1),  # Sajira
    "36.02.23": (5, 1),  # Curugbitung
    "36.02.07": (1, 2),  # Bojongmanik
    "36.02.06": (2, 2),  # Leuwidamar
    "36.02.05": (3, 2),  # Muncang
    "36.02.25": (4, 2),  # Lebakgedong
    "36.02.04": (5, 2),  # Cipanas
    "36.02.09": (0, 3),  # Banjarsari
    "36.02.08": (1, 3),  # Gunungkencana
    "36.02.27": (2, 3),  # Cirinten
    "36.02.22": (3, 3),  # Sobang
    "36.02.19": (4, 3),  # Cibeber
    "36.02.21": (0, 4),  # Wanasalam
    "36.02.01": (1, 4),  # Malingping
    "36.02.16": (2, 4),  # Cijaku
    "36.02.28": (3, 4),  # Cigemblong
    "36.02.26": (1, 5),  # Cihara
    "36.02.02": (2, 5),  # Panggarangan
    "36.02.03": (3, 5),  # Bayah
    "36.02.20": (4, 5),  # Cilograng
}
PALETTE = ("#eef4fb", "#c6dbef", "#9ecae1", "#4292c6", "#08519c")
NO_DATA = "#f2f2f2"
TILE, GAP = 96, 4


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    value: float | None
    label: str  # the value as text
    href: str = ""


def class_breaks(values: list[float], classes: int = len(PALETTE)) -> list[float]:
    """Upper bounds of equal-interval classes between the smallest and largest value."""
    if not values:
        return []
    low, high = min(values), max(values)
    if high == low:
        return [high]
    step = (high - low) / classes
    return [low + step * (i + 1) for i in range(classes)]


def colour_for(value: float | None, breaks: list[float]) -> str:
    if value is None or not breaks:
        return NO_DATA
    for i, bound in enumerate(breaks):
        if value <= bound + 1e-9:
            return PALETTE[min(i, len(PALETTE) - 1)] if len(breaks) > 1 else PALETTE[-1]
    return PALETTE[-1]


def _text_colour(fill: str) -> str:
    return "#ffffff" if fill in PALETTE[3:] else "#1a1a1a"


def tile_map_svg(
    tiles: list[Tile],
    *,
    title: str,
    fmt: Callable[[float], str] | None = None,
) -> SafeString:
    """The tile map with a legend; every tile has a <title> and an accessible label."""
    fmt = fmt or (lambda v: format_number(round(v)))
    values = [t.value for t in tiles if t.value is not None]
    breaks = class_breaks(values)
    width = 6 * (TILE + GAP) + 200
    height = 6 * (TILE + GAP) + 10
    parts = [
        f'<svg class="tilemap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="group" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for tile in tiles:
        if tile.code not in LEBAK_TILES:
            continue
        col, row = LEBAK_TILES[tile.code]
        x, y = col * (TILE + GAP), row * (TILE + GAP)
        fill = colour_for(tile.value, breaks)
        ink = _text_colour(fill)
        name = escape(tile.name)
        label = escape(tile.label)
        short = name if len(tile.name) <= 14 else escape(tile.name[:13] + "…")
        name_size = 12 if len(tile.name) <= 11 else 10.5
        body = (
            f'<g class="tile" data-code="{escape(tile.code)}" role="img" '
            f'aria-label="{name}: {label}"><title>{name}: {label}</title>'
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="6" fill="{fill}" '
            f'stroke="#5a6b7b" stroke-width="1"/>'
            f'<text x="{x + TILE / 2}" y="{y + 40}" text-anchor="middle" font-size="{name_size}" '
            f'fill="{ink}">{short}</text>'
            f'<text x="{x + TILE / 2}" y="{y + 62}" text-anchor="middle" font-size="15" '
            f'font-weight="bold" fill="{ink}">{label}</text></g>'
        )
        if tile.href:
            body = f'<a href="{escape(tile.href)}">{body}</a>'
        parts.append(body)
    # Legend
    lx = 6 * (TILE + GAP) + 16
    parts.append(
        f'<g class="legend"><text x="{lx}" y="20" font-size="13" font-weight="bold">'
        f"{escape(_('Keterangan'))}</text>"
    )
    low = min(values) if values else 0.0
    for i, bound in enumerate(breaks):
        fill = PALETTE[i] if len(breaks) > 1 else PALETTE[-1]
        start = low if i == 0 else breaks[i - 1]
        y = 34 + i * 26
        parts.append(
            f'<rect x="{lx}" y="{y}" width="20" height="18" fill="{fill}" stroke="#5a6b7b"/>'
            f'<text x="{lx + 28}" y="{y + 14}" font-size="12">'
            f"{escape(fmt(start))} – {escape(fmt(bound))}</text>"
        )
    y = 34 + len(breaks) * 26
    parts.append(
        f'<rect x="{lx}" y="{y}" width="20" height="18" fill="{NO_DATA}" stroke="#5a6b7b"/>'
        f'<text x="{lx + 28}" y="{y + 14}" font-size="12">{escape(_("tanpa data"))}</text></g>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every interpolated text is escaped above)

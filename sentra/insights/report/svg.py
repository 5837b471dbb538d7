"""Charts for the PDF report, drawn as inline SVG in Python (WeasyPrint runs no JavaScript)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sentra.core.numbers import format_number_id


def bar_chart_svg(
    labels: list[str],
    series: list[tuple[str, list[int], str]],
    *,
    title: str,
    width: int = 640,
) -> SafeString:
    """Horizontal grouped bars: one row per label, one bar per series (name, values, colour)."""
    row_h = 8 + 12 * len(series)
    label_w, value_w = 150, 70
    top = 40
    height = top + row_h * len(labels) + 10
    peak = max([v for _, values, _ in series for v in values] + [1])
    plot_w = width - label_w - value_w
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    x = label_w
    for name, _values, colour in series:
        out.append(
            f'<rect x="{x}" y="22" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="31" font-size="10">{escape(name)}</text>'
        )
        x += 90
    for i, label in enumerate(labels):
        y = top + i * row_h
        out.append(
            f'<text x="{label_w - 6}" y="{y + row_h / 2 + 3}" font-size="10" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        for j, (_name, values, colour) in enumerate(series):
            w = plot_w * values[i] / peak
            by = y + 4 + j * 12
            out.append(
                f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="10" fill="{colour}"/>'
                f'<text x="{label_w + w + 4:.1f}" y="{by + 9}" font-size="9">'
                f"{format_number_id(values[i])}</text>"
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  (every label is escaped above)

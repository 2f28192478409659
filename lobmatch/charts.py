"""Server-side SVG charts for the PDF reports and the staff dashboard: no JavaScript, no inline CSS.

Each chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``; pages that show a chart also
show the numbers behind it as a table, so the chart is never the only way to read them. Colours are presentation
attributes (allowed by the content security policy, unlike ``style=""``) with at least 4.5:1 contrast on white.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BLUE = "#004c93"
ORANGE = "#b34700"
GREEN = "#1e6b34"
GREY = "#5d6670"
TEXT = "#1b1f24"
GRID = "#d6dbe2"
PALETTE = (BLUE, ORANGE, GREEN, GREY)
FONT = "Source Sans 3, Segoe UI, Arial, sans-serif"
CHAR_WIDTH = 0.54  # average glyph width of Source Sans 3 in em: enough to size label columns


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | Decimal | None]
    color: str = ""


def _num(value) -> float:
    return float(value or 0)


def _fmt(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def _text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def _clip(text: str, size: float, room: float) -> str:
    if _text_width(text, size) <= room:
        return text
    keep = max(3, int(room / (size * CHAR_WIDTH)) - 1)
    return text[:keep].rstrip() + "…"


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _open(chart_id: str, width: float, height: float, title: str, desc: str) -> list[str]:
    cid = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'font-family="{FONT}" font-size="12" fill="{TEXT}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    out = []
    for i, s in enumerate(series):
        color = s.color or PALETTE[i % len(PALETTE)]
        out.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{color}"/>')
        out.append(f'<text x="{x + 14:.1f}" y="{y:.1f}">{escape(s.name)}</text>')
        x += 14 + _text_width(s.name, 12) + 18
    return out


def bar_chart(labels: Sequence[str], series: Sequence[Series] | Series, *, title: str, desc: str, chart_id: str,
              width: int = 640, value_format: Callable[[object], str] | None = None,
              max_label_width: float | None = None) -> SafeString:
    """Horizontal (grouped) bars, one row per label, the value printed at the end of each bar."""
    series = [series] if isinstance(series, Series) else list(series)
    fmt = value_format or _fmt
    size = 12
    bar_h = 14 if len(series) == 1 else 11
    gap = 8
    row_h = bar_h * len(series) + gap
    legend_h = 22 if len(series) > 1 else 0
    label_room = max_label_width or width * 0.42
    label_w = min(label_room, max([_text_width(str(label), size) for label in labels] + [40])) + 10
    values = [_num(v) for s in series for v in s.values]
    longest_value = max([_text_width(fmt(v), size) for s in series for v in s.values] + [20])
    plot_x = label_w
    plot_w = max(60.0, width - plot_x - longest_value - 10)
    top = 6 + legend_h
    height = top + max(1, len(labels)) * row_h + 4
    vmax = max(values + [0]) or 1
    out = _open(chart_id, width, height, title, desc)
    if legend_h:
        out += _legend(series, plot_x, 14)
    out.append(f'<line x1="{plot_x:.1f}" y1="{top - 2:.1f}" x2="{plot_x:.1f}" y2="{height - 2:.1f}" '
               f'stroke="{GREY}" stroke-width="1"/>')
    for row, label in enumerate(labels):
        y0 = top + row * row_h
        label_y = y0 + (row_h - gap) / 2 + 4
        out.append(f'<text x="{plot_x - 6:.1f}" y="{label_y:.1f}" text-anchor="end">'
                   f'{escape(_clip(str(label), size, label_w - 10))}</text>')
        for i, s in enumerate(series):
            value = s.values[row] if row < len(s.values) else 0
            color = s.color or PALETTE[i % len(PALETTE)]
            w = plot_w * _num(value) / vmax
            by = y0 + i * bar_h
            if w > 0:
                out.append(f'<rect x="{plot_x:.1f}" y="{by:.1f}" width="{w:.1f}" height="{bar_h - 2}" '
                           f'fill="{color}"/>')
            out.append(f'<text x="{plot_x + w + 4:.1f}" y="{by + bar_h - 4:.1f}" font-size="11">'
                       f'{escape(fmt(value))}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def line_chart(x_labels: Sequence[str], series: Sequence[Series] | Series, *, title: str, desc: str, chart_id: str,
               y_min: float = 0, y_max: float | None = None, y_step: float = 1, width: int = 640,
               height: int = 220) -> SafeString:
    """Lines with dots over categories (e.g. sessions); a ``None`` has no dot and the line joins its neighbours.
    The y-axis has gridlines."""
    series = [series] if isinstance(series, Series) else list(series)
    legend_h = 22 if len(series) > 1 else 0
    top, bottom, left, right = 10 + legend_h, 28, 34, 14
    values = [_num(v) for s in series for v in s.values if v is not None]
    y_max = y_max if y_max is not None else _nice_max(max(values + [1]))
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(1, len(x_labels))

    def x_at(i):
        return left + plot_w * (i + 0.5) / n

    def y_at(v):
        return top + plot_h * (1 - (_num(v) - y_min) / ((y_max - y_min) or 1))

    out = _open(chart_id, width, height, title, desc)
    if legend_h:
        out += _legend(series, left, 14)
    tick = y_min
    while tick <= y_max + 1e-9:
        y = y_at(tick)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}" '
                   f'stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{escape(_fmt(tick))}'
                   f'</text>')
        tick += y_step
    for i, label in enumerate(x_labels):
        out.append(f'<text x="{x_at(i):.1f}" y="{height - 8}" text-anchor="middle" font-size="11">'
                   f'{escape(_clip(str(label), 11, plot_w / n - 4))}</text>')
    for k, s in enumerate(series):
        color = s.color or PALETTE[k % len(PALETTE)]
        points = [f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:  # a missing value is skipped, the line joins its neighbours
            out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{color}" stroke-width="2"/>')
        for i, value in enumerate(s.values):
            if value is not None:
                out.append(f'<circle cx="{x_at(i):.1f}" cy="{y_at(value):.1f}" r="4" fill="{color}"/>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped

"""Pure SVG building for the marks page: a small line chart of a weighted average over time
(no JavaScript, no external service). The caller passes the points; this module only draws."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.formats import number_format

WIDTH = 240
HEIGHT = 64
PAD = 6


@dataclass(frozen=True)
class ChartPoint:
    day: datetime.date
    value: Decimal


def _x(index: int, count: int) -> float:
    if count <= 1:
        return WIDTH / 2
    return PAD + index * (WIDTH - 2 * PAD) / (count - 1)


def _y(value: Decimal, low: Decimal, high: Decimal) -> float:
    span = high - low or Decimal(1)
    return float(HEIGHT - PAD - (value - low) * (HEIGHT - 2 * PAD) / span)


def average_chart(points: Sequence[ChartPoint], *, title: str, low: Decimal, high: Decimal) -> str:
    """An inline `<svg role="img">` with a `<title>` and an `aria-label` (the same text), a
    polyline through the points and a circle per point (each with its own `<title>`: the date
    and the value). Empty string without points. `low`/`high` are the scale's bounds."""
    if not points:
        return ""
    count = len(points)
    coords = [(_x(i, count), _y(p.value, low, high)) for i, p in enumerate(points)]
    label = escape(title)
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = "".join(
        f'<circle class="mc-dot" cx="{x:.1f}" cy="{y:.1f}" r="2.5">'
        f"<title>{p.day:%d.%m.%Y}: {number_format(p.value, 2)}</title></circle>"
        for (x, y), p in zip(coords, points, strict=True)
    )
    return (
        f'<svg class="mc-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}"'
        f' role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{label}</title>"
        f'<polyline class="mc-line" fill="none" points="{line}"/>{dots}</svg>'
    )

"""Planned against realised, cumulative over time, as a server-rendered SVG line chart.

Pure: no database and no Django. The caller gives the points (a day, the planned total by then,
the realised total by then or None after today) and the words in the user's language; the page
puts a table with the same numbers beside it, the text alternative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from mijlpaal.charts.svg import fmt, line, open_document, text

WIDTH = 640
HEIGHT = 240
LEFT = 104  # room for the value labels, up to € 1.234.567,89
RIGHT = 16
TOP = 16
BOTTOM = 48  # room for the date labels and the legend
PLANNED = "#6b7580"
REALISED = "#1f5fa8"


@dataclass(frozen=True)
class ChartPoint:
    on: dt.date
    planned: Decimal
    realised: Decimal | None  # None: after today, nothing realised yet


@dataclass(frozen=True)
class ChartWords:
    title: str
    planned: str
    realised: str
    value: Callable[[Decimal], str]  # a value as its label: € 1.234,56 or 1.234,5


def _scale(points: Sequence[ChartPoint]) -> tuple[dt.date, dt.date, Decimal]:
    first, last = points[0].on, points[-1].on
    values = [p.planned for p in points] + [p.realised for p in points if p.realised is not None]
    return first, last, max([*values, Decimal(1)])


def chart_svg(points: Sequence[ChartPoint], words: ChartWords) -> str:
    """The planned line (dashed) and the realised line (solid) from the plan's start."""
    parts: list[str] = []
    add = parts.append
    open_document(add, "budget-chart", (WIDTH, HEIGHT), words.title)
    if not points:
        add("</svg>")
        return "".join(parts)
    first, last, high = _scale(points)
    days = max((last - first).days, 1)
    bottom = HEIGHT - BOTTOM

    def x(on: dt.date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (on - first).days / days

    def y(value: Decimal) -> float:
        return TOP + (bottom - TOP) * (1 - float(value / high))

    add(line(LEFT, TOP, LEFT, bottom, ' stroke="#9aa3ad"'))
    add(line(LEFT, bottom, WIDTH - RIGHT, bottom, ' stroke="#9aa3ad"'))
    for value in (Decimal(0), high / 2, high):
        add(line(LEFT, y(value), WIDTH - RIGHT, y(value), ' stroke="#e3e7eb"'))
        label = words.value(value)
        add(text(LEFT - 6, y(value) + 4, label, ' text-anchor="end" fill="#44505c"'))
    for day, anchor in ((first, "start"), (last, "end")):
        add(text(x(day), bottom + 16, f"{day:%d-%m-%Y}", f' text-anchor="{anchor}" fill="#44505c"'))
    planned = " ".join(f"{fmt(x(p.on))},{fmt(y(p.planned))}" for p in points)
    add(
        f"<g><title>{escape(words.planned)}</title>"
        f'<polyline class="planned" points="{planned}" fill="none" stroke="{PLANNED}" '
        'stroke-width="2" stroke-dasharray="6 4"/></g>'
    )
    done = [p for p in points if p.realised is not None]
    if done:
        realised = " ".join(f"{fmt(x(p.on))},{fmt(y(p.realised or Decimal(0)))}" for p in done)
        add(
            f"<g><title>{escape(words.realised)}</title>"
            f'<polyline class="realised" points="{realised}" fill="none" stroke="{REALISED}" '
            'stroke-width="2.5"/></g>'
        )
    legend = HEIGHT - 10
    add(
        line(
            LEFT,
            legend - 4,
            LEFT + 24,
            legend - 4,
            f' stroke="{PLANNED}" stroke-width="2" stroke-dasharray="6 4"',
        )
    )
    add(text(LEFT + 30, legend, words.planned, ' fill="#44505c"'))
    middle = LEFT + (WIDTH - LEFT) / 2
    add(
        line(
            middle, legend - 4, middle + 24, legend - 4, f' stroke="{REALISED}" stroke-width="2.5"'
        )
    )
    add(text(middle + 30, legend, words.realised, ' fill="#44505c"'))
    add("</svg>")
    return "".join(parts)

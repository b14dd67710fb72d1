"""Whether a goal's indicator is on course, the numbers as people read them, and its chart.

Pure: no database and no Django. The straight line from the baseline (nulmeting) to the target
is the course; the latest measurement is on course when it lies on the line or on the good side
of it. Which side is good follows from the target: a target below the baseline means lower is
better.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from mijlpaal.charts.svg import fmt, line, open_document, text


@dataclass(frozen=True)
class Point:
    on: dt.date
    value: Decimal


def on_course(baseline: Point, target: Point, latest: Point) -> bool:
    """Whether `latest` lies on the line from `baseline` to `target` or on its good side.

    Before the baseline the line's value is the baseline, after the target date the target.
    Compared by cross-multiplying, so a measurement exactly on the line is never lost to rounding.
    """
    span = (target.on - baseline.on).days
    elapsed = min(max((latest.on - baseline.on).days, 0), span) if span > 0 else 1
    span = max(span, 1)
    made = (latest.value - baseline.value) * span  # progress so far, times the span
    due = (target.value - baseline.value) * elapsed  # the progress the line asks for by then
    if target.value < baseline.value:
        return made <= due
    return made >= due


def line_value(baseline: Point, target: Point, on: dt.date) -> Decimal:
    """The value the straight line from baseline to target has on day `on`."""
    span = (target.on - baseline.on).days
    if span <= 0:
        return target.value
    elapsed = min(max((on - baseline.on).days, 0), span)
    return baseline.value + (target.value - baseline.value) * elapsed / span


def format_value(value: Decimal, *, thousands: str = ".", decimal: str = ",") -> str:
    """A value as people write it, Dutch by default: 1.234,5 — no trailing zeros, no exponent."""
    sign = "-" if value < 0 else ""
    digits = f"{abs(value):f}"
    whole, _, fraction = digits.partition(".")
    fraction = fraction.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + thousands.join(groups)
    return f"{result}{decimal}{fraction}" if fraction else result


# --- the chart -----------------------------------------------------------------------------------

WIDTH = 320
HEIGHT = 160
LEFT = 84  # room for the value labels, up to -1.234.567,5
RIGHT = 12
TOP = 12
BOTTOM = 28  # room for the date labels


@dataclass(frozen=True)
class Scale:
    """Days and values to chart coordinates."""

    first: dt.date
    last: dt.date
    low: Decimal
    high: Decimal

    def x(self, on: dt.date) -> float:
        days = max((self.last - self.first).days, 1)
        return LEFT + (WIDTH - LEFT - RIGHT) * (on - self.first).days / days

    def y(self, value: Decimal) -> float:
        spread = self.high - self.low or Decimal(1)
        share = float((value - self.low) / spread)
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - share)


def scale_for(baseline: Point, target: Point, measurements: Sequence[Point]) -> Scale:
    points = [baseline, target, *measurements]
    values = [p.value for p in points]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    return Scale(min(p.on for p in points), max(p.on for p in points), low, high)


@dataclass(frozen=True)
class ChartWords:
    """The chart's words in the user's language; the caller translates them."""

    title: str
    course: str  # the label of the line from baseline to target
    decimal: str = ","
    thousands: str = "."


def chart_svg(
    baseline: Point, target: Point, measurements: Sequence[Point], words: ChartWords
) -> str:
    """The baseline, the measurements joined by a line, and the dashed course to the target."""
    scale = scale_for(baseline, target, measurements)
    parts: list[str] = []
    add = parts.append
    open_document(add, "indicator-chart", (WIDTH, HEIGHT), words.title)
    bottom = HEIGHT - BOTTOM
    add(line(LEFT, TOP, LEFT, bottom, ' stroke="#9aa3ad"'))
    add(line(LEFT, bottom, WIDTH - RIGHT, bottom, ' stroke="#9aa3ad"'))
    for value in (scale.low, scale.high):
        label = format_value(value, thousands=words.thousands, decimal=words.decimal)
        add(text(LEFT - 6, scale.y(value) + 4, label, ' text-anchor="end" fill="#44505c"'))
    for day, anchor in ((scale.first, "start"), (scale.last, "end")):
        x = LEFT if anchor == "start" else WIDTH - RIGHT
        add(text(x, HEIGHT - 8, f"{day:%d-%m-%Y}", f' text-anchor="{anchor}" fill="#44505c"'))
    course = line(
        scale.x(baseline.on),
        scale.y(baseline.value),
        scale.x(target.on),
        scale.y(target.value),
        ' class="course" stroke="#6b7580" stroke-dasharray="5 4"',
    )
    add(f"<g><title>{escape(words.course)}</title>{course}</g>")
    path = [baseline, *sorted(measurements, key=lambda p: p.on)]
    coordinates = " ".join(f"{fmt(scale.x(p.on))},{fmt(scale.y(p.value))}" for p in path)
    add(f'<polyline class="measured" points="{coordinates}" fill="none" stroke="#1f5fa8"/>')
    for point in path:
        add(
            f'<circle cx="{fmt(scale.x(point.on))}" cy="{fmt(scale.y(point.value))}" r="3.5" '
            'fill="#1f5fa8"/>'
        )
    add(
        f'<circle class="target" cx="{fmt(scale.x(target.on))}" cy="{fmt(scale.y(target.value))}"'
        ' r="4" fill="#ffffff" stroke="#6b7580" stroke-width="2"/>'
    )
    add("</svg>")
    return "".join(parts)


def parse_value(written: str, *, thousands: str = ".", decimal: str = ",") -> Decimal | None:
    """A value as people write it (1.234,5 in Dutch, 1,234.5 in English); None if it is none.

    Thousands separators count only in groups of three (1.500), so 12.5 stays wrong in Dutch
    rather than becoming 125.
    """
    text = written.strip().replace(" ", "").replace("\u00a0", "")
    sign, body = ("-", text[1:]) if text[:1] in {"-", "−"} else ("", text)
    whole, _, fraction = body.partition(decimal)
    groups = whole.split(thousands)
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return None
    whole = "".join(groups)
    if not whole.isdigit() or (fraction and not fraction.isdigit()) or not whole.isascii():
        return None
    return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")

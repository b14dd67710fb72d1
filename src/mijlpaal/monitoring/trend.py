"""The milestone trend analysis (mijlpaaltrendanalyse) and the lights over time, as SVG.

Pure: rows already loaded go in, a standalone SVG string comes out; no queries and no request.
The view translates the texts and passes them in, as for the Gantt chart.

How to read the trend analysis: reporting dates run across, forecast dates up. Each milestone is a
line through its successive forecasts; flat means on schedule, going up means it slips. A line
ends where it meets the diagonal (forecast = reporting date): there the milestone is reached.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from xml.sax.saxutils import escape

from mijlpaal.charts import svg
from mijlpaal.charts.svg import HEADING_HEIGHT, Add
from mijlpaal.monitoring.models import Entry, Light
from mijlpaal.monitoring.status import LATE, NONE, SHOWN_ORDER, LatestSoFar, derive, effective
from mijlpaal.planning.text import MONTH_ABBR
from mijlpaal.plans.models import Activity, Milestone, Plan, Workstream

Item = TypeVar("Item", Milestone, Activity)
Spot = tuple[float, float]

WIDTH = 900
INK = "#000000"
SOFT_INK = "#333333"
GRID = "#dde3ea"
AXIS = "#5b6b7b"
LEGEND_ROW = 20

# Distinct on screen and for most colour-blind readers (Okabe-Ito first); past the palette, lines
# repeat its colours with a dash pattern.
PALETTE = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#6a3d9a",
    "#8c564b",
    "#1b7837",
    "#b2182b",
    "#4d4d4d",
    "#b8860b",
)
DASHES = ("", "7 4", "2 3")

LIGHT_COLOURS = {
    LATE: "#7a1610",
    Light.RED: "#b42318",
    Light.ORANGE: "#f0a030",
    Light.GREEN: "#2e8540",
    Light.REACHED: "#a8d5b0",
    NONE: "#d9dde2",
}
# Bars are stacked from the bottom: reached and green first, no update on top.
STACK_ORDER = (Light.REACHED, Light.GREEN, Light.ORANGE, Light.RED, LATE, NONE)


# --- what both charts draw with ------------------------------------------------------------------


def _step(count: int, room: float, minimum: float) -> int:
    """Label every `step` months so that labels are at least `minimum` px apart."""
    per_month = room / max(count, 1)
    for step in (1, 2, 3, 6, 12, 24, 60):
        if step * per_month >= minimum:
            return step
    return 120


def _open(add: Add, css_class: str, height: float, title: str, data: str = "") -> None:
    """The chart's document: as wide as the page's column, black text unless said otherwise."""
    svg.open_document(add, css_class, (WIDTH, height), title, f' fill="{INK}"{data}')


def _axis_title(add: Add, x: float, y: float, title: str, *, vertical: bool = False) -> None:
    style = ' text-anchor="middle" font-size="13" font-weight="700"'
    if vertical:
        turn = f"translate({svg.fmt(x)},{svg.fmt(y)}) rotate(-90)"
        add(
            f'<text class="axis-title y" x="0" y="0" transform="{turn}"{style}>'
            f"{escape(title)}</text>"
        )
    else:
        add(svg.text(x, y, title, f' class="axis-title x"{style}'))


def _empty(add: Add, x: float, y: float, message: str) -> None:
    style = f' class="empty" text-anchor="middle" font-size="14" fill="{SOFT_INK}"'
    add(svg.text(x, y, message, style))


def _month_ticks(
    add: Add, ticks: Sequence[tuple[float, dt.date]], y: float, months: Sequence[str]
) -> None:
    """Month names under the axis, the year under the first and under each January."""
    add(f'<g class="x-ticks" font-size="12" fill="{SOFT_INK}" text-anchor="middle">')
    previous_year = None
    for x, month in ticks:
        tick = f' class="tick" data-month="{month:%Y-%m}"'
        add(svg.text(x, y + 17, months[month.month - 1], tick))
        if month.year != previous_year:
            add(svg.text(x, y + 31, str(month.year), ' class="year" font-weight="700"'))
            previous_year = month.year
    add("</g>")


# --- the milestone trend analysis -----------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    reported_on: dt.date  # x
    forecast: dt.date  # y
    reached: bool = False  # on the diagonal: reported_on == forecast == the reached date


@dataclass(frozen=True)
class TrendLine:
    """One milestone's forecasts over time."""

    key: int  # the milestone's pk
    tag: str  # next to the line's end: its number, or its first words
    title: str  # in the legend and the tooltip
    points: tuple[TrendPoint, ...]

    @property
    def reached(self) -> bool:
        return bool(self.points) and self.points[-1].reached


@dataclass(frozen=True)
class TrendTexts:
    """The chart's words, translated by the caller."""

    title: str = "Milestone trend analysis"
    x_axis: str = "Reporting date"
    y_axis: str = "Forecast"
    diagonal: str = "Forecast = reporting date: reached"
    reached: str = "reached"
    today: str = "today"
    empty: str = "No status updates on milestones yet."
    months: tuple[str, ...] = MONTH_ABBR["en"]


@dataclass(frozen=True)
class TrendInput:
    lines: Sequence[TrendLine]
    today: dt.date
    texts: TrendTexts = field(default_factory=TrendTexts)
    heading: str = ""  # a title line above the chart, for downloads that stand on their own


@dataclass(frozen=True)
class TrendStart:
    """A baseline (vastgestelde planning) the lines start from: the day it was taken and each
    milestone's deadline in it (by primary key)."""

    taken_on: dt.date
    deadlines: Mapping[int, dt.date]


def _order(entry: Entry) -> tuple[dt.date, dt.datetime, int]:
    return (entry.reported_on, entry.created_at, entry.pk)


def trend_lines(
    milestones: Sequence[Milestone], entries: Iterable[Entry], start: TrendStart | None = None
) -> list[TrendLine]:
    """A line per milestone with status updates, in the milestones' order.

    A point per reporting date (the day's last update counts), at the forecast given then. Without
    a forecast the previous one holds, and before any the deadline; an update without either gives
    no point. A "reached" update puts its point on the diagonal, at the reached date.

    From a baseline (`start`): each line's first point is the milestone's deadline in the
    baseline on the day it was taken, and only the updates after that day follow; a milestone not
    in the baseline, or without updates since, has no line.
    """
    per_milestone: dict[int, dict[dt.date, Entry]] = {}
    for e in sorted(effective(entries), key=_order):
        if e.milestone_id:
            per_milestone.setdefault(e.milestone_id, {})[e.reported_on] = e
    lines = []
    for m in milestones:
        points: list[TrendPoint] = []
        forecast = m.deadline
        updates = list(per_milestone.get(m.pk, {}).values())
        if start is not None:
            forecast = start.deadlines.get(m.pk)
            updates = [e for e in updates if e.reported_on > start.taken_on]
            if forecast is None or not updates:
                continue
            points.append(TrendPoint(start.taken_on, forecast))
        for e in updates:
            if e.light == Light.REACHED:
                day = e.reached_on or e.reported_on
                points.append(TrendPoint(day, day, reached=True))
                continue
            forecast = e.forecast or forecast
            if forecast is not None:
                points.append(TrendPoint(e.reported_on, forecast))
        if not points:
            continue
        # Reached without a "bereikt" update (the date set on the milestone): end on the diagonal.
        last = points[-1]
        if m.reached_on and not last.reached and m.reached_on >= last.reported_on:
            points.append(TrendPoint(m.reached_on, m.reached_on, reached=True))
        lines.append(TrendLine(m.pk, _tag(m), m.label, tuple(points)))
    return lines


def _tag(m: Milestone, limit: int = 18) -> str:
    """The milestone's number, or its first words when it has none."""
    if m.number:
        return str(m.number)
    if len(m.title) <= limit:
        return m.title
    head = m.title[:limit]
    cut = head.rsplit(" ", 1)[0] if " " in head else head[:-1]
    return cut.rstrip(" ,.;:-–") + "…"


TREND_LEFT = 92
TREND_RIGHT = 28
TREND_TOP = 20
TREND_HEIGHT = 400
LEGEND_COLUMNS = 3
TAG_SPACING = 12


@dataclass(frozen=True)
class TrendScale:
    """Reporting dates across, forecast dates up; each axis runs over whole months.

    Both axes start at the same month (earlier if a forecast lies before the first report) and the
    forecast axis reaches at least as far as the reporting axis, so the diagonal crosses the plot
    from its bottom-left corner to its right edge.
    """

    x_first: dt.date
    x_end: dt.date  # exclusive: the first day after the last month
    y_first: dt.date
    y_end: dt.date
    left: float = TREND_LEFT
    top: float = TREND_TOP
    width: float = WIDTH - TREND_LEFT - TREND_RIGHT
    height: float = TREND_HEIGHT

    @property
    def px_x(self) -> float:
        return self.width / (self.x_end - self.x_first).days

    @property
    def px_y(self) -> float:
        return self.height / (self.y_end - self.y_first).days

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def right(self) -> float:
        return self.left + self.width

    def x(self, day: dt.date) -> float:
        return round(self.left + (day - self.x_first).days * self.px_x, 2)

    def y(self, day: dt.date) -> float:
        return round(self.bottom - (day - self.y_first).days * self.px_y, 2)


def trend_scale(data: TrendInput) -> TrendScale:
    xs = [p.reported_on for line in data.lines for p in line.points] or [data.today]
    ys = [p.forecast for line in data.lines for p in line.points] or [data.today]
    x_first = svg.month_start(min(xs))
    x_end = svg.next_month(max(*xs, data.today))
    y_first = svg.month_start(min(*ys, x_first))
    y_end = svg.next_month(max(*ys, x_end - dt.timedelta(days=1)))
    return TrendScale(x_first, x_end, y_first, y_end)


def _line_style(index: int) -> tuple[str, str]:
    """A colour and a dash pattern ("" for solid) per line."""
    return PALETTE[index % len(PALETTE)], DASHES[(index // len(PALETTE)) % len(DASHES)]


def render_trend(data: TrendInput) -> str:
    """The milestone trend analysis as one standalone SVG document."""
    texts, s = data.texts, trend_scale(data)
    legend_top = s.bottom + 70
    legend_rows = 1 + -(-len(data.lines) // LEGEND_COLUMNS)
    height = legend_top + legend_rows * LEGEND_ROW + 8 + (HEADING_HEIGHT if data.heading else 0)
    out: list[str] = []
    add = out.append
    plot = f"{svg.fmt(s.left)} {svg.fmt(s.top)} {svg.fmt(s.width)} {svg.fmt(s.height)}"
    axes = (
        f' data-x-first="{s.x_first}" data-x-end="{s.x_end}" data-y-first="{s.y_first}"'
        f' data-y-end="{s.y_end}" data-plot="{plot}"'
    )
    _open(add, "trend", height, texts.title, axes)
    if data.heading:
        svg.open_heading(add, data.heading)
    _trend_axes(add, s, texts)
    # The diagonal: where the forecast equals the reporting date.
    dashed = f' stroke="{SOFT_INK}" stroke-width="1.5" stroke-dasharray="6 4"'
    ends = f' data-from="{s.x_first}" data-to="{s.x_end}"'
    add(
        svg.line(
            s.x(s.x_first),
            s.y(s.x_first),
            s.x(s.x_end),
            s.y(s.x_end),
            f' class="diagonal"{dashed}{ends}',
        )
    )
    _trend_today(add, s, data.today, texts.today)
    add('<g class="lines">')
    tags = _tag_positions(s, data.lines)
    for index, trend_line in enumerate(data.lines):
        _trend_line(add, s, trend_line, _line_style(index), tags[index])
    add("</g>")
    if not data.lines:
        _empty(add, s.left + s.width / 2, s.top + s.height / 2, texts.empty)
    _trend_legend(add, data, legend_top)
    svg.close_document(add, heading=bool(data.heading))
    return "".join(out)


def _trend_today(add: Add, s: TrendScale, today: dt.date, label: str) -> None:
    """Today as a line across the reporting dates, its label above the plot."""
    if not s.x_first <= today < s.x_end:
        return
    x = s.x(today)
    add('<g class="today-marker">')
    orange = f' stroke="#e8772e" stroke-width="1.5" data-date="{today}"'
    add(svg.line(x, s.top, x, s.bottom, f' class="today"{orange}'))
    bold = ' text-anchor="middle" font-size="11" font-weight="700" fill="#a04a00"'
    add(svg.text(x, s.top - 6, label, bold))
    add("</g>")


def _trend_axes(add: Add, s: TrendScale, texts: TrendTexts) -> None:
    """Grid lines and month labels on both axes, the axes and their titles."""
    x_months = svg.each_month(s.x_first, s.x_end - dt.timedelta(days=1))
    y_months = svg.each_month(s.y_first, s.y_end - dt.timedelta(days=1))
    x_step, y_step = _step(len(x_months), s.width, 40), _step(len(y_months), s.height, 22)
    x_ticks = [m for m in x_months if (m.month - 1) % x_step == 0]
    y_ticks = [m for m in y_months if (m.month - 1) % y_step == 0]
    add(f'<g class="grid" stroke="{GRID}" stroke-width="1">')
    add("".join(svg.line(s.x(m), s.top, s.x(m), s.bottom) for m in x_ticks))
    add("".join(svg.line(s.left, s.y(m), s.right, s.y(m)) for m in y_ticks))
    add("</g>")
    _month_ticks(add, [(s.x(m), m) for m in x_ticks], s.bottom, texts.months)
    add(f'<g class="y-ticks" font-size="12" fill="{SOFT_INK}" text-anchor="end">')
    for month in y_ticks:
        label = f"{texts.months[month.month - 1]} {month.year}"
        add(
            svg.text(s.left - 8, s.y(month) + 4, label, f' class="tick" data-month="{month:%Y-%m}"')
        )
    add("</g>")
    add(f'<g class="axes" stroke="{AXIS}" stroke-width="1.2">')
    add(svg.line(s.left, s.top, s.left, s.bottom) + svg.line(s.left, s.bottom, s.right, s.bottom))
    add("</g>")
    _axis_title(add, s.left + s.width / 2, s.bottom + 52, texts.x_axis)
    _axis_title(add, 16, s.top + s.height / 2, texts.y_axis, vertical=True)


def _tag_positions(s: TrendScale, lines: Sequence[TrendLine]) -> list[Spot | None]:
    """Where each line's tag goes: right of its last point, moved down past tags that would
    overlap it (lines often end on the same reporting date). A tag that would end up far from its
    line is left out: the legend and the tooltip still name the line."""
    ends = [(s.x(line.points[-1].reported_on), s.y(line.points[-1].forecast)) for line in lines]
    placed: list[Spot] = []
    positions: list[Spot | None] = [None] * len(ends)
    for index in sorted(range(len(ends)), key=lambda i: (ends[i][1], ends[i][0])):
        x, y = ends[index][0] + 8, ends[index][1] + 4
        for px, py in sorted(placed, key=lambda p: p[1]):
            if abs(px - x) < 36 and abs(py - y) < TAG_SPACING:
                y = py + TAG_SPACING
        if y - ends[index][1] - 4 <= 2 * TAG_SPACING and y <= s.bottom:
            placed.append((x, y))
            positions[index] = (x, y)
    return positions


def _trend_line(
    add: Add, s: TrendScale, line: TrendLine, style: tuple[str, str], tag: Spot | None
) -> None:
    """A milestone's polyline, a point per report, a filled dot when reached, its tag at the end."""
    colour, dash = style
    coords = [(s.x(p.reported_on), s.y(p.forecast)) for p in line.points]
    reached = " reached" if line.reached else ""
    add(f'<g class="milestone{reached}" data-milestone="{line.key}">')
    add(f"<title>{escape(line.title)}</title>")
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    if len(coords) > 1:
        points = " ".join(f"{svg.fmt(x)},{svg.fmt(y)}" for x, y in coords)
        add(
            f'<polyline class="trend-line" points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="2.2" stroke-linejoin="round"{dash_attr}/>'
        )
    for point, (x, y) in zip(line.points, coords, strict=True):
        at = f'cx="{svg.fmt(x)}" cy="{svg.fmt(y)}"'
        if point.reached:
            add(
                f'<circle class="point reached" {at} r="6" fill="{colour}" stroke="{INK}" '
                f'stroke-width="1.2" data-date="{point.reported_on}"/>'
            )
        else:
            add(
                f'<circle class="point" {at} r="3.5" fill="#ffffff" stroke="{colour}" '
                f'stroke-width="2" data-reported="{point.reported_on}" '
                f'data-forecast="{point.forecast}"/>'
            )
    if tag is not None:
        add(svg.text(*tag, line.tag, ' class="tag" font-size="11" font-weight="700"'))
    add("</g>")


def _trend_legend(add: Add, data: TrendInput, top: float) -> None:
    """The diagonal and the reached dot, then a swatch per milestone in columns."""
    texts = data.texts
    column = (WIDTH - 24) / LEGEND_COLUMNS
    add(f'<g class="legend" font-size="12" transform="translate(12,{svg.fmt(top)})">')
    diagonal = svg.line(
        0, 7, 22, 7, f' stroke="{SOFT_INK}" stroke-width="1.5" stroke-dasharray="6 4"'
    )
    add(f'<g class="key">{diagonal}{svg.text(28, 11, texts.diagonal)}</g>')
    add(
        f'<g class="key" transform="translate({svg.fmt(40 + len(texts.diagonal) * 7)},0)">'
        f'<circle cx="8" cy="7" r="6" fill="{SOFT_INK}" stroke="{INK}" stroke-width="1.2"/>'
        f"{svg.text(20, 11, texts.reached)}</g>"
    )
    for index, line in enumerate(data.lines):
        colour, dash = _line_style(index)
        row, col = divmod(index, LEGEND_COLUMNS)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        swatch = svg.line(0, 7, 22, 7, f' stroke="{colour}" stroke-width="3"{dash_attr}')
        add(
            f'<g class="entry" data-milestone="{line.key}" '
            f'transform="translate({svg.fmt(col * column)},{(row + 1) * LEGEND_ROW})">'
            f"{swatch}{svg.text(28, 11, svg.short(line.title, 38))}</g>"
        )
    add("</g>")


# --- the lights over time -------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthLights:
    """How many milestones and activities showed each light at the end of a month."""

    month: dt.date  # the first of the month
    on: dt.date  # the day counted: the month's last day, or today for the current month
    counts: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def lights_over_time(
    plan: Plan,
    milestones: Sequence[Milestone],
    activities: Sequence[Activity],
    workstreams: Sequence[Workstream],
    entries: Sequence[Entry],
    *,
    today: dt.date,
) -> list[MonthLights]:
    """Per month, from the plan's start (or the first update, if earlier) up to today, the lights
    as the dashboard would have shown them then: only updates reported by that day count, and an
    item reached later was not reached yet."""
    ordered = sorted(entries, key=_order)
    days = [e.reported_on for e in ordered]
    first = min([plan.start_date, *days[:1]])
    out = []
    so_far = LatestSoFar()
    counted = 0
    for month in svg.each_month(first, today):
        on = min(svg.next_month(month) - dt.timedelta(days=1), today)
        for entry in ordered[counted : bisect.bisect_right(days, on)]:
            so_far.add(entry)
            counted += 1
        status = derive(
            plan,
            [_as_of(m, "reached_on", on) for m in milestones],
            [_as_of(a, "actual_finish", on) for a in activities],
            workstreams,
            [],
            today=on,
            latest_entries=so_far.found,
        )
        out.append(MonthLights(month, on, status.counts()))
    return out


def _as_of(item: Item, field_name: str, on: dt.date) -> Item:
    """The item as it was on `on`: a reached date after that day had not happened yet."""
    reached = getattr(item, field_name)
    if reached is None or reached <= on:
        return item
    earlier = copy.copy(item)
    setattr(earlier, field_name, None)
    return earlier


@dataclass(frozen=True)
class LightsTexts:
    title: str = "Lights over time"
    y_axis: str = "Milestones and activities"
    labels: Mapping[str, str] = field(
        default_factory=lambda: {
            LATE: "late",
            Light.RED: "red",
            Light.ORANGE: "orange",
            Light.GREEN: "green",
            Light.REACHED: "reached",
            NONE: "no update yet",
        }
    )
    empty: str = "No milestones or activities yet."
    months: tuple[str, ...] = MONTH_ABBR["en"]


LIGHTS_LEFT = 60
LIGHTS_RIGHT = 24
LIGHTS_TOP = 16
LIGHTS_HEIGHT = 300
LIGHTS_BOTTOM = LIGHTS_TOP + LIGHTS_HEIGHT
LIGHTS_WIDTH = WIDTH - LIGHTS_LEFT - LIGHTS_RIGHT


def _nice_max(total: int) -> tuple[int, int]:
    """The top of the count axis and its step: at most five steps of 1, 2 or 5 × a power of ten."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            step = power * factor
            if -(-total // step) <= 5:
                return step * max(1, -(-total // step)), step
        power *= 10


@dataclass(frozen=True)
class LightsPlot:
    """The count axis, from 0 at LIGHTS_BOTTOM up to `axis_max`, and a slot per month across."""

    months: int
    axis_max: int
    axis_step: int

    @property
    def per_item(self) -> float:
        return LIGHTS_HEIGHT / self.axis_max

    @property
    def slot(self) -> float:
        return LIGHTS_WIDTH / max(self.months, 1)

    def y(self, count: int) -> float:
        return LIGHTS_BOTTOM - count * self.per_item


def render_lights(
    months: Sequence[MonthLights], texts: LightsTexts | None = None, *, heading: str = ""
) -> str:
    """Stacked bars: per month, how many milestones and activities showed each light."""
    texts = texts or LightsTexts()
    axis_max, axis_step = _nice_max(max((m.total for m in months), default=0))
    plot = LightsPlot(len(months), axis_max, axis_step)
    legend_top = LIGHTS_BOTTOM + 50
    legend = _lights_legend_layout(texts)
    legend_rows = 1 + max(row for _light, _x, row in legend)
    height = legend_top + legend_rows * LEGEND_ROW + 8 + (HEADING_HEIGHT if heading else 0)
    out: list[str] = []
    add = out.append
    _open(add, "lights", height, texts.title, f' data-axis-max="{axis_max}"')
    if heading:
        svg.open_heading(add, heading)
    _count_axis(add, plot, texts.y_axis)
    add('<g class="bars">')
    for index, month in enumerate(months):
        _month_bar(add, plot, index, month, texts)
    add("</g>")
    step = _step(len(months), LIGHTS_WIDTH, 40)
    ticks = [
        (LIGHTS_LEFT + index * plot.slot + plot.slot / 2, m.month)
        for index, m in enumerate(months)
        if (m.month.month - 1) % step == 0
    ]
    _month_ticks(add, ticks, LIGHTS_BOTTOM, texts.months)
    axis = f' class="axis" stroke="{AXIS}" stroke-width="1.2"'
    add(svg.line(LIGHTS_LEFT, LIGHTS_BOTTOM, LIGHTS_LEFT + LIGHTS_WIDTH, LIGHTS_BOTTOM, axis))
    if not any(m.total for m in months):
        _empty(add, LIGHTS_LEFT + LIGHTS_WIDTH / 2, LIGHTS_TOP + LIGHTS_HEIGHT / 2, texts.empty)
    _lights_legend(add, texts, legend, legend_top)
    svg.close_document(add, heading=bool(heading))
    return "".join(out)


def _count_axis(add: Add, plot: LightsPlot, title: str) -> None:
    """Grid lines and labels at each step of the count, and the axis title."""
    values = range(0, plot.axis_max + 1, plot.axis_step)
    right = LIGHTS_LEFT + LIGHTS_WIDTH
    add(f'<g class="grid" stroke="{GRID}" stroke-width="1">')
    add("".join(svg.line(LIGHTS_LEFT, plot.y(v), right, plot.y(v)) for v in values))
    add("</g>")
    add(f'<g class="y-ticks" font-size="12" fill="{SOFT_INK}" text-anchor="end">')
    add("".join(svg.text(LIGHTS_LEFT - 8, plot.y(v) + 4, str(v)) for v in values))
    add("</g>")
    _axis_title(add, 16, LIGHTS_TOP + LIGHTS_HEIGHT / 2, title, vertical=True)


def _month_bar(
    add: Add, plot: LightsPlot, index: int, month: MonthLights, texts: LightsTexts
) -> None:
    """One month's bar: a segment per light, stacked from the bottom in STACK_ORDER."""
    bar = min(plot.slot * 0.72, 48)
    x = LIGHTS_LEFT + index * plot.slot + (plot.slot - bar) / 2
    label = f"{texts.months[month.month.month - 1]} {month.month.year}"
    add(
        f'<g class="month" data-month="{month.month:%Y-%m}" data-on="{month.on}" '
        f'data-total="{month.total}">'
    )
    y = float(LIGHTS_BOTTOM)
    for light in STACK_ORDER:
        count = month.counts.get(light, 0)
        if not count:
            continue
        y -= count * plot.per_item
        add(
            f'<rect class="segment" x="{svg.fmt(x)}" y="{svg.fmt(y)}" width="{svg.fmt(bar)}" '
            f'height="{svg.fmt(count * plot.per_item)}" fill="{LIGHT_COLOURS[light]}" '
            f'stroke="#ffffff" stroke-width="0.6" data-light="{light}" data-count="{count}" '
            f'data-month="{month.month:%Y-%m}">'
            f"<title>{escape(label)}: {escape(texts.labels[light])} {count}</title></rect>"
        )
    add("</g>")


def _lights_legend_layout(texts: LightsTexts) -> list[tuple[str, int, int]]:
    """(light, x, row) of each key: side by side, on the next row where the width runs out."""
    out = []
    x, row = 0, 0
    for light in SHOWN_ORDER:
        width = 34 + int(len(texts.labels[light]) * 7.2)
        if x + width > WIDTH - 24:
            x, row = 0, row + 1
        out.append((light, x, row))
        x += width
    return out


def _lights_legend(
    add: Add, texts: LightsTexts, layout: Sequence[tuple[str, int, int]], top: float
) -> None:
    """A swatch and the name of each light."""
    add(f'<g class="legend" font-size="12" transform="translate(12,{svg.fmt(top)})">')
    for light, x, row in layout:
        add(
            f'<g class="key" data-light="{light}" transform="translate({x},{row * LEGEND_ROW})">'
            f'<rect x="0" y="0" width="22" height="14" fill="{LIGHT_COLOURS[light]}" '
            f'stroke="{AXIS}" stroke-width="0.6"/>{svg.text(28, 11, texts.labels[light])}</g>'
        )
    add("</g>")

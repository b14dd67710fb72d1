"""The Gantt chart as SVG: a pure function from a schedule's rows to a string.

No database and no Django here: `charts.gantt_rows` turns rows and the computed schedule into
`GanttInput` (with the texts already translated) and `render_gantt()` draws it, one part after the
other. Reports read a schedule; they never schedule on their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple
from xml.sax.saxutils import escape, quoteattr

from mijlpaal.charts.svg import (
    HEADING_HEIGHT,
    Add,
    close_document,
    each_month,
    fmt,
    line,
    month_end,
    open_document,
    open_heading,
    short,
    text,
)
from mijlpaal.planning.text import MONTH_ABBR

Zoom = Literal["month", "quarter", "year"]
RowKind = Literal["workstream", "milestone", "activity"]
LegendKey = Literal[
    "normal",
    "lead_time",
    "critical",
    "done",
    "milestone",
    "deadline",
    "slack",
    "holiday",
    "public_holiday",
]

ZOOMS: tuple[Zoom, ...] = ("month", "quarter", "year")
# Pixels per day: a month is about 120 px wide, a quarter about 130 px, a year about 180 px.
PX_PER_DAY: dict[Zoom, float] = {"month": 4.0, "quarter": 1.4, "year": 0.5}

LABEL_WIDTH = 360
ROW_HEIGHT = 26
HEADER_HEIGHT = 44
LEGEND_HEIGHT = 34
BAR_HEIGHT = 12
RIGHT_MARGIN = 24
DIAMOND_RADIUS = 7
# Characters that fit the label column: bold milestone labels are wider than activity labels.
LABEL_CHARS = {"milestone": 42, "activity": 48}

# The legend: a symbol per kind of mark, in the order shown ("today" comes last).
LEGEND_SYMBOLS: dict[LegendKey, str] = {
    "normal": '<rect x="0" y="2" width="18" height="10" rx="2" fill="#4f7fb8" stroke="#17457a"/>',
    "lead_time": '<rect x="0" y="4" width="18" height="7" rx="2" fill="#c8d9ee" stroke="#17457a"/>',
    "critical": (
        '<rect x="0" y="2" width="18" height="10" rx="2" fill="#f08a4b" stroke="#c2410c" '
        'stroke-width="2"/>'
    ),
    "done": '<rect x="0" y="2" width="18" height="10" rx="2" fill="#9fd3ad" stroke="#2e8540"/>',
    "milestone": '<path d="M9,0 L16,7 L9,14 L2,7 Z" fill="#17457a"/>',
    "deadline": '<line x1="9" y1="0" x2="9" y2="14" stroke="#b42318" stroke-width="2"/>',
    "slack": '<line x1="0" y1="7" x2="18" y2="7" stroke="#7b8896" stroke-width="1.5"/>',
    "holiday": '<rect x="0" y="0" width="18" height="14" fill="#fff2df" stroke="#f1d3a8"/>',
    "public_holiday": '<rect x="0" y="0" width="18" height="14" fill="#fde3e0" stroke="#f3c1bb"/>',
}
TODAY_SYMBOL = '<line x1="9" y1="0" x2="9" y2="14" stroke="#e8772e" stroke-width="2"/>'
ENGLISH_LEGEND: dict[LegendKey, str] = {
    "normal": "activity",
    "lead_time": "lead time to a milestone",
    "critical": "critical path",
    "done": "done",
    "milestone": "milestone",
    "deadline": "deadline",
    "slack": "slack",
    "holiday": "school holiday",
    "public_holiday": "public holiday",
}
SHADING_FILLS = {"school": "#fff2df", "public": "#fde3e0", "closure": "#eef1f4"}
ARROW_DEFS = (
    "<defs>"
    '<marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" '
    'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#5b6b7b"/></marker>'
    '<marker id="arrow-critical" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" '
    'markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#c2410c"/></marker>'
    '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fdecea"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#e8a39c" stroke-width="2"/></pattern>'
    "</defs>"
)


@dataclass(frozen=True)
class GanttRow:
    """One line of the chart: a workstream header, a milestone or an activity.

    `start`–`finish` are inclusive dates; for a milestone they are its lead time and `finish` is
    its date (the diamond). `slack_start`–`slack_end` (inclusive) is the float drawn as a thin
    line: after the finish up to the late finish when the item is planned early (forwards), before
    the start from the early start when it is planned late (backwards, as late as possible).
    """

    key: str
    kind: RowKind
    label: str
    url: str = ""
    start: dt.date | None = None
    finish: dt.date | None = None
    deadline: dt.date | None = None  # drawn as a red tick when the finish falls after it
    slack_start: dt.date | None = None
    slack_end: dt.date | None = None
    critical: bool = False
    done: bool = False
    late: bool = False
    infeasible: bool = False
    note: str = ""  # a short status text after the label, such as "te laat"


@dataclass(frozen=True)
class GanttLink:
    """An arrow from the end of one row to the start of another (a dependency)."""

    source: str
    target: str
    kind: Literal["dependency", "leads_to"] = "dependency"


@dataclass(frozen=True)
class Shading:
    """A shaded stretch of days (inclusive): a school holiday, a public holiday, a closure."""

    start: dt.date
    end: dt.date
    name: str
    kind: Literal["school", "public", "closure"] = "school"


@dataclass(frozen=True)
class GanttTexts:
    """The chart's words, translated by the caller; English when it does not translate them."""

    title: str = "Gantt chart"
    today: str = "today"
    legend: Mapping[LegendKey, str] = field(default_factory=lambda: dict(ENGLISH_LEGEND))
    months: tuple[str, ...] = MONTH_ABBR["en"]


@dataclass(frozen=True)
class GanttInput:
    start: dt.date
    end: dt.date
    today: dt.date
    zoom: Zoom
    rows: Sequence[GanttRow]
    links: Sequence[GanttLink] = ()
    shadings: Sequence[Shading] = ()
    texts: GanttTexts = field(default_factory=GanttTexts)
    heading: str = ""  # a title line above the chart, for downloads that stand on their own


@dataclass(frozen=True)
class Scale:
    """Where dates go on the x axis."""

    first: dt.date
    last: dt.date
    px_per_day: float
    left: float = LABEL_WIDTH

    def x(self, day: dt.date) -> float:
        """The left edge of a day."""
        return round(self.left + (day - self.first).days * self.px_per_day, 2)

    def x_end(self, day: dt.date) -> float:
        """The right edge of a day (bars include their last day)."""
        return self.x(day + dt.timedelta(days=1))

    @property
    def width(self) -> float:
        return self.x_end(self.last) - self.left


@dataclass(frozen=True)
class Frame:
    """Where the parts of the chart go: the time scale, the body of rows and its right edge."""

    scale: Scale
    rows: int

    @property
    def body_top(self) -> int:
        return HEADER_HEIGHT

    @property
    def body_bottom(self) -> int:
        return HEADER_HEIGHT + max(1, self.rows) * ROW_HEIGHT

    @property
    def right(self) -> float:
        return LABEL_WIDTH + self.scale.width


class Anchor(NamedTuple):
    """Where a drawn item starts and ends, for the arrows between items."""

    start: float
    end: float
    middle: float
    critical: bool


def chart_range(data: GanttInput) -> tuple[dt.date, dt.date]:
    """From the first of the month of the earliest date to the end of the month of the latest."""
    dates = [data.start, data.end]
    for row in data.rows:
        dates.extend(
            d for d in (row.start, row.finish, row.slack_start, row.slack_end) if d is not None
        )
    first, last = min(dates), max(dates)
    if data.zoom == "year":
        return dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)
    if data.zoom == "quarter":
        first = dt.date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
        last_month = 3 * ((last.month - 1) // 3) + 3
        return first, month_end(last.year, last_month)
    return dt.date(first.year, first.month, 1), month_end(last.year, last.month)


def render_gantt(data: GanttInput) -> str:
    """The whole chart as one standalone SVG document (a string)."""
    first, last = chart_range(data)
    frame = Frame(Scale(first, last, PX_PER_DAY[data.zoom]), len(data.rows))
    out: list[str] = []
    add = out.append
    _open(add, data, frame)
    # Zebra rows and workstream bands first, so everything else is drawn over them.
    _bands(add, data.rows, frame)
    _shadings(add, data.shadings, frame)
    _header(add, frame, data.zoom, data.texts.months)
    _grid(add, frame, data.zoom)
    anchors = _items(add, data.rows, frame.scale)
    _links(add, data.links, anchors)
    _today(add, data.today, data.texts.today, frame)
    # The label column's edge.
    add(line(LABEL_WIDTH, 0, LABEL_WIDTH, frame.body_bottom, ' stroke="#c3ccd6"'))
    _legend(add, data.texts, frame.body_bottom + 12)
    close_document(add, heading=bool(data.heading))
    return "".join(out)


def _open(add: Add, data: GanttInput, frame: Frame) -> None:
    """The document, as wide as the chart or its legend, and the heading when there is one."""
    width = max(frame.right + RIGHT_MARGIN, _legend_width(data.texts) + 24)
    height = frame.body_bottom + LEGEND_HEIGHT + 8 + (HEADING_HEIGHT if data.heading else 0)
    scale = frame.scale
    attrs = (
        f' data-zoom="{data.zoom}" data-first="{scale.first.isoformat()}" '
        f'data-px-per-day="{fmt(scale.px_per_day)}"'
    )
    open_document(
        add, "gantt", (width, height), data.texts.title, attrs, links=True, defs=ARROW_DEFS
    )
    if data.heading:
        open_heading(add, data.heading, ' fill="#0f3158"')


def _bands(add: Add, rows: Sequence[GanttRow], frame: Frame) -> None:
    """A band behind each workstream header, every other row lightly shaded."""
    add('<g class="rows">')
    right = fmt(frame.right)
    for index, row in enumerate(rows):
        y = frame.body_top + index * ROW_HEIGHT
        if row.kind == "workstream":
            add(
                f'<rect class="band" x="0" y="{y}" width="{right}" height="{ROW_HEIGHT}" '
                'fill="#e7eff8"/>'
            )
        elif index % 2:
            add(f'<rect x="0" y="{y}" width="{right}" height="{ROW_HEIGHT}" fill="#fafbfc"/>')
    add("</g>")


def _shadings(add: Add, shadings: Sequence[Shading], frame: Frame) -> None:
    """Holidays and closures: shaded columns across the body."""
    scale = frame.scale
    add('<g class="holidays">')
    for shade in shadings:
        start, end = max(shade.start, scale.first), min(shade.end, scale.last)
        if end < start:
            continue
        x = scale.x(start)
        width = max(scale.x_end(end) - x, 1)
        add(
            f'<rect class="holiday {shade.kind}" x="{fmt(x)}" y="{frame.body_top}" '
            f'width="{fmt(width)}" height="{frame.body_bottom - frame.body_top}" '
            f'fill="{SHADING_FILLS[shade.kind]}" data-start="{shade.start.isoformat()}" '
            f'data-end="{shade.end.isoformat()}"><title>{escape(shade.name)}</title></rect>'
        )
    add("</g>")


def _header(add: Add, frame: Frame, zoom: Zoom, month_names: Sequence[str]) -> None:
    """The years in the top band, the months or quarters under them."""
    right = fmt(frame.right)
    add('<g class="header" font-size="11" fill="#4a5a6a">')
    add(f'<rect x="0" y="0" width="{right}" height="{HEADER_HEIGHT}" fill="#fafbfc"/>')
    add(line(0, HEADER_HEIGHT, frame.right, HEADER_HEIGHT, ' stroke="#c3ccd6"'))
    _years(add, frame.scale)
    _periods(add, frame.scale, zoom, month_names)
    add("</g>")


def _years(add: Add, scale: Scale) -> None:
    top_height = HEADER_HEIGHT // 2
    for year in range(scale.first.year, scale.last.year + 1):
        start, end = max(dt.date(year, 1, 1), scale.first), min(dt.date(year, 12, 31), scale.last)
        x0, x1 = scale.x(start), scale.x_end(end)
        add(
            f'<text class="year" x="{fmt((x0 + x1) / 2)}" y="{top_height - 7}" '
            f'text-anchor="middle" font-weight="700" fill="#1c2733">{year}</text>'
        )
        add(line(x0, 0, x0, HEADER_HEIGHT, ' stroke="#c3ccd6"'))


def _periods(add: Add, scale: Scale, zoom: Zoom, month_names: Sequence[str]) -> None:
    top_height = HEADER_HEIGHT // 2
    for month in each_month(scale.first, scale.last):
        if zoom == "month":
            x0, x1 = scale.x(month), scale.x_end(month_end(month.year, month.month))
            label = month_names[month.month - 1]
        elif (month.month - 1) % 3 == 0:
            x0, x1 = scale.x(month), scale.x_end(month_end(month.year, month.month + 2))
            label = f"Q{(month.month - 1) // 3 + 1}"
        else:
            continue
        add(
            f'<text class="period" x="{fmt((x0 + x1) / 2)}" y="{HEADER_HEIGHT - 8}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
        add(line(x0, top_height, x0, HEADER_HEIGHT, ' stroke="#dde3ea"'))


def _grid(add: Add, frame: Frame, zoom: Zoom) -> None:
    """Grid lines at each month (month zoom) or quarter (quarter and year zoom)."""
    scale = frame.scale
    add('<g class="grid" stroke="#dde3ea" stroke-width="1">')
    for month in each_month(scale.first, scale.last):
        if zoom != "month" and (month.month - 1) % 3:
            continue
        x = scale.x(month)
        strong = ' stroke="#c3ccd6"' if month.month == 1 else ""
        add(line(x, HEADER_HEIGHT, x, frame.body_bottom, strong))
    add("</g>")


def _items(add: Add, rows: Sequence[GanttRow], scale: Scale) -> dict[str, Anchor]:
    """Labels, bars and diamonds, row by row; where each drawn item starts and ends."""
    anchors: dict[str, Anchor] = {}
    add('<g class="items">')
    for index, row in enumerate(rows):
        middle = HEADER_HEIGHT + index * ROW_HEIGHT + ROW_HEIGHT / 2
        if row.kind == "workstream":
            add(
                f'<text class="workstream-label" x="10" y="{fmt(middle + 4)}" font-weight="700" '
                f'fill="#0f3158">{escape(short(row.label, 60))}</text>'
            )
            continue
        anchor = _item(add, row, middle, scale)
        if anchor is not None:
            anchors[row.key] = anchor
    add("</g>")
    return anchors


def _item(add: Add, row: GanttRow, middle: float, scale: Scale) -> Anchor | None:
    """A milestone or an activity: its label, and its bar when it has dates; a link around both."""
    states = ("critical", "done", "late", "infeasible")
    classes = " ".join([row.kind, *(state for state in states if getattr(row, state))])
    add(f'<g class="item {classes}" data-key="{escape(row.key)}">')
    if row.url:
        add(f'<a href={quoteattr(row.url)} xlink:href={quoteattr(row.url)} target="_top">')
    tooltip = f"{row.label} ({row.note})" if row.note else row.label
    add(f"<title>{escape(tooltip)}</title>")
    _label(add, row, middle)
    anchor = None
    if row.start is not None and row.finish is not None:
        anchor = _bar(add, row, (row.start, row.finish), middle, scale)
    if row.url:
        add("</a>")
    add("</g>")
    return anchor


def _label(add: Add, row: GanttRow, middle: float) -> None:
    """The row's label in the label column, its note (such as "te laat") after it."""
    indent = 22 if row.kind == "activity" else 12
    if row.late or row.infeasible:
        fill = "#b42318"
    else:
        fill = "#4a5a6a" if row.kind == "activity" else "#1c2733"
    note = ""
    if row.note:
        note_fill = "#2e8540" if row.done else "#b42318"
        note = (
            f' <tspan class="note" font-weight="700" fill="{note_fill}">{escape(row.note)}</tspan>'
        )
    weight = ' font-weight="600"' if row.kind == "milestone" else ""
    limit = LABEL_CHARS[row.kind] - (len(row.note) + 1 if row.note else 0)
    add(
        f'<text class="label" x="{indent}" y="{fmt(middle + 4)}" fill="{fill}"{weight}>'
        f"{escape(short(row.label, limit))}{note}</text>"
    )


def _bar_style(row: GanttRow) -> tuple[str, str, str]:
    """Fill, stroke and stroke width of a row's bar."""
    if row.done:
        fill, stroke = "#9fd3ad", "#2e8540"
    elif row.infeasible:
        fill, stroke = "url(#hatch)", "#b42318"
    elif row.critical:
        fill, stroke = "#f08a4b", "#c2410c"
    elif row.kind == "milestone":
        fill, stroke = "#c8d9ee", "#17457a"
    else:
        fill, stroke = "#4f7fb8", "#17457a"
    if row.critical and not row.done:
        return fill, "#c2410c", "2"
    return fill, stroke, "1"


def _bar(
    add: Add, row: GanttRow, span: tuple[dt.date, dt.date], middle: float, scale: Scale
) -> Anchor:
    """The bar (a milestone's lead time is thinner), its slack, a missed deadline, the diamond."""
    start, finish = span
    x0, x1 = scale.x(start), scale.x_end(finish)
    fill, stroke, stroke_width = _bar_style(row)
    height = BAR_HEIGHT if row.kind == "activity" else BAR_HEIGHT - 4
    bar_class = "bar" if row.kind == "activity" else "bar lead"
    add(
        f'<rect class="{bar_class}" x="{fmt(x0)}" y="{fmt(middle - height / 2)}" '
        f'width="{fmt(max(x1 - x0, 1.5))}" height="{height}" rx="2" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{stroke_width}" data-start="{start.isoformat()}" '
        f'data-finish="{finish.isoformat()}"/>'
    )
    if row.slack_start is not None and row.slack_end is not None and not row.done:
        _slack(add, (row.slack_start, row.slack_end), x1, middle, scale)
    if row.deadline is not None and row.deadline < finish and not row.done:
        x = scale.x_end(row.deadline)
        red = f' stroke="#b42318" stroke-width="2" data-date="{row.deadline.isoformat()}"'
        add(line(x, middle - 9, x, middle + 9, f' class="deadline"{red}'))
    if row.kind != "milestone":
        return Anchor(x0, x1, middle, row.critical)
    _diamond(add, row, finish, x1, middle)
    return Anchor(x0, x1 + DIAMOND_RADIUS, middle, row.critical)


def _slack(
    add: Add, span: tuple[dt.date, dt.date], bar_end: float, middle: float, scale: Scale
) -> None:
    """The float as a thin line, with a tick at the end away from the bar."""
    x0, x1 = scale.x(span[0]), scale.x_end(span[1])
    tick = x1 if x0 >= bar_end - 0.01 else x0
    grey = ' stroke="#7b8896" stroke-width="1.5"'
    dates = f' data-from="{span[0].isoformat()}" data-to="{span[1].isoformat()}"'
    add(line(x0, middle, x1, middle, f' class="slack"{grey}{dates}'))
    add(line(tick, middle - 4, tick, middle + 4, grey))


def _diamond_fill(row: GanttRow) -> str:
    if row.done:
        return "#2e8540"
    if row.late or row.infeasible:
        return "#b42318"
    return "#c2410c" if row.critical else "#17457a"


def _diamond(add: Add, row: GanttRow, day: dt.date, x: float, middle: float) -> None:
    """A milestone's date as a diamond; a check mark on it once reached."""
    r = DIAMOND_RADIUS
    add(
        f'<path class="diamond" d="M{fmt(x)},{fmt(middle - r)} L{fmt(x + r)},{fmt(middle)} '
        f'L{fmt(x)},{fmt(middle + r)} L{fmt(x - r)},{fmt(middle)} Z" fill="{_diamond_fill(row)}" '
        f'stroke="#ffffff" stroke-width="1" data-date="{day.isoformat()}"/>'
    )
    if row.done:
        add(
            f'<path class="check" d="M{fmt(x - 3)},{fmt(middle)} l2.2,2.4 l4,-4.6" fill="none" '
            'stroke="#ffffff" stroke-width="1.6"/>'
        )


def _links(add: Add, links: Sequence[GanttLink], anchors: Mapping[str, Anchor]) -> None:
    """Dependency arrows: from the end of the predecessor to the start of the successor."""
    add('<g class="links" fill="none">')
    for link in links:
        source, target = anchors.get(link.source), anchors.get(link.target)
        if source is not None and target is not None:
            add(_arrow(link, source, target))
    add("</g>")


def _arrow(link: GanttLink, source: Anchor, target: Anchor) -> str:
    sx, sy = source.end, source.middle
    # An activity points at the left tip of its milestone's diamond, a dependency at the start.
    tx = target.end - DIAMOND_RADIUS if link.kind == "leads_to" else target.start
    ty = target.middle
    critical = source.critical and target.critical
    bend = sx + 6
    if tx - 6 >= bend:
        d = f"M{fmt(sx)},{fmt(sy)} H{fmt(bend)} V{fmt(ty)} H{fmt(tx)}"
    else:
        # The successor starts before the predecessor ends: go down between the rows and back.
        mid = sy + (ROW_HEIGHT / 2 if ty > sy else -ROW_HEIGHT / 2)
        d = f"M{fmt(sx)},{fmt(sy)} H{fmt(bend)} V{fmt(mid)} H{fmt(tx - 8)} V{fmt(ty)} H{fmt(tx)}"
    colour, marker = ("#c2410c", "arrow-critical") if critical else ("#5b6b7b", "arrow")
    dash = ' stroke-dasharray="3 2"' if link.kind == "leads_to" else ""
    return (
        f'<path class="arrow {link.kind}{" critical" if critical else ""}" d="{d}" '
        f'stroke="{colour}" stroke-width="1.2"{dash} marker-end="url(#{marker})" '
        f'data-from="{escape(link.source)}" data-to="{escape(link.target)}"/>'
    )


def _today(add: Add, today: dt.date, label: str, frame: Frame) -> None:
    """Today: the line over the body, its label on a white tag in the first row."""
    scale = frame.scale
    if not scale.first <= today <= scale.last:
        return
    x = scale.x(today)
    top = HEADER_HEIGHT
    add('<g class="today-marker">')
    orange = f' stroke="#e8772e" stroke-width="2" data-date="{today.isoformat()}"'
    add(line(x, top, x, frame.body_bottom, f' class="today"{orange}'))
    add(
        f'<rect x="{fmt(x + 2)}" y="{top + 5}" width="{8 + len(label) * 6}" height="15" rx="3" '
        'fill="#ffffff" stroke="#e8772e"/>'
    )
    add(
        f'<text x="{fmt(x + 6)}" y="{top + 16}" font-size="10" font-weight="700" '
        f'fill="#c76a00">{escape(label)}</text></g>'
    )


def _legend_entries(texts: GanttTexts) -> list[tuple[str, str]]:
    """(symbol, label) of each legend entry, in order."""
    entries = [(symbol, texts.legend[key]) for key, symbol in LEGEND_SYMBOLS.items()]
    return [*entries, (TODAY_SYMBOL, texts.today)]


def _entry_width(label: str) -> int:
    return 34 + int(len(label) * 6.4)


def _legend_width(texts: GanttTexts) -> int:
    return sum(_entry_width(label) for _symbol, label in _legend_entries(texts))


def _legend(add: Add, texts: GanttTexts, y: int) -> None:
    add(f'<g class="legend" font-size="11" fill="#4a5a6a" transform="translate(12,{y})">')
    x = 0
    for symbol, label in _legend_entries(texts):
        add(f'<g transform="translate({x},0)">{symbol}{text(24, 10, label)}</g>')
        x += _entry_width(label)
    add("</g>")

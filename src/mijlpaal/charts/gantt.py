"""The Gantt chart as SVG: a pure function from a schedule's rows to a string.

No database and no Django here: `charts.gantt_rows` turns rows and the computed schedule into
`GanttInput` (with the texts already translated) and `render_gantt()` draws it, one part after the
other. Reports read a schedule; they never schedule on their own.
"""

from __future__ import annotations

import datetime as dt
import re
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
    "closure",
    "baseline",
    "stopped",
]

ZOOMS: tuple[Zoom, ...] = ("month", "quarter", "year")
# Pixels per day: a month is about 120 px wide, a quarter about 130 px, a year about 180 px.
PX_PER_DAY: dict[Zoom, float] = {"month": 4.0, "quarter": 1.4, "year": 0.5}

LABEL_WIDTH = 400
ROW_HEIGHT = 26  # a row whose label fits one line
TALL_ROW_HEIGHT = 38  # every row, when a label takes two lines
HEADER_HEIGHT = 44
LEGEND_ROW = 22  # one line of the legend
BAR_HEIGHT = 12
RIGHT_MARGIN = 24
DIAMOND_RADIUS = 7
LIGHT_RADIUS = 4.5
# A baseline's dates (vastgestelde planning): a thin grey bar just under the current bar.
BASELINE_HEIGHT = 4
BASELINE_FILL = "#6b7785"
# Characters that fit one line of the label column: bold milestone labels are wider.
LABEL_CHARS = {"milestone": 48, "activity": 54}
# The lights a bar can show (`monitoring.status`: a Light value, or "late"), and how they look:
# fill and stroke. "reached" is a ring, "late" a dot with a ring: never the colour alone.
LIGHT_STYLES = {
    "late": ("#b42318", "#5c0d07"),
    "red": ("#b42318", "#ffffff"),
    "orange": ("#f0a030", "#8a5300"),
    "green": ("#1f7a35", "#ffffff"),
    "reached": ("#ffffff", "#1f7a35"),
}

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
    "holiday": '<rect x="0" y="0" width="18" height="14" fill="#fbdcaa" stroke="#d9953a"/>',
    "public_holiday": '<rect x="0" y="0" width="18" height="14" fill="#f8cbc5" stroke="#d9756a"/>',
    "closure": '<rect x="0" y="0" width="18" height="14" fill="url(#closure)" stroke="#7c6aa8"/>',
    "baseline": (
        '<rect x="0" y="1" width="18" height="7" rx="2" fill="#c8d9ee" stroke="#17457a"/>'
        f'<rect x="0" y="10" width="18" height="{BASELINE_HEIGHT}" fill="{BASELINE_FILL}"/>'
    ),
    "stopped": (
        '<rect x="0" y="2" width="18" height="10" rx="2" fill="#eceff3" stroke="#5b6b7b" '
        'stroke-dasharray="3 2"/>'
    ),
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
    "closure": "closure (test week, study day, …)",
    "baseline": "baseline",
    "stopped": "stopped by a no-go decision",
}
ENGLISH_LIGHTS = {
    "late": "late",
    "red": "red",
    "orange": "orange",
    "green": "green",
    "reached": "reached",
}
# Strong enough to show on paper, light enough for the bars to stay readable over them.
SHADING_FILLS = {"school": "#fce3bb", "public": "#f9d3ce", "closure": "url(#closure)"}
ARROW_DEFS = (
    "<defs>"
    '<marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" '
    'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#5b6b7b"/></marker>'
    '<marker id="arrow-critical" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" '
    'markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#c2410c"/></marker>'
    '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fdecea"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#e8a39c" stroke-width="2"/></pattern>'
    '<pattern id="closure" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(-45)"><rect width="6" height="6" fill="#ebe6f5"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#b9abd9" stroke-width="2"/></pattern>'
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
    light: str = ""  # the latest status update's light: late, red, orange, green, reached
    light_label: str = ""  # the light in words, translated: "oranje"
    baseline_start: dt.date | None = None  # the compared baseline's dates: a shadow bar
    baseline_finish: dt.date | None = None
    stopped: bool = False  # stopped by a no-go decision: grey, dashed, off the critical path


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
    lights: Mapping[str, str] = field(default_factory=lambda: dict(ENGLISH_LIGHTS))
    lights_title: str = "status"


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
    baseline: bool = False  # compared with a baseline: its shadow bars and their legend entry


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
    row_height: int = ROW_HEIGHT

    @property
    def body_top(self) -> int:
        return HEADER_HEIGHT

    @property
    def body_bottom(self) -> int:
        return HEADER_HEIGHT + max(1, self.rows) * self.row_height

    def middle(self, index: int) -> float:
        """The vertical middle of the row at `index`."""
        return HEADER_HEIGHT + index * self.row_height + self.row_height / 2

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
            d
            for d in (
                row.start,
                row.finish,
                row.slack_start,
                row.slack_end,
                row.baseline_start,
                row.baseline_finish,
            )
            if d is not None
        )
    first, last = min(dates), max(dates)
    if data.zoom == "year":
        return dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)
    if data.zoom == "quarter":
        first = dt.date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
        last_month = 3 * ((last.month - 1) // 3) + 3
        return first, month_end(last.year, last_month)
    return dt.date(first.year, first.month, 1), month_end(last.year, last.month)


def label_lines(row: GanttRow) -> list[str]:
    """The row's label on one line, or on two when it is longer than the label column holds
    (its note after it on the last line); cut with an ellipsis only beyond two lines."""
    if row.kind == "workstream":
        return [short(row.label, 66)]
    width = LABEL_CHARS[row.kind]
    room = width - (len(row.note) + 1 if row.note else 0)
    if len(row.label) <= room:
        return [row.label]
    cut = row.label.rfind(" ", 0, width + 1)
    if cut <= width // 2:
        cut = width
    return [row.label[:cut].rstrip(), short(row.label[cut:].strip(), room)]


def render_gantt(data: GanttInput) -> str:
    """The whole chart as one standalone SVG document (a string)."""
    first, last = chart_range(data)
    lines = [label_lines(row) for row in data.rows]
    tall = any(len(row_lines) > 1 for row_lines in lines)
    frame = Frame(
        Scale(first, last, PX_PER_DAY[data.zoom]),
        len(data.rows),
        TALL_ROW_HEIGHT if tall else ROW_HEIGHT,
    )
    closures = any(shade.kind == "closure" for shade in data.shadings)
    legend = _legend_layout(
        data.texts,
        frame.right + RIGHT_MARGIN - 24,
        closures=closures,
        baseline=data.baseline,
        stopped=any(row.stopped for row in data.rows),
    )
    out: list[str] = []
    add = out.append
    _open(add, data, frame, legend)
    # Zebra rows and workstream bands first, so everything else is drawn over them.
    _bands(add, data.rows, frame)
    _shadings(add, data.shadings, frame)
    _header(add, frame, data.zoom, data.texts.months)
    _grid(add, frame, data.zoom)
    anchors = _items(add, data.rows, lines, frame)
    _links(add, data.links, anchors, frame.row_height)
    _today(add, data.today, data.texts.today, frame)
    # The label column's edge.
    add(line(LABEL_WIDTH, 0, LABEL_WIDTH, frame.body_bottom, ' stroke="#c3ccd6"'))
    _legend(add, legend, frame.body_bottom + 12)
    close_document(add, heading=bool(data.heading))
    return "".join(out)


# What a PDF cannot use and CairoSVG reads or draws slowly: the tooltips (all but the chart's own
# title), the links, the classes and data attributes (for tests and the page's CSS), and the
# patterns, which become their plain colour.
_TOOLTIP = re.compile(r"<title>[^<]*</title>")
_LINK = re.compile(r"</?a\b[^>]*>")
_ATTRIBUTE = re.compile(r' (?:class|data-[a-z-]+)="[^"]*"')
PLAIN_FILLS = {"url(#hatch)": "#f6c9c4", "url(#closure)": "#e3dcf1"}


_GROUP = re.compile(r"<g\b[^>]*(?<!/)>|</g>")  # an opening or a closing tag, not <g/>


def for_pdf(svg: str) -> str:
    """The chart without tooltips, links, classes and patterns: what the PDF download converts,
    about twice as fast for CairoSVG, which lays out every character and pattern tile itself.
    The groups left without attributes go too: CairoSVG draws each element with a fixed cost."""
    head, rest = svg.split("</title>", 1)  # the chart's own title stays
    rest = _ATTRIBUTE.sub("", _LINK.sub("", _TOOLTIP.sub("", rest)))
    for pattern, colour in PLAIN_FILLS.items():
        rest = rest.replace(pattern, colour)
    rest = _MARKED_ARROW.sub(_drawn_head, rest)
    return f"{head}</title>{_without_bare_groups(rest)}"


# An arrow as `_arrow` draws it: its last stretch runs right to the successor, its head a marker.
_MARKED_ARROW = re.compile(
    r'<path d="([^"]* V(-?[\d.]+) H(-?[\d.]+))" stroke="(#[0-9a-f]{6})" stroke-width="1\.2"'
    r'((?: stroke-dasharray="[^"]*")?) marker-end="url\(#arrow(?:-critical)?\)"/>'
)
# The marker's triangle (0,0 8,4 0,8; its point of reference at 7,4) as the marker draws it: 7
# units wide per 8 and scaled by the stroke's width of 1.2.
_HEAD = 7 / 8 * 1.2


def _drawn_head(arrow: re.Match[str]) -> str:
    """The arrow with its head drawn as a triangle instead of a marker, which CairoSVG draws
    slowly: the same shape in the same place."""
    d, y, x, colour, dash = arrow.groups()
    tip_x, tip_y = float(x), float(y)
    back = fmt(tip_x - 7 * _HEAD)
    head = (
        f'<path d="M{fmt(tip_x + _HEAD)},{fmt(tip_y)} L{back},{fmt(tip_y - 4 * _HEAD)} '
        f'L{back},{fmt(tip_y + 4 * _HEAD)} Z" fill="{colour}"/>'
    )
    return f'<path d="{d}" stroke="{colour}" stroke-width="1.2"{dash}/>{head}'


def _without_bare_groups(svg: str) -> str:
    """`svg` without the <g> elements that have no attributes (their content stays)."""
    out: list[str] = []
    bare: list[bool] = []  # for each open group: has it no attributes?
    at = 0
    for tag in _GROUP.finditer(svg):
        out.append(svg[at : tag.start()])
        at = tag.end()
        if tag.group() == "</g>":
            if not bare.pop():
                out.append("</g>")
        else:
            bare.append(tag.group() == "<g>")
            if not bare[-1]:
                out.append(tag.group())
    out.append(svg[at:])
    return "".join(out)


def _open(add: Add, data: GanttInput, frame: Frame, legend: Legend) -> None:
    """The document, as wide as the chart or its legend, and the heading when there is one."""
    width = max(frame.right + RIGHT_MARGIN, legend.width + 24)
    legend_height = legend.lines * LEGEND_ROW + 12
    height = frame.body_bottom + legend_height + 8 + (HEADING_HEIGHT if data.heading else 0)
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
    height = frame.row_height
    for index, row in enumerate(rows):
        y = frame.body_top + index * height
        if row.kind == "workstream":
            add(
                f'<rect class="band" x="0" y="{y}" width="{right}" height="{height}" '
                'fill="#e7eff8"/>'
            )
        elif index % 2:
            add(f'<rect x="0" y="{y}" width="{right}" height="{height}" fill="#fafbfc"/>')
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


def _items(
    add: Add, rows: Sequence[GanttRow], lines: Sequence[list[str]], frame: Frame
) -> dict[str, Anchor]:
    """Labels, bars and diamonds, row by row; where each drawn item starts and ends."""
    anchors: dict[str, Anchor] = {}
    add('<g class="items">')
    for index, row in enumerate(rows):
        middle = frame.middle(index)
        if row.kind == "workstream":
            add(
                f'<text class="workstream-label" x="10" y="{fmt(middle + 4)}" font-weight="700" '
                f'fill="#0f3158">{escape(lines[index][0])}</text>'
            )
            continue
        anchor = _item(add, row, lines[index], middle, frame.scale)
        if anchor is not None:
            anchors[row.key] = anchor
    add("</g>")
    return anchors


def _item(add: Add, row: GanttRow, lines: list[str], middle: float, scale: Scale) -> Anchor | None:
    """A milestone or an activity: its label, and its bar when it has dates; a link around both."""
    states = ("critical", "done", "late", "infeasible", "stopped")
    classes = " ".join([row.kind, *(state for state in states if getattr(row, state))])
    add(f'<g class="item {classes}" data-key="{escape(row.key)}">')
    if row.url:
        add(f'<a href={quoteattr(row.url)} xlink:href={quoteattr(row.url)} target="_top">')
    tooltip = f"{row.label} ({row.note})" if row.note else row.label
    add(f"<title>{escape(tooltip)}</title>")
    _label(add, row, lines, middle)
    if row.baseline_start is not None and row.baseline_finish is not None:
        _shadow(add, row, (row.baseline_start, row.baseline_finish), middle, scale)
    anchor = None
    if row.start is not None and row.finish is not None:
        anchor = _bar(add, row, (row.start, row.finish), middle, scale)
    if row.url:
        add("</a>")
    add("</g>")
    return anchor


def _label(add: Add, row: GanttRow, lines: list[str], middle: float) -> None:
    """The row's label in the label column, on one or two lines, its note (such as "te laat")
    after it."""
    indent = 22 if row.kind == "activity" else 12
    if row.stopped:
        fill = "#5b6b7b"
    elif row.late or row.infeasible:
        fill = "#b42318"
    else:
        fill = "#4a5a6a" if row.kind == "activity" else "#1c2733"
    note = ""
    if row.note:
        note_fill = "#2e8540" if row.done else "#5b6b7b" if row.stopped else "#b42318"
        note = (
            f' <tspan class="note" font-weight="700" fill="{note_fill}">{escape(row.note)}</tspan>'
        )
    weight = ' font-weight="600"' if row.kind == "milestone" else ""
    if len(lines) == 1:
        content = f"{escape(lines[0])}{note}"
        y = middle + 4
    else:
        content = (
            f'{escape(lines[0])}<tspan class="line2" x="{indent}" dy="14">'
            f"{escape(lines[1])}</tspan>{note}"
        )
        y = middle - 3
    add(f'<text class="label" x="{indent}" y="{fmt(y)}" fill="{fill}"{weight}>{content}</text>')


def _shadow(
    add: Add, row: GanttRow, span: tuple[dt.date, dt.date], middle: float, scale: Scale
) -> None:
    """The baseline's start–finish as a thin grey bar under the bar's lower edge (drawn first,
    so the current bar covers it where they meet); a milestone's baseline date also as a small
    hollow diamond at its end, so a milestone without a lead time shows it too."""
    start, finish = min(span), max(span)
    x0, x1 = scale.x(start), scale.x_end(finish)
    y = middle + BAR_HEIGHT / 2 + 1
    add(
        f'<rect class="baseline" x="{fmt(x0)}" y="{fmt(y)}" '
        f'width="{fmt(max(x1 - x0, 1.5))}" height="{BASELINE_HEIGHT}" fill="{BASELINE_FILL}" '
        f'data-start="{start.isoformat()}" data-finish="{finish.isoformat()}"/>'
    )
    if row.kind == "milestone":
        r, cy = 4, y + BASELINE_HEIGHT / 2
        add(
            f'<path class="baseline-diamond" d="M{fmt(x1)},{fmt(cy - r)} L{fmt(x1 + r)},{fmt(cy)} '
            f'L{fmt(x1)},{fmt(cy + r)} L{fmt(x1 - r)},{fmt(cy)} Z" fill="#ffffff" '
            f'stroke="{BASELINE_FILL}" stroke-width="1.2" data-date="{finish.isoformat()}"/>'
        )


def _bar_style(row: GanttRow) -> tuple[str, str, str]:
    """Fill, stroke and stroke width of a row's bar."""
    if row.done:
        fill, stroke = "#9fd3ad", "#2e8540"
    elif row.stopped:
        fill, stroke = "#eceff3", "#5b6b7b"
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
    dash = ' stroke-dasharray="3 2"' if row.stopped else ""
    add(
        f'<rect class="{bar_class}" x="{fmt(x0)}" y="{fmt(middle - height / 2)}" '
        f'width="{fmt(max(x1 - x0, 1.5))}" height="{height}" rx="2" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{stroke_width}"{dash} data-start="{start.isoformat()}" '
        f'data-finish="{finish.isoformat()}"/>'
    )
    right = x1 + (DIAMOND_RADIUS if row.kind == "milestone" else 0)
    if row.slack_start is not None and row.slack_end is not None and not (row.done or row.stopped):
        _slack(add, (row.slack_start, row.slack_end), x1, middle, scale)
        right = max(right, scale.x_end(row.slack_end))
    if row.deadline is not None and row.deadline < finish and not (row.done or row.stopped):
        x = scale.x_end(row.deadline)
        red = f' stroke="#b42318" stroke-width="2" data-date="{row.deadline.isoformat()}"'
        add(line(x, middle - 9, x, middle + 9, f' class="deadline"{red}'))
    if row.light in LIGHT_STYLES:
        add(light_marker(row.light, row.light_label, right + 4 + LIGHT_RADIUS, middle))
    if row.kind != "milestone":
        return Anchor(x0, x1, middle, row.critical)
    _diamond(add, row, finish, x1, middle)
    return Anchor(x0, x1 + DIAMOND_RADIUS, middle, row.critical)


def light_marker(light: str, label: str, x: float, y: float) -> str:
    """The light of the latest status update as a dot after the bar, its word as its title: a
    ring when reached, a dot in a ring when late."""
    fill, stroke = LIGHT_STYLES[light]
    r = LIGHT_RADIUS
    ring = ""
    if light == "late":
        ring = f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r + 2)}" fill="none" stroke="{fill}"/>'
    width = "2" if light == "reached" else "1"
    return (
        f'<g class="light light-{light}"><title>{escape(label)}</title>{ring}'
        f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r)}" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{width}"/></g>'
    )


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
    if row.stopped:
        return "#8a97a6"
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


def _links(
    add: Add, links: Sequence[GanttLink], anchors: Mapping[str, Anchor], row_height: int
) -> None:
    """Dependency arrows: from the end of the predecessor to the start of the successor."""
    add('<g class="links" fill="none">')
    for link in links:
        source, target = anchors.get(link.source), anchors.get(link.target)
        if source is not None and target is not None:
            add(_arrow(link, source, target, row_height))
    add("</g>")


def _arrow(link: GanttLink, source: Anchor, target: Anchor, row_height: int) -> str:
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
        mid = sy + (row_height / 2 if ty > sy else -row_height / 2)
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
    # The tag beside the line, on its left when the chart ends too soon on its right.
    width = 10 + len(label) * 7
    tag = x + 2 if x + 2 + width <= frame.right else x - 2 - width
    add(
        f'<rect class="today-tag" x="{fmt(tag)}" y="{top + 5}" width="{width}" height="15" '
        'rx="3" fill="#ffffff" stroke="#e8772e"/>'
    )
    add(
        f'<text class="today-label" x="{fmt(tag + 5)}" y="{top + 16}" font-size="10" '
        f'font-weight="700" fill="#a34f00">{escape(label)}</text></g>'
    )


class Legend(NamedTuple):
    """The legend's entries, each placed: (symbol, label, x, line), on as many lines as needed."""

    entries: list[tuple[str, str, int, int]]
    width: int
    lines: int


def _legend_entries(
    texts: GanttTexts, *, closures: bool, baseline: bool = False, stopped: bool = False
) -> list[tuple[str, str]]:
    """(symbol, label) of each legend entry, in order: the marks (closures only when the chart
    has any, the baseline's shadow only when compared with one), today, then the lights."""
    shown = {"closure": closures, "baseline": baseline, "stopped": stopped}
    entries = [
        (symbol, texts.legend[key])
        for key, symbol in LEGEND_SYMBOLS.items()
        if shown.get(key, True)
    ]
    entries.append((TODAY_SYMBOL, texts.today))
    entries += [
        (light_marker(light, label, 9, 7), f"{texts.lights_title}: {label}" if i == 0 else label)
        for i, (light, label) in enumerate(texts.lights.items())
    ]
    return entries


def _entry_width(label: str) -> int:
    return 34 + int(len(label) * 6.4)


def _legend_layout(
    texts: GanttTexts,
    width: float,
    *,
    closures: bool,
    baseline: bool = False,
    stopped: bool = False,
) -> Legend:
    """The entries in lines no wider than `width` (at least one entry on each line)."""
    placed = []
    x = line_no = widest = 0
    entries = _legend_entries(texts, closures=closures, baseline=baseline, stopped=stopped)
    for symbol, label in entries:
        entry = _entry_width(label)
        if x and x + entry > width:
            x, line_no = 0, line_no + 1
        placed.append((symbol, label, x, line_no))
        x += entry
        widest = max(widest, x)
    return Legend(placed, widest, line_no + 1)


def _legend(add: Add, legend: Legend, y: int) -> None:
    add(f'<g class="legend" font-size="11" fill="#4a5a6a" transform="translate(12,{y})">')
    for symbol, label, x, line_no in legend.entries:
        move = f'transform="translate({x},{line_no * LEGEND_ROW})"'
        add(f"<g {move}>{symbol}{text(24, 10, label)}</g>")
    add("</g>")

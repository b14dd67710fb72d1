"""The Gantt chart as SVG: a pure function from a schedule's rows to a string.

No database and no Django here: the view turns rows and the computed schedule into `GanttInput`
(with the texts already translated) and `render_gantt()` draws it. Reports read a schedule; they
never schedule on their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

Zoom = Literal["month", "quarter", "year"]
RowKind = Literal["workstream", "milestone", "activity"]

ZOOMS: tuple[Zoom, ...] = ("month", "quarter", "year")
# Pixels per day: a month is about 120 px wide, a quarter about 130 px, a year about 180 px.
PX_PER_DAY: dict[Zoom, float] = {"month": 4.0, "quarter": 1.4, "year": 0.5}

LABEL_WIDTH = 360
ROW_HEIGHT = 26
HEADER_HEIGHT = 44
LEGEND_HEIGHT = 34
BAR_HEIGHT = 12
RIGHT_MARGIN = 24
# Characters that fit the label column: bold milestone labels are wider than activity labels.
LABEL_CHARS = {"milestone": 42, "activity": 48}
HEADING_HEIGHT = 34
FONT = "DejaVu Sans, Noto Sans, Segoe UI, Arial, sans-serif"

MONTHS_NL = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


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
    """The chart's words, translated by the caller."""

    title: str = "Gantt chart"
    today: str = "today"
    critical: str = "critical path"
    normal: str = "planned"
    lead_time: str = "lead time to a milestone"
    done: str = "done"
    slack: str = "slack"
    holiday: str = "school holiday"
    public_holiday: str = "public holiday"
    milestone: str = "milestone"
    deadline: str = "deadline"
    months: tuple[str, ...] = MONTHS_NL


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
        return first, _month_end(last.year, last_month)
    return dt.date(first.year, first.month, 1), _month_end(last.year, last.month)


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out = []
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        out.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def render_gantt(data: GanttInput) -> str:
    """The whole chart as one standalone SVG document (a string)."""
    first, last = chart_range(data)
    scale = Scale(first, last, PX_PER_DAY[data.zoom])
    texts = data.texts
    width = max(LABEL_WIDTH + scale.width + RIGHT_MARGIN, _legend_width(texts) + 24)
    body_top = HEADER_HEIGHT
    body_height = max(1, len(data.rows)) * ROW_HEIGHT
    height = body_top + body_height + LEGEND_HEIGHT + 8 + (HEADING_HEIGHT if data.heading else 0)
    right = LABEL_WIDTH + scale.width
    out: list[str] = []
    add = out.append
    add(
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'class="gantt" width="{_fmt(width)}" height="{height}" viewBox="0 0 {_fmt(width)} {height}" '
        f'font-family="{FONT}" font-size="12" role="img" aria-label={quoteattr(texts.title)} '
        f'data-zoom="{data.zoom}" data-first="{first.isoformat()}" data-px-per-day="{_fmt(scale.px_per_day)}">'
    )
    add(f"<title>{escape(texts.title)}</title>")
    add(
        "<defs>"
        '<marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">'
        '<path d="M0,0 L8,4 L0,8 z" fill="#5b6b7b"/></marker>'
        '<marker id="arrow-critical" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">'
        '<path d="M0,0 L8,4 L0,8 z" fill="#c2410c"/></marker>'
        '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#fdecea"/><line x1="0" y1="0" x2="0" y2="6" stroke="#e8a39c" stroke-width="2"/>'
        "</pattern>"
        "</defs>"
    )
    add(
        f'<rect class="background" x="0" y="0" width="{_fmt(width)}" height="{height}" fill="#ffffff"/>'
    )
    if data.heading:
        add(
            f'<text class="heading" x="12" y="{HEADING_HEIGHT - 12}" font-size="15" font-weight="700" '
            f'fill="#0f3158">{escape(data.heading)}</text>'
        )
        add(f'<g class="chart" transform="translate(0,{HEADING_HEIGHT})">')

    # Zebra rows and workstream bands first, so everything else is drawn over them.
    add('<g class="rows">')
    for index, row in enumerate(data.rows):
        y = body_top + index * ROW_HEIGHT
        if row.kind == "workstream":
            add(
                f'<rect class="band" x="0" y="{y}" width="{_fmt(right)}" height="{ROW_HEIGHT}" fill="#e7eff8"/>'
            )
        elif index % 2:
            add(f'<rect x="0" y="{y}" width="{_fmt(right)}" height="{ROW_HEIGHT}" fill="#fafbfc"/>')
    add("</g>")

    # Holidays: shaded columns across the body.
    add('<g class="holidays">')
    for shade in data.shadings:
        start, end = max(shade.start, first), min(shade.end, last)
        if end < start:
            continue
        x = scale.x(start)
        w = scale.x_end(end) - x
        fill = {"school": "#fff2df", "public": "#fde3e0", "closure": "#eef1f4"}[shade.kind]
        add(
            f'<rect class="holiday {shade.kind}" x="{_fmt(x)}" y="{body_top}" width="{_fmt(max(w, 1))}" '
            f'height="{body_height}" fill="{fill}" data-start="{shade.start.isoformat()}" '
            f'data-end="{shade.end.isoformat()}"><title>{escape(shade.name)}</title></rect>'
        )
    add("</g>")

    _header(add, scale, data.zoom, texts, right)

    # Grid lines at each month (month zoom) or quarter (quarter and year zoom).
    add('<g class="grid" stroke="#dde3ea" stroke-width="1">')
    for month in _months(first, last):
        if data.zoom != "month" and (month.month - 1) % 3:
            continue
        x = scale.x(month)
        strong = ' stroke="#c3ccd6"' if month.month == 1 else ""
        add(
            f'<line x1="{_fmt(x)}" y1="{HEADER_HEIGHT}" x2="{_fmt(x)}" y2="{body_top + body_height}"{strong}/>'
        )
    add("</g>")

    # Bars, diamonds and labels.
    positions: dict[
        str, tuple[float, float, float, bool]
    ] = {}  # key -> (x start, x end, y middle, critical)
    add('<g class="items">')
    for index, row in enumerate(data.rows):
        y = body_top + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        if row.kind == "workstream":
            add(
                f'<text class="workstream-label" x="10" y="{_fmt(middle + 4)}" font-weight="700" '
                f'fill="#0f3158">{escape(_short(row.label, 60))}</text>'
            )
            continue
        classes: list[str] = [row.kind]
        if row.critical:
            classes.append("critical")
        if row.done:
            classes.append("done")
        if row.late:
            classes.append("late")
        if row.infeasible:
            classes.append("infeasible")
        add(f'<g class="item {" ".join(classes)}" data-key="{escape(row.key)}">')
        if row.url:
            add(f'<a href={quoteattr(row.url)} xlink:href={quoteattr(row.url)} target="_top">')
        tooltip = row.label + (f" ({row.note})" if row.note else "")
        add(f"<title>{escape(tooltip)}</title>")
        indent = 22 if row.kind == "activity" else 12
        label_fill = (
            "#b42318"
            if row.late or row.infeasible
            else ("#4a5a6a" if row.kind == "activity" else "#1c2733")
        )
        note_fill = "#2e8540" if row.done else "#b42318"
        note = (
            f' <tspan class="note" font-weight="700" fill="{note_fill}">{escape(row.note)}</tspan>'
            if row.note
            else ""
        )
        weight = ' font-weight="600"' if row.kind == "milestone" else ""
        add(
            f'<text class="label" x="{indent}" y="{_fmt(middle + 4)}" fill="{label_fill}"{weight}>'
            f"{escape(_short(row.label, LABEL_CHARS[row.kind] - (len(row.note) + 1 if row.note else 0)))}{note}</text>"
        )
        if row.start is not None and row.finish is not None:
            x0, x1 = scale.x(row.start), scale.x_end(row.finish)
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
            stroke_width = "1"
            if row.critical and not row.done:
                stroke, stroke_width = "#c2410c", "2"
            bar_height = BAR_HEIGHT if row.kind == "activity" else BAR_HEIGHT - 4
            top = middle - bar_height / 2
            bar_class = "bar" if row.kind == "activity" else "bar lead"
            add(
                f'<rect class="{bar_class}" x="{_fmt(x0)}" y="{_fmt(top)}" width="{_fmt(max(x1 - x0, 1.5))}" '
                f'height="{bar_height}" rx="2" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}" '
                f'data-start="{row.start.isoformat()}" data-finish="{row.finish.isoformat()}"/>'
            )
            if row.slack_start is not None and row.slack_end is not None and not row.done:
                sx0, sx1 = scale.x(row.slack_start), scale.x_end(row.slack_end)
                tick = sx1 if sx0 >= x1 - 0.01 else sx0
                add(
                    f'<line class="slack" x1="{_fmt(sx0)}" y1="{_fmt(middle)}" x2="{_fmt(sx1)}" y2="{_fmt(middle)}" '
                    f'stroke="#7b8896" stroke-width="1.5" data-from="{row.slack_start.isoformat()}" '
                    f'data-to="{row.slack_end.isoformat()}"/>'
                    f'<line x1="{_fmt(tick)}" y1="{_fmt(middle - 4)}" x2="{_fmt(tick)}" y2="{_fmt(middle + 4)}" '
                    f'stroke="#7b8896" stroke-width="1.5"/>'
                )
            if row.deadline is not None and row.deadline < row.finish and not row.done:
                dx = scale.x_end(row.deadline)
                add(
                    f'<line class="deadline" x1="{_fmt(dx)}" y1="{_fmt(middle - 9)}" x2="{_fmt(dx)}" '
                    f'y2="{_fmt(middle + 9)}" stroke="#b42318" stroke-width="2" data-date="{row.deadline.isoformat()}"/>'
                )
            end_x = x1
            if row.kind == "milestone":
                cx = x1
                r = 7
                diamond_fill = (
                    "#2e8540"
                    if row.done
                    else (
                        "#b42318"
                        if row.late or row.infeasible
                        else ("#c2410c" if row.critical else "#17457a")
                    )
                )
                add(
                    f'<path class="diamond" d="M{_fmt(cx)},{_fmt(middle - r)} L{_fmt(cx + r)},{_fmt(middle)} '
                    f'L{_fmt(cx)},{_fmt(middle + r)} L{_fmt(cx - r)},{_fmt(middle)} Z" fill="{diamond_fill}" '
                    f'stroke="#ffffff" stroke-width="1" data-date="{row.finish.isoformat()}"/>'
                )
                if row.done:
                    add(
                        f'<path class="check" d="M{_fmt(cx - 3)},{_fmt(middle)} l2.2,2.4 l4,-4.6" fill="none" '
                        f'stroke="#ffffff" stroke-width="1.6"/>'
                    )
                end_x = cx + r
            positions[row.key] = (x0, end_x, middle, row.critical)
        if row.url:
            add("</a>")
        add("</g>")
    add("</g>")

    # Dependency arrows: from the end of the predecessor to the start of the successor.
    add('<g class="links" fill="none">')
    for link in data.links:
        source, target = positions.get(link.source), positions.get(link.target)
        if source is None or target is None:
            continue
        sx, sy = source[1], source[2]
        # An activity points at the left tip of its milestone's diamond, a dependency at the bar's start.
        tx = target[1] - 7 if link.kind == "leads_to" else target[0]
        ty = target[2]
        critical = source[3] and target[3]
        colour = "#c2410c" if critical else "#5b6b7b"
        marker = "arrow-critical" if critical else "arrow"
        bend = sx + 6
        if tx - 6 >= bend:
            d = f"M{_fmt(sx)},{_fmt(sy)} H{_fmt(bend)} V{_fmt(ty)} H{_fmt(tx)}"
        else:
            # The successor starts before the predecessor ends: go down between the rows and back.
            mid = sy + (ROW_HEIGHT / 2 if ty > sy else -ROW_HEIGHT / 2)
            d = f"M{_fmt(sx)},{_fmt(sy)} H{_fmt(bend)} V{_fmt(mid)} H{_fmt(tx - 8)} V{_fmt(ty)} H{_fmt(tx)}"
        dash = ' stroke-dasharray="3 2"' if link.kind == "leads_to" else ""
        add(
            f'<path class="arrow {link.kind}{" critical" if critical else ""}" d="{d}" stroke="{colour}" '
            f'stroke-width="1.2"{dash} marker-end="url(#{marker})" data-from="{escape(link.source)}" '
            f'data-to="{escape(link.target)}"/>'
        )
    add("</g>")

    # Today: the line over the body, its label on a white tag in the first (workstream) row.
    if first <= data.today <= last:
        tx = scale.x(data.today)
        tag_width = 8 + len(texts.today) * 6
        add(
            f'<g class="today-marker"><line class="today" x1="{_fmt(tx)}" y1="{HEADER_HEIGHT}" x2="{_fmt(tx)}" '
            f'y2="{body_top + body_height}" stroke="#e8772e" stroke-width="2" data-date="{data.today.isoformat()}"/>'
            f'<rect x="{_fmt(tx + 2)}" y="{HEADER_HEIGHT + 5}" width="{tag_width}" height="15" rx="3" fill="#ffffff" '
            f'stroke="#e8772e"/>'
            f'<text x="{_fmt(tx + 6)}" y="{HEADER_HEIGHT + 16}" font-size="10" font-weight="700" fill="#c76a00">'
            f"{escape(texts.today)}</text></g>"
        )
    # The label column's edge.
    add(
        f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{body_top + body_height}" stroke="#c3ccd6"/>'
    )
    _legend(add, texts, body_top + body_height + 12)
    if data.heading:
        add("</g>")
    add("</svg>")
    return "".join(out)


def _header(
    add: Callable[[str], None], scale: Scale, zoom: Zoom, texts: GanttTexts, right: float
) -> None:
    top_h = HEADER_HEIGHT // 2
    add('<g class="header" font-size="11" fill="#4a5a6a">')
    add(f'<rect x="0" y="0" width="{_fmt(right)}" height="{HEADER_HEIGHT}" fill="#fafbfc"/>')
    add(
        f'<line x1="0" y1="{HEADER_HEIGHT}" x2="{_fmt(right)}" y2="{HEADER_HEIGHT}" stroke="#c3ccd6"/>'
    )
    # Top band: years.
    for year in range(scale.first.year, scale.last.year + 1):
        start, end = max(dt.date(year, 1, 1), scale.first), min(dt.date(year, 12, 31), scale.last)
        x0, x1 = scale.x(start), scale.x_end(end)
        add(
            f'<text class="year" x="{_fmt((x0 + x1) / 2)}" y="{top_h - 7}" text-anchor="middle" font-weight="700" '
            f'fill="#1c2733">{year}</text>'
        )
        add(f'<line x1="{_fmt(x0)}" y1="0" x2="{_fmt(x0)}" y2="{HEADER_HEIGHT}" stroke="#c3ccd6"/>')
    # Bottom band: months or quarters.
    for month in _months(scale.first, scale.last):
        if zoom == "month":
            x0, x1 = scale.x(month), scale.x_end(_month_end(month.year, month.month))
            label = texts.months[month.month - 1]
        elif (month.month - 1) % 3 == 0:
            x0, x1 = scale.x(month), scale.x_end(_month_end(month.year, month.month + 2))
            label = f"Q{(month.month - 1) // 3 + 1}"
        else:
            continue
        add(
            f'<text class="period" x="{_fmt((x0 + x1) / 2)}" y="{HEADER_HEIGHT - 8}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
        add(
            f'<line x1="{_fmt(x0)}" y1="{top_h}" x2="{_fmt(x0)}" y2="{HEADER_HEIGHT}" stroke="#dde3ea"/>'
        )
    add("</g>")


def _legend_entries(texts: GanttTexts) -> list[tuple[str, str]]:
    return [
        (
            '<rect x="0" y="2" width="18" height="10" rx="2" fill="#4f7fb8" stroke="#17457a"/>',
            texts.normal,
        ),
        (
            '<rect x="0" y="4" width="18" height="7" rx="2" fill="#c8d9ee" stroke="#17457a"/>',
            texts.lead_time,
        ),
        (
            '<rect x="0" y="2" width="18" height="10" rx="2" fill="#f08a4b" stroke="#c2410c" stroke-width="2"/>',
            texts.critical,
        ),
        (
            '<rect x="0" y="2" width="18" height="10" rx="2" fill="#9fd3ad" stroke="#2e8540"/>',
            texts.done,
        ),
        ('<path d="M9,0 L16,7 L9,14 L2,7 Z" fill="#17457a"/>', texts.milestone),
        ('<line x1="9" y1="0" x2="9" y2="14" stroke="#b42318" stroke-width="2"/>', texts.deadline),
        ('<line x1="0" y1="7" x2="18" y2="7" stroke="#7b8896" stroke-width="1.5"/>', texts.slack),
        (
            '<rect x="0" y="0" width="18" height="14" fill="#fff2df" stroke="#f1d3a8"/>',
            texts.holiday,
        ),
        (
            '<rect x="0" y="0" width="18" height="14" fill="#fde3e0" stroke="#f3c1bb"/>',
            texts.public_holiday,
        ),
        ('<line x1="9" y1="0" x2="9" y2="14" stroke="#e8772e" stroke-width="2"/>', texts.today),
    ]


def _entry_width(label: str) -> int:
    return 34 + int(len(label) * 6.4)


def _legend_width(texts: GanttTexts) -> int:
    return sum(_entry_width(label) for _symbol, label in _legend_entries(texts))


def _legend(add: Callable[[str], None], texts: GanttTexts, y: int) -> None:
    add(f'<g class="legend" font-size="11" fill="#4a5a6a" transform="translate(12,{y})">')
    x = 0
    for symbol, label in _legend_entries(texts):
        add(
            f'<g transform="translate({x},0)">{symbol}<text x="24" y="10">{escape(label)}</text></g>'
        )
        x += _entry_width(label)
    add("</g>")

"""What the SVG charts draw with: numbers and text as SVG wants them, the document around a chart,
its heading, and the months of a time axis.

Pure: no database and no Django. The Gantt chart (`charts.gantt`) and the trend charts
(`monitoring.trend`) share these, so every chart opens, is titled and counts months the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

Add = Callable[[str], None]

FONT = "DejaVu Sans, Noto Sans, Segoe UI, Arial, sans-serif"
HEADING_HEIGHT = 34  # the title line above a chart that is downloaded on its own
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"


def fmt(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: 12, 12.5, 12.25."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def short(text: str, limit: int) -> str:
    """The text cut to `limit` characters, with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def line(x1: float, y1: float, x2: float, y2: float, attrs: str = "") -> str:
    return f'<line x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}"{attrs}/>'


def text(x: float, y: float, content: str, attrs: str = "") -> str:
    return f'<text x="{fmt(x)}" y="{fmt(y)}"{attrs}>{escape(content)}</text>'


def open_document(
    add: Add,
    css_class: str,
    size: tuple[float, float],
    title: str,
    attrs: str = "",
    *,
    links: bool = False,
    defs: str = "",
) -> None:
    """The <svg> element (`attrs` added to it), its title, `defs` and a white background.

    `links`: the chart holds links, which older viewers read from xlink:href. Such a chart is a
    group, not an image: an image's content is hidden from screen readers, its links too.
    """
    width, height = fmt(size[0]), fmt(size[1])
    xlink = f' xmlns:xlink="{XLINK_NS}"' if links else ""
    role = "group" if links else "img"
    add(
        f'<svg xmlns="{SVG_NS}"{xlink} class="{css_class}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12" role="{role}" '
        f"aria-label={quoteattr(title)}{attrs}>"
    )
    add(f"<title>{escape(title)}</title>{defs}")
    add(f'<rect class="background" x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>')


def open_heading(add: Add, heading: str, attrs: str = "") -> None:
    """The heading line, and a group that moves the chart below it (closed by `close_document`)."""
    style = f' class="heading" font-size="15" font-weight="700"{attrs}'
    add(text(12, HEADING_HEIGHT - 12, heading, style))
    add(f'<g class="chart" transform="translate(0,{HEADING_HEIGHT})">')


def close_document(add: Add, *, heading: bool) -> None:
    if heading:
        add("</g>")
    add("</svg>")


# --- months on a time axis --------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after `day`'s."""
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def month_end(year: int, month: int) -> dt.date:
    return next_month(dt.date(year, month, 1)) - dt.timedelta(days=1)


def each_month(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of each month from `first`'s month up to and including `last`'s."""
    out = []
    day = month_start(first)
    while day <= last:
        out.append(day)
        day = next_month(day)
    return out

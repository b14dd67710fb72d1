"""When planned money and hours fall due: each is spread evenly over a window of days.

Pure: no database and no Django. A milestone's window ends on its deadline (or the plan's end) and
starts its lead time earlier (or at the plan's start when it has none); working days count as
seven fifths of a calendar day, so "10d" is two calendar weeks. A budget line for a milestone
follows the milestone's window, a line for a whole workstream the span of its milestones' windows
(the plan when it has none). This is the plan's intention, not a schedule: good enough to say how
far along the money and the hours should be on a given day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from mijlpaal.planning.model import Duration

CALENDAR_DAYS = {"d": 1, "w": 7, "m": 30}
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """The days over which an amount is spread, both inclusive."""

    start: dt.date
    end: dt.date

    def share_until(self, day: dt.date) -> Decimal:
        """The part of the window done by the end of `day`: 0 before it starts, 1 from its end."""
        if day < self.start:
            return Decimal(0)
        if day >= self.end:
            return Decimal(1)
        return Decimal((day - self.start).days + 1) / Decimal((self.end - self.start).days + 1)

    def share_between(self, first: dt.date, last: dt.date) -> Decimal:
        """The part of the window that falls from `first` to `last`, both inclusive."""
        return self.share_until(last) - self.share_until(first - ONE_DAY)


def lead_days(lead_time: str, calendar: bool) -> int | None:
    """A lead time in calendar days; None when there is none (or it cannot be read)."""
    if not lead_time:
        return None
    try:
        duration = Duration.parse(lead_time, calendar=calendar)
    except ValueError:
        return None
    if calendar:
        return duration.amount * CALENDAR_DAYS[duration.unit]
    return round(duration.working_days * 7 / 5)


def milestone_window(
    plan: Window, deadline: dt.date | None, lead_time: str, calendar: bool
) -> Window:
    """The window of a milestone's work, inside the plan's."""
    end = min(max(deadline or plan.end, plan.start), plan.end)
    days = lead_days(lead_time, calendar)
    start = plan.start if days is None else max(end - dt.timedelta(days=days - 1), plan.start)
    return Window(start, end)


def span(windows: Iterable[Window], fallback: Window) -> Window:
    """The span of some windows, from the first start to the last end; `fallback` for none."""
    found = list(windows)
    if not found:
        return fallback
    return Window(min(w.start for w in found), max(w.end for w in found))


@dataclass(frozen=True)
class Spread:
    """An amount spread over a window."""

    amount: Decimal
    window: Window
    key: int | None = None  # what it belongs to, such as a workstream's id


def due_until(spreads: Iterable[Spread], day: dt.date) -> Decimal:
    """How much of the amounts falls due by the end of `day`."""
    return sum((s.amount * s.window.share_until(day) for s in spreads), Decimal(0))


def due_between(spreads: Iterable[Spread], first: dt.date, last: dt.date) -> Decimal:
    """How much of the amounts falls due from `first` to `last`, both inclusive."""
    return sum((s.amount * s.window.share_between(first, last) for s in spreads), Decimal(0))

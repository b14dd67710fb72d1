"""The milestone plan table (mijlpalenplan): period columns and the cells a milestone's bar fills.

Pure functions over dates; the view feeds them the schedule's dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from mijlpaal.plans.scheduling import ItemDates

PeriodKind = Literal["quarter", "half"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("quarter", "half")


@dataclass(frozen=True)
class Period:
    """One column: a quarter (Q1–Q4) or a half year (H1, H2) of a calendar year."""

    year: int
    label: str
    start: dt.date
    end: dt.date  # inclusive

    def touches(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and first <= self.end

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Cell:
    """One period cell of a row: filled by the lead-time bar, and/or holding the deadline."""

    period: Period
    filled: bool
    deadline: bool
    first: bool = False  # the bar starts here (rounded left end)
    last: bool = False  # the bar ends here (rounded right end)


def _end_of_month(year: int, month: int) -> dt.date:
    return (
        dt.date(year, 12, 31) if month == 12 else dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    )


def periods(first_year: int, last_year: int, kind: PeriodKind) -> list[Period]:
    """The columns for whole calendar years, as the templates users know have them."""
    months = 3 if kind == "quarter" else 6
    prefix = "Q" if kind == "quarter" else "H"
    out = []
    for year in range(first_year, last_year + 1):
        for index in range(12 // months):
            start_month = index * months + 1
            out.append(
                Period(
                    year,
                    f"{prefix}{index + 1}",
                    dt.date(year, start_month, 1),
                    _end_of_month(year, start_month + months - 1),
                )
            )
    return out


def years(columns: list[Period]) -> list[tuple[int, int]]:
    """(year, number of columns) for the grouped header row."""
    out: list[tuple[int, int]] = []
    for period in columns:
        if out and out[-1][0] == period.year:
            out[-1] = (period.year, out[-1][1] + 1)
        else:
            out.append((period.year, 1))
    return out


def cells(columns: list[Period], start: dt.date | None, deadline: dt.date | None) -> list[Cell]:
    """The cells of one milestone: the bar from `start` to `deadline`, the deadline marked."""
    if deadline is None:
        return [Cell(p, False, False) for p in columns]
    first = start if start is not None and start <= deadline else deadline
    touched = [p.touches(first, deadline) for p in columns]
    indices = [i for i, t in enumerate(touched) if t]
    return [
        Cell(
            p,
            touched[i],
            p.contains(deadline),
            first=bool(indices) and i == indices[0],
            last=bool(indices) and i == indices[-1],
        )
        for i, p in enumerate(columns)
    ]


def is_infeasible(dates: ItemDates | None, done: bool) -> bool:
    """Cannot be done in time (niet haalbaar): not done, and the schedule leaves negative slack."""
    return not done and dates is not None and dates.slack is not None and dates.slack < 0

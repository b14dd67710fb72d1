"""The milestone plan table (mijlpalenplan): its period columns, the cells a milestone's bar fills,
and its rows, built once for both the web page and the workbook's Mijlpalenplan sheet.

No queries and no request: the callers load the plan's rows and compute the schedule; this
arranges them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from django.utils.translation import gettext_lazy

from mijlpaal.charts.svg import month_end
from mijlpaal.monitoring.status import LIGHT_LABELS, NONE
from mijlpaal.plans.models import Milestone, Workstream
from mijlpaal.plans.scheduling import ItemDates, PlanSchedule

Roles = Mapping[tuple[str, int], Sequence[tuple[str, str]]]  # (kind, pk) -> [(party, letters)]

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

    @property
    def starts_year(self) -> bool:
        """Q1 or H1: the page draws a stronger line before it."""
        return self.start.month == 1


# Where a bar starts and ends and where the deadline sits within a period cell: a percentage of
# the cell's width, rounded to this step (the page's CSS has a class for each step).
STEP = 2


def position(period: Period, day: dt.date, part: float) -> int:
    """Where `day` lies in `period` as a percentage of its width, rounded to `STEP`: `part` 0 is
    the day's left edge, 1 its right edge, 0.5 its middle."""
    days = (period.end - period.start).days + 1
    percent = 100 * ((day - period.start).days + part) / days
    return min(100, max(0, STEP * round(percent / STEP)))


@dataclass(frozen=True)
class Cell:
    """One period cell of a row: filled by the lead-time bar, and/or holding the deadline.

    `bar_from`–`bar_to` is the part of the cell the bar fills and `mark_at` the deadline's place,
    as percentages of the cell's width: the bar starts and ends on its dates within the period.
    """

    period: Period
    filled: bool
    deadline: bool
    first: bool = False  # the bar starts here (rounded left end)
    last: bool = False  # the bar ends here (rounded right end)
    bar_from: int = 0
    bar_to: int = 100
    mark_at: int = 50

    @property
    def css_class(self) -> str:
        """The cell's classes on the web page: its part of the bar, the deadline, a year's start."""
        parts = {
            "filled": self.filled,
            "bar-first": self.first,
            "bar-last": self.last,
            "deadline": self.deadline,
            "year-start": self.period.starts_year,
        }
        return " ".join(["period", *(name for name, on in parts.items() if on)])


def periods(first_year: int, last_year: int, kind: PeriodKind) -> list[Period]:
    """The columns for whole calendar years, as the templates users know have them (the
    workbook's Mijlpalenplan sheet)."""
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
                    month_end(year, start_month + months - 1),
                )
            )
    return out


def plan_periods(first: dt.date, last: dt.date, kind: PeriodKind) -> list[Period]:
    """The columns from the period that holds `first` to the one that holds `last`: the web
    page's columns, from the plan's first quarter to its last."""
    return [
        p
        for p in periods(first.year, last.year, kind)
        if p.end >= first and p.start <= max(first, last)
    ]


def span_of(
    start: dt.date, end: dt.date, milestones: Iterable[Milestone], schedule: PlanSchedule
) -> tuple[dt.date, dt.date]:
    """The plan's start and end, widened to every milestone's bar (its computed start, its
    deadline or computed date), so no bar falls outside the columns."""
    days = [start, end]
    for m in milestones:
        dates = schedule.milestones.get(m.pk)
        days.extend(
            d
            for d in (m.deadline, dates.start if dates else None, dates.finish if dates else None)
            if d is not None
        )
    return min(days), max(days)


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
    out = []
    for p in columns:
        if not p.touches(first, deadline):
            out.append(Cell(p, False, False))
            continue
        bar_from = position(p, first, 0) if p.contains(first) else 0
        bar_to = position(p, deadline, 1) if p.contains(deadline) else 100
        if bar_to - bar_from < STEP:  # a bar of a day or two: still visible
            bar_from = min(bar_from, 100 - STEP)
            bar_to = bar_from + STEP
        out.append(
            Cell(
                p,
                True,
                p.contains(deadline),
                first=p.contains(first),
                last=p.contains(deadline),
                bar_from=bar_from,
                bar_to=bar_to,
                mark_at=position(p, deadline, 0.5),
            )
        )
    return out


# --- the rows -------------------------------------------------------------------------------------


def is_infeasible(dates: ItemDates | None, done: bool) -> bool:
    """Cannot be done in time (niet haalbaar): not done, and the schedule leaves negative slack."""
    return not done and dates is not None and dates.slack is not None and dates.slack < 0


@dataclass(frozen=True)
class TableRow:
    """A milestone's row: its period cells, what state it is in, the parties with their roles."""

    milestone: Milestone
    cells: list[Cell]
    roles: Sequence[tuple[str, str]]
    start: dt.date | None  # the computed start of the work towards it
    late: bool  # te laat: its deadline has passed and it is not reached
    infeasible: bool  # niet haalbaar: the schedule cannot make its deadline
    done: bool  # bereikt
    light: str = NONE  # the logbook's light (`monitoring.status`): a Light, LATE or NONE
    url: str = ""  # the web page's link to the milestone
    timeline: str = ""  # the web page's period cells as HTML, built once (`milestone_plan`)
    baseline_deadline: dt.date | None = None  # a compared baseline's, when it differs

    @property
    def light_label(self) -> str:
        """The light's word (groen, oranje, rood, te laat, bereikt), shown with its colour."""
        return str(LIGHT_LABELS[self.light])

    @property
    def number(self) -> int | None:
        """The milestone's own number, as the plan's makers gave it (Nr)."""
        return self.milestone.number


@dataclass(frozen=True)
class TableGroup:
    """A workstream and its milestones; `workstream` is None for the milestones without one."""

    workstream: Workstream | None
    number: int | None  # the workstream's place in the plan: 1, 2, …
    rows: list[TableRow]


def table_groups(
    workstreams: Sequence[Workstream],
    milestones: Iterable[Milestone],
    schedule: PlanSchedule,
    roles: Roles,
    columns: list[Period],
    today: dt.date,
    lights: Mapping[int, str] | None = None,
) -> list[TableGroup]:
    """The table's groups and rows, in the order the page and the workbook both show them.

    Milestones without a workstream come first, in a group of their own when there are any (the
    workbook importer reads them before the first "DEELPROJECT:" row); then each workstream in
    the plan's order, empty ones too. Within a group, milestones go by their order in the plan.
    `lights` maps a milestone to its shown light (`PlanStatus.milestones[pk].shown`).
    """
    known = {w.pk for w in workstreams}
    rows: dict[int | None, list[TableRow]] = {}
    for m in sorted(milestones, key=lambda m: (m.order, m.pk)):
        group = m.workstream_id if m.workstream_id in known else None
        row = table_row(m, schedule.milestones.get(m.pk), roles, columns, today)
        if lights is not None:
            row = replace(row, light=lights.get(m.pk, NONE))
        rows.setdefault(group, []).append(row)
    loose = [TableGroup(None, None, rows[None])] if None in rows else []
    return loose + [
        TableGroup(w, number, rows.get(w.pk, [])) for number, w in enumerate(workstreams, 1)
    ]


def table_row(
    m: Milestone, dates: ItemDates | None, roles: Roles, columns: list[Period], today: dt.date
) -> TableRow:
    """The bar runs from the computed start to the deadline (or the computed date without one)."""
    done = m.reached_on is not None
    start = dates.start if dates else None
    return TableRow(
        milestone=m,
        cells=cells(columns, start, m.deadline or (dates.finish if dates else None)),
        roles=roles.get(("milestone", m.pk), []),
        start=start,
        late=m.is_late(today),
        infeasible=is_infeasible(dates, done),
        done=done,
    )


@dataclass(frozen=True)
class TableFilter:
    """The web page's filters, each a pk from the query string or None."""

    workstream: int | None = None
    goal: int | None = None
    party: int | None = None

    @property
    def active(self) -> bool:
        return self.workstream is not None or self.goal is not None or self.party is not None


def filtered(
    groups: Iterable[TableGroup], chosen: TableFilter, party_name: str | None
) -> list[TableGroup]:
    """The chosen workstream's group; in each, the rows of the chosen goal where the chosen party
    (found by its name in the roles) has a role. Numbers stay as they are.

    A group the goal or party filter leaves empty is left out; an empty workstream shows otherwise.
    """
    narrowing = chosen.goal is not None or chosen.party is not None

    def shown(row: TableRow) -> bool:
        if chosen.goal is not None and row.milestone.goal_id != chosen.goal:
            return False
        return party_name is None or any(name == party_name for name, _letters in row.roles)

    out = []
    for group in groups:
        if chosen.workstream is not None and (
            group.workstream is None or group.workstream.pk != chosen.workstream
        ):
            continue
        rows = [row for row in group.rows if shown(row)]
        if rows or not narrowing:
            out.append(replace(group, rows=rows))
    return out


# --- the school's year in the header ----------------------------------------------------------

# What the charts call each kind of stretch of the school's year: a school holiday, or a
# closure's kind (`planning.Closure.kind`).
BAND_NAMES = {
    "holiday": gettext_lazy("school holiday"),
    "toetsweek": gettext_lazy("test week"),
    "examen": gettext_lazy("exams"),
    "studiedag": gettext_lazy("study day"),
    "projectweek": gettext_lazy("project week"),
    "other": gettext_lazy("closure"),
}


# A stretch of the school's year: (kind, title, first day, last day), both days inclusive.
Stretch = tuple[str, str, dt.date, dt.date]


@dataclass(frozen=True)
class Band:
    """A school holiday or a closure (toetsweek, studiedag, …) in a period's header cell: its part
    of the cell as percentages, its kind for the colour and its title for the tooltip."""

    kind: str  # "holiday", or a closure's kind: toetsweek, examen, studiedag, projectweek, other
    title: str
    bar_from: int
    bar_to: int


def header_bands(columns: Sequence[Period], stretches: Iterable[Stretch]) -> list[list[Band]]:
    """For each column, the bands of the stretches that fall in it, in the order given."""
    stretches = list(stretches)
    out: list[list[Band]] = []
    for p in columns:
        bands = []
        for kind, title, start, end in stretches:
            if not p.touches(start, end):
                continue
            bar_from = position(p, start, 0) if p.contains(start) else 0
            bar_to = position(p, end, 1) if p.contains(end) else 100
            if bar_to - bar_from < STEP:
                bar_from = min(bar_from, 100 - STEP)
                bar_to = bar_from + STEP
            bands.append(Band(kind, title, bar_from, bar_to))
        out.append(bands)
    return out

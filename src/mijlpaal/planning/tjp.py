"""Export a plan as a TaskJuggler 3 project (`mijlpaal export PLAN.yaml --format tjp`).

Working days are 8 hours (9:00–17:00, UTC), so TaskJuggler's `length Nd` is N working days;
every weekday that is not a working day becomes a `leaves holiday`. Each dependency is written
once: as `precedes` on an as-late-as-possible predecessor (`scheduling alap`), else as `depends`
on an as-soon-as-possible successor, with `onstart`/`onend` and a non-negative `gaplength` (or
`gapduration` for calendar time). A negative lag, or FF in `depends` and SS in `precedes`, is
rewritten on the other end of the predecessor or successor, whose length in working days is
known. What TaskJuggler cannot express (calendar months, a negative lag that reaches before the
other item's start, …) is listed by `export_problems()` with the item names, and at the top of
the file. A deadline on an as-late-as-possible item with successors is a hidden milestone that
the item `precedes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .calendar import WorkCalendar
from .model import Dependency, Item, PlanInput
from .school_holidays import SchoolHoliday, load_school_holidays

REPORT_FILE = "mijlpaal-dates"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def task_ids(items: Iterable[Item]) -> dict[str, str]:
    """TaskJuggler ids (letters, digits, underscore) for the item ids, unique."""
    result: dict[str, str] = {}
    used: set[str] = set()
    for n, item in enumerate(items):
        base = "t_" + re.sub(r"[^A-Za-z0-9_]", "_", item.id)
        tj = base if base not in used else f"{base}_{n}"
        used.add(tj)
        result[item.id] = tj
    return result


START_TASK = "mijlpaal_start"  # a hidden milestone at the earliest start of the plan


def _length(it: Item, problems: list[str]) -> str:
    d = it.duration
    assert d is not None
    if not d.calendar:
        return f"length {d.working_days}d"
    if d.unit == "m":
        problems.append(
            f"‘{it.title}’: {d} in calendar months, written as {round(d.amount * 30.4375)} days"
        )
        return f"duration {round(d.amount * 30.4375)}d"
    return f"duration {d.amount * (7 if d.unit == 'w' else 1)}d"


def _work_days(it: Item) -> int | None:
    """The length in working days, 0 for a milestone, None for calendar time (or unknown)."""
    if it.kind == "milestone":
        return 0
    d = it.duration
    if d is None or d.calendar or d.amount <= 0:
        return None
    return d.working_days


@dataclass(frozen=True)
class Link:
    """One dependency as TaskJuggler writes it: `keyword task { anchor gap }`."""

    keyword: str  # depends | precedes
    task: str
    anchor: str  # onstart | onend
    gap: int  # working days, or calendar days with `calendar`
    calendar: bool = False

    def __str__(self) -> str:
        default = "onend" if self.keyword == "depends" else "onstart"
        opts = [] if self.anchor == default else [self.anchor]
        if self.gap:
            opts.append(f"{'gapduration' if self.calendar else 'gaplength'} {self.gap}d")
        return f"{self.keyword} {self.task}" + (f" {{ {' '.join(opts)} }}" if opts else "")


def depends_link(dep: Dependency, pred: Item, succ: Item, task: str) -> Link | None:
    """`depends` on the successor: its start ≥ the predecessor's start or end + gap."""
    lag = dep.lag
    if lag.calendar:
        if lag.unit == "m" or lag.amount < 0 or dep.type == "FF":
            return None
        days = lag.amount * (7 if lag.unit == "w" else 1)
        return Link("depends", task, "onstart" if dep.type == "SS" else "onend", days, True)
    gap = lag.working_days
    anchor = "onstart" if dep.type == "SS" else "onend"
    if dep.type == "FF":  # end ≥ end + L  ⇔  start ≥ end + L − length
        d_succ = _work_days(succ)
        if d_succ is None:
            return None
        gap -= d_succ
    if gap < 0 and anchor == "onend":  # before the predecessor's end: from its start
        d_pred = _work_days(pred)
        if d_pred is None:
            return None
        anchor, gap = "onstart", gap + d_pred
    return Link("depends", task, anchor, gap) if gap >= 0 else None


def precedes_link(dep: Dependency, pred: Item, succ: Item, task: str) -> Link | None:
    """`precedes` on the predecessor: its end ≤ the successor's start or end − gap."""
    lag = dep.lag
    if lag.calendar:
        if lag.unit == "m" or lag.amount < 0 or dep.type == "SS":
            return None
        days = lag.amount * (7 if lag.unit == "w" else 1)
        return Link("precedes", task, "onend" if dep.type == "FF" else "onstart", days, True)
    gap = lag.working_days
    anchor = "onend" if dep.type == "FF" else "onstart"
    if dep.type == "SS":  # start + L ≤ start  ⇔  end ≤ start − (L − length)
        d_pred = _work_days(pred)
        if d_pred is None:
            return None
        gap -= d_pred
    if gap < 0 and anchor == "onstart":  # after the successor's start: before its end
        d_succ = _work_days(succ)
        if d_succ is None:
            return None
        anchor, gap = "onend", gap + d_succ
    return Link("precedes", task, anchor, gap) if gap >= 0 else None


def _day_after(d: date) -> str:
    return (d + timedelta(days=1)).isoformat()


def export_tjp(
    plan: PlanInput,
    *,
    school_holidays: Iterable[SchoolHoliday] | None = None,
    calendar: WorkCalendar | None = None,
) -> str:
    """The plan as a TaskJuggler 3 project with a CSV report of every item's dates."""
    return _export(plan, school_holidays, calendar)[0]


def export_problems(
    plan: PlanInput,
    *,
    school_holidays: Iterable[SchoolHoliday] | None = None,
    calendar: WorkCalendar | None = None,
) -> list[str]:
    """What the export cannot express, one line per dependency or item, with the item names."""
    return _export(plan, school_holidays, calendar)[1]


def _export(
    plan: PlanInput,
    school_holidays: Iterable[SchoolHoliday] | None,
    calendar: WorkCalendar | None,
) -> tuple[str, list[str]]:
    if calendar is None:
        calendar = WorkCalendar(
            plan.calendar,
            load_school_holidays() if school_holidays is None else school_holidays,
            plan.start - timedelta(days=400),
            plan.end + timedelta(days=400),
        )
    first = plan.start - timedelta(days=366)
    last = plan.end + timedelta(days=366)
    tasks = _Tasks(plan, calendar)
    body = [tasks.start_task()]
    for it in plan.items:
        body += tasks.task(it)
    body += tasks.hidden
    head = [*_project(plan, first, last), *_leaves(calendar, first, last), ""]
    if tasks.problems:
        head += ["# Not expressible in TaskJuggler (these dates may differ):"]
        head += [f"#   {p}" for p in tasks.problems] + [""]
    report = [
        "",
        f'taskreport dates "{REPORT_FILE}" {{',
        "  formats csv",
        "  columns id, start, end",
        "  hidetask 0",
        "}",
        "",
    ]
    return "\n".join([*head, *body, *report]), tasks.problems


def _project(plan: PlanInput, first: date, last: date) -> list[str]:
    return [
        f"# {plan.title} — exported by Mijlpaal",
        f"project mijlpaal {_quote(plan.title)} {first.isoformat()} - {last.isoformat()} {{",
        '  timezone "UTC"',
        '  timeformat "%Y-%m-%d %H:%M"',
        "  workinghours mon - fri 9:00 - 17:00",
        "  workinghours sat, sun off",
        "  dailyworkinghours 8",
        f"  now {(plan.today or plan.start).isoformat()}",
        "}",
        "",
    ]


def _leaves(calendar: WorkCalendar, first: date, last: date) -> list[str]:
    """Every weekday that is not a working day, as a holiday."""
    lines = []
    d = first
    while d <= last:
        if d.weekday() < 5 and not calendar.is_working_day(d):
            reason = calendar.non_working_reason(d) or "vrij"
            lines.append(f"leaves holiday {_quote(reason)} {d.isoformat()} +1d")
        d += timedelta(days=1)
    return lines


class _Tasks:
    """The task of each item. A dependency is written once: `precedes` on an ALAP predecessor,
    else `depends` on an ASAP successor; between an ASAP predecessor and an ALAP successor it
    moves neither, so it is left out (as it is for items with fixed dates)."""

    def __init__(self, plan: PlanInput, calendar: WorkCalendar) -> None:
        self.plan = plan
        self.calendar = calendar
        self.tj = task_ids(plan.items)
        self.by_id = {it.id: it for it in plan.items}
        self.successors: dict[str, list[tuple[Item, Dependency]]] = {it.id: [] for it in plan.items}
        for it in plan.items:
            for dep in it.depends:
                if dep.predecessor in self.successors:
                    self.successors[dep.predecessor].append((it, dep))
        self.plan_end = _day_after(calendar.on_or_before(plan.end))
        self.problems: list[str] = []
        self.hidden: list[str] = []  # tasks for deadlines, written after the items

    def alap(self, it: Item) -> bool:
        return (it.scheduling or self.plan.scheduling) == "alap" and not self.pinned(it)

    @staticmethod
    def pinned(it: Item) -> bool:
        return any(
            d is not None
            for d in (it.actual_start, it.actual_finish, it.fixed_start, it.fixed_finish)
        )

    def start_task(self) -> str:
        """The plan's first working day (or today's): the earliest start of unpinned work."""
        plan = self.plan
        first = self.calendar.on_or_after(max(plan.start, plan.today or plan.start))
        return f'task {START_TASK} "Start" {{ milestone start {first.isoformat()} }}'

    def task(self, it: Item) -> list[str]:
        start = it.actual_start or it.fixed_start
        finish = it.actual_finish or it.fixed_finish
        body = self._size(it) + self._fixed_dates(it, start, finish)
        if not self.pinned(it):
            body += self._alap(it) if self.alap(it) else self._asap(it)
        return [f"task {self.tj[it.id]} {_quote(it.title)} {{", *(f"  {x}" for x in body), "}"]

    def _size(self, it: Item) -> list[str]:
        if it.kind == "milestone":
            return ["milestone"]
        return [_length(it, self.problems)] if it.duration is not None else []

    def _fixed_dates(self, it: Item, start: date | None, finish: date | None) -> list[str]:
        if it.kind == "milestone" and (start or finish):
            day = finish or start
            assert day is not None
            return [f"start {_day_after(self.calendar.on_or_before(day))}"]
        lines = []
        if start is not None:
            lines.append(f"start {start.isoformat()}")
        if finish is not None:
            lines.append(f"end {_day_after(finish)}")
        return lines

    def _problem(self, pred: Item, succ: Item, dep: Dependency) -> None:
        self.problems.append(
            f"‘{succ.title}’ waits for ‘{pred.title}’: {dep.type} "
            f"{dep.lag}{' calendar time' if dep.lag.calendar else ''}"
        )

    def _alap(self, it: Item) -> list[str]:
        """`precedes` each successor; the deadline, or the plan end for the last items."""
        lines = ["scheduling alap"]
        for other, dep in self.successors[it.id]:
            link = precedes_link(dep, it, other, self.tj[other.id])
            if link is None:
                self._problem(it, other, dep)
            else:
                lines.append(str(link))
        has_links = len(lines) > 1
        if it.deadline is not None and has_links:
            hidden = f"{self.tj[it.id]}__deadline"
            lines.append(f"precedes {hidden}")
            self.hidden.append(
                f'task {hidden} "Deadline {it.id}" {{ milestone scheduling alap '
                f"end {_day_after(it.deadline)} }}"
            )
        elif it.deadline is not None:
            lines.append(f"end {_day_after(it.deadline)}")
        elif not has_links:
            lines.append(f"end {self.plan_end}")
        return lines

    def _asap(self, it: Item) -> list[str]:
        """`depends` on each predecessor that is not ALAP; the deadline as a check."""
        gap = " { gaplength 1d }" if it.kind == "milestone" else ""
        lines = [f"depends {START_TASK}{gap}"]  # a milestone at the end of the first day
        for dep in it.depends:
            pred = self.by_id.get(dep.predecessor)
            if pred is None or self.alap(pred):
                continue  # unknown (reported by schedule()), or written as `precedes`
            link = depends_link(dep, pred, it, self.tj[pred.id])
            if link is None:
                self._problem(pred, it, dep)
            else:
                lines.append(str(link))
        if it.deadline is not None:
            lines.append(f"maxend {_day_after(it.deadline)}")
        return lines

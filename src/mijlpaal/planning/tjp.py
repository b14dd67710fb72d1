"""Export a plan as a TaskJuggler 3 project (`mijlpaal export PLAN.yaml --format tjp`).

Working days are 8 hours (9:00–17:00, UTC), so TaskJuggler's `length Nd` is N working days;
every weekday that is not a working day becomes a `leaves holiday`. As-soon-as-possible
items use `depends`, as-late-as-possible items `precedes` with `scheduling alap`.
What TaskJuggler cannot express is written as a comment: finish-to-finish dependencies of
as-soon-as-possible items, negative lags, calendar months, and a deadline on an
as-late-as-possible item that also has successors (exported as a `maxend` check).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from .calendar import WorkCalendar
from .model import Dependency, Duration, Item, PlanInput
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


def _length(d: Duration) -> str:
    if not d.calendar:
        return f"length {d.working_days}d"
    if d.unit == "m":
        return f"duration {round(d.amount * 30.4375)}d  # calendar months, approximated"
    return f"duration {d.amount * (7 if d.unit == 'w' else 1)}d"


def _gap(lag: Duration) -> str | None:
    if lag.amount == 0:
        return ""
    if lag.amount < 0:
        return None
    if lag.calendar:
        days = lag.amount * (7 if lag.unit == "w" else 1) if lag.unit != "m" else lag.amount * 30
        return f"gapduration {days}d"
    return f"gaplength {lag.working_days}d"


def _link(keyword: str, task: str, option: str, gap: str) -> str:
    """`depends t_a { onstart gaplength 2d }`, with braces only around what is there."""
    opts = " ".join(x for x in (option, gap) if x)
    return f"{keyword} {task}" + (f" {{ {opts} }}" if opts else "")


def _day_after(d: date) -> str:
    return (d + timedelta(days=1)).isoformat()


def export_tjp(
    plan: PlanInput,
    *,
    school_holidays: Iterable[SchoolHoliday] | None = None,
    calendar: WorkCalendar | None = None,
) -> str:
    """The plan as a TaskJuggler 3 project with a CSV report of every item's dates."""
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
    lines = [*_project(plan, first, last), *_leaves(calendar, first, last), ""]
    for it in plan.items:
        lines += tasks.task(it)
    lines += [
        "",
        f'taskreport dates "{REPORT_FILE}" {{',
        "  formats csv",
        "  columns id, start, end",
        "  hidetask 0",
        "}",
        "",
    ]
    return "\n".join(lines)


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
    """The task of each item; ASAP items name their predecessors, ALAP items their successors."""

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

    def task(self, it: Item) -> list[str]:
        start = it.actual_start or it.fixed_start
        finish = it.actual_finish or it.fixed_finish
        body = self._size(it) + self._fixed_dates(it, start, finish)
        if start is None and finish is None:
            alap = (it.scheduling or self.plan.scheduling) == "alap"
            body += self._alap(it) if alap else self._asap(it)
        return [f"task {self.tj[it.id]} {_quote(it.title)} {{", *(f"  {x}" for x in body), "}"]

    def _size(self, it: Item) -> list[str]:
        if it.kind == "milestone":
            return ["milestone"]
        return [_length(it.duration)] if it.duration is not None else []

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

    def _alap(self, it: Item) -> list[str]:
        """`precedes` each successor; the deadline, or the plan end for the last items."""
        succ = self.successors[it.id]
        lines = ["scheduling alap"]
        lines += [self._precedes(other, dep) for other, dep in succ if other.id in self.by_id]
        if it.deadline is not None and not succ:
            lines.append(f"end {_day_after(it.deadline)}")
        elif it.deadline is not None:
            lines.append(f"maxend {_day_after(it.deadline)}")
        elif not succ:
            lines.append(f"end {self.plan_end}")
        return lines

    def _precedes(self, other: Item, dep: Dependency) -> str:
        gap = _gap(dep.lag)
        if dep.type == "SS" or gap is None:
            return f"# {dep.type} {dep.lag} to {other.id}: not expressible in TaskJuggler"
        return _link("precedes", self.tj[other.id], "onend" if dep.type == "FF" else "", gap)

    def _asap(self, it: Item) -> list[str]:
        """`depends` on each predecessor, else a start; the deadline as a check."""
        plan = self.plan
        lines = [self._depends(dep) for dep in it.depends if dep.predecessor in self.by_id]
        if not any(line.startswith("depends") for line in lines):
            first = self.calendar.on_or_after(max(plan.start, plan.today or plan.start))
            lines.append(f"start {first.isoformat()}")
        if it.deadline is not None:
            lines.append(f"maxend {_day_after(it.deadline)}")
        return lines

    def _depends(self, dep: Dependency) -> str:
        gap = _gap(dep.lag)
        if dep.type == "FF" or gap is None:
            return f"# {dep.type} {dep.lag} on {dep.predecessor}: not expressible in TaskJuggler"
        onstart = "onstart" if dep.type == "SS" else ""
        return _link("depends", self.tj[dep.predecessor], onstart, gap)

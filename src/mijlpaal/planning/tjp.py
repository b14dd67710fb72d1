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
    tj = task_ids(plan.items)
    by_id = {it.id: it for it in plan.items}
    lines = [
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
    d = first
    while d <= last:
        if d.weekday() < 5 and not calendar.is_working_day(d):
            reason = calendar.non_working_reason(d) or "vrij"
            lines.append(f"leaves holiday {_quote(reason)} {d.isoformat()} +1d")
        d += timedelta(days=1)
    lines.append("")
    default_alap = plan.scheduling == "alap"
    successors: dict[str, list[tuple[Item, Dependency]]] = {it.id: [] for it in plan.items}
    for it in plan.items:
        for dep in it.depends:
            if dep.predecessor in successors:
                successors[dep.predecessor].append((it, dep))

    def alap(it: Item) -> bool:
        return it.scheduling == "alap" if it.scheduling is not None else default_alap

    def day_after(d: date) -> str:
        return (d + timedelta(days=1)).isoformat()

    plan_end = day_after(calendar.on_or_before(plan.end))
    for it in plan.items:
        body: list[str] = []
        if it.kind == "milestone":
            body.append("milestone")
        elif it.duration is not None:
            body.append(_length(it.duration))
        start = it.actual_start or it.fixed_start
        finish = it.actual_finish or it.fixed_finish
        if it.kind == "milestone" and (start or finish):
            body.append(f"start {day_after(calendar.on_or_before(finish or start))}")  # type: ignore[arg-type]
        else:
            if start is not None:
                body.append(f"start {start.isoformat()}")
            if finish is not None:
                body.append(f"end {day_after(finish)}")
        fixed = start is not None or finish is not None
        if alap(it) and not fixed:
            body.append("scheduling alap")
            succ = successors[it.id]
            for other, dep in succ:
                if other.id not in by_id:
                    continue
                gap = _gap(dep.lag)
                on_end = " onend" if dep.type == "FF" else ""
                if dep.type == "SS" or gap is None:
                    body.append(
                        f"# {dep.type} {dep.lag} to {other.id}: not expressible in TaskJuggler"
                    )
                    continue
                opts = " ".join(x for x in (on_end.strip(), gap) if x)
                body.append(f"precedes {tj[other.id]}" + (f" {{ {opts} }}" if opts else ""))
            if it.deadline is not None and not succ:
                body.append(f"end {day_after(it.deadline)}")
            elif it.deadline is not None:
                body.append(f"maxend {day_after(it.deadline)}")
            elif not succ:
                body.append(f"end {plan_end}")
        elif not fixed:
            has_dep = False
            for dep in it.depends:
                if dep.predecessor not in by_id:
                    continue
                gap = _gap(dep.lag)
                if dep.type == "FF" or gap is None:
                    body.append(
                        f"# {dep.type} {dep.lag} on {dep.predecessor}: not expressible in TaskJuggler"
                    )
                    continue
                opts = " ".join(x for x in ("onstart" if dep.type == "SS" else "", gap) if x)
                body.append(f"depends {tj[dep.predecessor]}" + (f" {{ {opts} }}" if opts else ""))
                has_dep = True
            if not has_dep:
                body.append(
                    f"start {calendar.on_or_after(max(plan.start, plan.today or plan.start)).isoformat()}"
                )
            if it.deadline is not None:
                body.append(f"maxend {day_after(it.deadline)}")
        lines.append(f"task {tj[it.id]} {_quote(it.title)} {{")
        lines.extend(f"  {line}" for line in body)
        lines.append("}")
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

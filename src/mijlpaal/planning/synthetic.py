"""Generated plans for the property tests, the TaskJuggler comparison and the benchmark.

`random_plan()` is deterministic for a seed. With `taskjuggler=True` it only uses what the
TaskJuggler export expresses exactly: working-time durations, non-negative lags, FS and (when
planning forwards) SS dependencies, predecessors for every milestone, and deadlines only on
items without successors (backwards). With `every_link=True` as well, dependencies are FS, SS
and FF with positive, zero and negative lags, in both directions; one the export cannot write
(a negative lag that reaches before the other item's start) becomes FS without a lag.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Literal

from .calendar import WorkCalendar
from .model import (
    CalendarSpec,
    Closure,
    Dependency,
    DependencyType,
    Duration,
    Item,
    PlanInput,
    Region,
)
from .tjp import depends_link, precedes_link

_LAGS = (Duration(0, "d"),) * 6 + (Duration(1, "d"), Duration(2, "d"), Duration(1, "w"))
_REGIONS: tuple[Region, ...] = ("noord", "midden", "zuid")


def random_plan(
    n: int,
    *,
    seed: int = 0,
    scheduling: Literal["asap", "alap"] = "alap",
    start: date = date(2025, 8, 25),
    years: int = 5,
    deps_per_item: float = 2.0,
    block: int = 0,
    taskjuggler: bool = False,
    closures: int = 4,
    every_link: bool = False,
) -> PlanInput:
    """A plan of n items (about one in eight a milestone) over `years` school years.

    Each item depends on about `deps_per_item` earlier items. With `block` > 0 the items form
    workstreams of `block` items and 19 in 20 dependencies stay inside the workstream (as in
    a real plan, where work builds on nearby work); with 0 they go to any earlier item. Each
    milestone also depends on the activities since the previous milestone.
    """
    rng = random.Random(seed)  # every draw in a fixed order: a seed gives the same plan
    end = date(start.year + years, 7, 17)
    region = rng.choice(_REGIONS)
    closure_list = _closures(rng, start.year, years, closures)
    milestone, depends = _network(rng, n, deps_per_item, block, taskjuggler, scheduling, every_link)
    has_succ = {dep.predecessor for deps in depends for dep in deps}
    span = (end - start).days
    items = []
    for i in range(n):
        if not milestone[i]:
            amount = rng.randint(1, 15)
            items.append(
                Item(f"i{i}", f"Activiteit {i}", "activity", workstream=f"ws{i % 7}",
                     duration=Duration(amount, "d"), depends=depends[i])
            )  # fmt: skip
            continue
        deadline = None
        if (not taskjuggler or f"i{i}" not in has_succ) and rng.random() < 0.7:
            deadline = end - timedelta(days=rng.randrange(0, 60 if taskjuggler else span // 2))
        items.append(
            Item(f"i{i}", f"Mijlpaal {i}", "milestone", deadline=deadline, depends=depends[i])
        )
    if taskjuggler and every_link:
        items = _expressible(items, scheduling)
    return PlanInput(
        title=f"Gegenereerd plan ({n} onderdelen, seed {seed})",
        start=start,
        end=end,
        calendar=CalendarSpec(region=region, closures=closure_list),
        scheduling=scheduling,
        items=tuple(items),
    )


def _expressible(items: list[Item], scheduling: str) -> list[Item]:
    """The items with each dependency the TaskJuggler export cannot write made FS without lag."""
    by_id = {it.id: it for it in items}
    link = precedes_link if scheduling == "alap" else depends_link
    result = []
    for it in items:
        deps = tuple(
            dep if link(dep, by_id[dep.predecessor], it, "t") else Dependency(dep.predecessor)
            for dep in it.depends
        )
        result.append(replace(it, depends=deps))
    return result


def _closures(rng: random.Random, first_year: int, years: int, count: int) -> tuple[Closure, ...]:
    """Study days (no work) and test weeks (a warning) in November."""
    closures = []
    for k in range(count):
        year = first_year + rng.randrange(years)
        first = date(year, 11, 3) + timedelta(days=7 * rng.randrange(3))
        policy: Literal["no_work", "warn"] = "warn" if k % 2 else "no_work"
        kind: Literal["toetsweek", "studiedag"] = "toetsweek" if k % 2 else "studiedag"
        last = first + timedelta(days=4 if k % 2 else 0)
        closures.append(Closure(f"Sluiting {k + 1}", kind, first, last, policy))
    return tuple(closures)


def _network(
    rng: random.Random,
    n: int,
    deps_per_item: float,
    block: int,
    taskjuggler: bool,
    scheduling: str,
    every_link: bool = False,
) -> tuple[list[bool], list[tuple[Dependency, ...]]]:
    """Which items are milestones, and each item's dependencies on earlier items.

    With `every_link` the dependencies are of every type and lag sign, also for `taskjuggler`.
    """
    milestone = [False] * n
    depends: list[tuple[Dependency, ...]] = []
    open_work: list[int] = []  # activities since the last milestone that lead nowhere yet
    for i in range(n):
        milestone[i] = i > 0 and rng.random() < 0.125
        count = int(deps_per_item) + (1 if rng.random() < deps_per_item % 1 else 0)
        if milestone[i] and taskjuggler:
            count = max(count, 1)
        block_start = i - i % block if block else 0
        picked = _predecessors(rng, i, count, block_start)
        if block and i == block_start:
            open_work.clear()  # a new workstream
        if milestone[i]:
            # The work since the previous milestone leads to this one (activities → mijlpaal).
            picked.update(open_work)
            open_work.clear()
        else:
            open_work.append(i)
        depends.append(
            tuple(
                _dependency(
                    rng,
                    f"i{j}",
                    milestone[i],
                    taskjuggler and not every_link,
                    scheduling,
                    every_link,
                )
                for j in sorted(picked)
            )
        )
    return milestone, depends


def _predecessors(rng: random.Random, i: int, count: int, block_start: int) -> set[int]:
    """Up to `count` earlier items, 19 in 20 inside the workstream that starts at `block_start`."""
    picked: set[int] = set()
    for _ in range(min(count, i)):
        inside = block_start < i and rng.random() < 0.95
        picked.add(rng.randrange(block_start, i) if inside else rng.randrange(0, i))
    return picked


def _dependency(
    rng: random.Random,
    predecessor: str,
    milestone: bool,
    taskjuggler: bool,
    scheduling: str,
    every_link: bool = False,
) -> Dependency:
    """A dependency of a kind that TaskJuggler can express, with `taskjuggler`."""
    kind_roll = rng.random()
    if taskjuggler and scheduling == "alap":
        return Dependency(predecessor, "FS", rng.choice(_LAGS))
    if taskjuggler:
        kind: DependencyType = "SS" if kind_roll < 0.15 and not milestone else "FS"
        return Dependency(predecessor, kind, rng.choice(_LAGS))
    if kind_roll < 0.1:
        return Dependency(predecessor, "SS", rng.choice(_LAGS))
    if kind_roll < 0.2:
        return Dependency(predecessor, "FF", rng.choice(_LAGS))
    if kind_roll < 0.25:
        return Dependency(predecessor, "FS", Duration(-rng.randint(1, 3), "d"))
    if every_link and kind_roll < 0.35:  # negative SS and FF too
        kind = "SS" if kind_roll < 0.3 else "FF"
        return Dependency(predecessor, kind, Duration(-rng.randint(1, 3), "d"))
    return Dependency(predecessor, "FS", rng.choice(_LAGS))


def taskjuggler_dates(
    csv_text: str, calendar: WorkCalendar, plan: PlanInput, task_ids: dict[str, str]
) -> dict[str, tuple[date, date]]:
    """Read the export's CSV report into {item id: (start, finish)} in Mijlpaal's whole days.

    TaskJuggler reports instants: work starts at 9:00 and ends at 17:00 (or at the next
    non-working moment), so an instant at or after 17:00 on a working day is the end of that
    day and anything else is the start of the first working day at or after it.
    """
    by_tj = {v: k for k, v in task_ids.items()}
    kinds = {it.id: it.kind for it in plan.items}

    def instant(text: str) -> int:
        text = text.strip()  # "2025-09-01 17:00" in the project's time zone
        d = date.fromisoformat(text[:10])
        if calendar.is_working_day(d) and text[11:16] >= "17:00":
            return calendar.index_on_or_after(d) + 1
        return calendar.index_on_or_after(d)

    result: dict[str, tuple[date, date]] = {}
    for row in csv.DictReader(io.StringIO(csv_text), delimiter=";"):
        item_id = by_tj.get(row["Id"])
        if item_id is None:
            continue
        s, e = instant(row["Start"]), instant(row["End"])
        if kinds[item_id] == "milestone":
            m = calendar.date_at(e - 1)
            result[item_id] = (m, m)
        else:
            result[item_id] = (calendar.date_at(s), calendar.date_at(e - 1))
    return result

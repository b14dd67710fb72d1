"""Generated plans for the property tests, the TaskJuggler comparison and the benchmark.

`random_plan()` is deterministic for a seed. With `taskjuggler=True` it only uses what the
TaskJuggler export expresses exactly: working-time durations, non-negative lags, FS and (when
planning forwards) SS dependencies, predecessors for every milestone, and deadlines only on
items without successors (backwards).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from typing import Literal

from .calendar import WorkCalendar
from .model import CalendarSpec, Closure, Dependency, Duration, Item, PlanInput

_LAGS = (Duration(0, "d"),) * 6 + (Duration(1, "d"), Duration(2, "d"), Duration(1, "w"))


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
) -> PlanInput:
    """A plan of n items (about one in eight a milestone) over `years` school years.

    Each item depends on about `deps_per_item` earlier items. With `block` > 0 the items form
    workstreams of `block` items and 19 in 20 dependencies stay inside the workstream (as in
    a real plan, where work builds on nearby work); with 0 they go to any earlier item. Each
    milestone also depends on the activities since the previous milestone.
    """
    rng = random.Random(seed)
    end = date(start.year + years, 7, 17)
    region = rng.choice(("noord", "midden", "zuid"))
    closure_list = []
    for k in range(closures):
        year = start.year + rng.randrange(years)
        first = date(year, 11, 3) + timedelta(days=7 * rng.randrange(3))
        policy: Literal["no_work", "warn"] = "warn" if k % 2 else "no_work"
        kind: Literal["toetsweek", "studiedag"] = "toetsweek" if k % 2 else "studiedag"
        closure_list.append(
            Closure(
                f"Sluiting {k + 1}", kind, first, first + timedelta(days=4 if k % 2 else 0), policy
            )
        )
    items: list[Item] = []
    has_succ = [False] * n
    milestone = [False] * n
    pending_deps: list[tuple[Dependency, ...]] = []
    open_work: list[int] = []  # activities since the last milestone that lead nowhere yet
    for i in range(n):
        milestone[i] = i > 0 and rng.random() < 0.125
        count = int(deps_per_item) + (1 if rng.random() < deps_per_item % 1 else 0)
        if milestone[i] and taskjuggler:
            count = max(count, 1)
        block_start = i - i % block if block else 0
        picked: set[int] = set()
        for _ in range(min(count, i)):
            inside = block_start < i and rng.random() < 0.95
            picked.add(rng.randrange(block_start, i) if inside else rng.randrange(0, i))
        if block and i == block_start:
            open_work.clear()  # a new workstream
        if milestone[i]:
            # The work since the previous milestone leads to this one (activities → mijlpaal).
            picked.update(open_work)
            open_work.clear()
        else:
            open_work.append(i)
        chosen = sorted(picked)
        deps = []
        for j in chosen:
            has_succ[j] = True
            kind_roll = rng.random()
            if taskjuggler and scheduling == "alap":
                dep = Dependency(f"i{j}", "FS", rng.choice(_LAGS))
            elif taskjuggler:
                dep = Dependency(
                    f"i{j}",
                    "SS" if kind_roll < 0.15 and not milestone[i] else "FS",
                    rng.choice(_LAGS),
                )
            elif kind_roll < 0.1:
                dep = Dependency(f"i{j}", "SS", rng.choice(_LAGS))
            elif kind_roll < 0.2:
                dep = Dependency(f"i{j}", "FF", rng.choice(_LAGS))
            elif kind_roll < 0.25:
                dep = Dependency(f"i{j}", "FS", Duration(-rng.randint(1, 3), "d"))
            else:
                dep = Dependency(f"i{j}", "FS", rng.choice(_LAGS))
            deps.append(dep)
        pending_deps.append(tuple(deps))
    span = (end - start).days
    for i in range(n):
        deadline = None
        if milestone[i] and (not taskjuggler or not has_succ[i]) and rng.random() < 0.7:
            deadline = end - timedelta(days=rng.randrange(0, 60 if taskjuggler else span // 2))
        if milestone[i]:
            items.append(
                Item(
                    f"i{i}",
                    f"Mijlpaal {i}",
                    "milestone",
                    deadline=deadline,
                    depends=pending_deps[i],
                )
            )
        else:
            amount = rng.randint(1, 15)
            items.append(
                Item(f"i{i}", f"Activiteit {i}", "activity", workstream=f"ws{i % 7}",
                     duration=Duration(amount, "d"), depends=pending_deps[i])
            )  # fmt: skip
    return PlanInput(
        title=f"Gegenereerd plan ({n} onderdelen, seed {seed})",
        start=start,
        end=end,
        calendar=CalendarSpec(region=region, closures=tuple(closure_list)),  # type: ignore[arg-type]
        scheduling=scheduling,
        items=tuple(items),
    )


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

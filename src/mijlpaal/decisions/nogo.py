"""No-go: the items a no-go decision stopped, for rows already loaded, and the critical path
without them.

`queries.stopped_by` answers the same for one item's page; the charts read whole plans, so here
the stopped items come from the dependencies they already loaded (one query for the decisions),
and the critical path is the engine's for the plan without the stopped items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from mijlpaal.decisions.models import DecisionDocument, DocumentState, Verdict
from mijlpaal.plans.models import Activity, Dependency, Milestone, Plan
from mijlpaal.plans.scheduling import page_schedule, run_engine

Ref = tuple[str, int]  # ("milestone" | "activity", pk)


def no_go_roots(plan: Plan) -> dict[Ref, str]:
    """The items decided no-go, with the subject of the decision (one query)."""
    rows = (
        DecisionDocument.objects.filter(
            plan=plan, state=DocumentState.DECIDED, verdict=Verdict.NO_GO
        )
        .order_by("decided_on", "id")
        .values_list("milestone_id", "activity_id", "subject")
    )
    roots: dict[Ref, str] = {}
    for milestone_id, activity_id, subject in rows:
        if milestone_id:
            roots.setdefault(("milestone", milestone_id), subject)
        elif activity_id:
            roots.setdefault(("activity", activity_id), subject)
    return roots


def stopped_refs(
    roots: Iterable[Ref], dependencies: Iterable[Dependency], activities: Iterable[Activity]
) -> set[Ref]:
    """Each root and everything that waits for it, directly or through others: its
    dependencies, and the milestone each activity leads to (as `scheduling.waiting_for`)."""
    follows: dict[Ref, list[Ref]] = {}
    for d in dependencies:
        follows.setdefault(d.predecessor_ref, []).append(d.successor_ref)
    for a in activities:
        if a.milestone_id:
            follows.setdefault(("activity", a.pk), []).append(("milestone", a.milestone_id))
    found = set(roots)
    todo = list(found)
    while todo:
        for next_item in follows.get(todo.pop(), []):
            if next_item not in found:
                found.add(next_item)
                todo.append(next_item)
    return found


def critical_without(
    plan: Plan,
    stopped: set[Ref],
    rows: tuple[Sequence[Milestone], Sequence[Activity], Sequence[Dependency]],
    *,
    today: dt.date,
    forecasts: Mapping[int, dt.date],
) -> set[Ref]:
    """The items on the critical path of the plan without the stopped ones (no queries: the
    engine runs again over the rows already loaded)."""
    milestones, activities, dependencies = rows
    kept_m = [m for m in milestones if ("milestone", m.pk) not in stopped]
    kept_a = [a for a in activities if ("activity", a.pk) not in stopped]
    kept_d = [
        d
        for d in dependencies
        if d.predecessor_ref not in stopped and d.successor_ref not in stopped
    ]
    result = run_engine(plan, kept_m, kept_a, kept_d, today=today, forecasts=forecasts)
    schedule = page_schedule(plan, kept_m, kept_a, result)
    critical = {("milestone", pk) for pk, d in schedule.milestones.items() if d.critical}
    return critical | {("activity", pk) for pk, d in schedule.activities.items() if d.critical}

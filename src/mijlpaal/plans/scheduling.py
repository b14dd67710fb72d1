"""Turn a plan's rows into planning-engine input, and the engine's schedule back into page data.

A milestone is one date in the engine. Its lead time (doorlooptijd) becomes a work item
`m<pk>.work` that ends on the milestone: what the milestone waits for, its work waits for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.urls import reverse

from mijlpaal import clock, planning
from mijlpaal.i18n import current_language
from mijlpaal.plans.models import Activity, Dependency, Milestone, Plan


@dataclass(frozen=True)
class ItemDates:
    """What a page shows of one milestone or activity."""

    start: dt.date | None
    finish: dt.date | None
    late_start: dt.date | None
    slack: int | None
    critical: bool


@dataclass(frozen=True)
class Warning:
    severity: str
    code: str
    message: str
    links: tuple[tuple[str, str], ...]  # (label, url)


@dataclass(frozen=True)
class PlanSchedule:
    milestones: dict[int, ItemDates]
    activities: dict[int, ItemDates]
    warnings: tuple[Warning, ...]

    @property
    def errors(self) -> int:
        return sum(1 for w in self.warnings if w.severity == "error")


def _duration(text: str) -> planning.Duration | None:
    try:
        return planning.Duration.parse(text) if text else None
    except ValueError:
        return None


def _mkey(pk: int) -> str:
    return f"m{pk}"


def _akey(pk: int) -> str:
    return f"a{pk}"


def _work_key(pk: int) -> str:
    return f"m{pk}.work"


def _key(ref: tuple[str, int]) -> str:
    return _mkey(ref[1]) if ref[0] == "milestone" else _akey(ref[1])


def _waits_for(
    milestones: Sequence[Milestone],
    activities: Sequence[Activity],
    dependencies: Iterable[Dependency],
    with_work: set[int],
) -> dict[str, list[planning.Dependency]]:
    """Per engine item, what it waits for: the plan's dependencies (a milestone with a lead time
    waits through its work item), the activities that lead to a milestone, and its work."""
    depends: dict[str, list[planning.Dependency]] = {}
    for d in dependencies:
        kind, pk = d.successor_ref
        successor = _work_key(pk) if kind == "milestone" and pk in with_work else _key((kind, pk))
        lag = _duration(d.lag) or planning.Duration(0, "d")
        depends.setdefault(successor, []).append(
            planning.Dependency(_key(d.predecessor_ref), d.type, lag)  # type: ignore[arg-type]
        )
    for a in activities:
        if a.milestone_id:
            depends.setdefault(_mkey(a.milestone_id), []).append(planning.Dependency(_akey(a.pk)))
    for m in milestones:
        if m.pk in with_work:
            depends.setdefault(_mkey(m.pk), []).append(planning.Dependency(_work_key(m.pk)))
    return depends


def _work_started(activities: Sequence[Activity]) -> dict[int, dt.date]:
    """The work towards a milestone started when its first activity did."""
    started: dict[int, dt.date] = {}
    for a in activities:
        if a.milestone_id and a.actual_start:
            first = started.get(a.milestone_id, a.actual_start)
            started[a.milestone_id] = min(first, a.actual_start)
    return started


def _item(
    key: str,
    row: Milestone | Activity,
    depends: Mapping[str, list[planning.Dependency]],
    **fields: Any,
) -> planning.Item:
    """The engine item `key` for a milestone or activity row, with what it waits for."""
    return planning.Item(
        id=key,
        title=row.title,
        workstream=str(row.workstream_id) if row.workstream_id else None,
        depends=tuple(depends.get(key, ())),
        **fields,
    )


def _milestone_items(
    m: Milestone,
    depends: Mapping[str, list[planning.Dependency]],
    started: dt.date | None,
    forecast: dt.date | None,
) -> list[planning.Item]:
    """A milestone, preceded by the work of its lead time when it has one."""
    items = []
    lead_time = _duration(m.lead_time)
    if lead_time:
        if m.reached_on is not None and started is not None and started > m.reached_on:
            started = None  # an activity started after the milestone was reached: not its work
        work = {"duration": lead_time, "actual_start": started, "actual_finish": m.reached_on}
        items.append(_item(_work_key(m.pk), m, depends, kind="activity", **work))
    fixed = forecast if m.reached_on is None else None
    milestone = {"deadline": m.deadline, "actual_finish": m.reached_on, "fixed_finish": fixed}
    items.append(_item(_mkey(m.pk), m, depends, kind="milestone", **milestone))
    return items


def _activity_item(a: Activity, depends: Mapping[str, list[planning.Dependency]]) -> planning.Item:
    return _item(
        _akey(a.pk), a, depends, kind="activity", duration=_duration(a.duration),
        actual_start=a.actual_start, actual_finish=a.actual_finish,
    )  # fmt: skip


def plan_closures(plan: Plan) -> tuple[planning.Closure, ...]:
    """The plan's school calendar (toetsweken, studiedagen, ...) as the engine's closures.

    One query the first time for a plan instance; the rows are then kept on it, as Django keeps
    prefetched rows (`plans.closures.closures_changed` forgets them after a change).
    """
    prefetch_related_objects([plan], "closures")
    return tuple(
        planning.Closure(c.name, c.kind, c.start_date, c.end_date, c.policy)  # type: ignore[arg-type]
        for c in plan.closures.all()
    )


def calendar_spec(plan: Plan) -> planning.CalendarSpec:
    """Which days are working days for this plan: its holiday region and its closures."""
    region = str(plan.region) or None
    return planning.CalendarSpec(region=region, closures=plan_closures(plan))  # type: ignore[arg-type]


def plan_input(
    plan: Plan,
    milestones: Sequence[Milestone],
    activities: Sequence[Activity],
    dependencies: Iterable[Dependency],
    *,
    today: dt.date,
    forecasts: Mapping[int, dt.date] | None = None,
) -> planning.PlanInput:
    """The engine's view of a plan. Pure but for the plan's closures (`plan_closures`): works on
    rows already loaded.

    `forecasts` maps a milestone to the date its latest status update expects it: a milestone not
    yet reached is placed there, and what follows moves with it.
    """
    forecasts = forecasts or {}
    with_work = {m.pk for m in milestones if _duration(m.lead_time)}
    depends = _waits_for(milestones, activities, dependencies, with_work)
    started = _work_started(activities)
    items = [
        item
        for m in milestones
        for item in _milestone_items(m, depends, started.get(m.pk), forecasts.get(m.pk))
    ]
    items += [_activity_item(a, depends) for a in activities]
    return planning.PlanInput(
        title=plan.title,
        start=plan.start_date,
        end=plan.end_date,
        today=today,
        calendar=calendar_spec(plan),
        scheduling=str(plan.scheduling),  # type: ignore[arg-type]
        items=tuple(items),
    )


def _dates(
    item: planning.ScheduledItem | None, work: planning.ScheduledItem | None = None
) -> ItemDates:
    if item is None:
        return ItemDates(None, None, None, None, False)
    first = work or item
    return ItemDates(
        start=first.start,
        finish=item.finish,
        late_start=first.late_start,
        slack=item.slack
        if work is None or work.slack is None or item.slack is None
        else min(item.slack, work.slack),
        critical=item.critical or (work is not None and work.critical),
    )


def plan_calendar(
    plan: Plan, school_holidays: Sequence[planning.SchoolHoliday] | None = None
) -> planning.WorkCalendar:
    """The plan's working-day calendar, a year either side of the plan: what the schedule uses."""
    if school_holidays is None:
        school_holidays = planning.load_school_holidays(settings.MIJLPAAL_DATA_DIR)
    return planning.build_calendar(
        calendar_spec(plan),
        school_holidays,
        first=plan.start_date - dt.timedelta(days=366),
        last=plan.end_date + dt.timedelta(days=366),
    )


def compute_schedule(
    plan: Plan, *, today: dt.date | None = None, forecasts: Mapping[int, dt.date] | None = None
) -> PlanSchedule:
    """Load the plan's items (three queries, and its closures once), schedule them and say where
    the plan cannot work.

    `forecasts` maps a milestone to the date its status updates now expect it; the progress app
    knows them (`monitoring.queries.plan_schedule` passes them in).
    """
    milestones = list(Milestone.objects.filter(plan=plan).order_by("order", "id"))
    activities = list(Activity.objects.filter(plan=plan).order_by("order", "id"))
    dependencies = list(Dependency.objects.filter(plan=plan))
    result = run_engine(
        plan, milestones, activities, dependencies, today=today, forecasts=forecasts
    )
    return page_schedule(plan, milestones, activities, result)


def waiting_for(plan: Plan, item: Milestone | Activity) -> set[tuple[str, int]]:
    """Every milestone and activity that waits, directly or through others, for `item` (its
    dependencies, and the milestone each activity leads to); as ("milestone"|"activity", pk).
    Letting `item` wait for one of these would close a loop. Two queries."""
    follows: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for d in Dependency.objects.filter(plan=plan).only(*REF_FIELDS):
        follows.setdefault(d.predecessor_ref, []).append(d.successor_ref)
    leads = Activity.objects.filter(plan=plan, milestone__isnull=False)
    for pk, milestone_id in leads.values_list("pk", "milestone_id"):
        follows.setdefault(("activity", pk), []).append(("milestone", milestone_id))
    start = ("milestone" if isinstance(item, Milestone) else "activity", item.pk)
    found: set[tuple[str, int]] = set()
    todo = [start]
    while todo:
        for next_item in follows.get(todo.pop(), []):
            if next_item not in found:
                found.add(next_item)
                todo.append(next_item)
    return found


REF_FIELDS = (
    "predecessor_milestone_id", "predecessor_activity_id",
    "successor_milestone_id", "successor_activity_id",
)  # fmt: skip


def loops(plan: Plan) -> list[str]:
    """What the engine says of each loop of dependencies in the plan (items that wait for each
    other), in the current language; empty when there is none."""
    return [w.message for w in compute_schedule(plan, forecasts={}).warnings if w.code == "cycle"]


def run_engine(
    plan: Plan,
    milestones: Sequence[Milestone],
    activities: Sequence[Activity],
    dependencies: Sequence[Dependency],
    *,
    today: dt.date | None = None,
    forecasts: Mapping[int, dt.date] | None = None,
) -> planning.Schedule:
    """The engine's own result for rows already loaded (no queries but the plan's closures, once
    per plan instance)."""
    engine_input = plan_input(
        plan,
        milestones,
        activities,
        dependencies,
        today=today or clock.today(),
        forecasts=forecasts,
    )
    return planning.schedule(
        engine_input, school_holidays=planning.load_school_holidays(settings.MIJLPAAL_DATA_DIR)
    )


def page_schedule(
    plan: Plan,
    milestones: Sequence[Milestone],
    activities: Sequence[Activity],
    result: planning.Schedule,
) -> PlanSchedule:
    """The engine's result for rows already loaded, as page data with linked warnings."""
    language = current_language()
    titles = {
        _mkey(m.pk): (m.title, reverse("plans:item_detail", args=[plan.pk, "milestone", m.pk]))
        for m in milestones
    }
    titles.update(
        {
            _akey(a.pk): (a.title, reverse("plans:item_detail", args=[plan.pk, "activity", a.pk]))
            for a in activities
        }
    )
    # The work towards a milestone carries the milestone's title; a chain names it once.
    repeated = [(f"{m.title} → {m.title}", m.title) for m in milestones if _duration(m.lead_time)]
    warnings: list[Warning] = []
    for diagnostic in result.diagnostics:
        links: list[tuple[str, str]] = []
        for key in diagnostic.items:
            target = titles.get(key.removesuffix(".work"))
            if target and target not in links:
                links.append(target)
        message = diagnostic.message(language)
        for twice, once in repeated:
            message = message.replace(twice, once)
        warnings.append(Warning(diagnostic.severity, diagnostic.code, message, tuple(links)))
    return PlanSchedule(
        milestones={
            m.pk: _dates(result.items.get(_mkey(m.pk)), result.items.get(_work_key(m.pk)))
            for m in milestones
        },
        activities={a.pk: _dates(result.items.get(_akey(a.pk))) for a in activities},
        warnings=tuple(warnings),
    )

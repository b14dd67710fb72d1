"""Baselines (vastgestelde planning): snapshots of the computed dates, and how a plan moved since.

A baseline keeps, per milestone and activity, the start, finish, deadline, lead time, slack and
whether it was critical, as the pages showed them when it was taken. Comparing two schedules
gives each item's shift in working days (of its finish) and a summary: the shift of the plan's
end, how many items moved, the milestones that are late now and were not, and the change of the
critical path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.decisions.models import Baseline, BaselineItem, DecisionDocument
from mijlpaal.monitoring.queries import load_forecasts
from mijlpaal.planning.calendar import WorkCalendar
from mijlpaal.plans.models import Activity, Dependency, Milestone, Plan
from mijlpaal.plans.scheduling import plan_calendar, run_engine
from mijlpaal.plans.services import record_created

Ref = tuple[str, int]  # ("milestone" | "activity", pk)


@dataclass(frozen=True)
class Dates:
    label: str
    start: dt.date | None
    finish: dt.date | None
    deadline: dt.date | None = None
    lead_time: str = ""
    slack: int | None = None
    critical: bool = False

    @property
    def late(self) -> bool:
        return bool(self.finish and self.deadline and self.finish > self.deadline)


@dataclass(frozen=True)
class Schedule:
    """Every item's dates, and the plan's end as planned then."""

    items: dict[Ref, Dates]
    end_date: dt.date

    @property
    def finish(self) -> dt.date | None:
        return max((d.finish for d in self.items.values() if d.finish), default=None)


def current_schedule(
    plan: Plan, *, today: dt.date | None = None, forecasts: bool = True
) -> Schedule:
    """The plan's dates as its pages show them now (with the forecasts of its status updates,
    unless `forecasts` is False: then the plan's own dates); four queries."""
    milestones = list(Milestone.objects.filter(plan=plan).order_by("order", "id"))
    activities = list(Activity.objects.filter(plan=plan).order_by("order", "id"))
    dependencies = list(Dependency.objects.filter(plan=plan))
    result = run_engine(
        plan,
        milestones,
        activities,
        dependencies,
        today=today or clock.today(),
        forecasts=load_forecasts(plan) if forecasts else {},
    )
    items: dict[Ref, Dates] = {}
    for m in milestones:
        item, work = result.items.get(f"m{m.pk}"), result.items.get(f"m{m.pk}.work")
        first = work or item
        slacks = [s.slack for s in (item, work) if s is not None and s.slack is not None]
        items["milestone", m.pk] = Dates(
            label=m.label,
            start=first.start if first else None,
            finish=item.finish if item else None,
            deadline=m.deadline,
            lead_time=m.lead_time,
            slack=min(slacks) if slacks else None,
            critical=any(s.critical for s in (item, work) if s is not None),
        )
    for a in activities:
        item = result.items.get(f"a{a.pk}")
        items["activity", a.pk] = Dates(
            label=a.title,
            start=item.start if item else None,
            finish=item.finish if item else None,
            lead_time=a.duration,
            slack=item.slack if item else None,
            critical=bool(item and item.critical),
        )
    return Schedule(items, plan.end_date)


def baseline_schedule(baseline: Baseline) -> Schedule:
    """What a baseline fixed (one query)."""
    rows = BaselineItem.objects.filter(baseline=baseline).values_list(
        "kind", "item_id", "label", "start", "finish", "deadline", "lead_time", "slack", "critical"
    )
    items = {
        (kind, pk): Dates(label, start, finish, deadline, lead_time, slack, critical)
        for kind, pk, label, start, finish, deadline, lead_time, slack, critical in rows
    }
    return Schedule(items, baseline.end_date)


@transaction.atomic
def baseline_take(
    *,
    plan: Plan,
    user: User | None,
    name: str,
    decision: DecisionDocument | None = None,
    forecasts: bool = True,
) -> Baseline:
    """Planning vaststellen: fix the plan's dates as they are now, under a name (without the
    forecasts of the status updates when `forecasts` is False)."""
    schedule = current_schedule(plan, forecasts=forecasts)
    baseline = Baseline.objects.create(
        plan=plan,
        name=name[:200],
        taken_on=clock.today(),
        taken_by=user,
        decision=decision,
        end_date=plan.end_date,
    )
    BaselineItem.objects.bulk_create(
        (
            BaselineItem(
                baseline=baseline,
                kind=kind,
                item_id=pk,
                label=d.label[:300],
                start=d.start,
                finish=d.finish,
                deadline=d.deadline,
                lead_time=d.lead_time,
                slack=d.slack,
                critical=d.critical,
            )
            for (kind, pk), d in schedule.items.items()
        ),
        batch_size=500,
    )
    record_created(plan=plan, user=user, obj=baseline)
    return baseline


@dataclass(frozen=True)
class Shift:
    kind: str
    item_id: int
    label: str
    before: Dates | None  # None: the item is new
    after: Dates | None  # None: the item is gone
    days: int | None  # working days the finish moved; positive is later
    newly_late: bool = False


@dataclass
class Comparison:
    rows: list[Shift] = field(default_factory=list)  # the items that changed, biggest shift first
    end_before: dt.date | None = None
    end_after: dt.date | None = None
    end_shift: int = 0  # working days
    end_date_before: dt.date | None = None
    end_date_after: dt.date | None = None
    moved: int = 0
    added: int = 0
    removed: int = 0
    newly_late: list[str] = field(default_factory=list)
    critical_in: list[str] = field(default_factory=list)
    critical_out: list[str] = field(default_factory=list)


def _days(calendar: WorkCalendar, a: dt.date | None, b: dt.date | None) -> int | None:
    if a is None or b is None:
        return None
    return calendar.working_days_between(a, b)


def compare(plan: Plan, before: Schedule, after: Schedule) -> Comparison:
    """How the plan moved from `before` to `after`; no queries besides the calendar."""
    calendar = plan_calendar(plan)
    result = Comparison(
        end_before=before.finish,
        end_after=after.finish,
        end_shift=_days(calendar, before.finish, after.finish) or 0,
        end_date_before=before.end_date,
        end_date_after=after.end_date,
    )
    refs = list(before.items) + [ref for ref in after.items if ref not in before.items]
    for ref in refs:
        b, a = before.items.get(ref), after.items.get(ref)
        label = a.label if a is not None else b.label if b is not None else ""
        if b is None or a is None:
            result.added += b is None
            result.removed += a is None
            result.rows.append(Shift(ref[0], ref[1], label, b, a, None))
            continue
        days = _days(calendar, b.finish, a.finish)
        newly_late = ref[0] == "milestone" and a.late and not b.late
        if newly_late:
            result.newly_late.append(label)
        if a.critical and not b.critical:
            result.critical_in.append(label)
        if b.critical and not a.critical:
            result.critical_out.append(label)
        changed = days or a.start != b.start or a.deadline != b.deadline
        if changed or newly_late:
            result.moved += bool(days)
            result.rows.append(Shift(ref[0], ref[1], label, b, a, days, newly_late))
    result.rows.sort(key=lambda s: (s.days is None, -abs(s.days or 0), s.label))
    return result


def schedules_by_id(baselines: Mapping[int, Baseline], wanted: str) -> Baseline | None:
    """The baseline the page asks for by its id (as text), if the plan has it."""
    return baselines.get(int(wanted)) if wanted.isdigit() else None

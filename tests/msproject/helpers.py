"""A plan with all that an MS Project file carries, and ways to read a plan back as rows."""

from __future__ import annotations

import datetime as dt

from mijlpaal.accounts.models import User
from mijlpaal.plans import services
from mijlpaal.plans.closures import closure_save
from mijlpaal.plans.models import Activity, Closure, Dependency, Milestone, Plan, Workstream
from mijlpaal.plans.scheduling import compute_schedule
from tests.helpers import SamplePlan, saved


def enrich(sample: SamplePlan, owner: User) -> Plan:
    """The sample plan plus a second workstream, an item without one, links of every kind the
    plan knows, and two periods of the school calendar (one taking days out, one warning)."""
    plan = sample.plan
    second = saved(plan, owner, Workstream(name="Loopbaanoriëntatie"))
    lob = saved(
        plan,
        owner,
        Milestone(workstream=second, title="LOB-programma vastgesteld",
                  deadline=dt.date(2026, 3, 27), lead_time="15d"),
    )  # fmt: skip
    visits = saved(
        plan,
        owner,
        Activity(workstream=second, milestone=lob, title="Bedrijfsbezoeken plannen",
                 duration="10d"),
    )  # fmt: skip
    loose = saved(plan, owner, Activity(title="Evaluatie met de stuurgroep", duration="2w"))
    calendar_time = saved(
        plan,
        owner,
        Activity(workstream=second, title="Stage oriëntatie", duration="3w",
                 duration_calendar=True),
    )  # fmt: skip
    links = (
        (sample.milestone, lob, "FS", "5d"),
        (sample.activity, visits, "SS", "2d"),
        (visits, calendar_time, "FF", "-1d"),
        (lob, loose, "FS", "1w"),
    )
    for before, after, kind, lag in links:
        services.dependency_create(
            plan=plan, user=owner, predecessor=before, successor=after, type=kind, lag=lag
        )
    for closure in (
        Closure(name="Toetsweek 2", kind="toetsweek", start_date=dt.date(2027, 3, 1),
                end_date=dt.date(2027, 3, 5)),
        Closure(name="Studiedag", kind="studiedag", start_date=dt.date(2027, 1, 20),
                end_date=dt.date(2027, 1, 20)),
    ):  # fmt: skip
        closure_save(plan=plan, user=owner, closure=closure)
    return plan


def shape(plan: Plan) -> dict[str, object]:
    """The plan's content by names, without ids or keys."""
    return {
        "workstreams": list(Workstream.objects.filter(plan=plan).values_list("name", flat=True)),
        "milestones": list(
            Milestone.objects.filter(plan=plan)
            .order_by("workstream__order", "order")
            .values_list(
                "workstream__name",
                "number",
                "title",
                "deadline",
                "lead_time",
                "lead_time_calendar",
                "reached_on",
            )
        ),
        "activities": sorted(
            (ws or "", title, duration, calendar, milestone or "")
            for ws, title, duration, calendar, milestone in Activity.objects.filter(
                plan=plan
            ).values_list(
                "workstream__name", "title", "duration", "duration_calendar", "milestone__title"
            )
        ),
        "dependencies": sorted(
            (str(d.predecessor), str(d.successor), d.type, d.lag)
            for d in Dependency.objects.filter(plan=plan)
        ),
        "closures": list(
            Closure.objects.filter(plan=plan).values_list(
                "name", "kind", "start_date", "end_date", "policy"
            )
        ),
    }


def dates(plan: Plan) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """Start and finish of every milestone and activity, by title."""
    schedule = compute_schedule(plan, forecasts={})
    found = {}
    for m in Milestone.objects.filter(plan=plan):
        found[m.title] = (schedule.milestones[m.pk].start, schedule.milestones[m.pk].finish)
    for a in Activity.objects.filter(plan=plan):
        found[a.title] = (schedule.activities[a.pk].start, schedule.activities[a.pk].finish)
    return found

"""The plan's dates as an iCalendar file: deadlines, decision points, evaluations, reports due and
the school's own calendar, each an all-day event.

Every event's UID is made of its kind, its plan and the item's stable key (`milestone-p12-mab3kq9x
@mijlpaal`), so when a deadline moves, a subscribed Outlook or Google Calendar moves the event
instead of adding a second one. Evaluations and reporting periods have no key of their own; their
row id stays the same through every edit. SEQUENCE counts the item's recorded changes (plans
history) and LAST-MODIFIED is the latest of them.

Reads the database in a fixed number of queries whatever the size of the plans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from mijlpaal.links import url_format
from mijlpaal.monitoring.models import Evaluation
from mijlpaal.plans.models import ChangeRecord, Closure, Milestone, Plan, ReportingPeriod

UID_DOMAIN = "mijlpaal"


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    summary: str
    description: str
    url: str
    first_day: dt.date
    last_day: dt.date  # inclusive; DTEND is the day after
    category: str
    sequence: int = 0
    last_modified: dt.datetime | None = None


@dataclass(frozen=True)
class _History:
    """(model name, row id) → (number of changes after creation, time of the latest)."""

    changes: dict[tuple[str, int], tuple[int, dt.datetime]]

    def of(self, model: str, pk: int) -> tuple[int, dt.datetime | None]:
        return self.changes.get((model, pk), (0, None))


def _history(plan_ids: list[int]) -> _History:
    rows = (
        ChangeRecord.objects.filter(
            plan_id__in=plan_ids,
            object_type__in=["milestone", "evaluation", "reportingperiod", "closure"],
        )
        .values("object_type", "object_id")
        .annotate(n=Count("id"), last=Max("at"))
        .order_by()
    )
    return _History(
        {(r["object_type"], r["object_id"]): (max(r["n"] - 1, 0), r["last"]) for r in rows}
    )


def _milestone_summary(m: Milestone) -> str:
    if m.is_decision_point:
        if m.number is not None:
            return _("Milestone %(number)s: %(title)s (go/no-go decision)") % {
                "number": m.number,
                "title": m.title,
            }
        return _("Milestone: %(title)s (go/no-go decision)") % {"title": m.title}
    if m.number is not None:
        return _("Milestone %(number)s: %(title)s (deadline)") % {
            "number": m.number,
            "title": m.title,
        }
    return _("Milestone: %(title)s (deadline)") % {"title": m.title}


def _description(plan: Plan, link: str) -> str:
    return _("Plan: %(plan)s") % {"plan": plan.title} + "\n" + link


def plan_events(plans: Iterable[Plan], absolute: Callable[[str], str]) -> list[FeedEvent]:
    """The events of `plans`; `absolute` turns a path into a full address (the request's)."""
    by_id = {p.pk: p for p in plans}
    ids = sorted(by_id)
    history = _history(ids)
    events: list[FeedEvent] = []

    def add(
        kind: str, obj: Milestone | Evaluation | ReportingPeriod | Closure, key: str, path: str
    ) -> Callable[[str, dt.date, dt.date], None]:
        def with_dates(summary: str, first: dt.date, last: dt.date) -> None:
            sequence, modified = history.of(obj._meta.model_name or "", obj.pk)
            link = absolute(path)
            events.append(
                FeedEvent(
                    uid=f"{kind}-p{obj.plan_id}-{key}@{UID_DOMAIN}",
                    summary=summary,
                    description=_description(by_id[obj.plan_id], link),
                    url=link,
                    first_day=first,
                    last_day=last,
                    category=kind,
                    sequence=sequence,
                    last_modified=modified,
                )
            )

        return with_dates

    milestones = Milestone.objects.filter(plan_id__in=ids, deadline__isnull=False)
    for m in milestones.order_by("plan_id", "deadline", "order", "id"):
        assert m.deadline is not None
        path = url_format("plans:item_detail", m.plan_id, "milestone").format(m.pk)
        kind = "decision" if m.is_decision_point else "milestone"
        add(kind, m, m.key, path)(_milestone_summary(m), m.deadline, m.deadline)
    for e in Evaluation.objects.filter(plan_id__in=ids).order_by("plan_id", "planned_on", "id"):
        path = url_format("monitoring:evaluation", e.plan_id).format(e.pk)
        summary = f"{e.get_kind_display().capitalize()}: {e.title}"
        add("evaluation", e, str(e.pk), path)(summary, e.planned_on, e.planned_on)
    periods = ReportingPeriod.objects.filter(plan_id__in=ids, due_date__isnull=False)
    for r in periods.order_by("plan_id", "due_date", "id"):
        assert r.due_date is not None
        summary = _("Report due: %(name)s") % {"name": r.name}
        path = url_format("plans:overview").format(r.plan_id)
        add("report", r, str(r.pk), path)(summary, r.due_date, r.due_date)
    for c in Closure.objects.filter(plan_id__in=ids).order_by("plan_id", "start_date", "id"):
        summary = _("%(name)s (school calendar)") % {"name": c.name}
        path = url_format("plans:closures").format(c.plan_id)
        add("closure", c, c.key, path)(summary, c.start_date, c.end_date)
    return events


def render_ics(events: Iterable[FeedEvent], *, name: str, stamp: dt.datetime) -> bytes:
    """The calendar file; `stamp` (now) is every event's DTSTAMP."""
    cal = Calendar()
    cal.add("prodid", "-//Mijlpaal//Mijlpaal calendar feed//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for e in events:
        event = Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", e.first_day)
        event.add("dtend", e.last_day + dt.timedelta(days=1))
        event.add("summary", e.summary)
        event.add("description", e.description)
        event.add("url", e.url)
        event.add("categories", [e.category])
        event.add("sequence", e.sequence)
        event.add("transp", "TRANSPARENT")
        if e.last_modified is not None:
            event.add("last-modified", e.last_modified)
        cal.add_component(event)
    return cal.to_ical()

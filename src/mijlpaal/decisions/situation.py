"""Stand van zaken: the state of the plan for a decision document, filled in from the plan.

Read once from monitoring's progress (a fixed number of queries whatever the plan's size), kept
as plain JSON when the document is submitted, so a submitted document reads the same later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mijlpaal.i18n import current_language
from mijlpaal.monitoring.models import Light
from mijlpaal.monitoring.queries import Progress, load_progress
from mijlpaal.monitoring.status import LATE, LIGHT_LABELS, effective
from mijlpaal.planning.text import format_date
from mijlpaal.plans.models import Activity, Milestone, Plan
from mijlpaal.plans.scheduling import plan_calendar

# Below this many working days of slack, time is a concern (oranje).
TIGHT_SLACK = 10


@dataclass
class Row:
    """One line of the stand van zaken."""

    label: str
    date: str = ""  # ISO
    days: int | None = None  # working days (late by, …)
    light: str = ""  # a shown light: green, orange, red, reached, late, none
    text: str = ""
    extra: str = ""


@dataclass
class TimeProposal:
    """The Tijd of GOTIK as the schedule suggests it."""

    light: str
    text: str
    slack: int | None = None
    late: int = 0
    finish: str = ""  # ISO: the latest finish of the plan's items
    end_shift: int = 0  # working days past the plan's end date


@dataclass
class Situation:
    as_of: str
    since: str  # ISO: the previous decision, "" when there was none
    reached: list[Row] = field(default_factory=list)
    late: list[Row] = field(default_factory=list)
    lights: list[Row] = field(default_factory=list)
    problems: list[Row] = field(default_factory=list)
    time: TimeProposal | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Situation:
        rows = {key: [Row(**r) for r in data.get(key, [])] for key in ROW_LISTS}
        time = data.get("time")
        return cls(
            as_of=data.get("as_of", ""),
            since=data.get("since", ""),
            time=TimeProposal(**time) if time else None,
            **rows,
        )


ROW_LISTS = ("reached", "late", "lights", "problems")


def _label(item: Milestone | Activity) -> str:
    return item.label if isinstance(item, Milestone) else item.title


def _time(
    progress: Progress, subject: Milestone | Activity | None, late: int, calendar: Any
) -> TimeProposal:
    language = current_language()
    schedule = progress.schedule
    dates = None
    if isinstance(subject, Milestone):
        dates = schedule.milestones.get(subject.pk)
    elif isinstance(subject, Activity):
        dates = schedule.activities.get(subject.pk)
    slack = dates.slack if dates is not None else None
    finishes = [
        d.finish for d in (*schedule.milestones.values(), *schedule.activities.values()) if d.finish
    ]
    finish = max(finishes, default=None)
    plan = progress.plan
    shift = (
        calendar.working_days_between(plan.end_date, finish)
        if finish and finish > plan.end_date
        else 0
    )
    parts: list[str] = []
    if slack is not None:
        parts.append(
            ngettext(
                "This item has %(n)s working day of slack.",
                "This item has %(n)s working days of slack.",
                slack,
            )
            % {"n": slack}
        )
    if late:
        parts.append(
            ngettext("%(n)s milestone is late.", "%(n)s milestones are late.", late) % {"n": late}
        )
    if finish is not None and shift:
        parts.append(
            ngettext(
                "The plan finishes on %(date)s, %(n)s working day after its end date.",
                "The plan finishes on %(date)s, %(n)s working days after its end date.",
                shift,
            )
            % {"date": format_date(finish, language), "n": shift}
        )
    elif finish is not None:
        parts.append(
            _("The plan finishes on %(date)s, within its end date of %(end)s.")
            % {"date": format_date(finish, language), "end": format_date(plan.end_date, language)}
        )
    if shift or (slack is not None and slack < 0):
        light = "red"
    elif late or (slack is not None and slack < TIGHT_SLACK):
        light = "orange"
    else:
        light = "green"
    return TimeProposal(
        light=light,
        text=" ".join(parts),
        slack=slack,
        late=late,
        finish=finish.isoformat() if finish else "",
        end_shift=shift,
    )


def current_situation(
    plan: Plan, subject: Milestone | Activity | None, *, since: dt.date | None, today: dt.date
) -> Situation:
    """What is reached (since the previous decision), what is late and by how many working days,
    the lights with their explanation, the open knelpunten and maatregelen since the previous
    decision, and the proposal for Tijd."""
    progress = load_progress(plan, today=today)
    calendar = plan_calendar(plan)
    status = progress.status
    situation = Situation(as_of=today.isoformat(), since=since.isoformat() if since else "")
    labels = {("milestone", m.pk): m.label for m in progress.milestones}
    labels.update({("activity", a.pk): a.title for a in progress.activities})
    for m in progress.milestones:
        item = status.milestones[m.pk]
        if m.reached_on and (since is None or m.reached_on > since):
            situation.reached.append(Row(m.label, date=m.reached_on.isoformat()))
        if m.is_late(today) and m.deadline is not None:
            days = calendar.working_days_between(m.deadline, today)
            situation.late.append(Row(m.label, date=m.deadline.isoformat(), days=days))
    for key, rows in (("milestone", progress.milestones), ("activity", progress.activities)):
        statuses = status.milestones if key == "milestone" else status.activities
        for row in rows:
            item = statuses[row.pk]
            if item.shown in {Light.ORANGE, Light.RED, LATE} or (
                subject is not None and row.pk == subject.pk and isinstance(row, type(subject))
            ):
                situation.lights.append(
                    Row(
                        _label(row),
                        date=item.entry.reported_on.isoformat() if item.entry else "",
                        light=str(item.shown),
                        text=item.entry.explanation.strip() if item.entry else "",
                    )
                )
    for entry in effective(progress.entries):
        if since is not None and entry.reported_on <= since:
            continue
        if not (entry.problems.strip() or entry.measures.strip()):
            continue
        situation.problems.append(
            Row(
                entry.subject,
                date=entry.reported_on.isoformat(),
                text=entry.problems.strip(),
                extra=entry.measures.strip(),
            )
        )
    situation.time = _time(progress, subject, len(situation.late), calendar)
    return situation


def light_label(light: str) -> str:
    return str(LIGHT_LABELS.get(light, light))

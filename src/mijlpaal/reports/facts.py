"""What a report reads from the plan, in a fixed number of queries whatever the plan's size.

The report only reads: the logbook and the schedule (monitoring's progress), the goals'
indicators, the latest baseline taken before the period, the decisions and the evaluations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mijlpaal.decisions.models import Baseline, BaselineItem, DecisionDocument, DocumentState
from mijlpaal.i18n import current_language
from mijlpaal.indicators.models import Indicator
from mijlpaal.monitoring.models import Entry, EntryKind, Evaluation
from mijlpaal.monitoring.queries import Progress, load_progress
from mijlpaal.monitoring.status import derive
from mijlpaal.planning.calendar import WorkCalendar
from mijlpaal.planning.text import MONTHS_EN, MONTHS_NL
from mijlpaal.plans.models import Goal, Plan
from mijlpaal.plans.scheduling import plan_calendar


@dataclass
class Facts:
    plan: Plan
    start: dt.date
    end: dt.date
    today: dt.date
    progress: Progress
    calendar: WorkCalendar
    goals: list[Goal]
    indicators: dict[int, Indicator]  # by goal id, measurements prefetched
    baseline: Baseline | None
    baseline_finish: dict[int, dt.date | None]  # milestone id -> finish in the baseline
    documents: list[DecisionDocument]
    evaluations: list[Evaluation]
    evaluation_entries: list[Entry]  # answered in the period, oldest first, with their answers

    @property
    def ref(self) -> dt.date:
        """The day the report looks from: today, or the period's end when that has passed."""
        return min(self.today, self.end)

    def in_period(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def day_text(day: dt.date | None) -> str:
    """`19 december 2025` (Dutch) or `19 December 2025`; "—" for no day."""
    if day is None:
        return "—"
    months = MONTHS_EN if current_language() == "en" else MONTHS_NL
    return f"{day.day} {months[day.month - 1]} {day.year}"


def iso_day_text(text: str) -> str:
    return day_text(dt.date.fromisoformat(text)) if text else "—"


def _as_of(progress: Progress, today: dt.date) -> Progress:
    """The progress as the logbook stood on `today`: a report drafted for a day already past (the
    demo's submitted report) does not show the lights of later updates."""
    if all(e.reported_on <= today for e in progress.entries):
        return progress
    entries = [e for e in progress.entries if e.reported_on <= today]
    progress.entries = entries
    progress.status = derive(
        progress.plan,
        progress.milestones,
        progress.activities,
        progress.workstreams,
        entries,
        today=today,
    )
    return progress


def load_facts(plan: Plan, *, start: dt.date, end: dt.date, today: dt.date) -> Facts:
    progress = _as_of(load_progress(plan, today=today), today)
    baseline = (
        Baseline.objects.filter(plan=plan, taken_on__lt=start).order_by("-taken_at", "-id").first()
    )
    finishes: dict[int, dt.date | None] = {}
    if baseline is not None:
        finishes = dict(
            BaselineItem.objects.filter(baseline=baseline, kind="milestone").values_list(
                "item_id", "finish"
            )
        )
    indicators = {
        i.goal_id: i
        for i in Indicator.objects.filter(plan=plan)
        .select_related("goal")
        .prefetch_related("measurements")
    }
    documents = list(
        DecisionDocument.objects.filter(plan=plan)
        .exclude(state=DocumentState.CONCEPT)
        .order_by("submitted_on", "id")
    )
    documents = [
        d for d in documents if start <= (d.decided_on or d.submitted_on or dt.date.min) <= end
    ]
    evaluation_entries = list(
        Entry.objects.filter(
            plan=plan, kind=EntryKind.EVALUATION, reported_on__gte=start, reported_on__lte=end
        ).order_by("reported_on", "created_at", "id")
    )
    evaluations = list(
        Evaluation.objects.filter(plan=plan, planned_on__gte=start, planned_on__lte=end)
    )
    return Facts(
        plan=plan,
        start=start,
        end=end,
        today=today,
        progress=progress,
        calendar=plan_calendar(plan),
        goals=list(Goal.objects.filter(plan=plan).order_by("order", "id")),
        indicators=indicators,
        baseline=baseline,
        baseline_finish=finishes,
        documents=documents,
        evaluations=evaluations,
        evaluation_entries=evaluation_entries,
    )

"""Per plan of a portfolio, what the programme office follows: the light, the end date and its
forecast, the late milestones, the open knelpunten, the decisions waiting, the next report due, and
the end-date forecast over time, whether the last report due was submitted, and the money realised
against the budget.

A fixed number of queries whatever the number of plans: each kind of row is loaded once for all
plans and grouped here. The lights and forecasts come from the same rules as a plan's own pages
(`monitoring.status.derive`, `monitoring.trend.trend_lines`), so the portfolio never says
something else than the plan. Deriving them means loading every milestone, activity and status
update; that part of a row is kept in the cache per plan, under a stamp of what it was computed
from (the plan's logbook, its history, its milestones and today), so a plan is only derived again
after it changed. The last report and the budget are a few sums for all plans at once, read on
every request, so they are never older than the page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, Sum, Window
from django.db.models.functions import RowNumber

from mijlpaal.budget.models import ZERO, BudgetLine, Spending
from mijlpaal.decisions.models import DecisionDocument, DocumentState
from mijlpaal.monitoring.models import NEWEST_FIRST, Entry, EntryKind, Target
from mijlpaal.monitoring.status import LATE, derive, latest
from mijlpaal.monitoring.trend import trend_lines
from mijlpaal.plans.models import (
    Activity,
    ChangeRecord,
    Milestone,
    Plan,
    ReportingPeriod,
    Workstream,
)
from mijlpaal.portfolio.models import OrganisationPlan
from mijlpaal.reports.models import ReportState

CACHE_SECONDS = 24 * 3600  # the stamp decides freshness; this only lets old rows go


@dataclass(frozen=True)
class Derived:
    """What takes the plan's every row to work out; cached per plan."""

    light: str  # a shown light: LATE, a Light value or NONE
    forecast: dt.date | None  # the latest forecast of the plan's last milestone
    late: int  # milestones past their deadline and not reached
    problems: int  # items with open knelpunten
    # (reporting date, end-date forecast then): the month's last reporting date, where it changed
    trend: tuple[tuple[dt.date, dt.date], ...]


@dataclass(frozen=True)
class LastReport:
    """The last reporting period whose due date has passed, and when its report was submitted."""

    period: ReportingPeriod
    submitted_on: dt.date | None  # the latest submitted version's day; None: not submitted


@dataclass(frozen=True)
class Budget:
    """The plan's budget in euros: the budget lines' total and the counting realisation."""

    planned: Decimal
    realised: Decimal

    @property
    def share(self) -> int | None:
        """The realised money as a whole percentage of the budget; None when the budget is 0."""
        if self.planned <= ZERO:
            return None
        return int((self.realised * 100 / self.planned).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class PortfolioRow:
    plan: Plan
    kind: str
    derived: Derived
    waiting: int  # decision documents voorgelegd, waiting for the decider
    next_report: ReportingPeriod | None
    stamp: str  # what the derived part was computed from
    last_report: LastReport | None = None  # None: no report due yet
    budget: Budget | None = None  # None: the plan has no budget lines

    @property
    def light(self) -> str:
        return self.derived.light

    @property
    def forecast(self) -> dt.date | None:
        return self.derived.forecast

    @property
    def slip_days(self) -> int | None:
        """Days the forecast lies after the plan's end date (negative: before)."""
        if self.derived.forecast is None:
            return None
        return (self.derived.forecast - self.plan.end_date).days


def _stamps(plans: Sequence[Plan], today: dt.date) -> dict[int, str]:
    """Per plan, what its derived part depends on (three queries)."""
    ids = [p.pk for p in plans]
    entries = {
        row["plan_id"]: (row["n"], row["last"])
        for row in Entry.objects.filter(plan_id__in=ids)
        .values("plan_id")
        .annotate(n=Count("id"), last=Max("id"))
        .order_by()
    }
    changes = dict(
        ChangeRecord.objects.filter(plan_id__in=ids)
        .values("plan_id")
        .annotate(last=Max("id"))
        .order_by()
        .values_list("plan_id", "last")
    )
    milestones = {
        row["plan_id"]: (row["n"], row["last"])
        for row in Milestone.objects.filter(plan_id__in=ids)
        .values("plan_id")
        .annotate(n=Count("id"), last=Max("id"))
        .order_by()
    }
    return {
        p.pk: (
            f"portfolio:v1:{p.pk}:{today}:{p.updated_at.isoformat()}:{entries.get(p.pk)}:"
            f"{changes.get(p.pk)}:{milestones.get(p.pk)}"
        ).replace(" ", "")
        for p in plans
    }


def _latest_counting(ids: Iterable[int]) -> list[Entry]:
    """Per plan, each subject's latest status update that still counts (one query)."""
    newest = Window(
        RowNumber(),
        partition_by=[F("plan"), F("target"), F("milestone"), F("activity"), F("workstream")],
        order_by=[F(name[1:]).desc() for name in NEWEST_FIRST],
    )
    return list(
        Entry.objects.filter(plan_id__in=list(ids))
        .counting()
        .only(
            "plan_id", "target", "milestone_id", "activity_id", "workstream_id", "light",
            "reported_on", "created_at", "problems", "kind",
        )
        .annotate(newest=newest)
        .filter(newest=1)
    )  # fmt: skip


def _milestone_updates(ids: Iterable[int]) -> list[Entry]:
    """Every status update on the plans' milestones, what the trend analysis reads (one query)."""
    return list(
        Entry.objects.filter(
            plan_id__in=list(ids), kind=EntryKind.STATUS, target=Target.MILESTONE
        ).only(
            "plan_id", "kind", "milestone_id", "light", "reported_on", "created_at", "forecast",
            "reached_on", "corrects_id",
        )
    )  # fmt: skip


Row = TypeVar("Row", Milestone, Activity, Workstream, Entry)


def _grouped(rows: Iterable[Row]) -> dict[int, list[Row]]:
    out: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        out[row.plan_id].append(row)
    return out


def _derive_all(plans: Sequence[Plan], today: dt.date) -> dict[int, Derived]:
    """The derived part of each plan's row, in five queries for all of them."""
    ids = [p.pk for p in plans]
    milestones = _grouped(
        Milestone.objects.filter(plan_id__in=ids)
        .only("plan_id", "workstream_id", "number", "title", "deadline", "reached_on", "order")
        .order_by("order", "id")
    )
    activities = _grouped(
        Activity.objects.filter(plan_id__in=ids).only("plan_id", "workstream_id", "actual_finish")
    )
    workstreams = _grouped(Workstream.objects.filter(plan_id__in=ids).only("plan_id"))
    last = _grouped(_latest_counting(ids))
    updates = _grouped(_milestone_updates(ids))
    out = {}
    for plan in plans:
        ms = milestones.get(plan.pk, [])
        entries = latest(last.get(plan.pk, []))
        status = derive(
            plan,
            ms,
            activities.get(plan.pk, []),
            workstreams.get(plan.pk, []),
            [],
            today=today,
            latest_entries=entries,
        )
        problems = sum(
            1 for s in (*status.milestones.values(), *status.activities.values()) if s.open_problems
        )
        trend = end_forecasts(ms, updates.get(plan.pk, []))
        out[plan.pk] = Derived(
            light=status.plan.shown,
            forecast=trend[-1][1] if trend else max(_end_of(ms).values(), default=None),
            late=sum(1 for s in status.milestones.values() if s.shown == LATE),
            problems=problems,
            trend=tuple(trend),
        )
    return out


def _end_of(milestones: Sequence[Milestone]) -> dict[int, dt.date]:
    """Each milestone's date before any forecast: its reached date, else its deadline."""
    out = {}
    for m in milestones:
        day = m.reached_on or m.deadline
        if day is not None:
            out[m.pk] = day
    return out


def end_forecasts(
    milestones: Sequence[Milestone], updates: Sequence[Entry]
) -> list[tuple[dt.date, dt.date]]:
    """The plan's end-date forecast on each reporting date: the latest of its milestones' trend
    values then (the trend analysis's rule: the last forecast holds until a new one, before any
    the deadline; a reached milestone at its reached date)."""
    points = sorted(
        (p.reported_on, line.key, p.forecast)
        for line in trend_lines(milestones, updates)
        for p in line.points
    )
    now = _end_of(milestones)
    out: list[tuple[dt.date, dt.date]] = []
    for index, (day, key, forecast) in enumerate(points):
        now[key] = forecast
        if index + 1 < len(points) and points[index + 1][0] == day:
            continue  # the day's last point gives the day's forecast
        out.append((day, max(now.values())))
    return _turns(_monthly(out))


def _monthly(series: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """A point per month, its last reporting date, so a line has at most one point a month
    however often a plan reports: a portfolio of a hundred plans stays readable and fast."""
    last: dict[tuple[int, int], tuple[dt.date, dt.date]] = {}
    for point in series:
        last[point[0].year, point[0].month] = point
    return list(last.values())


def _turns(series: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """The series without the points inside a flat stretch: the first and last reporting dates,
    and those on either side of each change. The chart draws the same lines from them."""
    return [
        point
        for i, point in enumerate(series)
        if i in (0, len(series) - 1) or point[1] != series[i - 1][1] or point[1] != series[i + 1][1]
    ]


def _next_reports(ids: Sequence[int], today: dt.date) -> dict[int, ReportingPeriod]:
    """Per plan, the first reporting period due today or later (one query)."""
    due = ReportingPeriod.objects.filter(plan_id__in=ids, due_date__gte=today)
    first: dict[int, ReportingPeriod] = {}
    for period in due.order_by("due_date", "id"):
        first.setdefault(period.plan_id, period)
    return first


def _last_reports(ids: Sequence[int], today: dt.date) -> dict[int, LastReport]:
    """Per plan, the last reporting period due before today, with the day its newest submitted
    report version was submitted (one query)."""
    passed = (
        ReportingPeriod.objects.filter(plan_id__in=ids, due_date__lt=today)
        .annotate(
            submitted=Max("reports__submitted_on", filter=Q(reports__state=ReportState.SUBMITTED))
        )
        .order_by("due_date", "id")
    )
    return {period.plan_id: LastReport(period, period.submitted) for period in passed}


def _budgets(ids: Sequence[int]) -> dict[int, Budget]:
    """Per plan with budget lines, their total and the money of its counting realisation entries
    (two queries), the same totals as `budget.summary.plan_budget` for the whole plan."""
    planned = dict(
        BudgetLine.objects.filter(plan_id__in=ids)
        .values("plan_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("plan_id", "total")
    )
    realised = dict(
        Spending.objects.filter(plan_id__in=ids, corrections__isnull=True)
        .values("plan_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("plan_id", "total")
    )
    return {pk: Budget(total, realised.get(pk) or ZERO) for pk, total in planned.items()}


def portfolio_rows(organisation_id: int, today: dt.date) -> list[PortfolioRow]:
    """Every plan of the organisation with its numbers, by title. Nine queries when every plan's
    derived part is in the cache, fourteen when any is not."""
    entries = list(
        OrganisationPlan.objects.filter(organisation_id=organisation_id)
        .select_related("plan")
        .order_by("plan__title", "plan_id")
    )
    plans = [e.plan for e in entries]
    ids = [p.pk for p in plans]
    stamps = _stamps(plans, today)
    derived: dict[int, Derived] = {}
    found = cache.get_many(list(stamps.values()))
    missing = [p for p in plans if stamps[p.pk] not in found]
    derived = {p.pk: found[stamps[p.pk]] for p in plans if stamps[p.pk] in found}
    if missing:
        fresh = _derive_all(missing, today)
        cache.set_many({stamps[pk]: d for pk, d in fresh.items()}, CACHE_SECONDS)
        derived.update(fresh)
    waiting = dict(
        DecisionDocument.objects.filter(plan_id__in=ids, state=DocumentState.SUBMITTED)
        .values("plan_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("plan_id", "n")
    )
    reports = _next_reports(ids, today)
    last = _last_reports(ids, today)
    budgets = _budgets(ids)
    return [
        PortfolioRow(e.plan, e.kind, derived[e.plan_id], waiting.get(e.plan_id, 0),
                     reports.get(e.plan_id), stamps[e.plan_id], last.get(e.plan_id),
                     budgets.get(e.plan_id))
        for e in entries
    ]  # fmt: skip

"""A plan's budget in numbers: planned against realised, per workstream, party, category and
reporting period, the chart over time, and the warnings. The one place other apps read it from.

    from mijlpaal.budget.summary import plan_budget

    budget = plan_budget(plan)                   # the whole plan, as of today
    budget = plan_budget(plan, period=period)    # one ReportingPeriod (or anything with
                                                 # start_date and end_date)
    budget.total.planned, budget.total.realised  # euros (Decimal, two decimals)
    budget.total.planned_hours, budget.total.realised_hours  # hours (Decimal, one decimal)
    budget.workstreams, budget.parties, budget.categories  # lists of `Row` (name + `Totals`)
    budget.periods                               # a `Row` per reporting period of the plan
    budget.warnings                              # `Warning`s in the active language, with numbers

With a period, "planned" is the part of the plan's money and hours that falls in the period (each
amount spread evenly over its window, see `budget.spread`) and "realised" the counting entries
dated in it; without one, the whole budget and every counting entry. The warnings always judge the
whole plan as of today. Planned money is per workstream (the budget lines), planned hours per
milestone (`Milestone.effort_hours`); per party only what was realised and what it co-finances.

Eight queries, however big the plan. The texts follow the active language.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.utils.translation import gettext as _

from mijlpaal import clock
from mijlpaal.budget import money
from mijlpaal.budget.models import (
    DEFAULT_MINIMUM,
    ZERO,
    BudgetLine,
    BudgetSettings,
    CostCategory,
    FundingKind,
    FundingSource,
    Spending,
)
from mijlpaal.budget.spread import Spread, Window, due_between, due_until, milestone_window, span
from mijlpaal.charts.svg import each_month
from mijlpaal.i18n import current_language
from mijlpaal.plans.models import Milestone, Party, Plan, ReportingPeriod, Workstream

HOURS_BEHIND = Decimal("0.75")  # realised hours below 75% of the planned hours by today


class Dated(Protocol):
    start_date: dt.date
    end_date: dt.date


@dataclass
class Totals:
    planned: Decimal = ZERO  # euros
    realised: Decimal = ZERO
    planned_hours: Decimal = ZERO
    realised_hours: Decimal = ZERO

    @property
    def left(self) -> Decimal:
        """What is left of the planned money (negative: over budget)."""
        return self.planned - self.realised

    def rounded(self) -> Totals:
        return Totals(
            self.planned.quantize(money.CENTS),
            self.realised.quantize(money.CENTS),
            self.planned_hours.quantize(money.TENTHS),
            self.realised_hours.quantize(money.TENTHS),
        )


@dataclass(frozen=True)
class Row:
    """A named line of totals: a workstream, a party, a cost category or a reporting period."""

    name: str
    totals: Totals
    pk: int | None = None
    cofinancing: Decimal = ZERO  # parties: what the party co-finances


@dataclass(frozen=True)
class Warning:
    kind: str  # "cofinancing", "funding", "over_budget", "hours_behind"
    text: str


@dataclass
class BudgetSummary:
    plan: Plan
    period: Dated | None
    minimum: Decimal  # percent of the total budget that co-financing must reach
    lines: list[BudgetLine]
    funding: list[FundingSource]
    total: Totals
    workstreams: list[Row]
    parties: list[Row]
    categories: list[Row]
    periods: list[Row]
    funding_total: Decimal = ZERO
    cofinancing: Decimal = ZERO
    warnings: list[Warning] = field(default_factory=list)
    spendings: list[Spending] = field(default_factory=list)  # counting, oldest first
    money_spreads: list[Spread] = field(default_factory=list)
    hour_spreads: list[Spread] = field(default_factory=list)

    @property
    def cofinancing_share(self) -> Decimal | None:
        """Co-financing as a percentage of the total budget; None without a budget."""
        budget = sum((line.amount for line in self.lines), ZERO)
        return None if budget == ZERO else self.cofinancing * 100 / budget


@dataclass(frozen=True)
class _Loaded:
    minimum: Decimal
    lines: list[BudgetLine]
    funding: list[FundingSource]
    spendings: list[Spending]
    milestones: list[Milestone]
    workstreams: list[Workstream]
    parties: list[Party]
    periods: list[ReportingPeriod]


def _load(plan: Plan) -> _Loaded:
    settings = BudgetSettings.objects.filter(plan=plan).first()
    return _Loaded(
        minimum=settings.cofinancing_minimum if settings else DEFAULT_MINIMUM,
        lines=list(BudgetLine.objects.filter(plan=plan).select_related("workstream", "milestone")),
        funding=list(FundingSource.objects.filter(plan=plan).select_related("party")),
        spendings=list(Spending.objects.filter(plan=plan).counting()),
        milestones=list(
            Milestone.objects.filter(plan=plan).only(
                "id",
                "workstream_id",
                "deadline",
                "lead_time",
                "lead_time_calendar",
                "effort_hours",
            )
        ),
        workstreams=list(Workstream.objects.filter(plan=plan).only("id", "name", "order")),
        parties=list(Party.objects.filter(plan=plan).only("id", "name", "order")),
        periods=list(ReportingPeriod.objects.filter(plan=plan).order_by("start_date", "id")),
    )


def _spreads(plan: Plan, loaded: _Loaded) -> tuple[list[tuple[BudgetLine, Spread]], list[Spread]]:
    """The planned money per budget line and the planned hours per milestone (with its workstream
    id as the spread's key), each spread over its window."""
    whole = Window(plan.start_date, max(plan.end_date, plan.start_date))
    windows = {
        m.pk: milestone_window(whole, m.deadline, m.lead_time, m.lead_time_calendar)
        for m in loaded.milestones
    }
    by_workstream: dict[int | None, list[Window]] = defaultdict(list)
    hours = []
    for m in loaded.milestones:
        by_workstream[m.workstream_id].append(windows[m.pk])
        if m.effort_hours:
            hours.append(Spread(Decimal(m.effort_hours), windows[m.pk], m.workstream_id))
    money_ = []
    for line in loaded.lines:
        window = windows.get(line.milestone_id or -1) or span(
            by_workstream.get(line.workstream_id, []), whole
        )
        money_.append((line, Spread(line.amount, window, line.workstream_id)))
    return money_, hours


def _in(day: dt.date, period: Dated | None) -> bool:
    return period is None or period.start_date <= day <= period.end_date


def _planned(spreads: Iterable[Spread], period: Dated | None) -> Decimal:
    rows = list(spreads)
    if period is None:
        return sum((s.amount for s in rows), ZERO)
    return due_between(rows, period.start_date, period.end_date)


def _realised(rows: Iterable[Spending], key: str, period: Dated | None) -> dict[object, Totals]:
    found: dict[object, Totals] = defaultdict(Totals)
    for s in rows:
        if _in(s.spent_on, period):
            totals = found[getattr(s, key)]
            totals.realised += s.amount
            totals.realised_hours += s.hours
    return found


@dataclass(frozen=True)
class _Spreads:
    money: list[tuple[BudgetLine, Spread]]
    hours: list[Spread]

    def totals(self, period: Dated | None, *, workstream: int | None = None) -> Totals:
        """The planned money and hours in the period, for one workstream or (None) all."""
        wanted = [s for _line, s in self.money if workstream in (None, s.key)]
        hours = [s for s in self.hours if workstream in (None, s.key)]
        return Totals(planned=_planned(wanted, period), planned_hours=_planned(hours, period))


def _workstream_rows(loaded: _Loaded, spreads: _Spreads, period: Dated | None) -> list[Row]:
    realised = _realised(loaded.spendings, "workstream_id", period)
    rows = []
    for w in loaded.workstreams:
        totals = spreads.totals(period, workstream=w.pk)
        got = realised.get(w.pk, Totals())
        totals.realised, totals.realised_hours = got.realised, got.realised_hours
        rows.append(Row(w.name, totals.rounded(), w.pk))
    return rows


def _party_rows(loaded: _Loaded, period: Dated | None) -> list[Row]:
    realised = _realised(loaded.spendings, "party_id", period)
    pledged: dict[int | None, Decimal] = defaultdict(Decimal)
    for source in loaded.funding:
        if source.kind == FundingKind.COFINANCING:
            pledged[source.party_id] += source.amount
    return [
        Row(p.name, realised.get(p.pk, Totals()).rounded(), p.pk, pledged.get(p.pk, ZERO))
        for p in loaded.parties
        if p.pk in realised or p.pk in pledged
    ]


def _category_rows(loaded: _Loaded, spreads: _Spreads, period: Dated | None) -> list[Row]:
    realised = _realised(loaded.spendings, "category", period)
    rows = []
    for value, label in CostCategory.choices:
        got = realised.get(value, Totals())
        planned = _planned((s for line, s in spreads.money if line.category == value), period)
        totals = Totals(planned, got.realised, ZERO, got.realised_hours)
        rows.append(Row(str(label), totals.rounded()))
    return rows


def _period_rows(loaded: _Loaded, spreads: _Spreads) -> list[Row]:
    rows = []
    for period in loaded.periods:
        totals = spreads.totals(period)
        got = _realised(loaded.spendings, "plan_id", period)
        for found in got.values():
            totals.realised, totals.realised_hours = found.realised, found.realised_hours
        rows.append(Row(period.name, totals.rounded(), period.pk))
    return rows


def _cofinancing_warning(summary: BudgetSummary, language: str) -> Warning | None:
    budget = sum((line.amount for line in summary.lines), ZERO)
    share = summary.cofinancing_share
    if share is None or share >= summary.minimum:
        return None
    needed = (budget * summary.minimum / 100).quantize(money.CENTS)
    text = _(
        "Co-financing is %(amount)s: %(share)s of the budget of %(total)s. The plan asks for at "
        "least %(minimum)s (%(needed)s); %(missing)s is missing."
    ) % {
        "amount": money.euros(summary.cofinancing, language),
        "share": money.percent(share, language),
        "total": money.euros(budget, language),
        "minimum": money.percent(summary.minimum, language),
        "needed": money.euros(needed, language),
        "missing": money.euros(needed - summary.cofinancing, language),
    }
    return Warning("cofinancing", text)


def _funding_warning(summary: BudgetSummary, language: str) -> Warning | None:
    budget = sum((line.amount for line in summary.lines), ZERO)
    if not summary.funding or summary.funding_total >= budget:
        return None
    text = _(
        "The funding (%(funding)s) does not cover the budget (%(total)s): %(missing)s is missing."
    ) % {
        "funding": money.euros(summary.funding_total, language),
        "total": money.euros(budget, language),
        "missing": money.euros(budget - summary.funding_total, language),
    }
    return Warning("funding", text)


def _over_budget(rows: Iterable[Row], language: str) -> list[Warning]:
    found = []
    for row in rows:
        if row.totals.realised > row.totals.planned:
            text = _(
                "Workstream “%(name)s” is over budget: %(realised)s spent of %(planned)s planned "
                "(%(over)s too much)."
            ) % {
                "name": row.name,
                "realised": money.euros(row.totals.realised, language),
                "planned": money.euros(row.totals.planned, language),
                "over": money.euros(-row.totals.left, language),
            }
            found.append(Warning("over_budget", text))
    return found


def _hours_warning(summary: BudgetSummary, today: dt.date, language: str) -> Warning | None:
    planned = due_until(summary.hour_spreads, today).quantize(money.TENTHS)
    realised = sum((s.hours for s in summary.spendings if s.spent_on <= today), ZERO)
    if planned <= ZERO or realised >= planned * HOURS_BEHIND:
        return None
    text = _(
        "Hours are far behind the plan: %(realised)s hours realised by today, %(share)s of the "
        "%(planned)s hours the plan expects by now."
    ) % {
        "realised": money.hours(realised, language),
        "share": money.percent(realised * 100 / planned, language),
        "planned": money.hours(planned, language),
    }
    return Warning("hours_behind", text)


def _warnings(summary: BudgetSummary, whole: list[Row], today: dt.date) -> list[Warning]:
    language = current_language()
    found = [
        _cofinancing_warning(summary, language),
        _funding_warning(summary, language),
        *_over_budget(whole, language),
        _hours_warning(summary, today, language),
    ]
    return [w for w in found if w is not None]


def plan_budget(
    plan: Plan, period: Dated | None = None, *, today: dt.date | None = None
) -> BudgetSummary:
    """The plan's budget: totals planned and realised (euros and hours) for the whole plan or
    one reporting period, per workstream, party, cost category and reporting period, and the
    warnings (co-financing under the plan's minimum, funding short of the budget, a workstream
    over budget, hours far behind the plan) in the active language. See the module's docstring."""
    today = today or clock.today()
    loaded = _load(plan)
    money_spreads, hour_spreads = _spreads(plan, loaded)
    spreads = _Spreads(money_spreads, hour_spreads)
    total = spreads.totals(period)
    for found in _realised(loaded.spendings, "plan_id", period).values():
        total.realised, total.realised_hours = found.realised, found.realised_hours
    summary = BudgetSummary(
        plan=plan,
        period=period,
        minimum=loaded.minimum,
        lines=loaded.lines,
        funding=loaded.funding,
        total=total.rounded(),
        workstreams=_workstream_rows(loaded, spreads, period),
        parties=_party_rows(loaded, period),
        categories=_category_rows(loaded, spreads, period),
        periods=_period_rows(loaded, spreads),
        funding_total=sum((f.amount for f in loaded.funding), ZERO),
        cofinancing=sum(
            (f.amount for f in loaded.funding if f.kind == FundingKind.COFINANCING), ZERO
        ),
        spendings=loaded.spendings,
        money_spreads=[s for _line, s in money_spreads],
        hour_spreads=hour_spreads,
    )
    whole = summary.workstreams if period is None else _workstream_rows(loaded, spreads, None)
    summary.warnings = _warnings(summary, whole, today)
    return summary


# --- over time -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """The cumulative totals on one day of the chart."""

    on: dt.date
    planned: Decimal
    realised: Decimal | None  # None after today
    planned_hours: Decimal
    realised_hours: Decimal | None


def steps(summary: BudgetSummary, today: dt.date) -> list[Step]:
    """Cumulative planned and realised money and hours at the start of each month of the plan,
    today and the plan's end: what the charts draw."""
    plan = summary.plan
    days = {plan.start_date, max(plan.end_date, plan.start_date)}
    days |= {d for d in each_month(plan.start_date, plan.end_date) if d >= plan.start_date}
    if plan.start_date <= today <= plan.end_date:
        days.add(today)
    spent = sorted(summary.spendings, key=lambda s: s.spent_on)
    found, euros, hours, index = [], ZERO, ZERO, 0
    for day in sorted(days):
        while index < len(spent) and spent[index].spent_on <= day:
            euros += spent[index].amount
            hours += spent[index].hours
            index += 1
        past = day <= today
        found.append(
            Step(
                day,
                due_until(summary.money_spreads, day).quantize(money.CENTS),
                euros if past else None,
                due_until(summary.hour_spreads, day).quantize(money.TENTHS),
                hours if past else None,
            )
        )
    return found

"""The budget's numbers: planned against realised, per workstream, party and period, and the
warnings in plain Dutch with their numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from mijlpaal.budget.models import BudgetSettings
from mijlpaal.budget.spread import Window, lead_days, milestone_window
from mijlpaal.budget.summary import Totals, plan_budget, steps
from mijlpaal.plans.models import Milestone, ReportingPeriod
from tests.budget.helpers import budgeted, line, spend
from tests.helpers import Actors, SamplePlan, saved

PLAN = Window(dt.date(2025, 1, 1), dt.date(2028, 12, 31))


def test_an_amount_is_spread_evenly_over_its_window() -> None:
    window = Window(dt.date(2026, 1, 1), dt.date(2026, 1, 10))
    assert window.share_until(dt.date(2025, 12, 31)) == 0
    assert window.share_until(dt.date(2026, 1, 3)) == Decimal("0.3")
    assert window.share_until(dt.date(2026, 1, 10)) == 1
    assert window.share_between(dt.date(2026, 1, 4), dt.date(2026, 1, 5)) == Decimal("0.2")


def test_a_milestones_window_is_its_lead_time_before_its_deadline() -> None:
    assert lead_days("3m", False) == 84  # sixty working days: twelve calendar weeks
    assert lead_days("2w", True) == 14
    assert lead_days("", False) is None
    window = milestone_window(PLAN, dt.date(2025, 12, 19), "3m", False)
    # 84 days, both ends counted.
    assert (window.start, window.end) == (dt.date(2025, 9, 27), dt.date(2025, 12, 19))
    # Without a lead time from the plan's start; without a deadline until the plan's end.
    assert milestone_window(PLAN, None, "", False) == PLAN
    early = milestone_window(PLAN, dt.date(2025, 1, 20), "2m", True)
    assert (early.start, early.end) == (dt.date(2025, 1, 1), dt.date(2025, 1, 20))


@pytest.fixture
def nl() -> None:
    translation.activate("nl")


@pytest.mark.usefixtures("nl")
def test_the_totals_and_the_co_financing_warning(sample: SamplePlan, actors: Actors) -> None:
    company = budgeted(sample, actors.owner)
    budget = plan_budget(sample.plan)
    assert budget.total == Totals(
        Decimal("12345.00"), Decimal("3000.00"), Decimal("0.0"), Decimal("40.0")
    )
    assert [(r.name, r.totals.planned, r.totals.realised) for r in budget.workstreams] == [
        ("Modern techniekonderwijs", Decimal("12345.00"), Decimal("3000.00"))
    ]
    assert [(r.name, r.cofinancing, r.totals.realised_hours) for r in budget.parties] == [
        ("Bouwbedrijf Van Wijk", Decimal("1000"), Decimal("40.0"))
    ]
    assert company.pk == budget.parties[0].pk
    assert [w.text for w in budget.warnings] == [
        "De cofinanciering is € 1.000,00: 8,1% van de begroting van € 12.345,00. Het plan vraagt "
        "minstens 10,0% (€ 1.234,50); er ontbreekt € 234,50."
    ]


@pytest.mark.usefixtures("nl")
def test_the_minimum_is_a_setting_of_the_plan(sample: SamplePlan, actors: Actors) -> None:
    budgeted(sample, actors.owner)
    saved(sample.plan, actors.owner, BudgetSettings(cofinancing_minimum=Decimal("7.5")))
    assert plan_budget(sample.plan).warnings == []


@pytest.mark.usefixtures("nl")
def test_a_workstream_over_budget_and_funding_short(sample: SamplePlan, actors: Actors) -> None:
    company = budgeted(sample, actors.owner)
    plan, workstream = sample.plan, sample.workstream
    saved(plan, actors.owner, BudgetSettings(cofinancing_minimum=Decimal(0)))
    line(plan, actors.owner, workstream, "other", "500")
    spend(plan, actors.owner, company, workstream, "2026-05-04", amount="9945", category="hired")
    assert [w.text for w in plan_budget(plan).warnings] == [
        "De financiering (€ 12.345,00) dekt de begroting (€ 12.845,00) niet: er ontbreekt "
        "€ 500,00.",
        "Deelproject “Modern techniekonderwijs” gaat over de begroting: € 12.945,00 uitgegeven "
        "van € 12.845,00 begroot (€ 100,00 te veel).",
    ]


@pytest.mark.usefixtures("nl")
def test_hours_far_behind_the_plan(sample: SamplePlan, actors: Actors) -> None:
    company = budgeted(sample, actors.owner)
    plan = sample.plan
    saved(plan, actors.owner, BudgetSettings(cofinancing_minimum=Decimal(0)))
    milestone = Milestone.objects.get(pk=sample.milestone.pk)
    milestone.effort_hours = 100  # its window ends on 2025-12-19: all due by today
    saved(plan, actors.owner, milestone)
    assert [w.text for w in plan_budget(plan).warnings] == [
        "De uren lopen ver achter op de planning: tot vandaag 40,0 uur gerealiseerd, 40,0% van "
        "de 100,0 uur die de planning tot nu toe verwacht."
    ]
    spend(plan, actors.owner, company, sample.workstream, "2026-11-30", hours="35")
    assert plan_budget(plan).warnings == []  # 75 of 100 hours: not far behind


def test_a_correction_replaces_the_entry_it_corrects(sample: SamplePlan, actors: Actors) -> None:
    company = budgeted(sample, actors.owner)
    plan, workstream = sample.plan, sample.workstream
    wrong = spend(plan, actors.owner, company, workstream, "2026-06-01", amount="12500")
    spend(plan, actors.owner, company, workstream, "2026-06-02", amount="1250", corrects=wrong)
    assert plan_budget(plan).total.realised == Decimal("4250.00")
    typo = spend(plan, actors.owner, company, workstream, "2026-06-03", hours="8")
    spend(plan, actors.owner, company, workstream, "2026-06-04", corrects=typo)  # cancels it
    assert plan_budget(plan).total.realised_hours == Decimal("40.0")


def test_totals_per_reporting_period(sample: SamplePlan, actors: Actors) -> None:
    company = budgeted(sample, actors.owner)
    plan = sample.plan
    spend(plan, actors.owner, company, sample.workstream, "2027-01-04", hours="10", amount="750")
    first = saved(
        plan,
        actors.owner,
        ReportingPeriod(
            name="2025–2026", start_date=dt.date(2025, 1, 1), end_date=dt.date(2026, 7, 31)
        ),
    )
    saved(
        plan,
        actors.owner,
        ReportingPeriod(
            name="2027–2028", start_date=dt.date(2026, 8, 1), end_date=dt.date(2028, 12, 31)
        ),
    )
    budget = plan_budget(plan)
    # The lines are for the whole workstream: spread over its milestones' windows, from the
    # plan's start (the second milestone has no lead time) to 2026-06-30: all in the first period.
    assert [(r.name, r.totals.planned, r.totals.realised, r.totals.realised_hours) for r in
            budget.periods] == [
        ("2025–2026", Decimal("12345.00"), Decimal("3000.00"), Decimal("40.0")),
        ("2027–2028", Decimal("0.00"), Decimal("750.00"), Decimal("10.0")),
    ]  # fmt: skip
    one = plan_budget(plan, first)
    assert (one.total.planned, one.total.realised) == (Decimal("12345.00"), Decimal("3000.00"))


def test_the_steps_of_the_chart_are_cumulative(sample: SamplePlan, actors: Actors) -> None:
    budgeted(sample, actors.owner)
    found = {s.on: s for s in steps(plan_budget(sample.plan), dt.date(2026, 12, 1))}
    # € 12.345,00 over the 546 days from 2025-01-01 to 2026-06-30: one day's worth on the first.
    assert found[dt.date(2025, 1, 1)].planned == Decimal("22.61")
    assert found[dt.date(2026, 3, 1)].realised == 0
    assert found[dt.date(2026, 4, 1)].realised == Decimal("3000")
    assert found[dt.date(2026, 7, 1)].planned == Decimal("12345.00")
    assert found[dt.date(2026, 12, 1)].realised == Decimal("3000")
    assert found[dt.date(2027, 1, 1)].realised is None
    assert found[dt.date(2028, 12, 31)].planned == Decimal("12345.00")

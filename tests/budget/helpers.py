"""A small plan with a budget: two workstreams' lines, funding, hours and costs realised."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from mijlpaal.accounts.models import User
from mijlpaal.budget import services
from mijlpaal.budget.models import BudgetLine, FundingSource, Spending
from mijlpaal.plans.models import Party, Plan, Workstream
from tests.helpers import SamplePlan, saved


def line(plan: Plan, user: User, workstream: Workstream, category: str, amount: str) -> BudgetLine:
    return saved(
        plan,
        user,
        BudgetLine(workstream=workstream, category=category, amount=Decimal(amount)),
    )


def funding(plan: Plan, user: User, kind: str, amount: str, party: Party | None = None) -> None:
    saved(plan, user, FundingSource(kind=kind, party=party, amount=Decimal(amount)))


def spend(
    plan: Plan,
    user: User,
    party: Party,
    workstream: Workstream,
    day: str,
    *,
    hours: str = "0",
    amount: str = "0",
    category: str = "staff",
    corrects: Spending | None = None,
) -> Spending:
    return services.spending_add(
        plan=plan,
        user=user,
        spending=Spending(
            spent_on=dt.date.fromisoformat(day),
            party=party,
            workstream=workstream,
            category=category,
            hours=Decimal(hours),
            amount=Decimal(amount),
            corrects=corrects,
        ),
    )


def budgeted(sample: SamplePlan, user: User) -> Party:
    """€ 12.345,00 for the sample's workstream: € 10.000,00 staff and € 2.345,00 materials; a
    subsidy of € 11.345,00 and € 1.000,00 co-financing by a company (8,1%: under 10%). The
    company booked 40 hours (€ 3.000,00) in 2026. Returns the company."""
    plan, workstream = sample.plan, sample.workstream
    company = saved(plan, user, Party(name="Bouwbedrijf Van Wijk", kind="company"))
    line(plan, user, workstream, "staff", "10000")
    line(plan, user, workstream, "materials", "2345")
    funding(plan, user, "subsidy", "11345")
    funding(plan, user, "cofinancing", "1000", company)
    spend(plan, user, company, workstream, "2026-03-02", hours="40", amount="3000")
    return company

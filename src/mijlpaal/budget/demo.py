"""The demo's budget: the STO plan gets a begroting per workstream, funding with co-financing from
two companies, and a year of realised hours and costs (one entry typed wrong and corrected).

Written for the demo's day (`plans.demo.ANCHOR`) and moved by the same whole number of weeks as
every other demo date; no randomness. Written through the services, so the history records it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from mijlpaal.accounts.models import User
from mijlpaal.budget import services
from mijlpaal.budget.models import (
    BudgetLine,
    BudgetSettings,
    CostCategory,
    FundingKind,
    FundingSource,
    Spending,
)
from mijlpaal.plans import services as plan_services
from mijlpaal.plans.demo import STATUS_DATE, STO_TITLE
from mijlpaal.plans.models import Membership, Party, Plan, Role, Workstream

STAFF, MATERIALS, HIRED, OTHER = (
    CostCategory.STAFF,
    CostCategory.MATERIALS,
    CostCategory.HIRED,
    CostCategory.OTHER,
)
HOURLY_RATE = Decimal(75)  # what an hour of a teacher or coordinator costs the plan


@dataclass(frozen=True)
class WorkstreamBudget:
    workstream: str  # the name of a workstream of `plans.demo.STO_WORKSTREAMS`
    party: str  # the party that does most of the work and books the hours
    lines: tuple[tuple[str, str, str], ...]  # (category, description, euros)
    # The hours before the last year, taken over from the schools' own records in one entry, and
    # the hours booked each month of the last year.
    hours: tuple[int, int]
    costs: tuple[tuple[int, str, str, str], ...] = ()  # (month, category, note, euros)


STO_BUDGET = (
    WorkstreamBudget(
        "Modern techniekonderwijs en XR",
        "Betuws Vakcollege",
        (
            (STAFF, "Ontwikkeluren docenten", "96000"),
            (MATERIALS, "XR-brillen en licenties", "18000"),
            (HIRED, "XR-ontwikkelaar", "12000"),
        ),
        (260, 45),
        (
            (2, MATERIALS, "24 XR-brillen met laadkar", "14850"),
            (5, HIRED, "XR-ontwikkelaar: lesmodule installatietechniek", "9600"),
            (9, MATERIALS, "Licenties XR-software schooljaar 2026–2027", "6200"),
        ),
    ),
    WorkstreamBudget(
        "Loopbaanoriëntatie en -begeleiding (LOB)",
        "Waalzicht College vmbo",
        ((STAFF, "Uren LOB-coördinatoren", "54000"), (OTHER, "Techniekdagen en vervoer", "9000")),
        (150, 25),
        ((4, OTHER, "Bussen techniekdag leerjaar 2", "2350"),),
    ),
    WorkstreamBudget(
        "Samenwerking met het bedrijfsleven",
        "Van Wijk Installatietechniek B.V.",
        ((STAFF, "Uren praktijkopleiders en docenten", "48000"), (OTHER, "Stagebank", "6000")),
        (120, 20),
        ((7, HIRED, "Bouw van de regionale stagebank", "4800"),),
    ),
    WorkstreamBudget(
        "Professionalisering docenten",
        "ROC De Uiterwaarden",
        ((STAFF, "Scholingsuren docenten", "72000"), (HIRED, "Trainers bedrijfsstages", "21000")),
        (180, 35),
        ((3, HIRED, "Training duurzame installatietechniek", "5400"),),
    ),
    WorkstreamBudget(
        "Regie en verantwoording",
        "Regiobureau STO Rivierenland",
        ((STAFF, "Projectleiding en programmabureau", "84000"), (OTHER, "Accountant", "4000")),
        (110, 25),
    ),
)
# (kind, party or "", description, euros); the budget above is € 424.000,00. The two companies
# co-finance € 40.000,00: 9,4%, under the 10% the plan asks, and the budget page says so.
STO_FUNDING = (
    (FundingKind.SUBSIDY, "", "Regeling Sterk Techniekonderwijs", "330000"),
    (
        FundingKind.COFINANCING,
        "Van Wijk Installatietechniek B.V.",
        "Uren praktijkopleiders",
        "26000",
    ),
    (FundingKind.COFINANCING, "Metaalbewerking Betuwe B.V.", "Gastlessen en materiaal", "14000"),
    (FundingKind.OWN, "", "Inzet van de vier scholen", "54000"),
)
MONTHS = 12


def month_days(shift: dt.timedelta) -> list[dt.date]:
    """The last Friday of each four weeks of the year before the story's last status round."""
    last = STATUS_DATE + shift
    return [last - dt.timedelta(weeks=4 * (MONTHS - 1 - i)) for i in range(MONTHS)]


def _made(spending: Spending) -> None:
    """Made on its own day, at the end of the working day, as people enter them."""
    zone = timezone.get_default_timezone()
    made = dt.datetime.combine(spending.spent_on, dt.time(16, 30), tzinfo=zone)
    Spending.objects.filter(pk=spending.pk).update(created_at=made)


def _add(plan: Plan, user: User, spending: Spending) -> Spending:
    added = services.spending_add(plan=plan, user=user, spending=spending)
    _made(added)
    return added


def _begroting(plan: Plan, user: User, workstreams: dict[str, Workstream]) -> None:
    parties = {p.name: p for p in Party.objects.filter(plan=plan)}
    plan_services.item_save(plan=plan, user=user, instance=BudgetSettings(plan=plan))
    for row in STO_BUDGET:
        for category, description, amount in row.lines:
            line = BudgetLine(
                workstream=workstreams[row.workstream],
                category=category,
                description=description,
                amount=Decimal(amount),
            )
            plan_services.item_save(plan=plan, user=user, instance=line)
    for kind, party, description, amount in STO_FUNDING:
        source = FundingSource(
            kind=kind, party=parties.get(party), description=description, amount=Decimal(amount)
        )
        plan_services.item_save(plan=plan, user=user, instance=source)


def _year(plan: Plan, user: User, workstreams: dict[str, Workstream], shift: dt.timedelta) -> int:
    parties = {p.name: p for p in Party.objects.filter(plan=plan)}
    days = month_days(shift)
    made = 0
    for row in STO_BUDGET:
        workstream, party = workstreams[row.workstream], parties[row.party]
        before, monthly = (Decimal(h) for h in row.hours)
        _add(plan, user, Spending(
            spent_on=days[0] - dt.timedelta(weeks=4), party=party, workstream=workstream,
            category=STAFF, hours=before, amount=before * HOURLY_RATE,
            note="Uren tot nu toe, overgenomen uit de urenregistratie van de school",
        ))  # fmt: skip
        made += 1
        for index, day in enumerate(days):
            # A steady rhythm: five hours less, as many, five more.
            hours = monthly + (index % 3 - 1) * 5
            _add(plan, user, Spending(
                spent_on=day, party=party, workstream=workstream, category=STAFF, hours=hours,
                amount=hours * HOURLY_RATE, note="Uren volgens de urenregistratie",
            ))  # fmt: skip
            made += 1
        for month, category, note, amount in row.costs:
            _add(plan, user, Spending(
                spent_on=days[month] - dt.timedelta(days=2), party=party, workstream=workstream,
                category=category, amount=Decimal(amount), note=note,
            ))  # fmt: skip
            made += 1
    return made + _typo(plan, user, workstreams, parties, days)


def _typo(
    plan: Plan,
    user: User,
    workstreams: dict[str, Workstream],
    parties: dict[str, Party],
    days: list[dt.date],
) -> int:
    """An invoice typed with a zero too many, corrected the next day: both stay in the log."""
    workstream = workstreams["Samenwerking met het bedrijfsleven"]
    wrong = _add(plan, user, Spending(
        spent_on=days[10], party=parties["Metaalbewerking Betuwe B.V."], workstream=workstream,
        category=OTHER, amount=Decimal("12500"), note="Materiaal voor de gastlessen",
    ))  # fmt: skip
    _add(plan, user, Spending(
        spent_on=days[10] + dt.timedelta(days=1), party=wrong.party, workstream=workstream,
        category=OTHER, amount=Decimal("1250"), corrects=wrong,
        note="Materiaal voor de gastlessen (bedrag verbeterd: € 1.250,00, niet € 12.500,00)",
    ))  # fmt: skip
    return 2


def load_demo_budget(plan: Plan, *, shift: dt.timedelta = dt.timedelta(0)) -> int:
    """The begroting and a year of realised hours and costs of a demo plan just built; how many
    realisation entries it added (0 for any other plan, or when it has a budget already)."""
    owner = Membership.objects.filter(plan=plan, role=Role.OWNER).select_related("user").first()
    if owner is None or plan.title != STO_TITLE or BudgetLine.objects.filter(plan=plan).exists():
        return 0
    workstreams = {w.name: w for w in Workstream.objects.filter(plan=plan)}
    if any(row.workstream not in workstreams for row in STO_BUDGET):
        return 0
    _begroting(plan, owner.user, workstreams)
    return _year(plan, owner.user, workstreams, shift)

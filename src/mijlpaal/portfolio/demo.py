"""The demo organisation: the Sterk Techniekonderwijs programme office, following the demo plans and
three generated regional plans, with the demo account as its beheerder.

The regional plans are generated, not written out: a dozen milestones a quarter apart in three
workstreams, the ones before the status date reached except a few that run late (none in
Friesland, one in Utrecht-Oost, two in Zeeland), each with its logbook from `monitoring.demo`. The
same story on every load, moved by the demo's shift like the other plans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mijlpaal.accounts.models import User
from mijlpaal.monitoring.demo import load_demo_log
from mijlpaal.plans import services
from mijlpaal.plans.demo import OKE_TITLE, STATUS_DATE
from mijlpaal.plans.models import (
    Activity,
    Membership,
    Milestone,
    Plan,
    ReportingPeriod,
    Role,
    Workstream,
)
from mijlpaal.portfolio.models import (
    Organisation,
    OrganisationMember,
    OrganisationPlan,
    OrganisationRole,
    PlanKind,
)

ORGANISATION = "Sterk Techniekonderwijs — programmabureau"
# (region name, school holiday region, how many milestones run late)
REGIONS = (("Friesland", "noord", 0), ("Utrecht-Oost", "midden", 1), ("Zeeland", "zuid", 2))
WORKSTREAMS = (
    "Doorlopende leerlijnen",
    "Professionalisering docenten",
    "Samenwerking bedrijfsleven",
)
MILESTONES = (
    "Regionale analyse vastgesteld",
    "Leerlijn techniek vmbo–mbo ontworpen",
    "Scholingsplan docenten vastgesteld",
    "Convenant met tien bedrijven getekend",
    "Gastlessen in alle techniekprofielen",
    "Eerste cohort docenten geschoold",
    "Doorlopende leerlijn ingevoerd",
    "Stageplaatsen voor alle leerlingen",
    "Tussenevaluatie afgerond",
    "Tweede cohort docenten geschoold",
    "Werkplaats bedrijfsleven ingericht",
    "Borging in schoolplannen",
)
FIRST_DEADLINE = dt.date(2025, 3, 14)  # a Friday; the next ones a quarter (13 weeks) apart


def regional_title(region: str) -> str:
    return f"Regioplan Sterk Techniekonderwijs {region} 2025–2028"


def _regional_plan(owner: User, region: str, holidays: str, late: int, shift: dt.timedelta) -> Plan:
    plan = services.plan_create(
        user=owner,
        plan=Plan(
            title=regional_title(region),
            organisation=f"Samenwerkingsverband STO {region}",
            vision="Meer leerlingen kiezen voor techniek en blijven in de regio werken.",
            start_date=dt.date(2025, 1, 1) + shift,
            end_date=dt.date(2028, 7, 31) + shift,
            region=holidays,
            scheduling="alap",
        ),
    )
    streams = [
        services.item_save(plan=plan, user=owner, instance=Workstream(name=name, order=i))
        for i, name in enumerate(WORKSTREAMS)
    ]
    deadlines = [FIRST_DEADLINE + dt.timedelta(weeks=13 * i) for i in range(len(MILESTONES))]
    past = [i for i, day in enumerate(deadlines) if day <= STATUS_DATE]
    running_late = set(past[-late:]) if late else set()
    for i, (title, deadline) in enumerate(zip(MILESTONES, deadlines, strict=True)):
        reached = deadline <= STATUS_DATE and i not in running_late
        milestone = services.item_save(
            plan=plan,
            user=owner,
            instance=Milestone(
                workstream=streams[i % len(streams)],
                number=i + 1,
                title=title,
                deadline=deadline + shift,
                lead_time="6w",
                order=i,
                reached_on=deadline + shift if reached else None,
            ),
        )
        finish = deadline + shift - dt.timedelta(days=5) if reached else None
        services.item_save(
            plan=plan,
            user=owner,
            instance=Activity(
                workstream=milestone.workstream,
                milestone=milestone,
                title=f"Werk aan: {title.lower()}",
                duration="4w",
                order=i,
                actual_start=finish - dt.timedelta(weeks=4) if finish else None,
                actual_finish=finish,
            ),
        )
    for name, start, end, due in (
        ("Voortgangsrapportage 2025–2026", (2025, 1, 1), (2026, 7, 31), (2026, 10, 1)),
        ("Voortgangsrapportage 2027", (2026, 8, 1), (2027, 7, 31), (2027, 10, 1)),
        ("Eindverslag", (2025, 1, 1), (2028, 7, 31), (2028, 12, 1)),
    ):
        period = ReportingPeriod(
            name=name,
            start_date=dt.date(*start) + shift,
            end_date=dt.date(*end) + shift,
            due_date=dt.date(*due) + shift,
        )
        services.item_save(plan=plan, user=owner, instance=period)
    load_demo_log(plan, shift=shift)
    return plan


def _owned(owner: User, title: str) -> Plan | None:
    owned = Membership.objects.filter(user=owner, role=Role.OWNER).values("plan_id")
    return Plan.objects.filter(title=title, pk__in=owned).order_by("id").first()


def load_demo_portfolio(
    owner: User, plans: Sequence[Plan], *, shift: dt.timedelta = dt.timedelta(0)
) -> Organisation:
    """The organisation with `owner` as beheerder, the demo `plans` and the regional plans in it;
    what exists already is left alone."""
    organisation = Organisation.objects.filter(name=ORGANISATION).order_by("id").first()
    if organisation is None:
        organisation = Organisation.objects.create(name=ORGANISATION)
    OrganisationMember.objects.get_or_create(
        organisation=organisation, user=owner, defaults={"role": OrganisationRole.MANAGER}
    )
    regional = []
    for region, holidays, late in REGIONS:
        plan = _owned(owner, regional_title(region))
        regional.append(plan or _regional_plan(owner, region, holidays, late, shift))
    for plan in [*plans, *regional]:
        kind = PlanKind.SCHOOL if plan.title == OKE_TITLE else PlanKind.REGIONAL
        if not OrganisationPlan.objects.filter(plan=plan).exists():
            OrganisationPlan.objects.create(organisation=organisation, plan=plan, kind=kind)
    return organisation

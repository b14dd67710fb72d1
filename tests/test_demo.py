"""The demo data: two realistic plans, three accounts, and safe to load twice."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mijlpaal.accounts.models import User
from mijlpaal.budget.models import BudgetLine, FundingSource, Spending
from mijlpaal.demo import load_demo
from mijlpaal.indicators.models import Indicator, Measurement
from mijlpaal.monitoring.models import Entry, Evaluation
from mijlpaal.plans.demo import ANCHOR
from mijlpaal.plans.models import (
    Activity,
    ChangeRecord,
    Dependency,
    Goal,
    Membership,
    Milestone,
    Party,
    Plan,
    ReportingPeriod,
    Role,
    Workstream,
)
from mijlpaal.responsibilities.models import Assignment
from tests.helpers import client_for, text
from tests.test_code_health import import_graph

pytestmark = pytest.mark.django_db

STO = "Regioplan Sterk Techniekonderwijs Rivierenland 2025–2028"
OKE = "Activiteitenplan OKE 2026–2027"


def counts() -> dict[str, int]:
    models = (User, Plan, Membership, Goal, Workstream, Milestone, Activity, Dependency, Party,
              ReportingPeriod, ChangeRecord, Assignment, Entry, Evaluation, Indicator,
              Measurement, BudgetLine, FundingSource, Spending)  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def at_anchor(travel: Callable[[dt.date], None]) -> None:
    """The day the story is written for: the plans carry the dates written in the story."""
    travel(ANCHOR)


@pytest.mark.usefixtures("at_anchor")
def test_the_region_plan_has_workstreams_milestones_and_the_seed_examples() -> None:
    load_demo()
    plan = Plan.objects.get(title=STO)
    assert plan.organisation == "Samenwerkingsverband STO Rivierenland"
    assert plan.region == "midden"
    assert plan.scheduling == "alap"
    assert (plan.start_date, plan.end_date) == (dt.date(2025, 1, 1), dt.date(2028, 12, 31))
    assert plan.vision
    assert plan.workstreams.count() >= 3
    assert plan.milestones.count() >= 15

    xr = plan.milestones.get(
        title="Er is materiaal ontwikkeld voor XR-onderwijs binnen de techniekprofielen"
    )
    assert xr.deadline == dt.date(2025, 12, 19)
    assert xr.lead_time == "3m"
    assert xr.workstream is not None and xr.workstream.name == "Modern techniekonderwijs en XR"
    assert xr.number == 2

    lob = plan.milestones.get(title="Er is een gezamenlijk LOB-programma tussen de vmbo-scholen")
    inventory = plan.milestones.get(
        title="De inventarisatie van de huidige LOB-activiteiten op de vmbo-scholen is gereed"
    )
    assert Dependency.objects.filter(
        plan=plan, predecessor_milestone=inventory, successor_milestone=lob, type="FS", lag="2w"
    ).exists()
    assert plan.dependencies.filter(type="SS").exists()

    assert plan.milestones.filter(is_quick_win=True).exists()
    assert plan.milestones.filter(is_decision_point=True).exists()
    assert not plan.milestones.filter(deadline__isnull=True).exists()
    assert not plan.milestones.filter(lead_time="").exists()
    assert not plan.milestones.filter(number__isnull=True).exists()


@pytest.mark.usefixtures("at_anchor")
def test_region_plan_goals_activities_parties_and_reporting_periods() -> None:
    load_demo()
    plan = Plan.objects.get(title=STO)
    assert plan.goals.count() >= 3
    for goal in plan.goals.all():
        assert goal.smart_hints() == []
    assert plan.goals.filter(description__startswith="Het versterken van de kwaliteit").exists()

    assert plan.activities.count() >= 30
    assert not plan.activities.filter(phase__isnull=True).exists()
    assert not plan.activities.filter(domain__isnull=True).exists()
    assert not plan.activities.filter(milestone__isnull=True).exists()
    assert not plan.activities.filter(duration="").exists()

    assert plan.parties.filter(kind="school").count() >= 3
    assert plan.parties.filter(kind="mbo").count() >= 1
    assert plan.parties.filter(kind="company").count() >= 2
    assert plan.parties.filter(kind="region_office").count() == 1
    persons = plan.parties.filter(kind="person")
    assert persons.count() >= 3
    assert all(p.email.endswith(".example") and p.role_title for p in persons)

    periods = {p.name: (p.start_date, p.end_date, p.due_date) for p in plan.reporting_periods.all()}
    assert periods["Voortgangsrapportage 2025–2026"] == (
        dt.date(2025, 1, 1),
        dt.date(2026, 7, 31),
        dt.date(2026, 10, 1),
    )
    assert periods["Voortgangsrapportage 2027–2028"][:2] == (
        dt.date(2026, 8, 1),
        dt.date(2028, 7, 31),
    )
    eindverslag = periods["Eindverslag"][2]
    assert eindverslag is not None and eindverslag.year == 2029


def test_the_oke_plan_covers_all_phases_and_domains() -> None:
    load_demo()
    plan = Plan.objects.get(title=OKE)
    assert plan.region == "zuid"
    assert plan.milestones.count() >= 8
    assert plan.activities.count() >= 15
    phases = set(plan.activities.values_list("phase__name", flat=True))
    domains = set(plan.activities.values_list("domain__name", flat=True))
    assert phases == {"analyse", "ontwerp", "inrichting", "uitvoering", "borging"}
    assert domains == {"processen", "organisatie", "beleid", "ICT"}
    assert all(a.why and a.result for a in plan.activities.all())
    names = set(plan.parties.values_list("name", flat=True))
    assert {"Examencommissie", "Afdeling ICT", "Informatiemanagement", "OKE-werkgroep"} <= names


def test_the_demo_user_owns_both_plans_and_can_log_in() -> None:
    result = load_demo()
    assert result.created
    user = User.objects.get(email="demo@mijlpaal.nl")
    for title in (STO, OKE):
        assert Membership.objects.get(plan__title=title, user=user).role == Role.OWNER
    sto = Plan.objects.get(title=STO)
    roles = dict(sto.memberships.values_list("user__email", "role"))
    assert roles == {
        "demo@mijlpaal.nl": "owner",
        "editor@mijlpaal.nl": "editor",
        "partner@mijlpaal.nl": "contributor",
    }
    for email in ("demo@mijlpaal.nl", "editor@mijlpaal.nl", "partner@mijlpaal.nl"):
        form = {"username": email, "password": "mijlpaal-demo"}
        assert Client().post(reverse("login"), form).status_code == 302
    assert sto.changes.filter(action="create").count() > 50  # written through the services


def test_loading_twice_changes_nothing(travel: Callable[[dt.date], None]) -> None:
    load_demo()
    before = counts()
    assert before["Assignment"] and before["Entry"] and before["Evaluation"]
    assert (before["Indicator"], before["Measurement"]) == (3, 6)
    assert (before["BudgetLine"], before["FundingSource"], before["Spending"]) == (11, 4, 73)
    travel(ANCHOR + dt.timedelta(weeks=30))  # a plan that exists is not moved to the new week
    second = load_demo()
    assert counts() == before
    assert not second.created
    assert [p.title for p in second.plans] == [STO, OKE]


def test_a_deleted_demo_plan_is_loaded_again() -> None:
    load_demo()
    Plan.objects.get(title=OKE).delete()
    load_demo()
    assert Plan.objects.filter(title=OKE).count() == 1
    assert Plan.objects.filter(title=STO).count() == 1
    assert User.objects.filter(email="demo@mijlpaal.nl").count() == 1


def test_the_command_prints_the_account() -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "demo@mijlpaal.nl" in text
    assert "mijlpaal-demo" in text
    assert "http://127.0.0.1:8000" in text
    assert STO in text

    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "demo@mijlpaal.nl" in again.getvalue()
    assert "mijlpaal-demo" in again.getvalue()
    assert Plan.objects.filter(title=STO).count() == 1


APP_DEMOS = {
    "mijlpaal.plans.demo",
    "mijlpaal.responsibilities.demo",
    "mijlpaal.monitoring.demo",
    "mijlpaal.indicators.demo",
    "mijlpaal.budget.demo",
}


def test_one_loader_on_top_of_the_apps_demo_modules() -> None:
    graph = import_graph()
    assert graph["mijlpaal.demo"] >= APP_DEMOS
    for module in APP_DEMOS:
        assert "mijlpaal.demo" not in graph[module], module
    # The plans are the bottom layer: their demo knows no other app's demo.
    assert not graph["mijlpaal.plans.demo"] & APP_DEMOS


@pytest.mark.usefixtures("at_anchor")
def test_the_region_plans_goals_show_whether_they_are_on_course() -> None:
    load_demo()
    plan = Plan.objects.get(title=STO)
    demo = User.objects.get(email="demo@mijlpaal.nl")
    page = text(client_for(demo).get(reverse("plans:goals", args=[plan.pk])))
    # Each card: the chart (ending in its course line, "naar het doel"), the chip, the numbers.
    choice = "Laatste: 30 % leerlingen dat kiest voor techniek; doel 35 % leerlingen dat kiest voor"
    assert f"naar het doel niet op koers {choice} techniek." in page
    drop_out = "Laatste: 11,2 % uitval in vmbo 3 techniek; doel 9 % uitval in vmbo 3 techniek."
    assert f"naar het doel op koers {drop_out}" in page
    teachers = "Laatste: 27 docenten geschoold; doel 40 docenten geschoold."
    assert f"naar het doel op koers {teachers}" in page
    assert page.count("naar het doel niet op koers") == 1
    # The nulmeting on the plan's start, the target on the goal's date; measured in the story.
    indicator = Indicator.objects.get(plan=plan, unit="% leerlingen dat kiest voor techniek")
    assert (indicator.baseline_date, indicator.target_date) == (
        dt.date(2025, 1, 1),
        dt.date(2028, 6, 30),
    )
    assert list(
        indicator.measurements.order_by("measured_on").values_list("measured_on", "value")
    ) == [
        (dt.date(2025, 10, 1), Decimal("29.5")),
        (dt.date(2026, 10, 1), Decimal("30")),
    ]
    # Written through the services: the history has each indicator and each measurement.
    records = ChangeRecord.objects.filter(plan=plan, action="create")
    assert records.filter(object_type="indicator").count() == 3
    assert records.filter(object_type="measurement").count() == 6
    assert not Indicator.objects.filter(plan__title=OKE).exists()


@pytest.mark.usefixtures("at_anchor")
def test_the_region_plans_first_progress_report_is_submitted_and_the_next_in_concept() -> None:
    from mijlpaal.reports.models import Report

    load_demo()
    plan = Plan.objects.get(title=STO)
    reports = list(
        Report.objects.filter(plan=plan)
        .order_by("period__start_date")
        .values_list("period__name", "version", "state", "submitted_on")
    )
    assert reports == [
        ("Voortgangsrapportage 2025–2026", 1, "ingediend", dt.date(2026, 9, 24)),
        ("Voortgangsrapportage 2027–2028", 1, "concept", None),
    ]
    assert not Report.objects.filter(plan__title=OKE).exists()
    demo = User.objects.get(email="demo@mijlpaal.nl")
    first = Report.objects.get(plan=plan, state="ingediend")
    assert first.period is not None
    page = text(client_for(demo).get(reverse("reports:report", args=[plan.pk, first.period.pk])))
    assert "Ingediend op 24 sep 2026 door" in page
    # The project leader's own words, and the numbers as they were on the day it was sent.
    assert "In 2026–2027 zetten we extra in op voorlichting" in page
    assert "Tussenevaluatie" in page


@pytest.mark.usefixtures("at_anchor")
def test_the_programme_office_follows_the_demo_plans_and_three_regions() -> None:
    from mijlpaal.portfolio.models import Organisation

    load_demo()
    organisation = Organisation.objects.get(name="Sterk Techniekonderwijs — programmabureau")
    demo = User.objects.get(email="demo@mijlpaal.nl")
    assert organisation.members.get(user=demo).role == "beheerder"
    response = client_for(demo).get(reverse("portfolio:portfolio", args=[organisation.pk]))
    page = text(response)
    assert "Portfolio van 5 plannen · beheerder" in page
    rows = [
        "Activiteitenplan OKE 2026–2027 Zuid schoolplan te laat 9 jul 2027 2 jul 2027 1 1 0 "
        "17 sep 2027 Eindrapportage OKE niet ingediend Tussenrapportage aan het MT —",
        "Regioplan Sterk Techniekonderwijs Friesland 2025–2028 Noord regioplan groen 31 jul 2028 "
        "10 dec 2027 0 0 0 1 okt 2027 Voortgangsrapportage 2027 "
        "niet ingediend Voortgangsrapportage 2025–2026 —",
        "Regioplan Sterk Techniekonderwijs Rivierenland 2025–2028 Midden regioplan te laat "
        "31 dec 2028 17 nov 2028 1 1 1 2 okt 2028 Voortgangsrapportage 2027–2028 "
        "ingediend op 24 sep 2026 Voortgangsrapportage 2025–2026 "
        "€ 240.950,00 van € 424.000,00 (57%)",
        "Regioplan Sterk Techniekonderwijs Utrecht-Oost 2025–2028 Midden regioplan te laat "
        "31 jul 2028 10 dec 2027 1 1 0 1 okt 2027 Voortgangsrapportage 2027 "
        "niet ingediend Voortgangsrapportage 2025–2026 —",
        "Regioplan Sterk Techniekonderwijs Zeeland 2025–2028 Zuid regioplan te laat 31 jul 2028 "
        "10 dec 2027 2 2 0 1 okt 2027 Voortgangsrapportage 2027 "
        "niet ingediend Voortgangsrapportage 2025–2026 —",
    ]
    assert " ".join(rows) in page
    # The combined trend names each plan by what sets it apart.
    legend = "Activiteitenplan OKE 2026–2027 Friesland Rivierenland Utrecht-Oost Zeeland"
    assert f"Prognose = rapportagedatum: afgerond afgerond {legend}" in page
    # The regional plans are made through the services, with a logbook, like the other demo plans.
    zeeland = Plan.objects.get(title="Regioplan Sterk Techniekonderwijs Zeeland 2025–2028")
    assert zeeland.milestones.count() == 12
    assert zeeland.changes.filter(action="create").count() == 1 + 3 + 12 + 12 + 3
    assert Entry.objects.filter(plan=zeeland).count() > 20


@pytest.mark.usefixtures("at_anchor")
def test_the_region_plan_has_a_budget_with_two_co_financing_companies() -> None:
    load_demo()
    plan = Plan.objects.get(title=STO)
    demo = User.objects.get(email="demo@mijlpaal.nl")
    page = text(client_for(demo).get(reverse("budget:budget", args=[plan.pk])))
    assert "€ 424.000,00 begroting € 240.950,00 gerealiseerd 2.620,0 / 4.040,0" in page
    assert (
        "De cofinanciering is € 40.000,00: 9,4% van de begroting van € 424.000,00. Het plan "
        "vraagt minstens 10,0% (€ 42.400,00); er ontbreekt € 2.400,00." in page
    )
    assert "Van Wijk Installatietechniek B.V. € 26.000,00 € 31.800,00 360,0" in page
    assert "Metaalbewerking Betuwe B.V. € 14.000,00 € 1.250,00 0,0" in page
    # A year of hours and costs up to the last round of status updates, the typo corrected.
    spent = Spending.objects.filter(plan=plan)
    days = sorted(s.spent_on for s in spent)
    assert (days[0], days[-1]) == (dt.date(2025, 12, 12), dt.date(2026, 11, 13))
    assert spent.filter(corrects__isnull=False).get().amount == Decimal("1250")
    records = ChangeRecord.objects.filter(plan=plan, action="create")
    assert records.filter(object_type="spending").count() == 73
    assert records.filter(object_type="budgetline").count() == 11
    assert not BudgetLine.objects.filter(plan__title=OKE).exists()

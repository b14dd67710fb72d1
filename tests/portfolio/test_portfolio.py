"""The portfolio of an organisation: per plan its light, end date and forecast, late milestones,
open knelpunten, decisions waiting, the next report due, whether the last report due was submitted
and the budget realised; sorted, filtered and as `.xlsx`."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from mijlpaal.accounts.models import User
from mijlpaal.decisions.models import DecisionDocument, DocumentState
from mijlpaal.plans.models import Milestone, Party, Plan, ReportingPeriod, Workstream
from mijlpaal.portfolio.models import (
    Organisation,
    OrganisationMember,
    OrganisationPlan,
    OrganisationRole,
)
from mijlpaal.portfolio.services import organisation_create
from mijlpaal.portfolio.summary import portfolio_rows
from mijlpaal.reports.services import report_submit
from tests.budget.helpers import line, spend
from tests.helpers import (
    Actors,
    SamplePlan,
    build_plan,
    client_for,
    english_client,
    make_user,
    parse,
    report,
    saved,
    text,
)


@pytest.fixture
def staff(actors: Actors) -> User:
    return make_user("programma@sterktechniek.example", "Pia Programma")


@pytest.fixture
def organisation(sample: SamplePlan, actors: Actors, staff: User) -> Organisation:
    organisation = organisation_create(user=actors.owner, name="Programmabureau")
    OrganisationMember.objects.create(
        organisation=organisation, user=staff, role=OrganisationRole.STAFF
    )
    OrganisationPlan.objects.create(organisation=organisation, plan=sample.plan)
    return organisation


def _fill(sample: SamplePlan, actors: Actors) -> ReportingPeriod:
    """The sample plan at 1 Dec 2026: both milestones late, the second expected on 1 Mar 2027
    with a knelpunt; one decision waiting; a report due on 1 Feb 2027, the one due on 30 Sep 2026
    submitted on 24 Sep 2026; € 3.000,00 of its budget of € 12.345,00 spent (after a typo of
    € 3.500,00 was corrected). Returns the period of the submitted report."""
    owner = actors.owner
    report(sample.plan, owner, sample.second_milestone, "2026-03-02", "green")
    report(
        sample.plan,
        owner,
        sample.second_milestone,
        "2026-09-14",
        "orange",
        forecast=dt.date(2027, 3, 1),
        problems="Te weinig docenten",
    )
    DecisionDocument.objects.create(
        plan=sample.plan,
        milestone=sample.milestone,
        subject="Go?",
        question="Door?",
        state=DocumentState.SUBMITTED,
    )
    ReportingPeriod.objects.create(
        plan=sample.plan,
        name="Voortgangsrapportage 2027",
        start_date=dt.date(2026, 8, 1),
        end_date=dt.date(2026, 12, 31),
        due_date=dt.date(2027, 2, 1),
    )
    passed = _period(sample.plan, "Voortgangsrapportage 2026", dt.date(2026, 9, 30))
    report_submit(plan=sample.plan, user=owner, period=passed, on=dt.date(2026, 9, 24))
    _budget(sample, actors, "3500")
    typo = sample.plan.spendings.get()
    spend(sample.plan, owner, sample.party, sample.workstream, "2026-06-01", amount="3000",
          corrects=typo)  # fmt: skip
    return passed


def _period(plan: Plan, name: str, due: dt.date) -> ReportingPeriod:
    return ReportingPeriod.objects.create(
        plan=plan, name=name, start_date=due.replace(day=1), end_date=due, due_date=due
    )


def _budget(sample: SamplePlan, actors: Actors, spent: str = "") -> None:
    """€ 12.345,00 for the sample's workstream, `spent` (if any) realised on 1 Jun 2026."""
    line(sample.plan, actors.owner, sample.workstream, "staff", "10000")
    line(sample.plan, actors.owner, sample.workstream, "materials", "2345")
    if spent:
        spend(sample.plan, actors.owner, sample.party, sample.workstream, "2026-06-01",
              amount=spent)  # fmt: skip


def test_the_portfolio_shows_each_plans_numbers_with_links(
    sample: SamplePlan, actors: Actors, organisation: Organisation, staff: User
) -> None:
    passed = _fill(sample, actors)
    response = client_for(staff).get(reverse("portfolio:portfolio", args=[organisation.pk]))
    assert response.status_code == 200
    row = next(r for r in parse(response).find_all("tr") if r.attrs.get("data-plan"))
    cells = [c.text for c in row.children if not isinstance(c, str)]
    assert cells == [
        "Regioplan Techniek 2025–2028",
        "Midden",
        "regioplan",
        "te laat",
        "31 dec 2028",
        "1 mrt 2027",
        "2",
        "1",
        "1",
        "1 feb 2027 Voortgangsrapportage 2027",
        "ingediend op 24 sep 2026 Voortgangsrapportage 2026",
        "€ 3.000,00 van € 12.345,00 (24%)",
    ]
    plan = sample.plan.pk
    links = {a.attrs["href"] for a in row.find_all("a")}
    assert links == {
        f"/plans/{plan}/",
        f"/plans/{plan}/monitoring/",
        f"/plans/{plan}/monitoring/trend/",
        f"/plans/{plan}/monitoring/list/late/",
        f"/plans/{plan}/monitoring/list/problems/",
        f"/plans/{plan}/decisions/",
        f"/plans/{plan}/reports/period/{passed.pk}/",
        f"/plans/{plan}/budget/",
    }
    english = text(
        english_client(staff).get(reverse("portfolio:portfolio", args=[organisation.pk]))
    )
    assert "Last report Budget realised" in english
    assert (
        "submitted on 24 Sep 2026 Voortgangsrapportage 2026 €3,000.00 of €12,345.00 (24%)"
        in english
    )
    page = text(response)
    assert "Portfolio van 1 plan" in page
    # The combined trend: the plan's end forecast on each reporting date, as a table too.
    assert (
        "Regioplan Techniek 2025–2028 31 dec 2028 2 mrt 2026 30 jun 2026 14 sep 2026 1 mrt 2027"
        in page
    )
    assert f'data-milestone="{plan}"' in response.content.decode()


def _second_plan(actors: Actors, organisation: Organisation, title: str, region: str) -> Plan:
    plan = build_plan(actors.owner, title)
    Plan.objects.filter(pk=plan.pk).update(region=region)
    OrganisationPlan.objects.create(organisation=organisation, plan=plan, kind="schoolplan")
    saved(plan, actors.owner, Milestone(title="Klaar", deadline=dt.date(2027, 6, 1)))
    return plan


def test_sorted_and_filtered_by_the_query_string(
    sample: SamplePlan, actors: Actors, organisation: Organisation, staff: User
) -> None:
    _fill(sample, actors)
    _second_plan(actors, organisation, "Schoolplan Noorderlicht", "noord")
    _second_plan(actors, organisation, "Actieplan Zuid", "zuid")
    client = client_for(staff)
    url = reverse("portfolio:portfolio", args=[organisation.pk])

    def titles(query: str) -> list[str]:
        rows = parse(client.get(url + query)).find_all("tr")
        return [r.find_all("th")[0].text for r in rows if r.attrs.get("data-plan")]

    assert titles("") == [
        "Actieplan Zuid",
        "Regioplan Techniek 2025–2028",
        "Schoolplan Noorderlicht",
    ]
    assert titles("?sort=-late") == [
        "Regioplan Techniek 2025–2028",
        "Schoolplan Noorderlicht",
        "Actieplan Zuid",
    ]
    assert titles("?sort=forecast") == [
        "Regioplan Techniek 2025–2028",
        "Actieplan Zuid",
        "Schoolplan Noorderlicht",
    ]
    assert titles("?region=noord") == ["Schoolplan Noorderlicht"]
    assert titles("?light=late") == ["Regioplan Techniek 2025–2028"]
    assert titles("?light=none&kind=schoolplan&sort=-title") == [
        "Schoolplan Noorderlicht",
        "Actieplan Zuid",
    ]
    # What is not a choice is ignored, not an error.
    assert titles("?sort=evil&region=atlantis&light=purple&kind=x") == titles("")
    page = client.get(url + "?region=noord&sort=-late")
    html = page.content.decode()
    assert 'href="?region=noord&amp;sort=late"' in html  # turn the order round
    assert 'aria-sort="descending"' in html
    assert f"/organisations/{organisation.pk}/portfolio.xlsx?region=noord&amp;sort=-late" in html


def test_the_xlsx_holds_the_rows_the_page_shows(
    sample: SamplePlan, actors: Actors, organisation: Organisation, staff: User
) -> None:
    _fill(sample, actors)
    _second_plan(actors, organisation, '=HYPERLINK("http://x")', "noord")
    response = client_for(staff).get(
        reverse("portfolio:xlsx", args=[organisation.pk]) + "?sort=-late"
    )
    assert response.status_code == 200
    assert "portfolio Programmabureau.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["Portfolio"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(max_row=3)]
    assert rows[0][:7] == [
        "Plan", "Regio", "Soort plan", "Status", "Einddatum", "Prognose einddatum", "Dagen later",
    ]  # fmt: skip
    assert rows[1] == [
        "Regioplan Techniek 2025–2028", "midden", "regioplan", "te laat",
        dt.datetime(2028, 12, 31), dt.datetime(2027, 3, 1), -671, 2, 1, 1,
        "Voortgangsrapportage 2027", dt.datetime(2027, 2, 1),
        "Voortgangsrapportage 2026", dt.datetime(2026, 9, 24), 12345, 3000, 24,
    ]  # fmt: skip
    assert rows[0][12:] == [
        "Laatste rapportage", "Ingediend op", "Begroting", "Gerealiseerd", "Gerealiseerd %",
    ]  # fmt: skip
    assert sheet.cell(2, 15).number_format == "€ #,##0.00"
    assert rows[2][:4] == ['=HYPERLINK("http://x")', "noord", "schoolplan", "nog geen update"]
    assert rows[2][12:] == [None, None, None, None, None]
    assert sheet.cell(3, 1).data_type == "s"  # text, never a formula


def _portfolio_of(count: int, actors: Actors, organisation: Organisation) -> None:
    for n in range(count):
        plan = build_plan(actors.owner, f"Plan {n:02}")
        OrganisationPlan.objects.create(organisation=organisation, plan=plan)
        for day in (1, 2, 3):
            m = saved(
                plan, actors.owner, Milestone(title=f"M{day}", deadline=dt.date(2027, 1, day))
            )
            report(plan, actors.owner, m, "2026-11-02", "orange", forecast=dt.date(2027, 2, day))
        ReportingPeriod.objects.create(
            plan=plan,
            name="Rapportage",
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 12, 31),
            due_date=dt.date(2027, 1, 15),
        )
        passed = _period(plan, "Vorige rapportage", dt.date(2026, 10, 31))
        report_submit(plan=plan, user=actors.owner, period=passed, on=dt.date(2026, 10, 30))
        stream = saved(plan, actors.owner, Workstream(name="Deelproject"))
        line(plan, actors.owner, stream, "staff", "1000")
        party = saved(plan, actors.owner, Party(name="School", kind="school"))
        spend(plan, actors.owner, party, stream, "2026-11-02", amount="250")


@pytest.mark.parametrize("count", [2, 10])
def test_the_query_count_does_not_grow_with_the_plans(
    actors: Actors,
    staff: User,
    count: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    organisation = organisation_create(user=staff, name="Bureau")
    _portfolio_of(count, actors, organisation)
    client = client_for(staff)
    url = reverse("portfolio:portfolio", args=[organisation.pk])
    client.get(url)  # the session
    cache.clear()
    with django_assert_num_queries(17):  # the derived rows computed
        response = client.get(url)
    page = text(response)
    assert page.count("3 feb 2027") == count * 2  # in the table and in the trend's table
    assert page.count("15 jan 2027") == count
    assert page.count("ingediend op 30 okt 2026 Vorige rapportage") == count
    assert page.count("€ 250,00 van € 1.000,00 (25%)") == count
    with django_assert_num_queries(12):  # the derived rows from the cache
        assert text(client.get(url)) == page
    with django_assert_num_queries(12):
        assert client.get(reverse("portfolio:xlsx", args=[organisation.pk])).status_code == 200


def test_a_new_status_update_shows_at_once(
    sample: SamplePlan, actors: Actors, organisation: Organisation, staff: User
) -> None:
    client = client_for(staff)
    url = reverse("portfolio:portfolio", args=[organisation.pk])

    def light() -> str:
        row = next(r for r in parse(client.get(url)).find_all("tr") if r.attrs.get("data-plan"))
        return row.find_all("td")[2].text

    assert light() == "te laat"
    sample.milestone.reached_on = dt.date(2025, 12, 1)
    saved(sample.plan, actors.owner, sample.milestone)
    assert light() == "te laat"  # the second milestone still is
    report(sample.plan, actors.owner, sample.second_milestone, "2026-11-30", "reached")
    assert light() == "bereikt"


def test_a_programme_officer_reads_the_plan_pages_and_writes_nothing(
    sample: SamplePlan, actors: Actors, organisation: Organisation, staff: User
) -> None:
    client = client_for(staff)
    plan = sample.plan.pk
    overview = reverse("plans:overview", args=[plan])
    page = text(client.get(overview))
    assert "Regioplan Techniek 2025–2028" in page
    assert client.get(reverse("monitoring:dashboard", args=[plan])).status_code == 200
    edit = reverse("plans:item_edit", args=[plan, "milestone", sample.milestone.pk])
    assert client.post(edit, {"title": "Veranderd"}).status_code == 403
    update = reverse("monitoring:entry_new_plan", args=[plan])
    assert client.post(update, {"light": "red", "reported_on": "2026-12-01"}).status_code == 403
    assert client.get(reverse("plans:settings", args=[plan])).status_code == 403
    assert (
        client.post(reverse("plans:members", args=[plan]), {"email": staff.email}).status_code
        == 403
    )
    assert Milestone.objects.get(pk=sample.milestone.pk).title == "XR-lesmateriaal ontwikkeld"
    # Out of the organisation, the plan is not there for them any more.
    OrganisationMember.objects.filter(user=staff).delete()
    assert client.get(overview).status_code == 404
    assert client.get(reverse("portfolio:portfolio", args=[organisation.pk])).status_code == 404


def test_the_last_report_and_the_budget_show_at_once_after_a_submit_and_a_spending(
    sample: SamplePlan, actors: Actors, organisation: Organisation, staff: User
) -> None:
    client = client_for(staff)
    url = reverse("portfolio:portfolio", args=[organisation.pk])

    def cells() -> list[str]:
        row = next(r for r in parse(client.get(url)).find_all("tr") if r.attrs.get("data-plan"))
        return [c.text for c in row.find_all("td")][-2:]

    def stamp() -> str:
        return portfolio_rows(organisation.pk, dt.date(2026, 12, 1))[0].stamp

    assert cells() == ["—", "—"]  # no report due yet, no budget
    passed = _period(sample.plan, "Voortgangsrapportage 2026", dt.date(2026, 11, 30))
    _period(sample.plan, "Eerder", dt.date(2026, 3, 31))
    _period(sample.plan, "Vandaag", dt.date(2026, 12, 1))  # due today: not passed yet
    assert cells() == ["niet ingediend Voortgangsrapportage 2026", "—"]
    before = stamp()
    report_submit(plan=sample.plan, user=actors.owner, period=passed)
    assert stamp() != before  # a submitted report is in the plan's history
    assert cells() == ["ingediend op 1 dec 2026 Voortgangsrapportage 2026", "—"]
    _budget(sample, actors)
    assert cells()[1] == "€ 0,00 van € 12.345,00 (0%)"
    before = stamp()
    spend(sample.plan, actors.owner, sample.party, sample.workstream, "2026-11-30", amount="7000")
    assert stamp() != before  # so is a spending
    assert cells()[1] == "€ 7.000,00 van € 12.345,00 (57%)"
    # A reopened report was still submitted once, on the day its last submitted version was.
    from mijlpaal.reports.services import report_reopen

    report_reopen(plan=sample.plan, user=actors.owner, period=passed)
    assert cells()[0] == "ingediend op 1 dec 2026 Voortgangsrapportage 2026"


def test_sorted_by_the_last_report_and_the_budget(
    sample: SamplePlan, actors: Actors, organisation: Organisation, staff: User
) -> None:
    _fill(sample, actors)  # submitted; 24% spent
    late = _second_plan(actors, organisation, "Schoolplan Laat", "noord")
    _period(late, "Rapportage", dt.date(2026, 10, 1))  # not submitted; no budget
    _second_plan(actors, organisation, "Actieplan Zonder", "zuid")  # nothing due; no budget
    client = client_for(staff)
    url = reverse("portfolio:portfolio", args=[organisation.pk])

    def titles(query: str) -> list[str]:
        rows = parse(client.get(url + query)).find_all("tr")
        return [r.find_all("th")[0].text for r in rows if r.attrs.get("data-plan")]

    assert titles("?sort=submitted") == [
        "Schoolplan Laat",
        "Regioplan Techniek 2025–2028",
        "Actieplan Zonder",
    ]
    assert titles("?sort=-budget") == [
        "Regioplan Techniek 2025–2028",
        "Schoolplan Laat",  # without a budget both, by title turned round as well
        "Actieplan Zonder",
    ]
    assert titles("?sort=budget")[0] == "Actieplan Zonder"

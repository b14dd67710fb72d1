"""The portfolio of an organisation: per plan its light, end date and forecast, late milestones,
open knelpunten, decisions waiting and the next report due; sorted, filtered and as `.xlsx`."""

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
from mijlpaal.plans.models import Milestone, Plan, ReportingPeriod
from mijlpaal.portfolio.models import (
    Organisation,
    OrganisationMember,
    OrganisationPlan,
    OrganisationRole,
)
from mijlpaal.portfolio.services import organisation_create
from tests.helpers import (
    Actors,
    SamplePlan,
    build_plan,
    client_for,
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


def _fill(sample: SamplePlan, actors: Actors) -> None:
    """The sample plan at 1 Dec 2026: both milestones late, the second expected on 1 Mar 2027
    with a knelpunt; one decision waiting; a report due on 1 Feb 2027."""
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


def test_the_portfolio_shows_each_plans_numbers_with_links(
    sample: SamplePlan, actors: Actors, organisation: Organisation, staff: User
) -> None:
    _fill(sample, actors)
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
    }
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
    ]  # fmt: skip
    assert rows[2][:4] == ['=HYPERLINK("http://x")', "noord", "schoolplan", "nog geen update"]
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
    with django_assert_num_queries(14):  # the derived rows computed
        response = client.get(url)
    page = text(response)
    assert page.count("3 feb 2027") == count * 2  # in the table and in the trend's table
    assert page.count("15 jan 2027") == count
    with django_assert_num_queries(9):  # the derived rows from the cache
        assert text(client.get(url)) == page
    with django_assert_num_queries(9):
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

"""The budget's pages: everyone in the plan reads it, editors change the begroting (with the
lost-update guard and the history), contributors add hours and costs (append-only, once)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from mijlpaal.budget.models import BudgetLine, BudgetSettings, Spending
from mijlpaal.plans.models import ChangeRecord, Milestone, ReportingPeriod, Workstream
from mijlpaal.plans.versions import version_of
from tests.budget.helpers import budgeted, line, spend
from tests.helpers import Actors, SamplePlan, client_for, english_client, saved, text


def test_a_viewer_reads_the_budget_in_dutch_and_english(sample: SamplePlan, actors: Actors) -> None:
    budgeted(sample, actors.owner)
    url = reverse("budget:budget", args=[sample.plan.pk])
    page = text(client_for(actors.viewer).get(url))
    assert "Totaal € 12.345,00 € 3.000,00 € 9.345,00 0,0 40,0" in page
    assert "Bouwbedrijf Van Wijk € 1.000,00 € 3.000,00 40,0" in page
    assert "Materiaal € 2.345,00 € 0,00" in page
    assert (
        "Waarschuwing De cofinanciering is € 1.000,00: 8,1% van de begroting van € 12.345,00."
        in page
    )
    assert "Tot vandaag: € 3.000,00 gerealiseerd, € 12.345,00 gepland." in page
    assert "+ Uren en kosten" not in page  # a viewer reads only
    english = text(english_client(actors.viewer).get(url))
    assert "Total €12,345.00 €3,000.00 €9,345.00 0.0 40.0" in english
    assert "Co-financing is €1,000.00: 8.1% of the budget of €12,345.00." in english


def test_the_charts_have_a_title_and_a_table_of_their_numbers(
    sample: SamplePlan, actors: Actors
) -> None:
    budgeted(sample, actors.owner)
    period = ReportingPeriod(
        name="Voortgang 2025–2026", start_date=dt.date(2025, 1, 1), end_date=dt.date(2026, 7, 31)
    )
    saved(sample.plan, actors.owner, period)
    response = client_for(actors.viewer).get(reverse("budget:budget", args=[sample.plan.pk]))
    html = response.content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="budget-chart"') == 2
    assert 'aria-label="Geld begroot en gerealiseerd, opgeteld: € 3.000,00 van € 12.345,00"' in html
    assert "Begroot en gerealiseerd geld en uren per rapportageperiode" in html
    assert "Voortgang 2025–2026 € 12.345,00 € 3.000,00 0,0 40,0" in text(response)


def test_an_editor_adds_a_line_in_dutch_numbers_and_it_is_in_the_history(
    sample: SamplePlan, actors: Actors
) -> None:
    plan = sample.plan
    client = client_for(actors.editor)
    url = reverse("budget:line_new", args=[plan.pk])
    form = {
        "workstream": sample.workstream.pk,
        "milestone": sample.milestone.pk,
        "category": "hired",
        "description": "XR-ontwikkelaar",
        "amount": "12.345,5",
    }
    assert client.post(url, form).status_code == 302
    stored = BudgetLine.objects.get(plan=plan)
    assert (stored.amount, stored.category) == (Decimal("12345.50"), "hired")
    record = ChangeRecord.objects.get(plan=plan, object_type="budgetline")
    assert record.changes["amount"] == [None, "12345.5"]
    edit = reverse("budget:line_edit", args=[plan.pk, stored.pk])
    assert 'value="12.345,50"' in client.get(edit).content.decode()


def test_odd_amounts_and_a_foreign_milestone_are_refused(
    sample: SamplePlan, actors: Actors
) -> None:
    plan = sample.plan
    other = saved(plan, actors.owner, Workstream(name="LOB"))
    elsewhere = saved(plan, actors.owner, Milestone(workstream=other, title="LOB-plan klaar"))
    client = client_for(actors.editor)
    url = reverse("budget:line_new", args=[plan.pk])
    form = {"workstream": sample.workstream.pk, "category": "staff", "amount": "12.5"}
    found = text(client.post(url, form))
    assert "Vul een getal in met hoogstens 2 cijfers achter de komma, zoals 1.234,56." in found
    found = text(client.post(url, {**form, "amount": "100", "milestone": elsewhere.pk}))
    assert "Kies een mijlpaal van dit deelproject." in found
    assert not BudgetLine.objects.exists()


def test_two_editors_changing_one_line_do_not_overwrite_unseen(
    sample: SamplePlan, actors: Actors
) -> None:
    plan = sample.plan
    stored = line(plan, actors.owner, sample.workstream, "staff", "10000")
    url = reverse("budget:line_edit", args=[plan.pk, stored.pk])
    shown = version_of(stored)
    line_now = BudgetLine.objects.get(pk=stored.pk)
    line_now.amount = Decimal("11000")
    saved(plan, actors.owner, line_now)
    form = {
        "workstream": sample.workstream.pk,
        "category": "staff",
        "amount": "9.000",
        "version": shown,
    }
    found = text(client_for(actors.editor).post(url, form))
    assert "Iemand anders heeft dit onderdeel opgeslagen nadat u het opende." in found
    assert "Begroot bedrag (€) — nu opgeslagen: “11000.00”; uw invoer: “9000.00”" in found
    assert BudgetLine.objects.get(pk=stored.pk).amount == Decimal("11000")


def test_the_minimum_co_financing_is_set_by_an_editor(sample: SamplePlan, actors: Actors) -> None:
    budgeted(sample, actors.owner)
    plan = sample.plan
    client = client_for(actors.editor)
    url = reverse("budget:settings", args=[plan.pk])
    assert 'value="10,00"' in client.get(url).content.decode()
    assert "Een percentage is hoogstens 100." in text(
        client.post(url, {"cofinancing_minimum": "150"})
    )
    assert client.post(url, {"cofinancing_minimum": "8"}).status_code == 302
    assert BudgetSettings.objects.get(plan=plan).cofinancing_minimum == Decimal("8")
    page = text(client.get(reverse("budget:budget", args=[plan.pk])))
    assert "8,1% cofinanciering (minstens 8,0%)" in page
    assert "Waarschuwing" not in page


def test_a_contributor_books_hours_once_even_when_sent_twice(
    sample: SamplePlan, actors: Actors
) -> None:
    plan = sample.plan
    client = client_for(actors.contributor)
    url = reverse("budget:spending_new", args=[plan.pk])
    assert 'value="2026-12-01"' in client.get(url).content.decode()
    form = {
        "spent_on": "2026-11-27",
        "party": sample.party.pk,
        "workstream": sample.workstream.pk,
        "category": "staff",
        "hours": "7,5",
        "amount": "562,50",
        "note": "Ontwikkeldag XR",
        "request_key": str(uuid.uuid4()),
    }
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    stored = Spending.objects.get(plan=plan)
    assert (stored.hours, stored.amount, stored.author) == (
        Decimal("7.5"),
        Decimal("562.50"),
        actors.contributor,
    )
    assert ChangeRecord.objects.filter(plan=plan, object_type="spending").count() == 1
    log = text(client.get(reverse("budget:log", args=[plan.pk])))
    assert "1 regel" in log
    # The notes column in the budget's own word, not the warnings' "Let op".
    assert "Toelichting" in log and "Let op" not in log
    assert "Maaswaal College Modern techniekonderwijs Personeel (uren) 7,5 € 562,50" in log


def test_nothing_booked_is_refused(sample: SamplePlan, actors: Actors) -> None:
    url = reverse("budget:spending_new", args=[sample.plan.pk])
    form = {
        "spent_on": "2026-11-27",
        "party": sample.party.pk,
        "workstream": sample.workstream.pk,
        "category": "staff",
    }
    found = text(client_for(actors.contributor).post(url, form))
    assert "Vul de uren in, het bedrag of allebei." in found
    assert not Spending.objects.exists()


def test_a_correction_is_a_new_entry_and_the_old_one_is_struck_through(
    sample: SamplePlan, actors: Actors
) -> None:
    plan = sample.plan
    wrong = spend(plan, actors.owner, sample.party, sample.workstream, "2026-11-02", amount="12500")
    client = client_for(actors.contributor)
    url = reverse("budget:spending_correct", args=[plan.pk, wrong.pk])
    page = text(client.get(url))
    assert "Dit vervangt de regel van 2 nov 2026 (0,0 uur, € 12.500,00)." in page
    form = {
        "spent_on": "2026-11-03",
        "party": sample.party.pk,
        "workstream": sample.workstream.pk,
        "category": "staff",
        "amount": "1.250",
    }
    assert client.post(url, form).status_code == 302
    assert Spending.objects.get(pk=wrong.pk).amount == Decimal("12500")  # kept as it was
    html = client.get(reverse("budget:log", args=[plan.pk])).content.decode()
    assert "<del>€ 12.500,00</del>" in html
    assert "(corrigeert de regel van 2 nov 2026)" in html
    # A corrected entry is not corrected twice.
    found = text(client.post(url, form))
    assert "Deze regel is al gecorrigeerd; corrigeer dan de correctie." in found
    assert Spending.objects.count() == 2


@pytest.mark.parametrize("size", [1, 12])
def test_the_budget_page_makes_the_same_queries_for_a_small_or_bigger_plan(
    sample: SamplePlan,
    actors: Actors,
    size: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    plan, owner = sample.plan, actors.owner
    budgeted(sample, owner)
    for number in range(size):
        workstream = saved(plan, owner, Workstream(name=f"Deelproject {number}"))
        milestone = saved(
            plan,
            owner,
            Milestone(
                workstream=workstream,
                title=f"Mijlpaal {number}",
                deadline=dt.date(2026, 6, 30),
                lead_time="2m",
                effort_hours=40,
            ),
        )
        line(plan, owner, workstream, "staff", "5000")
        for day in ("2026-01-05", "2026-02-02", "2026-03-02"):
            spend(plan, owner, sample.party, workstream, day, hours="8", amount="600")
        assert milestone.pk
    client = client_for(actors.viewer)
    url = reverse("budget:budget", args=[plan.pk])
    client.get(url)
    # The session, the user, the membership with its plan; then the budget's eight: settings,
    # lines, funding, realised entries, milestones, workstreams, parties, reporting periods.
    with django_assert_num_queries(11):
        response = client.get(url)
    assert f"Deelproject {size - 1} € 5.000,00 € 1.800,00 € 3.200,00 40,0 24,0" in text(response)
    log = reverse("budget:log", args=[plan.pk])
    # The session, the user, the membership, the count, the page of entries, their corrections.
    with django_assert_num_queries(6):
        client.get(log)


def test_an_editor_removes_a_line_and_the_history_keeps_it(
    sample: SamplePlan, actors: Actors
) -> None:
    plan = sample.plan
    stored = line(plan, actors.owner, sample.workstream, "materials", "2345")
    url = reverse("budget:line_delete", args=[plan.pk, stored.pk])
    client = client_for(actors.editor)
    assert client.get(url).status_code == 405  # removing takes the form's button
    response = client.post(url, follow=True)
    assert "Uit de begroting verwijderd: Modern techniekonderwijs: materiaal." in text(response)
    assert not BudgetLine.objects.exists()
    record = ChangeRecord.objects.get(plan=plan, object_type="budgetline", action="delete")
    assert record.changes["amount"] == ["2345", None]

"""A goal's indicator on its pages: editors set it, contributors add measurements (and corrections,
never edits), everyone in the plan reads the chart and whether it is on course."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from mijlpaal.accounts.models import User
from mijlpaal.indicators import services
from mijlpaal.indicators.models import Indicator, Measurement
from mijlpaal.plans.models import ChangeRecord, Goal, Plan
from mijlpaal.plans.versions import version_of
from tests.helpers import Actors, SamplePlan, client_for, english_client, saved, text


def indicator_for(plan: Plan, user: User, goal: Goal) -> Indicator:
    """Drop-out (uitval) from 12 % at the start of 2025 down to 7 % at the start of 2029."""
    return services.indicator_save(
        plan=plan,
        user=user,
        indicator=Indicator(
            goal=goal,
            unit="%",
            baseline_value=Decimal("12"),
            baseline_date=dt.date(2025, 1, 1),
            target_value=Decimal("7"),
            target_date=dt.date(2029, 1, 1),
        ),
    )


def measure(plan: Plan, user: User, indicator: Indicator, day: str, value: str) -> Measurement:
    return services.measurement_add(
        plan=plan,
        user=user,
        measurement=Measurement(
            indicator=indicator, value=Decimal(value), measured_on=dt.date.fromisoformat(day)
        ),
    )


def test_an_editor_sets_the_indicator_in_dutch_numbers(sample: SamplePlan, actors: Actors) -> None:
    plan, goal = sample.plan, sample.goal
    client = client_for(actors.editor)
    url = reverse("indicators:indicator_edit", args=[plan.pk, goal.pk])
    form = {
        "unit": "leerlingen",
        "baseline_value": "1.234,5",
        "baseline_date": "2025-09-01",
        "target_value": "1.500",
        "target_date": "2028-07-31",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    indicator = Indicator.objects.get(goal=goal)
    assert indicator.baseline_value == Decimal("1234.5")
    assert indicator.target_value == Decimal("1500")
    record = ChangeRecord.objects.filter(plan=plan, object_type="indicator").get()
    assert record.changes["baseline_value"] == [None, "1234.5"]
    page = text(client.get(reverse("indicators:indicator", args=[plan.pk, goal.pk])))
    assert "Nulmeting 1.234,5 leerlingen · 1 sep 2025" in page
    assert "Nog geen metingen." in page
    # In English the same value reads 1,234.5.
    english = text(english_client(actors.editor).get(response["Location"]))
    assert "1,234.5 leerlingen" in english


def test_a_wrong_number_is_explained_and_nothing_is_saved(
    sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.editor)
    url = reverse("indicators:indicator_edit", args=[sample.plan.pk, sample.goal.pk])
    form = {
        "baseline_value": "12.5",
        "baseline_date": "2025-09-01",
        "target_value": "zeven",
        "target_date": "2025-08-01",
    }
    page = text(client.post(url, form))
    assert page.count("Vul een getal in, zoals 1.234,5.") == 2
    assert "De streefdatum ligt na de datum van de nulmeting." in page
    assert not Indicator.objects.exists()


def test_a_stale_indicator_form_does_not_overwrite(sample: SamplePlan, actors: Actors) -> None:
    plan, goal = sample.plan, sample.goal
    indicator = indicator_for(plan, actors.owner, goal)
    shown = version_of(indicator)
    Indicator.objects.filter(pk=indicator.pk).update(target_value=Decimal("6"))
    form = {
        "unit": "%",
        "baseline_value": "12",
        "baseline_date": "2025-01-01",
        "target_value": "5",
        "target_date": "2029-01-01",
        "version": shown,
    }
    url = reverse("indicators:indicator_edit", args=[plan.pk, goal.pk])
    response = client_for(actors.editor).post(url, form)
    assert response.status_code == 200
    assert "Iemand anders heeft dit onderdeel opgeslagen nadat u het opende." in text(response)
    assert Indicator.objects.get(pk=indicator.pk).target_value == Decimal("6")


def test_contributors_measure_and_the_goals_page_shows_on_course(
    sample: SamplePlan, actors: Actors
) -> None:
    plan, goal = sample.plan, sample.goal
    indicator_for(plan, actors.owner, goal)
    client = client_for(actors.contributor)
    url = reverse("indicators:measurement_new", args=[plan.pk, goal.pk])
    key = str(uuid.uuid4())
    form = {"value": "9,5", "measured_on": "2027-01-01", "source": "DUO", "request_key": key}
    # A double click sends the form twice: one measurement.
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert Measurement.objects.count() == 1
    assert ChangeRecord.objects.filter(object_type="measurement").count() == 1
    goals = text(client.get(reverse("plans:goals", args=[plan.pk])))
    assert "op koers" in goals and "niet op koers" not in goals
    assert "Laatste: 9,5 %; doel 7 %." in goals
    # 9,51 lies above the line at that date (9,5017): not on course, lower being better.
    client.post(url, {**form, "value": "9,51", "measured_on": "2027-01-02", "request_key": ""})
    assert "niet op koers" in text(client.get(reverse("plans:goals", args=[plan.pk])))


def test_a_correction_is_a_new_measurement_and_the_old_one_stays(
    sample: SamplePlan, actors: Actors
) -> None:
    plan, goal = sample.plan, sample.goal
    indicator = indicator_for(plan, actors.owner, goal)
    wrong = measure(plan, actors.owner, indicator, "2026-06-01", "15")
    client = client_for(actors.contributor)
    url = reverse("indicators:measurement_correct", args=[plan.pk, goal.pk, wrong.pk])
    form = {"value": "10,25", "measured_on": "2026-06-01", "note": "Typefout"}
    assert client.post(url, form).status_code == 302
    wrong.refresh_from_db()
    assert wrong.value == Decimal("15")  # nothing is edited in place
    correction = Measurement.objects.get(corrects=wrong)
    assert correction.value == Decimal("10.25")
    assert list(Measurement.objects.counting()) == [correction]
    page = client.get(reverse("indicators:indicator", args=[plan.pk, goal.pk]))
    assert "<del>15</del>" in page.content.decode()
    assert "Waarde (%)" in text(page) and "10,25" in text(page)
    assert "Laatste: 10,25 %; doel 7 %." in text(page)
    assert "(corrigeert de meting van 1 jun 2026)" in text(page)
    # The corrected one cannot be corrected a second time; its correction can.
    again = text(client.post(url, {**form, "value": "11"}))
    assert "Deze meting is al gecorrigeerd; corrigeer de correctie." in again
    assert Measurement.objects.count() == 2


def test_readers_read_and_cannot_measure(sample: SamplePlan, actors: Actors) -> None:
    plan, goal = sample.plan, sample.goal
    indicator_for(plan, actors.owner, goal)
    viewer = client_for(actors.viewer)
    assert viewer.get(reverse("indicators:indicator", args=[plan.pk, goal.pk])).status_code == 200
    url = reverse("indicators:measurement_new", args=[plan.pk, goal.pk])
    assert viewer.post(url, {"value": "8", "measured_on": "2026-01-01"}).status_code == 403
    contributor = client_for(actors.contributor)
    edit = reverse("indicators:indicator_edit", args=[plan.pk, goal.pk])
    assert contributor.get(edit).status_code == 403
    assert not Measurement.objects.exists()


def test_a_measurement_needs_the_indicator_first(sample: SamplePlan, actors: Actors) -> None:
    url = reverse("indicators:measurement_new", args=[sample.plan.pk, sample.goal.pk])
    response = client_for(actors.contributor).get(url, follow=True)
    assert "Dit doel heeft nog geen indicator; een bewerker stelt die eerst in." in text(response)


@pytest.mark.parametrize("goals", [2, 20])
def test_the_goal_pages_make_the_same_queries_for_2_or_20_goals(
    sample: SamplePlan,
    actors: Actors,
    goals: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    plan = sample.plan
    for number in range(goals):
        goal = saved(plan, actors.owner, Goal(description=f"Doel {number} voor de regio"))
        indicator = indicator_for(plan, actors.owner, goal)
        for day in ("2025-06-01", "2026-01-01", "2026-06-01"):
            measure(plan, actors.owner, indicator, day, "9")
    client = client_for(actors.viewer)
    url = reverse("plans:goals", args=[plan.pk])
    client.get(url)
    # The session, the user, the membership with its plan, the goals with their indicators,
    # their measurements.
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.content.decode().count('class="course-chip on"') == goals
    page = reverse("indicators:indicator", args=[plan.pk, goal.pk])
    # The session, the user, the membership, the goal with its indicator, the measurements.
    with django_assert_num_queries(5):
        response = client.get(page)
    assert response.content.decode().count("<tr>") == 1 + 3


def test_the_overview_shows_each_goals_course_and_a_milestone_its_goal(
    sample: SamplePlan, actors: Actors
) -> None:
    plan, goal = sample.plan, sample.goal
    client = client_for(actors.viewer)
    overview = reverse("plans:overview", args=[plan.pk])
    assert "op koers" not in text(client.get(overview))
    indicator = indicator_for(plan, actors.owner, goal)
    measure(plan, actors.owner, indicator, "2026-06-01", "10.2")
    found = text(client.get(overview))
    assert "op koers Laatste: 10,2 %; doel 7 %." in found
    assert "niet op koers" not in found
    english = text(english_client(actors.viewer).get(overview))
    assert "on course Latest: 10.2 %; target 7 %." in english
    milestone = reverse("plans:item_detail", args=[plan.pk, "milestone", sample.milestone.pk])
    assert "Doelstelling Vijf procent minder uitval in vmbo 3 in 2028" in text(
        client.get(milestone)
    )


def test_a_measurement_form_starts_today_and_refuses_odd_values(
    sample: SamplePlan, actors: Actors
) -> None:
    plan, goal = sample.plan, sample.goal
    indicator_for(plan, actors.owner, goal)
    client = client_for(actors.contributor)
    url = reverse("indicators:measurement_new", args=[plan.pk, goal.pk])
    assert 'value="2026-12-01"' in client.get(url).content.decode()
    too_fine = text(client.post(url, {"value": "1,23456", "measured_on": "2026-11-01"}))
    assert "Zorg dat er niet meer dan 4 cijfers achter de komma staan." in too_fine
    huge = text(client.post(url, {"value": "1" + "0" * 14, "measured_on": "2026-11-01"}))
    assert "Vul een getal in, zoals 1.234,5." in huge
    assert not Measurement.objects.exists()


def test_two_editors_setting_a_new_indicator_do_not_overwrite_unseen(
    sample: SamplePlan, actors: Actors
) -> None:
    plan, goal = sample.plan, sample.goal
    url = reverse("indicators:indicator_edit", args=[plan.pk, goal.pk])
    form = {
        "unit": "%",
        "baseline_value": "12",
        "baseline_date": "2025-01-01",
        "target_value": "5",
        "target_date": "2029-01-01",
        "version": "new",
    }
    client = client_for(actors.editor)
    # The empty form is shown; meanwhile the owner sets the indicator.
    assert 'name="version" value="new"' in client.get(url).content.decode()
    indicator_for(plan, actors.owner, goal)
    response = client.post(url, form)
    assert "Iemand anders heeft dit onderdeel opgeslagen nadat u het opende." in text(response)
    assert "Streefwaarde — nu opgeslagen: “7”; uw invoer: “5”" in text(response)
    assert Indicator.objects.get(goal=goal).target_value == Decimal("7")
    # Saving again, knowingly, keeps the editor's input.
    version = version_of(Indicator.objects.get(goal=goal))
    assert client.post(url, {**form, "version": version}).status_code == 302
    assert Indicator.objects.get(goal=goal).target_value == Decimal("5")

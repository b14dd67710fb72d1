"""Forecasts move the plan, the dashboard reads at a glance, and only members who report may
post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mijlpaal.monitoring.models import Entry, Subject
from mijlpaal.monitoring.queries import forecast_effects, load_progress, plan_schedule
from mijlpaal.plans.models import Activity, Dependency, Milestone, Plan, Workstream
from tests.helpers import Actors, SamplePlan, build_plan, client_for, report, text

TODAY = dt.date(2025, 11, 3)


@pytest.fixture
def today(travel: Callable[[dt.date], None]) -> dt.date:
    travel(TODAY)
    return TODAY


def post(
    sample: SamplePlan, actors: Actors, subject: Subject, day: str, light: str, **fields: Any
) -> Entry:
    """The contributor reports on a day."""
    return report(sample.plan, actors.contributor, subject, day, light, **fields)


@pytest.fixture
def chain(sample: SamplePlan, today: dt.date) -> SamplePlan:
    """The second milestone waits for the first."""
    Dependency.objects.create(
        plan=sample.plan,
        predecessor_milestone=sample.milestone,
        successor_milestone=sample.second_milestone,
    )
    return sample


def test_a_forecast_moves_what_follows_and_says_so(chain: SamplePlan, actors: Actors) -> None:
    before = plan_schedule(chain.plan)
    # Its three months of work start today at the earliest: it is late already.
    assert before.milestones[chain.milestone.pk].finish == dt.date(2026, 2, 6)
    assert before.milestones[chain.second_milestone.pk].finish == dt.date(2026, 6, 30)

    post(chain, actors, chain.milestone, "2025-11-03", "orange",
         problems="Leverancier levert later.", forecast=dt.date(2026, 7, 10))  # fmt: skip
    after = plan_schedule(chain.plan)
    assert after.milestones[chain.milestone.pk].finish == dt.date(2026, 7, 10)
    assert after.milestones[chain.second_milestone.pk].finish == dt.date(2026, 7, 10)

    effects = forecast_effects(load_progress(chain.plan))
    assert [e.lines for e in effects] == [
        (
            "‘XR-lesmateriaal ontwikkeld’ wordt nu verwacht op vr 10 juli 2026, 22 weken later dan "
            "gepland.",
            "‘XR-lesmateriaal ontwikkeld’ haalt zijn deadline van vr 19 december 2025 niet meer.",
            "Door de vertraging van ‘XR-lesmateriaal ontwikkeld’ schuift ‘XR in alle "
            "techniekprofielen’ tien dagen op. ‘XR in alle techniekprofielen’ haalt zijn deadline "
            "van di 30 juni 2026 niet meer.",
        )
    ]


def test_an_update_without_a_forecast_takes_the_forecast_back(
    chain: SamplePlan, actors: Actors
) -> None:
    post(
        chain,
        actors,
        chain.milestone,
        "2025-11-03",
        "orange",
        problems="Later.",
        forecast=dt.date(2026, 7, 10),
    )
    post(chain, actors, chain.milestone, "2025-11-10", "green", explanation="Toch op tijd.")
    assert plan_schedule(chain.plan).milestones[chain.second_milestone.pk].finish == dt.date(
        2026, 6, 30
    )
    assert forecast_effects(load_progress(chain.plan)) == []


def test_reaching_a_milestone_is_an_actual_date_for_the_engine(
    chain: SamplePlan, actors: Actors
) -> None:
    post(chain, actors, chain.milestone, "2025-11-03", "reached", reached_on=dt.date(2025, 10, 31))
    chain.milestone.refresh_from_db()
    assert chain.milestone.reached_on == dt.date(2025, 10, 31)
    assert plan_schedule(chain.plan).milestones[chain.milestone.pk].finish == dt.date(2025, 10, 31)


def test_the_dashboard_at_a_glance(chain: SamplePlan, actors: Actors) -> None:
    post(chain, actors, chain.milestone, "2025-10-31", "red",
         problems="De leverancier levert niet.", measures="Escalatie naar de directie.",
         forecast=dt.date(2026, 3, 20))  # fmt: skip
    post(
        chain,
        actors,
        chain.activity,
        "2025-10-31",
        "orange",
        problems="Twee docenten ziek.",
        percent=30,
    )
    page = text(
        client_for(actors.viewer).get(reverse("monitoring:dashboard", args=[chain.plan.pk]))
    )
    assert "In één oogopslag" in page
    # counts per light: one red milestone, one orange activity, one milestone without an update
    assert "1 rood" in page and "1 oranje" in page and "1 nog geen update" in page
    assert "2 open knelpunten" in page
    assert "1 kritiek onderdeel in gevaar" in page
    assert "De leverancier levert niet." in page
    assert (
        "Door de vertraging van ‘XR-lesmateriaal ontwikkeld’ schuift ‘XR in alle techniekprofielen’"
        not in page
    )
    assert "wordt nu verwacht op vr 20 maart 2026, zes weken later dan gepland" in page
    assert "Statusupdate" not in page  # a viewer does not report


def test_the_lists_behind_the_numbers(chain: SamplePlan, actors: Actors, today: dt.date) -> None:
    post(chain, actors, chain.activity, "2025-10-31", "orange", problems="Twee docenten ziek.")
    client = client_for(actors.viewer)
    page = text(client.get(reverse("monitoring:status_list", args=[chain.plan.pk, "problems"])))
    assert "Inventarisatie XR-toepassingen" in page and "Twee docenten ziek." in page
    assert "XR in alle techniekprofielen" not in page
    page = text(client.get(reverse("monitoring:status_list", args=[chain.plan.pk, "none"])))
    assert "XR-lesmateriaal ontwikkeld" in page and "XR in alle techniekprofielen" in page
    assert (
        client.get(
            reverse("monitoring:status_list", args=[chain.plan.pk, "everything"])
        ).status_code
        == 404
    )


def test_a_contributor_posts_an_update_and_a_viewer_may_not(
    sample: SamplePlan, actors: Actors, today: dt.date
) -> None:
    url = reverse("monitoring:entry_new", args=[sample.plan.pk, "milestone", sample.milestone.pk])
    data = {"light": "orange", "explanation": "Loopt uit.", "problems": "Te weinig tijd.",
            "measures": "Extra uren.", "forecast": "2026-01-16", "percent": "60",
            "reported_on": "2025-11-03"}  # fmt: skip
    assert client_for(actors.viewer).post(url, data).status_code == 403
    assert Entry.objects.count() == 0
    response = client_for(actors.contributor).post(url, data)
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.light, entry.forecast, entry.percent, entry.author, entry.subject) == (
        "orange",
        dt.date(2026, 1, 16),
        60,
        actors.contributor,
        "1. XR-lesmateriaal ontwikkeld",
    )
    detail = text(
        client_for(actors.viewer).get(
            reverse("plans:item_detail", args=[sample.plan.pk, "milestone", sample.milestone.pk])
        )
    )
    assert (
        "Status: oranje" in detail and "Te weinig tijd." in detail and "Cor Contributor" in detail
    )


def test_orange_without_saying_why_is_refused(
    sample: SamplePlan, actors: Actors, today: dt.date
) -> None:
    url = reverse("monitoring:entry_new", args=[sample.plan.pk, "milestone", sample.milestone.pk])
    response = client_for(actors.contributor).post(url, {"light": "red"})
    assert response.status_code == 200
    assert "Zeg wat er in de weg zit als het licht oranje of rood is." in text(response)
    assert Entry.objects.count() == 0


def test_a_workstream_cannot_be_reached(sample: SamplePlan, actors: Actors, today: dt.date) -> None:
    url = reverse("monitoring:entry_new", args=[sample.plan.pk, "workstream", sample.workstream.pk])
    response = client_for(actors.contributor).post(url, {"light": "reached"})
    assert response.status_code == 200
    assert Entry.objects.count() == 0


def test_an_item_of_another_plan_is_not_found(sample: SamplePlan, actors: Actors) -> None:
    other = build_plan(actors.contributor, "Ander plan")
    foreign = Milestone.objects.create(plan=other, title="Elders")
    url = reverse("monitoring:entry_new", args=[sample.plan.pk, "milestone", foreign.pk])
    assert client_for(actors.contributor).post(url, {"light": "green"}).status_code == 404
    assert Entry.objects.count() == 0


def big_plan(actors: Actors, milestones: int, entries: int) -> Plan:
    plan = build_plan(actors.owner, f"Groot plan {milestones}")
    streams = Workstream.objects.bulk_create(
        Workstream(plan=plan, name=f"Deelproject {i}", order=i) for i in range(10)
    )
    rows = Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            workstream=streams[i % 10],
            number=i + 1,
            title=f"Mijlpaal {i}",
            order=i,
            deadline=dt.date(2026, 1, 5) + dt.timedelta(days=3 * i),
            lead_time="4w",
        )
        for i in range(milestones)
    )
    Activity.objects.bulk_create(
        Activity(
            plan=plan, workstream=m.workstream, milestone=m, title=f"Werk {m.pk}", duration="2w"
        )
        for m in rows
    )
    lights = ("green", "orange", "red", "green", "green")
    Entry.objects.bulk_create(
        Entry(
            plan=plan,
            target="milestone",
            milestone=rows[i % milestones],
            subject=rows[i % milestones].title,
            light=lights[i % 5],
            problems="Knelpunt" if lights[i % 5] != "green" else "",
            forecast=dt.date(2026, 3, 1) + dt.timedelta(days=i % 90),
            reported_on=dt.date(2025, 1, 3) + dt.timedelta(days=i // 10),
            author=actors.owner,
            author_name="Olga Owner",
        )
        for i in range(entries)
    )
    return plan


def test_the_dashboard_makes_the_same_queries_for_300_milestones_and_3000_entries(
    sample: SamplePlan, actors: Actors, today: dt.date
) -> None:
    post(sample, actors, sample.milestone, "2025-10-31", "orange", problems="Klein probleem.")
    big = big_plan(actors, 300, 3000)
    client = client_for(actors.owner)
    counts = []
    for plan in (sample.plan, big):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("monitoring:dashboard", args=[plan.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts == [11, 11]


def test_the_charts_read_only_the_latest_updates_and_see_the_same_lights(
    chain: SamplePlan, actors: Actors
) -> None:
    """`logbook=False` loads each subject's latest counting update in SQL: the same lights,
    staleness and forecasts as the whole logbook gives, in the same five queries."""
    post(chain, actors, chain.milestone, "2025-10-20", "red", problems="Oud.",
         forecast=dt.date(2026, 3, 1))  # fmt: skip
    post(chain, actors, chain.milestone, "2025-10-27", "orange", problems="Later.",
         forecast=dt.date(2026, 7, 10))  # fmt: skip
    wrong = post(chain, actors, chain.second_milestone, "2025-11-03", "red", problems="Fout.")
    post(chain, actors, chain.second_milestone, "2025-10-01", "green", corrects=wrong)
    post(chain, actors, chain.activity, "2025-11-03", "orange", problems="Wacht op levering.")
    post(chain, actors, chain.workstream, "2025-11-03", "green")
    post(chain, actors, chain.workstream, "2025-11-02", "red", problems="Eerder gemeld.")
    whole = load_progress(chain.plan)
    with CaptureQueriesContext(connection) as queries:
        light = load_progress(chain.plan, logbook=False)
    assert len(queries) == 5
    assert light.forecasts == whole.forecasts == {chain.milestone.pk: dt.date(2026, 7, 10)}
    assert light.status == whole.status
    assert light.status.milestones[chain.second_milestone.pk].light == "green"
    assert light.status.milestones[chain.milestone.pk].light == "orange"
    assert light.status.workstreams[chain.workstream.pk].shown == "green"
    # one per subject: the two milestones, the activity and the workstream
    assert sorted(e.light for e in light.entries) == ["green", "green", "orange", "orange"]

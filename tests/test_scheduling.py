"""The web application's plan goes through the planning engine: dates and warnings on the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from pytest_django import Settings

from mijlpaal.plans import scheduling, services
from mijlpaal.plans.models import Dependency, Milestone
from tests.helpers import Actors, SamplePlan, client_for, text


@pytest.fixture
def today(travel: Callable[[dt.date], None]) -> dt.date:
    day = dt.date(2025, 9, 1)
    travel(day)
    return day


def test_lead_time_is_planned_backwards_from_the_deadline(
    sample: SamplePlan, today: dt.date
) -> None:
    result = scheduling.compute_schedule(sample.plan)
    xr = result.milestones[sample.milestone.pk]
    # 60 working days ending Friday 19 December 2025, skipping the autumn holiday (midden,
    # 20–24 Oct).
    assert (xr.start, xr.finish, xr.late_start) == (
        dt.date(2025, 9, 22),
        dt.date(2025, 12, 19),
        dt.date(2025, 9, 22),
    )
    assert xr.slack == 15
    inventory = result.activities[sample.activity.pk]
    assert (inventory.start, inventory.finish) == (dt.date(2025, 11, 24), dt.date(2025, 12, 19))
    assert inventory.slack == 55
    # The plan runs to 2028: past the shipped school holidays of 2025–2026.
    assert [w.code for w in result.warnings] == ["school_holidays_unknown"]


def test_workstreams_page_shows_computed_dates(
    sample: SamplePlan, actors: Actors, today: dt.date
) -> None:
    page = text(client_for(actors.viewer).get(reverse("plans:workstreams", args=[sample.plan.pk])))
    assert (
        "Start: 22 sep 2025 Eind: 19 dec 2025 Uiterlijk starten: 22 sep 2025 Speling : het kan tot "
        "15 werkdagen eerder beginnen" in page
    )
    assert (
        "Start: 24 nov 2025 Eind: 19 dec 2025 Uiterlijk starten: 24 nov 2025 Speling : het kan tot "
        "55 werkdagen eerder beginnen" in page
    )


def test_a_chain_that_cannot_be_done_is_said_in_plain_dutch(
    sample: SamplePlan, actors: Actors, travel: Callable[[dt.date], None]
) -> None:
    travel(dt.date(2025, 11, 3))
    response = client_for(actors.viewer).get(reverse("plans:overview", args=[sample.plan.pk]))
    page = text(response)
    assert (
        "De mijlpaal ‘XR-lesmateriaal ontwikkeld’ (deadline vr 19 december 2025) is niet haalbaar"
        in page
    )
    assert "vr 6 februari 2026, 25 werkdagen te laat" in page
    assert "XR-lesmateriaal ontwikkeld → XR-lesmateriaal ontwikkeld" not in page
    detail = reverse("plans:item_detail", args=[sample.plan.pk, "milestone", sample.milestone.pk])
    assert f'<a href="{detail}">XR-lesmateriaal ontwikkeld</a>' in response.content.decode()
    workstreams = text(
        client_for(actors.viewer).get(reverse("plans:workstreams", args=[sample.plan.pk]))
    )
    assert "Speling : 25 werkdagen tekort: het haalt de deadline niet" in workstreams
    assert "kritiek" in workstreams


def test_reaching_a_milestone_clears_its_warning(
    sample: SamplePlan, actors: Actors, travel: Callable[[dt.date], None]
) -> None:
    travel(dt.date(2026, 1, 12))
    assert any(
        w.code == "deadline_unreachable" for w in scheduling.compute_schedule(sample.plan).warnings
    )
    sample.milestone.reached_on = dt.date(2025, 12, 18)
    services.item_save(plan=sample.plan, user=actors.editor, instance=sample.milestone)
    sample.activity.actual_start = dt.date(2025, 11, 17)
    sample.activity.actual_finish = dt.date(2025, 12, 12)
    services.item_save(plan=sample.plan, user=actors.editor, instance=sample.activity)
    result = scheduling.compute_schedule(sample.plan)
    assert [w.code for w in result.warnings if sample.milestone.title in w.message] == []
    assert result.milestones[sample.milestone.pk].finish == dt.date(2025, 12, 18)


def test_a_dependency_moves_the_successor(
    sample: SamplePlan, actors: Actors, today: dt.date
) -> None:
    second = sample.second_milestone
    second.lead_time = "2w"
    services.item_save(plan=sample.plan, user=actors.editor, instance=second)
    services.dependency_create(
        plan=sample.plan,
        user=actors.editor,
        predecessor=sample.milestone,
        successor=second,
        type="FS",
        lag="0d",
    )
    assert Dependency.objects.count() == 1
    result = scheduling.compute_schedule(sample.plan)
    # Planned backwards from 30 June 2026: ten working days, 17–30 June.
    assert result.milestones[second.pk].start == dt.date(2026, 6, 17)
    assert result.milestones[second.pk].finish == dt.date(2026, 6, 30)
    assert Milestone.objects.get(pk=second.pk).lead_time == "2w"


def test_overview_counts_only_unreached_milestones_as_late(
    sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.viewer)
    assert "2 mijlpalen zijn over de deadline" in text(
        client.get(reverse("plans:overview", args=[sample.plan.pk]))
    )
    sample.milestone.reached_on = dt.date(2025, 12, 19)
    services.item_save(plan=sample.plan, user=actors.editor, instance=sample.milestone)
    assert "1 mijlpaal is over de deadline" in text(
        client.get(reverse("plans:overview", args=[sample.plan.pk]))
    )


def test_imported_school_holidays_count_on_the_web(
    sample: SamplePlan, actors: Actors, today: dt.date, settings: Settings, tmp_path: Path
) -> None:
    from mijlpaal.planning import import_school_holidays

    second = sample.second_milestone
    second.deadline, second.lead_time = dt.date(2026, 10, 30), "2w"
    services.item_save(plan=sample.plan, user=actors.editor, instance=second)
    settings.MIJLPAAL_DATA_DIR = tmp_path
    assert scheduling.compute_schedule(sample.plan).milestones[second.pk].start == dt.date(
        2026, 10, 19
    )
    fixture = Path(__file__).parent / "planning" / "fixtures" / "schoolvakanties-2026-2027.json"
    import_school_holidays(str(fixture), tmp_path)
    # The autumn holiday 2026 of region midden (17–25 October) now moves the start a week earlier.
    assert scheduling.compute_schedule(sample.plan).milestones[second.pk].start == dt.date(
        2026, 10, 12
    )

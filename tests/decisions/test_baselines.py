"""Baselines: "Planning vaststellen", and what moved since, per item and in a summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from mijlpaal.decisions import services
from mijlpaal.decisions.baselines import (
    baseline_schedule,
    baseline_take,
    compare,
    current_schedule,
)
from mijlpaal.decisions.models import Baseline, BaselineItem
from mijlpaal.plans.models import ChangeRecord, Membership, Milestone
from mijlpaal.plans.services import item_save
from tests.decisions.conftest import Governed
from tests.helpers import Actors, SamplePlan, client_for, english_client, text


def test_an_editor_adopts_the_planning(sample: SamplePlan, actors: Actors) -> None:
    plan = sample.plan
    url = reverse("decisions:baselines", args=[plan.pk])
    response = client_for(actors.editor).post(url, {"name": "Vastgesteld door de stuurgroep"})
    baseline = Baseline.objects.get(plan=plan)
    assert response["Location"] == reverse("decisions:baseline", args=[plan.pk, baseline.pk])
    assert (baseline.name, baseline.taken_on, baseline.taken_by) == (
        "Vastgesteld door de stuurgroep",
        dt.date(2026, 12, 1),
        actors.editor,
    )
    item = BaselineItem.objects.get(
        baseline=baseline, kind="milestone", item_id=sample.milestone.pk
    )
    assert (item.label, item.deadline, item.lead_time) == (
        "1. XR-lesmateriaal ontwikkeld",
        dt.date(2025, 12, 19),
        "3m",
    )
    assert item.finish == current_schedule(plan).items["milestone", sample.milestone.pk].finish
    assert (
        BaselineItem.objects.filter(baseline=baseline).count() == 3
    )  # two milestones, one activity
    assert ChangeRecord.objects.filter(plan=plan, object_type="baseline", action="create").exists()
    page = text(client_for(actors.viewer).get(url))
    assert "Vastgesteld door de stuurgroep 1 dec 2026 Eddy Editor" in page


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_readers_do_not_adopt_the_planning(sample: SamplePlan, actors: Actors, role: str) -> None:
    url = reverse("decisions:baselines", args=[sample.plan.pk])
    assert client_for(getattr(actors, role)).post(url, {"name": "x"}).status_code == 403
    assert not Baseline.objects.exists()


def test_a_later_deadline_shows_as_a_shift_in_working_days(
    sample: SamplePlan, actors: Actors, travel: Callable[[dt.date], None]
) -> None:
    travel(dt.date(2025, 3, 3))  # before the work started: the plan's own dates
    plan = sample.plan
    baseline = baseline_take(plan=plan, user=actors.owner, name="Start")
    second = sample.second_milestone
    assert baseline_schedule(baseline).items["milestone", second.pk].finish == dt.date(2026, 6, 30)
    # Two weeks later (Tuesday 30 June → Tuesday 14 July 2026): ten working days.
    second.deadline = dt.date(2026, 7, 14)
    item_save(plan=plan, user=actors.owner, instance=second)
    found = compare(plan, baseline_schedule(baseline), current_schedule(plan))
    assert [(row.label, row.days) for row in found.rows] == [
        ("2. XR in alle techniekprofielen", 10)
    ]
    assert found.moved == 1 and found.end_shift == 10
    assert (found.end_before, found.end_after) == (dt.date(2026, 6, 30), dt.date(2026, 7, 14))
    page = text(
        client_for(actors.viewer).get(reverse("decisions:baseline", args=[plan.pk, baseline.pk]))
    )
    assert "Einde van het werk 30 jun 2026 → 14 jul 2026 (10 werkdagen)" in page
    assert "Onderdelen verschoven 1" in page
    assert "2. XR in alle techniekprofielen 30 jun 2026 14 jul 2026 +10" in page


def test_two_baselines_compared(
    sample: SamplePlan, actors: Actors, travel: Callable[[dt.date], None]
) -> None:
    travel(dt.date(2025, 3, 3))
    plan = sample.plan
    first = baseline_take(plan=plan, user=actors.owner, name="Eerste")
    second = sample.second_milestone
    second.deadline = dt.date(2026, 6, 23)  # a week earlier
    item_save(plan=plan, user=actors.owner, instance=second)
    later = baseline_take(plan=plan, user=actors.owner, name="Tweede")
    second.deadline = dt.date(2026, 9, 1)
    item_save(plan=plan, user=actors.owner, instance=second)
    url = reverse("decisions:baseline", args=[plan.pk, first.pk])
    page = text(client_for(actors.viewer).get(url, {"with": later.pk}))
    assert "Vergeleken met de vastgestelde planning ‘Tweede’." in page
    assert "2. XR in alle techniekprofielen 30 jun 2026 23 jun 2026 -5" in page
    # Another plan's baseline is not offered, and not used.
    other = client_for(actors.viewer).get(url, {"with": "99999"})
    assert "Vergeleken met het plan zoals het nu is." in text(other)


def test_a_decision_adopts_the_planning(governed: Governed, actors: Actors) -> None:
    plan = governed.sample.plan
    document = services.document_start(
        plan=plan, user=actors.editor, subject=governed.point, question="Door?"
    )
    services.document_submit(plan=plan, user=actors.editor, document=document)
    services.document_decide(
        plan=plan,
        user=governed.boss,
        membership=Membership.objects.get(plan=plan, user=governed.boss),
        document=document,
        decision=services.Decision(
            verdict="bijsturen",
            rationale="Later.",
            requested_change="Drie maanden later.",
            new_deadline=dt.date(2027, 6, 1),
        ),
    )
    baseline = Baseline.objects.get(plan=plan)
    assert baseline.decision == document
    assert baseline.name == "Besluit: 3. Besluit over opschaling, bijsturen"
    # Taken after the approved change.
    item = BaselineItem.objects.get(baseline=baseline, kind="milestone", item_id=governed.point.pk)
    assert item.deadline == dt.date(2027, 6, 1)


def test_the_comparison_in_english(sample: SamplePlan, actors: Actors) -> None:
    baseline = baseline_take(plan=sample.plan, user=actors.owner, name="Start")
    page = text(
        english_client(actors.viewer).get(
            reverse("decisions:baseline", args=[sample.plan.pk, baseline.pk])
        )
    )
    assert "Baseline: Start" in page and "Nothing moved." in page
    assert "Critical path unchanged" in page


@pytest.mark.parametrize("size", [3, 100])
def test_the_baseline_pages_make_a_fixed_number_of_queries(
    sample: SamplePlan, actors: Actors, size: int, django_assert_num_queries: Any
) -> None:
    from tests.test_views import grow

    plan = sample.plan
    grow(plan, actors.owner, size)
    first = baseline_take(plan=plan, user=actors.owner, name="Eerste")
    second = baseline_take(plan=plan, user=actors.owner, name="Tweede")
    Milestone.objects.filter(plan=plan).update(deadline=dt.date(2027, 1, 4))
    client = client_for(actors.viewer)
    for url, query, expected in (
        (reverse("decisions:baselines", args=[plan.pk]), {}, 4),
        (reverse("decisions:baseline", args=[plan.pk, first.pk]), {}, 12),
        (reverse("decisions:baseline", args=[plan.pk, first.pk]), {"with": second.pk}, 9),
    ):
        client.get(url, query)
        with django_assert_num_queries(expected):
            assert client.get(url, query).status_code == 200


def test_the_summary_names_newly_late_milestones_and_the_critical_path(
    sample: SamplePlan,
) -> None:
    from mijlpaal.decisions.baselines import Dates, Schedule

    day = dt.date
    before = Schedule(
        {
            ("milestone", 1): Dates(
                "1. Ontwerp", day(2026, 9, 7), day(2026, 9, 11), day(2026, 9, 11), critical=True
            ),
            ("milestone", 2): Dates(
                "2. Pilot", day(2026, 9, 14), day(2026, 9, 18), day(2026, 9, 25)
            ),
            ("activity", 3): Dates("Offertes", day(2026, 9, 7), day(2026, 9, 9)),
        },
        day(2028, 12, 31),
    )
    after = Schedule(
        {
            ("milestone", 1): Dates(
                "1. Ontwerp", day(2026, 9, 7), day(2026, 9, 11), day(2026, 9, 11)
            ),
            ("milestone", 2): Dates(
                "2. Pilot", day(2026, 9, 28), day(2026, 10, 2), day(2026, 9, 25), critical=True
            ),
            ("activity", 4): Dates("Scholing", day(2026, 10, 5), day(2026, 10, 9)),
        },
        day(2028, 12, 31),
    )
    found = compare(sample.plan, before, after)
    # 18 September → 2 October 2026: two weeks, ten working days.
    assert [(r.label, r.days, r.newly_late) for r in found.rows] == [
        ("2. Pilot", 10, True),
        ("Offertes", None, False),
        ("Scholing", None, False),
    ]
    assert (found.moved, found.added, found.removed) == (1, 1, 1)
    assert found.newly_late == ["2. Pilot"]
    assert (found.critical_in, found.critical_out) == (["2. Pilot"], ["1. Ontwerp"])
    # The end: 18 September → 9 October 2026, three weeks without holidays.
    assert (found.end_before, found.end_after, found.end_shift) == (
        day(2026, 9, 18),
        day(2026, 10, 9),
        15,
    )

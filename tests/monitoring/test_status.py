"""The derived status: late beats any light, roll-ups take the worst light unless a newer own entry
says otherwise, and an item without a recent update is stale. Today is fixed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from mijlpaal.monitoring.models import Entry
from mijlpaal.monitoring.services import Subject
from mijlpaal.monitoring.status import PlanStatus, derive
from mijlpaal.plans.models import Activity, Milestone, Workstream
from tests.helpers import Actors, SamplePlan, report


def post(
    sample: SamplePlan, actors: Actors, subject: Subject, day: str, light: str, **fields: Any
) -> Entry:
    """The contributor reports on a day."""
    return report(sample.plan, actors.contributor, subject, day, light, **fields)


def status_on(sample: SamplePlan, day: str) -> PlanStatus:
    plan = sample.plan
    plan.refresh_from_db()
    return derive(
        plan,
        list(Milestone.objects.filter(plan=plan)),
        list(Activity.objects.filter(plan=plan)),
        list(Workstream.objects.filter(plan=plan)),
        list(Entry.objects.filter(plan=plan)),
        today=dt.date.fromisoformat(day),
    )


def test_a_milestone_past_its_deadline_is_late_whatever_its_light(
    sample: SamplePlan, actors: Actors
) -> None:
    post(
        sample,
        actors,
        sample.milestone,
        "2025-12-01",
        "green",
        explanation="Loopt volgens planning.",
    )
    before = status_on(sample, "2025-12-19")
    after = status_on(sample, "2025-12-22")
    assert before.milestones[sample.milestone.pk].shown == "green"
    assert after.milestones[sample.milestone.pk].shown == "late"
    assert after.milestones[sample.milestone.pk].light == "green"


def test_reached_is_never_late_and_marks_the_milestone(sample: SamplePlan, actors: Actors) -> None:
    post(sample, actors, sample.milestone, "2026-01-09", "reached", reached_on=dt.date(2026, 1, 8))
    sample.milestone.refresh_from_db()
    assert sample.milestone.reached_on == dt.date(2026, 1, 8)
    assert status_on(sample, "2026-03-01").milestones[sample.milestone.pk].shown == "reached"


def test_a_workstream_shows_the_worst_light_unless_its_own_entry_is_newer(
    sample: SamplePlan, actors: Actors
) -> None:
    post(sample, actors, sample.milestone, "2025-11-07", "green")
    post(
        sample,
        actors,
        sample.second_milestone,
        "2025-11-07",
        "orange",
        problems="Te weinig docenten.",
    )
    rolled = status_on(sample, "2025-11-10").workstreams[sample.workstream.pk]
    assert (rolled.shown, rolled.own) == ("orange", False)

    post(
        sample, actors, sample.workstream, "2025-11-05", "green", explanation="Older than the items"
    )
    assert status_on(sample, "2025-11-10").workstreams[sample.workstream.pk].shown == "orange"

    post(
        sample,
        actors,
        sample.workstream,
        "2025-11-08",
        "green",
        explanation="Opgelost in het kernteam.",
    )
    rolled = status_on(sample, "2025-11-10").workstreams[sample.workstream.pk]
    assert (rolled.shown, rolled.own) == ("green", True)


def test_the_plan_rolls_up_its_workstreams_unless_it_has_a_newer_entry(
    sample: SamplePlan, actors: Actors
) -> None:
    post(
        sample,
        actors,
        sample.second_milestone,
        "2025-11-07",
        "red",
        problems="Uitvoering ligt stil.",
    )
    assert status_on(sample, "2025-11-10").plan.shown == "red"
    post(
        sample,
        actors,
        sample.plan,
        "2025-11-09",
        "orange",
        problems="Stuurgroep besluit volgende week.",
    )
    plan_status = status_on(sample, "2025-11-10").plan
    assert (plan_status.shown, plan_status.own) == ("orange", True)
    # A newer item entry makes the roll-up count again.
    post(sample, actors, sample.activity, "2025-11-10", "green", percent=40)
    assert status_on(sample, "2025-11-10").plan.shown == "red"


def test_an_item_without_an_update_for_longer_than_the_interval_is_stale(
    sample: SamplePlan, actors: Actors
) -> None:
    post(sample, actors, sample.activity, "2025-11-03", "green")
    assert not status_on(sample, "2025-12-01").activities[sample.activity.pk].stale
    assert status_on(sample, "2025-12-02").activities[sample.activity.pk].stale
    sample.plan.update_interval_weeks = 8
    sample.plan.save()
    assert not status_on(sample, "2025-12-02").activities[sample.activity.pk].stale


def test_a_correction_replaces_the_entry_it_corrects(sample: SamplePlan, actors: Actors) -> None:
    wrong = post(
        sample,
        actors,
        sample.second_milestone,
        "2025-11-07",
        "red",
        problems="Verkeerd item gekozen.",
    )
    post(sample, actors, sample.second_milestone, "2025-11-07", "green", corrects=wrong)
    assert status_on(sample, "2025-11-10").milestones[sample.second_milestone.pk].shown == "green"
    assert Entry.objects.filter(plan=sample.plan).count() == 2  # both stay in the logbook
    with pytest.raises(ValidationError, match="al gecorrigeerd"):
        post(
            sample,
            actors,
            sample.second_milestone,
            "2025-11-08",
            "orange",
            problems="x",
            corrects=wrong,
        )


def test_correcting_a_reached_by_mistake_takes_the_date_back(
    sample: SamplePlan, actors: Actors
) -> None:
    wrong = post(
        sample, actors, sample.milestone, "2025-12-01", "reached", reached_on=dt.date(2025, 12, 1)
    )
    post(
        sample,
        actors,
        sample.milestone,
        "2025-12-01",
        "orange",
        problems="Nog niet klaar.",
        corrects=wrong,
    )
    sample.milestone.refresh_from_db()
    assert sample.milestone.reached_on is None


def test_a_correction_must_be_about_the_same_item(sample: SamplePlan, actors: Actors) -> None:
    wrong = post(sample, actors, sample.milestone, "2025-12-01", "green")
    with pytest.raises(ValidationError, match="hetzelfde onderdeel"):
        post(sample, actors, sample.second_milestone, "2025-12-01", "green", corrects=wrong)
    assert Entry.objects.count() == 1


def test_a_reached_milestone_takes_no_other_light(sample: SamplePlan, actors: Actors) -> None:
    post(
        sample, actors, sample.milestone, "2025-12-12", "reached", reached_on=dt.date(2025, 12, 12)
    )
    with pytest.raises(ValidationError, match="bereikt op vr 12 december 2025"):
        post(sample, actors, sample.milestone, "2026-01-09", "orange", problems="Toch niet af.")
    assert Entry.objects.count() == 1

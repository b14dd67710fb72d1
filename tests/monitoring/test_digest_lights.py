"""The weekly digest says, for each update of the week, the light just before it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mijlpaal.monitoring import services
from mijlpaal.monitoring.models import Entry
from mijlpaal.monitoring.notify import digest_for
from tests.conftest import Actors, SamplePlan

TODAY = dt.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def _today(travel: Callable[[dt.date], None]) -> None:
    travel(TODAY)


def post(sample: SamplePlan, actors: Actors, light: str, **fields: Any) -> Entry:
    entry = Entry(light=light, reported_on=fields.pop("reported_on", TODAY), **fields)
    return services.entry_post(
        plan=sample.plan, user=actors.contributor, subject=sample.milestone, entry=entry
    )


def changes(sample: SamplePlan) -> list[tuple[str, str]]:
    digest = digest_for(sample.plan, now=timezone.now(), today=TODAY)  # in Dutch, as mailed
    return [(line.before, line.after) for line in digest.lines]


def test_three_updates_in_one_week_each_show_the_light_before_them(
    sample: SamplePlan, actors: Actors
) -> None:
    for light in ("green", "orange", "red"):
        post(sample, actors, light)

    assert changes(sample) == [
        ("nog geen status", "groen"),
        ("groen", "oranje"),
        ("oranje", "rood"),
    ]


def test_the_first_update_of_the_week_follows_the_light_of_the_week_before(
    sample: SamplePlan, actors: Actors
) -> None:
    old = post(sample, actors, "orange", reported_on=dt.date(2025, 12, 22))
    Entry.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=10))
    post(sample, actors, "red")
    post(sample, actors, "red")  # no change: no "before"

    assert changes(sample) == [("oranje", "rood"), ("", "rood")]


def test_a_correction_shows_the_light_it_replaces(sample: SamplePlan, actors: Actors) -> None:
    post(sample, actors, "green")
    wrong = post(sample, actors, "red")
    post(sample, actors, "orange", corrects=wrong)

    assert changes(sample) == [("nog geen status", "groen"), ("groen", "rood"), ("rood", "oranje")]


def test_the_digest_makes_the_same_number_of_queries_for_a_busy_week(
    sample: SamplePlan, actors: Actors
) -> None:
    post(sample, actors, "green")
    with CaptureQueriesContext(connection) as few:
        digest_for(sample.plan, now=timezone.now(), today=TODAY)
    for light in ("orange", "red", "green", "orange", "red", "green"):
        post(sample, actors, light)
    with CaptureQueriesContext(connection) as many:
        digest_for(sample.plan, now=timezone.now(), today=TODAY)

    assert len(many) == len(few) == 3

"""The demo is told in the current week: every date shifted by whole weeks, the same picture.

Each test loads the demo more than once, on different days, each time in a savepoint that is rolled
back: two databases in one test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import transaction
from django.utils import timezone

from mijlpaal import clock
from mijlpaal.demo import load_demo
from mijlpaal.monitoring.models import Entry, Evaluation
from mijlpaal.plans.demo import ANCHOR, STATUS_DATE, shift_for
from mijlpaal.plans.models import Activity, Goal, Milestone, Plan, ReportingPeriod

pytestmark = pytest.mark.django_db

T = TypeVar("T")
Travel = Callable[[dt.date], None]
A_YEAR = dt.timedelta(weeks=52)


@pytest.fixture(autouse=True)
def _shipped_holidays_only(settings: Any, tmp_path: Path) -> None:
    # School holidays imported into a developer's var/ would change the calendar of the plans.
    settings.MIJLPAAL_DATA_DIR = tmp_path


def loaded_on(day: dt.date, travel: Travel, read: Callable[[tuple[Plan, ...]], T]) -> T:
    """What `read` finds in the demo loaded on `day`; the database is rolled back afterwards."""
    travel(day)
    with transaction.atomic():
        found = read(load_demo().plans)
        transaction.set_rollback(True)
    return found


def dates(plans: tuple[Plan, ...]) -> Iterator[tuple[str, dt.date | None]]:
    """Every date the demo writes, each with what it belongs to, in a fixed order."""
    for plan in plans:
        yield from [("start", plan.start_date), ("end", plan.end_date)]
        for p in ReportingPeriod.objects.filter(plan=plan).order_by("id"):
            yield from [(p.name, p.start_date), (p.name, p.end_date), (p.name, p.due_date)]
        for g in Goal.objects.filter(plan=plan).order_by("id"):
            yield g.description, g.target_date
        for m in Milestone.objects.filter(plan=plan).order_by("id"):
            yield from [(m.title, m.deadline), (m.title, m.reached_on)]
        for a in Activity.objects.filter(plan=plan).order_by("id"):
            yield from [(a.title, a.actual_start), (a.title, a.actual_finish)]
        for e in Entry.objects.filter(plan=plan).order_by("id"):
            yield from [(e.subject, e.reported_on), (e.subject, e.reached_on)]
            yield from [(e.subject, e.forecast), (e.subject, timezone.localdate(e.created_at))]
        for v in Evaluation.objects.filter(plan=plan).order_by("id"):
            yield v.title, v.planned_on


def all_dates(plans: tuple[Plan, ...]) -> list[tuple[str, dt.date | None]]:
    return list(dates(plans))


def moved(found: list[tuple[str, dt.date | None]], by: dt.timedelta) -> list[Any]:
    return [(what, None if day is None else day + by) for what, day in found]


def test_the_story_moves_by_whole_weeks_rounded_down() -> None:
    assert ANCHOR.weekday() == 0 and STATUS_DATE.weekday() == 4  # a Monday, the Friday before
    assert shift_for(ANCHOR) == shift_for(ANCHOR + dt.timedelta(days=6)) == dt.timedelta(0)
    assert shift_for(ANCHOR + dt.timedelta(days=7)) == dt.timedelta(weeks=1)
    assert shift_for(ANCHOR - dt.timedelta(days=1)) == dt.timedelta(weeks=-1)
    assert shift_for(dt.date(2027, 9, 8)) == dt.timedelta(weeks=42)  # a Wednesday
    # The suite's today is a Tuesday two weeks after the anchor.
    assert shift_for(clock.today()) == dt.timedelta(weeks=2)


def test_every_date_moves_by_the_shift(travel: Travel) -> None:
    story = loaded_on(ANCHOR, travel, all_dates)
    # A Thursday a year on: the whole story a year later, Mondays still on Mondays.
    later = loaded_on(ANCHOR + A_YEAR + dt.timedelta(days=3), travel, all_dates)
    assert len(story) > 500
    assert later == moved(story, A_YEAR)


def test_a_milestones_deadline_moves_by_exactly_the_shift(travel: Travel) -> None:
    def deadline(plans: tuple[Plan, ...]) -> dt.date | None:
        return Milestone.objects.get(
            title__startswith="Er is materiaal ontwikkeld voor XR"
        ).deadline

    assert loaded_on(ANCHOR, travel, deadline) == dt.date(2025, 12, 19)
    assert loaded_on(dt.date(2027, 9, 6), travel, deadline) == dt.date(2026, 10, 9)


def test_entries_are_made_on_their_own_day_not_on_loading(travel: Travel) -> None:
    travel(ANCHOR + dt.timedelta(days=2))
    load_demo()
    entries = list(Entry.objects.all())
    assert all(timezone.localdate(e.created_at) == e.reported_on for e in entries)
    assert max(e.created_at for e in entries) < clock.now()
    # The weekly digest reads what was written in the last seven days: the last round only.
    week = Entry.objects.filter(created_at__gte=clock.now() - dt.timedelta(days=7))
    assert week.exists()
    assert all(e.reported_on > STATUS_DATE - dt.timedelta(weeks=1) for e in week)

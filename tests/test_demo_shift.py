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
from mijlpaal.budget.models import Spending
from mijlpaal.demo import load_demo
from mijlpaal.indicators.models import Indicator, Measurement
from mijlpaal.indicators.summary import progress_of
from mijlpaal.monitoring.models import Entry, Evaluation
from mijlpaal.monitoring.queries import forecast_effects, load_progress
from mijlpaal.monitoring.views import DUE_WEEKS
from mijlpaal.plans.demo import ANCHOR, OKE_TITLE, STATUS_DATE, STO_TITLE, shift_for
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


def picture(plan: Plan) -> dict[str, Any]:
    """What a newcomer sees on the progress dashboard and among the plan's warnings today."""
    p = load_progress(plan)
    items = [*p.status.milestones.values(), *p.status.activities.values()]
    until = p.today + dt.timedelta(weeks=DUE_WEEKS)
    due = [
        m.title
        for m in sorted(p.milestones, key=lambda m: (m.deadline or p.today, m.pk))
        if not p.status.milestones[m.pk].reached and m.deadline and p.today <= m.deadline <= until
    ]
    return {
        "lights": p.status.counts(),
        "late": sorted(m.title for m in p.milestones if p.status.milestones[m.pk].late),
        "stale": sum(status.stale for status in items),
        "problems": sum(bool(status.open_problems) for status in items),
        "due": due,
        "plan": p.status.plan.shown,
        "workstreams": [p.status.workstreams[w.pk].shown for w in p.workstreams],
        "warnings": sorted(
            (w.severity, w.code, tuple(label for label, _url in w.links))
            for w in p.schedule.warnings
        ),
        "effects": [effect.milestone.title for effect in forecast_effects(p)],
        "evaluations": list(
            Evaluation.objects.filter(plan=plan, planned_on__gte=p.today)
            .order_by("planned_on")
            .values_list("title", flat=True)[:3]
        ),
    }


def pictures(plans: tuple[Plan, ...]) -> dict[str, dict[str, Any]]:
    return {plan.title: picture(plan) for plan in plans}


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
        for i in Indicator.objects.filter(plan=plan).order_by("id"):
            yield from [(i.unit, i.baseline_date), (i.unit, i.target_date)]
        for x in Measurement.objects.filter(plan=plan).order_by("id"):
            yield from [(x.source, x.measured_on), (x.source, timezone.localdate(x.created_at))]
        for s in Spending.objects.filter(plan=plan).order_by("id"):
            yield from [(s.note, s.spent_on), (s.note, timezone.localdate(s.created_at))]


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


# What the story shows on its day: one late milestone per plan whose work never started (its
# activities are stale), a plan rolled up as late, and the warnings the late work gives.
STO_WARNINGS = {
    ("error", "deadline_unreachable"): 1,
    ("warning", "fixed_date_conflict"): 1,
    ("warning", "late_start_passed"): 4,
    # The plans run into school years whose holidays are not shipped (tests/test_holiday_web.py).
    ("warning", "school_holidays_unknown"): 1,
}
OKE_WARNINGS = {
    ("error", "deadline_unreachable"): 2,
    ("warning", "late_start_passed"): 3,
    ("warning", "school_holidays_unknown"): 1,
}


def _codes(found: dict[str, Any]) -> dict[tuple[str, str], int]:
    codes: dict[tuple[str, str], int] = {}
    for severity, code, _links in found["warnings"]:
        codes[severity, code] = codes.get((severity, code), 0) + 1
    return codes


def test_the_intended_picture(travel: Travel) -> None:
    found = loaded_on(ANCHOR, travel, pictures)
    sto, oke = found[STO_TITLE], found[OKE_TITLE]
    assert sto["lights"] == {
        "late": 1,
        "red": 0,
        "orange": 0,
        "green": 2,
        "reached": 51,
        "none": 22,
    }
    assert sto["late"] == ["De regionale stagebank is online met minimaal zestig stageplaatsen"]
    assert (sto["stale"], sto["problems"], sto["due"], sto["plan"]) == (3, 1, [], "late")
    assert _codes(sto) == STO_WARNINGS
    assert oke["lights"] == {
        "late": 1,
        "red": 0,
        "orange": 0,
        "green": 6,
        "reached": 11,
        "none": 13,
    }
    assert oke["late"] == [
        "Het examenreglement en het handboek examinering zijn aangepast en door de "
        "examencommissie vastgesteld"
    ]
    assert (oke["stale"], oke["problems"], oke["plan"]) == (2, 1, "late")
    assert oke["due"] == [
        "De koppeling van het studentinformatiesysteem met de koppelvlakken is ingericht en de "
        "ketentest is geslaagd"
    ]
    assert _codes(oke) == OKE_WARNINGS
    assert oke["effects"] == oke["late"]  # its forecast, and what that does to the plan


def test_the_same_picture_a_year_later(travel: Travel) -> None:
    # A year on the plans run into school years without holiday data: no warning may depend on
    # the school holidays.
    assert loaded_on(ANCHOR + A_YEAR, travel, pictures) == loaded_on(ANCHOR, travel, pictures)


def test_the_same_picture_on_another_day(travel: Travel) -> None:
    def without_holiday_deadlines(plans: tuple[Plan, ...]) -> dict[str, dict[str, Any]]:
        # Shifted by part of a year, a deadline may fall in a school holiday; that warning aside
        # the picture is the same.
        found = pictures(plans)
        for plan in found.values():
            plan["warnings"] = [w for w in plan["warnings"] if w[1] != "deadline_not_working_day"]
        return found

    story = loaded_on(ANCHOR, travel, without_holiday_deadlines)
    assert loaded_on(dt.date(2027, 9, 6), travel, without_holiday_deadlines) == story


def test_the_picture_holds_all_working_week(travel: Travel) -> None:
    # Loaded on Monday, seen until Friday: the rounding down keeps the picture all week.
    travel(ANCHOR)
    plans = load_demo().plans
    monday = pictures(plans)
    for day in range(1, 5):
        travel(ANCHOR + dt.timedelta(days=day))
        assert pictures(plans) == monday


def test_the_goals_are_on_course_or_not_on_any_day(travel: Travel) -> None:
    def courses(plans: tuple[Plan, ...]) -> list[tuple[str, bool | None]]:
        indicators = Indicator.objects.filter(plan__in=plans).order_by("unit")
        return [
            (i.unit, progress_of(i, i.measurements.all(), chart=False).on_course)
            for i in indicators
        ]

    story = loaded_on(ANCHOR, travel, courses)
    assert story == [
        ("% leerlingen dat kiest voor techniek", False),
        ("% uitval in vmbo 3 techniek", True),
        ("docenten geschoold", True),
    ]
    assert loaded_on(dt.date(2027, 9, 8), travel, courses) == story
    assert loaded_on(ANCHOR - A_YEAR, travel, courses) == story

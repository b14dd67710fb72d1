"""The calendar query API, with literal dates."""

from __future__ import annotations

from datetime import date

import pytest

from mijlpaal.planning import CalendarSpec, Closure, build_calendar, public_holidays
from mijlpaal.planning.calendar import easter_sunday

MIDDEN = build_calendar(
    CalendarSpec(region="midden"), first=date(2025, 1, 1), last=date(2026, 12, 31)
)
NOORD = build_calendar(
    CalendarSpec(region="noord"), first=date(2025, 1, 1), last=date(2026, 12, 31)
)
ZUID = build_calendar(CalendarSpec(region="zuid"), first=date(2025, 1, 1), last=date(2026, 12, 31))
NONE = build_calendar(CalendarSpec(), first=date(2025, 1, 1), last=date(2026, 12, 31))


@pytest.mark.parametrize(
    ("cal", "day", "working"),
    [
        (NONE, date(2025, 9, 1), True),  # Monday
        (NONE, date(2025, 9, 6), False),  # Saturday
        (NONE, date(2025, 9, 7), False),  # Sunday
        (NONE, date(2025, 12, 25), False),  # Eerste kerstdag
        (NONE, date(2025, 12, 24), True),
        (MIDDEN, date(2025, 12, 24), False),  # kerstvakantie
        (NONE, date(2026, 4, 3), False),  # Goede Vrijdag
        (NONE, date(2026, 4, 6), False),  # Tweede paasdag
        (NONE, date(2026, 4, 27), False),  # Koningsdag
        (NONE, date(2026, 5, 5), True),  # Bevrijdingsdag, not a lustrum year
        (NONE, date(2025, 5, 5), False),  # Bevrijdingsdag 2025, lustrum
        (NONE, date(2026, 5, 14), False),  # Hemelvaartsdag
        (NONE, date(2026, 5, 25), False),  # Tweede pinksterdag
        (NOORD, date(2025, 10, 20), False),
        (ZUID, date(2025, 10, 20), True),
        (ZUID, date(2025, 10, 13), False),
        (NOORD, date(2026, 2, 16), True),
        (MIDDEN, date(2026, 2, 16), False),
        (NOORD, date(2026, 7, 6), False),
        (MIDDEN, date(2026, 7, 6), True),
        (ZUID, date(2026, 7, 13), False),
        (MIDDEN, date(2026, 8, 31), True),
        (MIDDEN, date(2026, 8, 28), False),
    ],
)
def test_is_working_day(cal, day, working) -> None:  # type: ignore[no-untyped-def]
    assert cal.is_working_day(day) is working


def test_add_working_days() -> None:
    assert NONE.add_working_days(date(2025, 9, 5), 1) == date(2025, 9, 8)  # Fri → Mon
    assert NONE.add_working_days(date(2025, 9, 6), 1) == date(2025, 9, 8)  # Sat → Mon
    assert NONE.add_working_days(date(2025, 9, 6), -1) == date(2025, 9, 5)  # Sat → Fri
    assert NONE.add_working_days(date(2025, 9, 8), -1) == date(2025, 9, 5)  # Mon → Fri
    assert NONE.add_working_days(date(2025, 9, 6), 0) == date(2025, 9, 8)
    assert NONE.add_working_days(date(2025, 9, 3), 0) == date(2025, 9, 3)
    assert MIDDEN.add_working_days(date(2025, 12, 19), 1) == date(2026, 1, 5)
    assert MIDDEN.add_working_days(date(2026, 1, 5), -1) == date(2025, 12, 19)
    # Dec 2–19 are 14 working days, 5–9 Jan 2026 five more: the 20th is Mon 12 Jan.
    assert MIDDEN.add_working_days(date(2025, 12, 1), 20) == date(2026, 1, 12)
    assert NONE.add_working_days(date(2025, 12, 22), 3) == date(2025, 12, 29)


def test_working_days_between_is_half_open() -> None:
    assert NONE.working_days_between(date(2025, 9, 1), date(2025, 9, 8)) == 5
    assert NONE.working_days_between(date(2025, 9, 8), date(2025, 9, 1)) == -5
    assert NONE.working_days_between(date(2025, 9, 6), date(2025, 9, 8)) == 0
    assert NONE.working_days_between(date(2025, 9, 1), date(2025, 9, 1)) == 0
    assert MIDDEN.working_days_between(date(2025, 12, 1), date(2026, 1, 12)) == 20
    # 46 weeks = 230 weekdays, minus herfst (5), kerst (10), voorjaar (5), mei (Mon 27 Apr –
    # Fri 1 May 2026: 5, Koningsdag among them) and four other public holidays
    # (Goede Vrijdag, Tweede paasdag, Hemelvaartsdag, Tweede pinksterdag).
    assert MIDDEN.working_days_between(date(2025, 9, 1), date(2026, 7, 18)) == 201


def test_next_and_previous_working_day() -> None:
    assert NONE.next_working_day(date(2025, 9, 5)) == date(2025, 9, 8)
    assert NONE.next_working_day(date(2025, 9, 3)) == date(2025, 9, 4)
    assert NONE.previous_working_day(date(2025, 9, 8)) == date(2025, 9, 5)
    assert MIDDEN.next_working_day(date(2025, 12, 19)) == date(2026, 1, 5)
    assert MIDDEN.previous_working_day(date(2026, 1, 5)) == date(2025, 12, 19)
    assert NONE.previous_working_day(date(2026, 1, 2)) == date(2025, 12, 31)
    assert NONE.on_or_after(date(2025, 9, 6)) == date(2025, 9, 8)
    assert NONE.on_or_before(date(2025, 9, 6)) == date(2025, 9, 5)
    assert NONE.on_or_after(date(2025, 9, 4)) == date(2025, 9, 4)


def test_far_dates_grow_the_calendar() -> None:
    cal = build_calendar(CalendarSpec(), first=date(2025, 9, 1), last=date(2025, 9, 30))
    assert cal.add_working_days(date(2030, 12, 24), 1) == date(2030, 12, 27)
    assert cal.previous_working_day(date(2020, 1, 1)) == date(2019, 12, 31)
    assert cal.working_days_between(date(2025, 9, 1), date(2025, 9, 8)) == 5


def test_closures() -> None:
    spec = CalendarSpec(
        region=None,
        closures=(
            Closure("Studiedag", "studiedag", date(2025, 10, 8), date(2025, 10, 8), "no_work"),
            Closure("Toetsweek", "toetsweek", date(2025, 11, 10), date(2025, 11, 14), "warn"),
        ),
    )
    cal = build_calendar(spec, (), first=date(2025, 9, 1), last=date(2025, 12, 31))
    assert not cal.is_working_day(date(2025, 10, 8))
    assert cal.is_working_day(date(2025, 11, 11))
    assert cal.non_working_reason(date(2025, 10, 8)) == "Studiedag"
    assert [c.name for c in cal.warn_closures_between(date(2025, 11, 1), date(2025, 11, 10))] == [
        "Toetsweek"
    ]
    assert cal.add_working_days(date(2025, 10, 7), 1) == date(2025, 10, 9)


def test_non_working_reasons() -> None:
    assert MIDDEN.non_working_reason(date(2025, 12, 24)) == "kerstvakantie"
    assert MIDDEN.non_working_reason(date(2025, 12, 25)) == "Eerste kerstdag"
    assert MIDDEN.non_working_reason(date(2025, 12, 25), "en") == "Christmas Day"
    assert NONE.non_working_reason(date(2026, 4, 3)) == "Goede Vrijdag"
    assert NONE.non_working_reason(date(2025, 9, 6)) == "zaterdag"
    assert NONE.non_working_reason(date(2025, 9, 5)) is None


def test_public_holidays_from_the_holidays_package() -> None:
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    days = public_holidays(2026)
    assert sorted(d for d in days if d.weekday() < 5) == [
        date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 4, 27),
        date(2026, 5, 14), date(2026, 5, 25), date(2026, 12, 25),
    ]  # fmt: skip
    assert date(2026, 4, 3) not in public_holidays(2026, good_friday_off=False)
    assert date(2026, 5, 5) in public_holidays(2026, liberation_day_yearly=True)
    assert date(2030, 5, 5) in public_holidays(2030)

"""Lags of calendar months: the month is added on the day and clamped to the month's end."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mijlpaal.planning import Dependency, Duration, Item, PlanInput, schedule
from mijlpaal.planning.calendar import WorkCalendar
from mijlpaal.planning.model import CalendarSpec, DependencyType

SPEC = CalendarSpec(region=None)


def add_months(d: date, months: int) -> date:
    """The reference: calendar months on the day, clamped to the month's last day."""
    year, month = divmod(d.year * 12 + d.month - 1 + months, 12)
    last = stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def _plan(first: date, kind: DependencyType, months: int) -> PlanInput:
    lag = Duration(months, "m", calendar=True)
    return PlanInput(
        title="Maanden",
        start=first - timedelta(days=40),
        end=first + timedelta(days=500),
        calendar=SPEC,
        scheduling="asap",
        items=(
            Item("a", "A", "activity", duration=Duration(3, "d"), fixed_start=first),
            Item("b", "B", "activity", duration=Duration(2, "d"),
                 depends=(Dependency("a", kind, lag),)),
            Item("m", "M", "milestone", depends=(Dependency("b"),)),
        ),
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.dates(date(2025, 1, 1), date(2029, 12, 31)),
    st.integers(1, 14),
    st.sampled_from(["SS", "FS", "FF"]),
)
def test_month_lag_from_the_day(first: date, months: int, kind: DependencyType) -> None:
    plan = _plan(first, kind, months)
    cal = WorkCalendar(SPEC, [], plan.start - timedelta(days=10), plan.end + timedelta(days=400))
    if not cal.is_working_day(first):
        return
    result = schedule(plan, school_holidays=[])
    a, b = result.items["a"], result.items["b"]
    assert a.start is not None and a.finish is not None
    if kind == "SS":  # from the start of the start day: that day or the first working day after
        assert b.start == cal.on_or_after(add_months(a.start, months))
    elif kind == "FS":  # from the end of the finish day: the first working day after
        assert b.start == cal.next_working_day(add_months(a.finish, months))
    else:  # the finish on the first working day on or after
        assert b.finish == cal.on_or_after(add_months(a.finish, months))

"""The milestone plan's layout: columns from the plan's first quarter to its last, bars and ◆ on
their dates within a quarter, the school's year (holidays, closures) in the header."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from mijlpaal import planning
from mijlpaal.charts import milestone_plan
from mijlpaal.charts.table import Period, cells, header_bands, plan_periods
from mijlpaal.plans import services
from mijlpaal.plans.models import Milestone
from tests.charts.helpers import KnownPlan, classes, header_rows, plan_table, squash
from tests.helpers import Actors, build_plan, client_for, text


def url(plan_id: int) -> str:
    return reverse("charts:milestone_plan", args=[plan_id])


def spans(cell: ET.Element) -> dict[str, set[str]]:
    """The classes of the bar and the mark in a period cell, by "bar" and "mark"."""
    found = {}
    for span in cell.iter("span"):
        names = classes(span)
        for kind in ("bar", "mark"):
            if kind in names:
                found[kind] = names - {kind}
    return found


def cells_by_period(row: ET.Element) -> dict[str, ET.Element]:
    return {td.get("title", ""): td for td in row.findall("td") if "period" in classes(td)}


def test_columns_run_from_the_plans_first_quarter_to_its_last(
    actors: Actors, today: dt.date
) -> None:
    plan = build_plan(actors.owner, "Schooljaarplan")
    plan.start_date, plan.end_date = dt.date(2025, 9, 15), dt.date(2027, 2, 14)
    plan.save()
    services.item_save(
        plan=plan,
        user=actors.owner,
        instance=Milestone(title="Visie vastgesteld", deadline=dt.date(2026, 2, 13)),
    )
    years, periods = header_rows(plan_table(client_for(actors.owner).get(url(plan.pk))))
    assert years[2:-1] == [("2025", "2"), ("2026", "4"), ("2027", "1")]
    assert [label for label, _span in periods] == ["Q3", "Q4", "Q1", "Q2", "Q3", "Q4", "Q1"]
    assert [label for label, _span in periods] == [
        p.label for p in plan_periods(plan.start_date, plan.end_date, "quarter")
    ]
    halves = plan_periods(plan.start_date, plan.end_date, "half")
    assert [(p.label, p.year) for p in halves] == [
        ("H2", 2025),
        ("H1", 2026),
        ("H2", 2026),
        ("H1", 2027),
    ]


def test_a_milestone_outside_the_plan_widens_the_columns(actors: Actors, today: dt.date) -> None:
    plan = build_plan(actors.owner, "Kort plan")
    plan.start_date, plan.end_date = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    plan.save()
    services.item_save(
        plan=plan,
        user=actors.owner,
        instance=Milestone(title="Nazorg afgerond", deadline=dt.date(2026, 11, 20)),
    )
    _years, periods = header_rows(plan_table(client_for(actors.owner).get(url(plan.pk))))
    assert [label for label, _span in periods] == ["Q1", "Q2", "Q3", "Q4"]


def test_bars_and_the_deadline_sit_on_their_dates_within_the_quarter(
    known: KnownPlan, actors: Actors
) -> None:
    table = plan_table(client_for(actors.viewer).get(url(known.sample.plan.pk)))
    rows = {
        squash(tr.findtext("td[@class='title']/a") or ""): tr
        for tr in table.iter("tr")
        if "milestone-row" in classes(tr)
    }
    # Q4 2025 has 92 days. Start 3 Nov (day 33): 36%; deadline 19 Dec (day 79): the bar ends at
    # the end of that day, 80/92 = 87% → 86 (steps of 2), the ◆ at its middle, 79.5/92 → 86.
    xr = cells_by_period(rows["XR-lesmateriaal ontwikkeld"])
    assert spans(xr["Q4 2025"]) == {"bar": {"from-36", "to-86"}, "mark": {"at-86"}}
    assert spans(xr["Q3 2025"]) == {}
    # Six months before 31 Mar 2027: from 29 Sep 2026 (day 90 of Q3's 92: 98%) through Q4 to
    # the last day of Q1 2027, the ◆ at its very end.
    stage = cells_by_period(rows["Stageplaatsen 2027–2028 gevonden"])
    assert spans(stage["Q3 2026"]) == {"bar": {"from-98", "to-100"}}
    assert spans(stage["Q4 2026"]) == {"bar": {"from-0", "to-100"}}
    assert spans(stage["Q1 2027"]) == {"bar": {"from-0", "to-100"}, "mark": {"at-100"}}


def test_the_deadline_is_placed_in_proportion_to_its_day() -> None:
    q1 = Period(2026, "Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))  # 90 days
    q2 = Period(2026, "Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30))  # 91 days
    for deadline, mark in (
        (dt.date(2026, 1, 1), 0),  # 0.5/90: the first day's middle
        (dt.date(2026, 2, 14), 50),  # day 44: 44.5/90 = 49.4%
        (dt.date(2026, 3, 31), 100),
    ):
        (cell, _q2) = cells([q1, q2], deadline, deadline)
        assert (cell.deadline, cell.mark_at) == (True, mark), deadline
    # A bar from 14 Feb to 15 May: from the middle of Q1 to the end of 15 May in Q2 (45/91).
    first, second = cells([q1, q2], dt.date(2026, 2, 14), dt.date(2026, 5, 15))
    assert (first.bar_from, first.bar_to, first.deadline) == (48, 100, False)
    assert (second.bar_from, second.bar_to, second.mark_at) == (0, 50, 48)
    # A one-day bar is still two percent wide.
    (one, _rest) = cells([q1, q2], dt.date(2026, 3, 31), dt.date(2026, 3, 31))
    assert (one.bar_from, one.bar_to) == (98, 100)


def test_holidays_and_closures_are_marked_in_the_header(
    known: KnownPlan, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closures come from the plan's calendar, as the schedule uses it."""
    closures = (
        planning.Closure("Toetsweek 2", "toetsweek", dt.date(2026, 1, 26), dt.date(2026, 1, 30)),
        planning.Closure("Studiedag", "studiedag", dt.date(2026, 3, 11), dt.date(2026, 3, 11)),
    )
    real = milestone_plan.scheduling.plan_calendar

    def with_closures(plan, school_holidays=None):
        calendar = real(plan, school_holidays)
        spec = planning.CalendarSpec(region=calendar.spec.region, closures=closures)
        return planning.build_calendar(spec, calendar.school_holidays)

    monkeypatch.setattr(milestone_plan.scheduling, "plan_calendar", with_closures)
    response = client_for(actors.viewer).get(url(known.sample.plan.pk))
    table = plan_table(response)
    periods = [th for th in table.iterfind("thead/tr/th") if "period" in classes(th)]
    q1_2026 = periods[4]  # after the four quarters of 2025
    assert q1_2026.text == "Q1"
    bands = [
        (" ".join(sorted(classes(b) - {"band"})), b.get("title"))
        for b in q1_2026.iter("span")
        if "band" in classes(b)
    ]
    # Q1 has 90 days: the toetsweek from day 25 to the end of day 29 is 28–34%.
    assert bands == [
        ("band-holiday from-0 to-4", "kerstvakantie: 20 dec 2025 – 4 jan 2026"),
        ("band-holiday from-48 to-58", "voorjaarsvakantie: 14 feb 2026 – 22 feb 2026"),
        ("band-toetsweek from-28 to-34", "toetsweek: Toetsweek 2, 26 jan 2026 – 30 jan 2026"),
        ("band-studiedag from-76 to-78", "studiedag: Studiedag, 11 mrt 2026"),
    ]
    legend = text(response).split("doorlooptijd")[-1]
    assert "schoolvakantie" in legend and "toetsweek" in legend and "studiedag" in legend
    assert "examen" not in legend


def test_header_bands_are_cut_at_the_edges_of_a_quarter() -> None:
    q4 = Period(2025, "Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    q1 = Period(2026, "Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    christmas = ("holiday", "kerstvakantie", dt.date(2025, 12, 20), dt.date(2026, 1, 4))
    (end_of_year, start_of_year) = header_bands([q4, q1], [christmas])
    assert [(b.bar_from, b.bar_to) for b in end_of_year] == [(86, 100)]
    assert [(b.bar_from, b.bar_to) for b in start_of_year] == [(0, 4)]

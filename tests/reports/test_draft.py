"""The voortgangsrapportage drafted from the plan: every section's numbers and words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import translation

from mijlpaal.reports.draft import Section
from mijlpaal.reports.services import build_draft
from tests.helpers import Actors, report
from tests.reports.conftest import Reportable


def sections(reportable: Reportable, language: str = "en") -> dict[str, Section]:
    with translation.override(language):
        draft = build_draft(reportable.sample.plan, reportable.period, today=dt.date(2026, 12, 1))
    return {s.key: s for s in draft.sections}


def test_the_report_has_its_sections_in_order(reportable: Reportable) -> None:
    draft = build_draft(reportable.sample.plan, reportable.period, today=dt.date(2026, 12, 1))
    assert [s.key for s in draft.sections] == [
        "goals",
        "milestones",
        "lights",
        "problems",
        "decisions",
        "budget",
        "lessons",
    ]
    assert draft.title == "Voortgangsrapportage 2025–2026"
    assert draft.start == "2025-01-01"
    assert draft.end == "2026-07-31"


def test_milestones_reached_late_and_their_shift_against_the_baseline(
    reportable: Reportable,
) -> None:
    section = sections(reportable)["milestones"]
    reached, late, coming = section.tables
    # Reached a week after its deadline of Friday 11 April 2025: 5 working days.
    assert reached.rows == [
        ["3. Nulmeting uitval vmbo 3", "11 April 2025", "18 April 2025", "5", "+5"]
    ]
    # Late on 31 July 2026, the period's end: 32 weeks from 19 December 2025, less the holidays
    # of region midden (kerst 10 days, voorjaar 5, mei 5, zomer from 20 July 10) and Easter
    # Monday, Ascension and Whit Monday: 160 - 33 = 127 working days. The shift is the schedule's
    # finish now (not reached: from today on) against the baseline's.
    assert [row[:3] for row in late.rows] == [
        ["1. XR-lesmateriaal ontwikkeld", "19 December 2025", "127"],
        ["2. XR in alle techniekprofielen", "30 June 2026", "14"],
    ]
    assert late.rows[0][3] == "+252"
    assert coming.rows == []
    assert "Vastgesteld plan" in section.generated
    assert "1 milestone was reached (1 after its deadline)" in section.generated
    assert "2 milestones are late." in section.generated


def test_goals_lights_problems_decisions_and_lessons(reportable: Reportable) -> None:
    found = sections(reportable)
    goals = found["goals"]
    # From 12 % on 1 January 2025 to 7 % on 31 July 2028; 11.5 % on 1 June 2026 is behind the
    # straight line (about 9.3 % by then).
    assert goals.tables[0].rows == [
        [
            "Vijf procent minder uitval in vmbo 3 in 2028",
            "uitval",
            "12 % (1 January 2025)",
            "11.5 % (1 June 2026)",
            "7 % (31 July 2028)",
            "not on course",
        ]
    ]
    assert goals.generated.startswith("Of the 1 goals with an indicator, 0 are on course")
    lights = found["lights"]
    assert lights.tables[1].rows[0][:2] == ["1. XR-lesmateriaal ontwikkeld", "late"]
    assert lights.tables[1].rows[0][3] == "De leverancier van de brillen is laat."
    problems = found["problems"]
    assert problems.tables[0].rows == [
        [
            "1. XR-lesmateriaal ontwikkeld",
            "3 November 2025",
            "Brillen pas in januari geleverd",
            "Lessen met tablets in plaats van brillen",
        ]
    ]
    evaluations = found["decisions"].tables[1].rows
    assert evaluations == [
        ["Tussenevaluatie 2025", "interim evaluation", "10 November 2025", "10 November 2025"]
    ]
    assert found["lessons"].generated == (
        "Tussenevaluatie 2025 (10 November 2025): Samenwerking met bedrijven ging goed "
        "Eerder leveranciers vastleggen"
    )


def test_a_period_without_a_baseline_before_it_shows_no_shifts(reportable: Reportable) -> None:
    with translation.override("en"):
        draft = build_draft(reportable.sample.plan, None, today=dt.date(2026, 12, 1))
    assert draft.title == "Final report"
    milestones = next(s for s in draft.sections if s.key == "milestones")
    # The eindverslag covers the whole plan from 1 January 2025: the baseline of 16 December 2024
    # was taken before it.
    assert "Vastgesteld plan" in milestones.generated
    with translation.override("en"):
        later = build_draft(reportable.sample.plan, reportable.later, today=dt.date(2026, 12, 1))
    milestones = next(s for s in later.sections if s.key == "milestones")
    assert "No baseline was taken before the period" not in milestones.generated


def test_a_knelpunt_reported_again_is_one_row_with_its_first_and_last_day(
    reportable: Reportable, actors: Actors, travel: Callable[[dt.date], None]
) -> None:
    sample = reportable.sample
    travel(dt.date(2025, 12, 1))
    report(
        sample.plan,
        actors.editor,
        sample.milestone,
        "2025-12-01",
        "orange",
        problems="Brillen pas in januari geleverd",
        measures="Lessen met tablets in plaats van brillen",
    )
    travel(dt.date(2026, 12, 1))
    rows = sections(reportable)["problems"].tables[0].rows
    assert rows == [
        [
            "1. XR-lesmateriaal ontwikkeld",
            "3 November 2025 – 1 December 2025",
            "Brillen pas in januari geleverd",
            "Lessen met tablets in plaats van brillen",
        ]
    ]
    assert sections(reportable)["problems"].generated == (
        "1 problem or measure was reported in the period; 1 of them with a measure."
    )


def test_the_budget_section_says_what_the_period_cost_against_the_plan(
    reportable: Reportable,
) -> None:
    from mijlpaal.budget.models import BudgetLine, Spending

    sample = reportable.sample
    plan = sample.plan
    BudgetLine.objects.create(plan=plan, workstream=sample.workstream, amount=Decimal("12000"))
    Spending.objects.create(
        plan=plan,
        spent_on=dt.date(2026, 3, 2),
        party=sample.party,
        workstream=sample.workstream,
        hours=Decimal("16"),
        amount=Decimal("1234.56"),
    )
    Spending.objects.create(  # after the period: in the next report
        plan=plan, spent_on=dt.date(2026, 9, 1), party=sample.party, amount=Decimal("500")
    )
    budget = sections(reportable, "nl")["budget"]
    assert budget.title == "Begroting en uren"
    assert budget.generated == (
        "In deze periode is € 1.234,56 uitgegeven tegen € 12.000,00 gepland, en zijn 16,0 uren "
        "gewerkt tegen 0,0 gepland.\n\n"
        "De cofinanciering is € 0,00: 0,0% van de begroting van € 12.000,00. Het plan vraagt "
        "minstens 10,0% (€ 1.200,00); er ontbreekt € 1.200,00."
    )
    workstreams, parties = budget.tables
    assert workstreams.heads == [
        "Deelproject",
        "Gepland",
        "Gerealiseerd",
        "Uren gepland",
        "Uren gerealiseerd",
    ]
    assert workstreams.rows == [
        ["Modern techniekonderwijs", "€ 12.000,00", "€ 1.234,56", "0,0", "16,0"]
    ]
    assert parties.rows == [["Maaswaal College", "€ 0,00", "€ 1.234,56", "0,0", "16,0"]]


def test_a_plan_without_a_budget_says_so(reportable: Reportable) -> None:
    budget = sections(reportable, "nl")["budget"]
    assert (budget.generated, budget.tables) == ("Het plan heeft nog geen begroting.", [])

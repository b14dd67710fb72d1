"""The milestone plan table (mijlpalenplan) for a known plan, cell by cell."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.urls import reverse

from mijlpaal.plans.models import Party
from tests.charts.helpers import (
    KnownPlan,
    cell_text,
    classes,
    deadline_marks,
    filled,
    header_rows,
    light_class,
    light_text,
    loose_and_moved,
    plan_table,
    post_lights,
    squash,
    summary,
)
from tests.helpers import Actors, build_plan, client_for, text
from tests.workbook.helpers import export


def url(known: KnownPlan, query: str = "") -> str:
    return reverse("charts:milestone_plan", args=[known.sample.plan.pk]) + query


def numbered(table: ET.Element) -> dict[str, ET.Element]:
    """The milestone rows by "<workstream's place>.<milestone's own number>": "2.1"."""
    rows = {}
    for tbody in table.findall("tbody"):
        place = tbody.findtext("tr/th/span[@class='ws-nr']") or ""
        for tr in tbody.findall("tr"):
            if "milestone-row" in classes(tr):
                rows[f"{place}.{cell_text(tr, 'nr')}"] = tr
    return rows


def rows_by_number(known: KnownPlan, actors: Actors, query: str = "") -> dict[str, ET.Element]:
    return numbered(plan_table(client_for(actors.viewer).get(url(known, query))))


def test_quarter_headers_for_a_2025_2028_plan(known: KnownPlan, actors: Actors) -> None:
    years, periods = header_rows(plan_table(client_for(actors.viewer).get(url(known))))
    assert years == [
        ("Nr", None),
        ("Mijlpalen", None),
        ("2025", "4"),
        ("2026", "4"),
        ("2027", "4"),
        ("2028", "4"),
        ("Rollen en verantwoordelijkheden", None),
    ]
    assert [label for label, _span in periods] == ["Q1", "Q2", "Q3", "Q4"] * 4


def test_half_year_headers_when_chosen(known: KnownPlan, actors: Actors) -> None:
    years, periods = header_rows(
        plan_table(client_for(actors.viewer).get(url(known, "?period=half")))
    )
    assert years[2:6] == [("2025", "2"), ("2026", "2"), ("2027", "2"), ("2028", "2")]
    assert [label for label, _span in periods] == ["H1", "H2"] * 4
    rows = rows_by_number(known, actors, "?period=half")
    assert filled(rows["2.2"]) == ["H2 2026", "H1 2027"]
    assert deadline_marks(rows["2.2"]) == [("H1 2027", "◆")]


def test_rows_are_numbered_per_workstream(known: KnownPlan, actors: Actors) -> None:
    table = plan_table(client_for(actors.viewer).get(url(known)))
    assert summary(table) == [
        ("workstream", "1 Modern techniekonderwijs"),
        ("milestone", "1", "XR-lesmateriaal ontwikkeld", "infeasible"),
        ("milestone", "2", "XR in alle techniekprofielen", ""),
        ("milestone", "3", "Eerste XR-lessen gegeven", "done"),
        ("workstream", "2 Samenwerking bedrijfsleven"),
        ("milestone", "1", "Convenant met de werkgevers getekend", "infeasible late"),
        ("milestone", "2", "Stageplaatsen 2027–2028 gevonden", ""),
    ]


def test_the_numbers_are_the_milestones_own_and_loose_ones_come_first(
    known: KnownPlan, actors: Actors
) -> None:
    loose_and_moved(known)
    table = plan_table(client_for(actors.viewer).get(url(known)))
    assert [row[:3] for row in summary(table)] == [
        ("workstream", "Niet in een deelproject"),
        ("milestone", "7", "Subsidie aangevraagd"),
        ("workstream", "1 Modern techniekonderwijs"),
        ("milestone", "1", "XR-lesmateriaal ontwikkeld"),
        (
            "milestone",
            "3",
            "Eerste XR-lessen gegeven",
        ),  # its place follows the order, not the number
        ("milestone", "2", "XR in alle techniekprofielen"),
        ("workstream", "2 Samenwerking bedrijfsleven"),
        ("milestone", "1", "Convenant met de werkgevers getekend"),
        ("milestone", "2", "Stageplaatsen 2027–2028 gevonden"),
    ]
    english = client_for(actors.viewer)
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert summary(plan_table(english.get(url(known))))[0] == ("workstream", "Not in a workstream")
    by_workstream = plan_table(
        client_for(actors.viewer).get(url(known, f"?workstream={known.industry.pk}"))
    )
    assert [row[0] for row in summary(by_workstream)] == ["workstream", "milestone", "milestone"]


def test_the_page_and_the_workbook_list_the_same_milestones(
    known: KnownPlan, actors: Actors
) -> None:
    """One set of rows for both: the same groups, order and numbers."""
    loose_and_moved(known)
    page: list[tuple[str | None, str, str | None]] = []
    for tbody in plan_table(client_for(actors.viewer).get(url(known))).findall("tbody"):
        th = tbody.find("tr/th")
        assert th is not None
        heading = squash("".join(th.itertext()))
        group = heading.split(" ", 1)[1] if tbody.findtext("tr/th/span") else None
        page += [
            (group, cell_text(tr, "nr"), tr.findtext("td[@class='title']/a"))
            for tr in tbody.findall("tr")
            if "milestone-row" in classes(tr)
        ]
    sheet: list[tuple[str | None, str, str | None]] = []
    group = None
    for number, title in export(known.sample.plan)["Mijlpalenplan"].iter_rows(
        min_row=5, max_col=2, values_only=True
    ):
        if str(number).startswith("DEELPROJECT: "):
            group = str(number).removeprefix("DEELPROJECT: ")
        else:
            sheet.append((group, str(number), title))
    assert page == sheet
    assert [(group, number) for group, number, _title in page] == [
        (None, "7"),
        ("Modern techniekonderwijs", "1"),
        ("Modern techniekonderwijs", "3"),
        ("Modern techniekonderwijs", "2"),
        ("Samenwerking bedrijfsleven", "1"),
        ("Samenwerking bedrijfsleven", "2"),
    ]


def test_bars_span_the_lead_time_and_mark_the_deadline(known: KnownPlan, actors: Actors) -> None:
    rows = rows_by_number(known, actors)
    expected = {
        # computed start 3 Nov 2025 (today: the late start has passed), deadline 19 Dec 2025
        "1.1": (["Q4 2025"], [("Q4 2025", "◆")]),
        # no lead time: the milestone's own date only
        "1.2": (["Q2 2026"], [("Q2 2026", "◆")]),
        # reached: start 14 Apr 2025, deadline 27 Jun 2025
        "1.3": (["Q2 2025"], [("Q2 2025", "◆")]),
        # the start (3 Nov) is after the passed deadline (1 Oct): only the deadline's quarter
        "2.1": (["Q4 2025"], [("Q4 2025", "◆")]),
        # six months (120 working days, minus the autumn and Christmas holidays) back from
        # 31 Mar 2027
        "2.2": (["Q3 2026", "Q4 2026", "Q1 2027"], [("Q1 2027", "◆")]),
    }
    for number, (bar, mark) in expected.items():
        row = rows[number]
        assert filled(row) == bar, number
        assert deadline_marks(row) == mark, number
    cells = [td for td in rows["2.2"].findall("td") if "period" in classes(td)]
    assert len(cells) == 16
    assert "bar-first" in classes(cells[6]) and "bar-last" in classes(cells[8])
    assert [i for i, td in enumerate(cells) if "filled" in classes(td)] == [6, 7, 8]


def test_late_infeasible_and_reached_say_so_in_words(known: KnownPlan, actors: Actors) -> None:
    rows = rows_by_number(known, actors)
    assert cell_text(rows["1.1"], "title") == (
        "XR-lesmateriaal ontwikkeld nog geen update niet haalbaar deadline 19 dec 2025"
        " · start 3 nov 2025"
    )
    assert cell_text(rows["2.1"], "title") == (
        "Convenant met de werkgevers getekend te laat niet haalbaar deadline 1 okt 2025"
    )
    assert (
        cell_text(rows["1.3"], "title") == "Eerste XR-lessen gegeven bereikt bereikt op 20 jun 2025"
    )
    assert cell_text(rows["2.2"], "title") == (
        "Stageplaatsen 2027–2028 gevonden nog geen update deadline 31 mrt 2027 · start 29 sep 2026"
    )


def test_each_row_shows_its_light_with_its_word(known: KnownPlan, actors: Actors) -> None:
    post_lights(known)
    response = client_for(actors.viewer).get(url(known))
    rows = numbered(plan_table(response))
    shown = {number: (light_text(row), light_class(row)) for number, row in rows.items()}
    assert shown == {
        "1.1": ("oranje", "light-orange"),
        "1.2": ("rood", "light-red"),
        "1.3": ("bereikt", "light-reached"),
        "2.1": ("te laat", "light-late"),
        "2.2": ("groen", "light-green"),
    }
    legend = text(response).split("Status")[-1]
    for word in ("te laat", "rood", "oranje", "groen", "bereikt", "nog geen update"):
        assert word in legend


def test_filter_by_workstream_and_goal(known: KnownPlan, actors: Actors) -> None:
    by_workstream = plan_table(
        client_for(actors.viewer).get(url(known, f"?workstream={known.industry.pk}"))
    )
    assert [row[:3] for row in summary(by_workstream)] == [
        ("workstream", "2 Samenwerking bedrijfsleven"),
        ("milestone", "1", "Convenant met de werkgevers getekend"),
        ("milestone", "2", "Stageplaatsen 2027–2028 gevonden"),
    ]
    by_goal = plan_table(client_for(actors.viewer).get(url(known, f"?goal={known.sample.goal.pk}")))
    assert [row[:3] for row in summary(by_goal)] == [
        ("workstream", "1 Modern techniekonderwijs"),
        ("milestone", "1", "XR-lesmateriaal ontwikkeld"),
    ]


def test_a_filter_that_matches_nothing_says_so(known: KnownPlan, actors: Actors) -> None:
    known.sample.milestone.goal = None
    known.sample.milestone.save()
    page = text(client_for(actors.viewer).get(url(known, f"?goal={known.sample.goal.pk}")))
    assert "Geen mijlpalen die aan het filter voldoen" in page


def test_page_is_dutch_with_the_filter_form(known: KnownPlan, actors: Actors) -> None:
    page = text(client_for(actors.viewer).get(url(known)))
    assert "Mijlpalenplan" in page
    assert (
        "Alle deelprojecten" in page and "Alle doelstellingen" in page and "Alle partijen" in page
    )
    assert "Kwartalen (Q1–Q4)" in page and "Halfjaren (H1, H2)" in page
    assert "Q1 = januari–maart, Q2 = april–juni, Q3 = juli–september, Q4 = oktober–december" in page


def test_a_plan_without_milestones_explains_the_page(actors: Actors, today: dt.date) -> None:
    plan = build_plan(actors.owner, "Leeg plan")
    page = text(client_for(actors.owner).get(reverse("charts:milestone_plan", args=[plan.pk])))
    assert "Nog geen mijlpalen" in page


def _assign(known: KnownPlan) -> Party:
    from mijlpaal.responsibilities.models import Assignment

    s = known.sample
    company = Party.objects.create(
        plan=s.plan, name="Techniekbedrijf Van Dijk", kind="company", order=5
    )
    Assignment.objects.create(plan=s.plan, party=s.party, milestone=s.milestone, letters="VE")
    Assignment.objects.create(plan=s.plan, party=company, milestone=s.milestone, letters="R")
    Assignment.objects.create(plan=s.plan, party=company, milestone=known.late, letters="VE")
    Assignment.objects.create(plan=s.plan, party=s.party, milestone=known.late, letters="I")
    Assignment.objects.create(plan=s.plan, party=s.party, milestone=known.internships, letters="S")
    return company


def test_roles_column_shows_each_party_with_its_letters(known: KnownPlan, actors: Actors) -> None:
    _assign(known)
    rows = rows_by_number(known, actors)
    assert cell_text(rows["1.1"], "roles") == "Maaswaal College VE Techniekbedrijf Van Dijk R"
    assert cell_text(rows["2.1"], "roles") == "Maaswaal College I Techniekbedrijf Van Dijk VE"
    assert cell_text(rows["2.2"], "roles") == "Maaswaal College S"
    assert cell_text(rows["1.2"], "roles") == "—"


def test_roles_in_english_keep_the_veri_letters(known: KnownPlan, actors: Actors) -> None:
    _assign(known)
    client = client_for(actors.viewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(url(known))
    table = plan_table(response)
    rows = numbered(table)
    # VERI in English too (responsibilities/letters.py): RACI would give R two meanings.
    assert cell_text(rows["1.1"], "roles") == "Maaswaal College VE Techniekbedrijf Van Dijk R"
    assert cell_text(rows["2.1"], "title") == (
        "Convenant met de werkgevers getekend late cannot be done in time deadline 1 Oct 2025"
    )
    assert header_rows(table)[0][-1] == ("Roles and responsibilities", None)


def test_filter_by_party_shows_the_rows_where_it_has_a_role(
    known: KnownPlan, actors: Actors
) -> None:
    company = _assign(known)
    table = plan_table(client_for(actors.viewer).get(url(known, f"?party={company.pk}")))
    assert [row[:3] for row in summary(table)] == [
        ("workstream", "1 Modern techniekonderwijs"),
        ("milestone", "1", "XR-lesmateriaal ontwikkeld"),
        ("workstream", "2 Samenwerking bedrijfsleven"),
        ("milestone", "1", "Convenant met de werkgevers getekend"),
    ]
    combined = plan_table(
        client_for(actors.viewer).get(
            url(known, f"?party={known.sample.party.pk}&workstream={known.industry.pk}")
        )
    )
    assert [row[:3] for row in summary(combined)] == [
        ("workstream", "2 Samenwerking bedrijfsleven"),
        ("milestone", "1", "Convenant met de werkgevers getekend"),
        ("milestone", "2", "Stageplaatsen 2027–2028 gevonden"),
    ]

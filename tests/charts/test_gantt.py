"""The Gantt chart, element by element: the SVG of a known plan parsed with xml.etree."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Any

import pytest
from django.urls import reverse

from mijlpaal import planning
from mijlpaal.charts import gantt_rows
from mijlpaal.charts.gantt import (
    Anchor,
    GanttInput,
    GanttLink,
    GanttRow,
    Shading,
    _arrow,
    for_pdf,
    label_lines,
    render_gantt,
)
from mijlpaal.plans import services
from mijlpaal.plans.models import Activity
from tests.charts.helpers import (
    SVG,
    KnownPlan,
    classes,
    loose_and_moved,
    post_lights,
    svg_items,
    svg_root,
)
from tests.helpers import Actors, build_plan, client_for, text


def chart(known: KnownPlan, actors: Actors, zoom: str = "month") -> ET.Element:
    response = client_for(actors.viewer).get(
        reverse("charts:gantt_svg", args=[known.sample.plan.pk]) + f"?zoom={zoom}"
    )
    assert response.status_code == 200
    return svg_root(response.content)


def child(group: ET.Element, tag: str, css_class: str) -> ET.Element:
    for element in group.iter(f"{SVG}{tag}"):
        if css_class in classes(element):
            return element
    raise AssertionError(f"no {tag}.{css_class}")


def test_bars_at_month_zoom_sit_on_their_dates(known: KnownPlan, actors: Actors) -> None:
    root = chart(known, actors, "month")
    assert root.get("data-first") == "2025-01-01"
    items = svg_items(root)
    # 4 px a day after a label column of 400 px: 3 Nov 2025 is day 306, the bar runs to 6 Feb 2026
    # inclusive.
    xr = child(items[f"m{known.sample.milestone.pk}"], "rect", "bar")
    assert (xr.get("x"), xr.get("width")) == ("1624", "384")
    assert (xr.get("data-start"), xr.get("data-finish")) == ("2025-11-03", "2026-02-06")
    inventory = child(items[f"a{known.sample.activity.pk}"], "rect", "bar")
    assert (inventory.get("x"), inventory.get("width")) == ("1708", "104")
    # The deadline that the milestone will miss: a red tick at the end of 19 December 2025.
    tick = child(items[f"m{known.sample.milestone.pk}"], "line", "deadline")
    assert (tick.get("x1"), tick.get("data-date")) == ("1812", "2025-12-19")


def test_zoom_changes_the_scale(known: KnownPlan, actors: Actors) -> None:
    widths = {}
    for zoom, px in (("month", "4"), ("quarter", "1.4"), ("year", "0.5")):
        root = chart(known, actors, zoom)
        assert root.get("data-px-per-day") == px
        bar = child(svg_items(root)[f"m{known.sample.milestone.pk}"], "rect", "bar")
        widths[zoom] = bar.get("width")
    assert widths == {"month": "384", "quarter": "134.4", "year": "48"}
    quarter = chart(known, actors, "quarter")
    labels = [t.text for t in quarter.iter(f"{SVG}text") if "period" in classes(t)]
    assert labels == ["Q1", "Q2", "Q3", "Q4"] * 4
    month = chart(known, actors, "month")
    labels = [t.text for t in month.iter(f"{SVG}text") if "period" in classes(t)]
    assert labels[:12] == [
        "jan",
        "feb",
        "mrt",
        "apr",
        "mei",
        "jun",
        "jul",
        "aug",
        "sep",
        "okt",
        "nov",
        "dec",
    ]


def test_a_diamond_per_milestone_and_an_arrow_per_dependency(
    known: KnownPlan, actors: Actors
) -> None:
    root = chart(known, actors)
    diamonds = [p for p in root.iter(f"{SVG}path") if "diamond" in classes(p)]
    assert sorted(d.get("data-date", "") for d in diamonds) == [
        "2025-06-20",
        "2025-12-12",
        "2026-02-06",
        "2026-06-30",
        "2027-03-31",
    ]
    arrows = sorted(
        (a.get("data-from"), a.get("data-to"), " ".join(sorted(classes(a))))
        for a in root.iter(f"{SVG}path")
        if "arrow" in classes(a)
    )
    s = known.sample
    assert arrows == sorted(
        [
            (f"m{s.milestone.pk}", f"m{s.second_milestone.pk}", "arrow dependency"),
            (f"a{s.activity.pk}", f"m{s.milestone.pk}", "arrow leads_to"),
        ]
    )


def test_today_line_and_the_autumn_holiday_of_the_region(known: KnownPlan, actors: Actors) -> None:
    root = chart(known, actors)
    today = next(line for line in root.iter(f"{SVG}line") if "today" in classes(line))
    assert (today.get("x1"), today.get("data-date")) == ("1624", "2025-11-03")
    school = {
        (r.get("data-start"), r.get("data-end")): (
            r.get("x"),
            r.get("width"),
            r.findtext(f"{SVG}title"),
        )
        for r in root.iter(f"{SVG}rect")
        if {"holiday", "school"} <= classes(r)
    }
    # Region midden: autumn holiday 18–26 October 2025 (zuid would be 11–19 October).
    assert school[("2025-10-18", "2025-10-26")] == ("1560", "36", "herfstvakantie")
    assert ("2025-10-11", "2025-10-19") not in school
    public = {
        r.get("data-start") for r in root.iter(f"{SVG}rect") if {"holiday", "public"} <= classes(r)
    }
    assert {"2025-12-25", "2025-12-26", "2026-04-27", "2025-04-18"} <= public


def test_links_critical_done_and_late_items(known: KnownPlan, actors: Actors) -> None:
    root = chart(known, actors)
    items = svg_items(root)
    s, plan = known.sample, known.sample.plan
    for key, kind, pk in (
        (f"m{s.milestone.pk}", "milestone", s.milestone.pk),
        (f"a{s.activity.pk}", "activity", s.activity.pk),
    ):
        link = items[key].find(f"{SVG}a")
        assert link is not None
        assert link.get("href") == reverse("plans:item_detail", args=[plan.pk, kind, pk])
    states = {key: classes(group) - {"item"} for key, group in items.items()}
    assert states == {
        f"a{s.activity.pk}": {"activity"},
        f"m{s.milestone.pk}": {"milestone", "critical", "infeasible"},
        f"m{s.second_milestone.pk}": {"milestone"},
        f"m{known.reached.pk}": {"milestone", "done"},
        f"m{known.late.pk}": {"milestone", "critical", "infeasible", "late"},
        f"m{known.internships.pk}": {"milestone"},
    }
    notes = {key: "".join(t.text or "" for t in g.iter(f"{SVG}tspan")) for key, g in items.items()}
    assert notes[f"m{known.late.pk}"] == "te laat"
    assert notes[f"m{s.milestone.pk}"] == "niet haalbaar"
    assert notes[f"m{known.reached.pk}"] == "bereikt"
    bar = child(items[f"m{s.milestone.pk}"], "rect", "bar")
    assert bar.get("stroke") == "#c2410c"
    legend = [t.text for t in root.iter(f"{SVG}text") if t.text]
    assert "kritieke pad" in legend and "speling" in legend and "schoolvakantie" in legend


def test_workstreams_are_header_bands_in_plan_order(known: KnownPlan, actors: Actors) -> None:
    root = chart(known, actors)
    labels = [t.text for t in root.iter(f"{SVG}text") if "workstream-label" in classes(t)]
    assert labels == ["Modern techniekonderwijs", "Samenwerking bedrijfsleven"]
    order = [
        g.get("data-key") if g.get("data-key") else None
        for g in root.iter(f"{SVG}g")
        if "item" in classes(g)
    ]
    s = known.sample
    # Each milestone comes right after the activities that lead to it.
    assert order == [
        f"a{s.activity.pk}",
        f"m{s.milestone.pk}",
        f"m{s.second_milestone.pk}",
        f"m{known.reached.pk}",
        f"m{known.late.pk}",
        f"m{known.internships.pk}",
    ]


def test_the_chart_groups_and_orders_milestones_as_the_table_does(
    known: KnownPlan, actors: Actors
) -> None:
    """Items without a workstream first; within a group the plan's order, not the numbers."""
    loose = loose_and_moved(known)
    s, plan = known.sample, known.sample.plan
    folder = services.item_save(
        plan=plan, user=actors.owner, instance=Activity(title="Map ingericht", duration="1w")
    )
    root = chart(known, actors)
    order = [g.get("data-key") for g in root.iter(f"{SVG}g") if "item" in classes(g)]
    assert order == [
        f"m{loose.pk}",
        f"a{folder.pk}",
        f"a{s.activity.pk}",
        f"m{s.milestone.pk}",
        f"m{known.reached.pk}",  # number 3, moved above number 2
        f"m{s.second_milestone.pk}",
        f"m{known.late.pk}",
        f"m{known.internships.pk}",
    ]
    labels = [t.text for t in root.iter(f"{SVG}text") if "workstream-label" in classes(t)]
    assert labels == [
        "Niet in een deelproject",
        "Modern techniekonderwijs",
        "Samenwerking bedrijfsleven",
    ]


def test_an_activity_without_a_workstream_heads_the_chart(known: KnownPlan, actors: Actors) -> None:
    folder = services.item_save(
        plan=known.sample.plan,
        user=actors.owner,
        instance=Activity(title="Map ingericht", duration="1w"),
    )
    root = chart(known, actors)
    labels = [t.text for t in root.iter(f"{SVG}text") if "workstream-label" in classes(t)]
    assert labels[0] == "Niet in een deelproject"
    assert next(g.get("data-key") for g in root.iter(f"{SVG}g") if "item" in classes(g)) == (
        f"a{folder.pk}"
    )


def test_the_renderer_is_a_pure_function_of_its_input() -> None:
    rows = [
        GanttRow(key="w1", kind="workstream", label="Deelproject A & B"),
        GanttRow(
            key="a1",
            kind="activity",
            label="Werk <voorbereiden>",
            url="/x/a1/",
            start=dt.date(2026, 3, 2),
            finish=dt.date(2026, 3, 13),
            slack_start=dt.date(2026, 3, 14),
            slack_end=dt.date(2026, 3, 27),
        ),
        GanttRow(
            key="m1",
            kind="milestone",
            label="1. Klaar",
            url="/x/m1/",
            start=dt.date(2026, 3, 2),
            finish=dt.date(2026, 3, 31),
            critical=True,
        ),
    ]
    data = GanttInput(
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        today=dt.date(2026, 3, 16),
        zoom="month",
        rows=rows,
        links=[GanttLink("a1", "m1", "leads_to")],
        shadings=[Shading(dt.date(2026, 2, 14), dt.date(2026, 2, 22), "voorjaarsvakantie")],
    )
    svg = render_gantt(data)
    assert svg == render_gantt(data)
    root = svg_root(svg)
    items = svg_items(root)
    # 2 March is day 60 of 2026: 400 + 60 × 4.
    assert child(items["a1"], "rect", "bar").get("x") == "640"
    slack = child(items["a1"], "line", "slack")
    assert (slack.get("x1"), slack.get("x2")) == ("688", "744")
    assert "Werk &lt;voorbereiden&gt;" in svg and "Deelproject A &amp; B" in svg
    holiday = next(r for r in root.iter(f"{SVG}rect") if "holiday" in classes(r))
    assert (holiday.get("x"), holiday.get("width")) == ("576", "36")  # 14 February is day 44
    today = next(line for line in root.iter(f"{SVG}line") if "today" in classes(line))
    assert today.get("x1") == "696"
    assert "critical" in classes(items["m1"])


def test_gantt_page_embeds_the_chart_with_zoom_and_downloads(
    known: KnownPlan, actors: Actors
) -> None:
    url = reverse("charts:gantt", args=[known.sample.plan.pk])
    response = client_for(actors.viewer).get(url + "?zoom=year")
    page = text(response)
    assert "Gantt-diagram" in page
    assert "5 mijlpalen, 1 activiteit, 2 op het kritieke pad." in page
    html = response.content.decode()
    assert 'data-zoom="year"' in html
    assert f'href="{reverse("charts:gantt_pdf", args=[known.sample.plan.pk])}?zoom=year"' in html
    assert f'href="{reverse("charts:gantt_svg", args=[known.sample.plan.pk])}?zoom=year"' in html
    assert '<a class="btn btn-small" href="?zoom=year" aria-current="true">Jaren</a>' in html
    assert (
        'data-zoom="quarter"'
        in client_for(actors.viewer).get(url + "?zoom=nonsense").content.decode()
    )


def test_an_empty_plan_draws_an_empty_chart_over_the_plan_period(
    actors: Actors, today: dt.date
) -> None:
    plan = build_plan(actors.owner, "Leeg plan")
    response = client_for(actors.owner).get(
        reverse("charts:gantt_svg", args=[plan.pk]) + "?zoom=year"
    )
    root = svg_root(response.content)
    assert svg_items(root) == {}
    years = [t.text for t in root.iter(f"{SVG}text") if "year" in classes(t)]
    assert years == ["2025", "2026", "2027", "2028"]
    assert "0 mijlpalen, 0 activiteiten." in text(
        client_for(actors.owner).get(reverse("charts:gantt", args=[plan.pk]))
    )


def test_each_bar_shows_its_light_in_colour_and_in_words(known: KnownPlan, actors: Actors) -> None:
    post_lights(known)
    root = chart(known, actors)
    items = svg_items(root)
    s = known.sample

    def light(key: str) -> tuple[str, str] | None:
        for g in items[key].iter(f"{SVG}g"):
            if "light" in classes(g):
                name = next(c for c in classes(g) if c.startswith("light-"))
                return name, g.findtext(f"{SVG}title") or ""
        return None

    assert light(f"m{s.milestone.pk}") == ("light-orange", "oranje")
    assert light(f"m{s.second_milestone.pk}") == ("light-red", "rood")
    assert light(f"m{known.reached.pk}") == ("light-reached", "bereikt")
    assert light(f"m{known.late.pk}") == ("light-late", "te laat")
    assert light(f"m{known.internships.pk}") == ("light-green", "groen")
    assert light(f"a{s.activity.pk}") is None  # no status update yet: no mark
    notes = {
        key: "".join(t.text or "" for t in g.iter(f"{SVG}tspan") if "note" in classes(t))
        for key, g in items.items()
    }
    # The light in words beside the label too, so a printed chart says it without colour.
    assert notes[f"m{s.milestone.pk}"] == "oranje · niet haalbaar"
    assert notes[f"m{s.second_milestone.pk}"] == "rood"
    assert notes[f"m{known.late.pk}"] == "te laat"
    assert notes[f"m{known.reached.pk}"] == "bereikt"
    # The marker sits after the diamond: 30 Jun 2026 (day 545) ends at 400 + 546 × 4 = 2584, the
    # diamond's tip is 7 further, then a gap of 4 and the dot's radius of 4.5.
    circle = next(items[f"m{s.second_milestone.pk}"].iter(f"{SVG}circle"))
    assert circle.get("cx") == "2599.5"
    legend = [
        t.text for g in root.iter(f"{SVG}g") if "legend" in classes(g) for t in g.iter(f"{SVG}text")
    ]
    assert legend[-5:] == ["status: te laat", "rood", "oranje", "groen", "bereikt"]


def test_the_gantt_page_counts_its_queries_with_the_logbook(
    known: KnownPlan, actors: Actors, django_assert_num_queries: Any
) -> None:
    post_lights(known)
    client = client_for(actors.viewer)
    url = reverse("charts:gantt", args=[known.sample.plan.pk])
    client.get(url)
    with django_assert_num_queries(12):  # and the baselines (to compare), the no-go decisions
        response = client.get(url)
    legend = text(response).split("Status (het licht van de laatste update):")[1]
    assert legend.startswith(" te laat rood oranje groen bereikt Gantt-diagram")


def test_long_labels_wrap_onto_a_second_line() -> None:
    long = "Een doorlopende LOB-leerlijn vmbo-mbo met ROC De Uiterwaarden is vastgesteld"
    row = GanttRow(key="m1", kind="milestone", label=long, note="groen")
    assert label_lines(row) == [
        "Een doorlopende LOB-leerlijn vmbo-mbo met ROC De",
        "Uiterwaarden is vastgesteld",
    ]
    assert label_lines(replace(row, label="Visie vastgesteld")) == ["Visie vastgesteld"]
    data = GanttInput(
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        today=dt.date(2026, 12, 30),
        zoom="quarter",
        rows=[row],
    )
    root = svg_root(render_gantt(data))
    label = next(t for t in root.iter(f"{SVG}text") if "label" in classes(t))
    assert "".join(label.itertext()) == (
        "Een doorlopende LOB-leerlijn vmbo-mbo met ROC DeUiterwaarden is vastgesteld groen"
    )
    second = next(t for t in label if "line2" in classes(t))
    assert (second.get("x"), second.get("dy")) == ("12", "14")
    # Two-line labels make every row taller: the body ends at the header's 44 + 38.
    today_line = next(t for t in root.iter(f"{SVG}line") if "today" in classes(t))
    assert (today_line.get("y1"), today_line.get("y2")) == ("44", "82")
    # Today near the chart's end: its tag goes left of the line, inside the chart.
    tag = next(r for r in root.iter(f"{SVG}rect") if "today-tag" in classes(r))
    assert float(tag.get("x", "0")) + float(tag.get("width", "0")) < float(
        today_line.get("x1", "0")
    )


def test_the_pdf_drawing_leaves_out_links_tooltips_and_patterns() -> None:
    rows = [
        GanttRow(
            key="m1",
            kind="milestone",
            label="Klaar",
            url="/x/m1/",
            start=dt.date(2026, 3, 2),
            finish=dt.date(2026, 3, 31),
            infeasible=True,
            light="orange",
            light_label="oranje",
        )
    ]
    data = GanttInput(
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        today=dt.date(2026, 3, 16),
        zoom="month",
        rows=rows,
        shadings=[Shading(dt.date(2026, 5, 18), dt.date(2026, 5, 22), "Toetsweek", "closure")],
    )
    svg = render_gantt(data)
    assert "url(#hatch)" in svg and "<a " in svg and svg.count("<title>") > 1
    plain = for_pdf(svg)
    root = svg_root(plain)
    assert [t.text for t in root.iter(f"{SVG}title")] == ["Gantt chart"]
    assert not list(root.iter(f"{SVG}a"))
    assert "url(#hatch)" not in plain and "url(#closure)" not in plain
    drawing = plain.split("</title>", 1)[1]  # after the <svg> element and its title
    assert "class=" not in drawing and "data-" not in drawing
    bar = next(r for r in root.iter(f"{SVG}rect") if r.get("rx") == "2")  # the one bar
    assert bar.get("fill") == "#f6c9c4"
    # Groups left without attributes are gone, their content kept.
    assert "<g>" not in drawing
    assert len(list(root.iter(f"{SVG}rect"))) == len(list(svg_root(svg).iter(f"{SVG}rect")))
    assert len(list(root.iter(f"{SVG}text"))) == len(list(svg_root(svg).iter(f"{SVG}text")))


def test_the_pdf_draws_each_arrows_head_where_its_marker_would_be() -> None:
    """CairoSVG draws markers slowly: the PDF's arrows end in the marker's triangle, drawn as a
    path of the same shape in the same place (rendered by CairoSVG, the same pixels)."""
    critical = Anchor(100, 140, 57, critical=True)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><title>Gantt</title>'
        + _arrow(GanttLink("m1", "m2"), critical, Anchor(180, 220, 83, critical=True), 26)
        + _arrow(GanttLink("a1", "m2", "leads_to"), Anchor(50, 90, 31, False), critical, 26)
        + "</svg>"
    )
    assert "marker-end" in svg
    assert for_pdf(svg).split("</title>", 1)[1] == (
        '<path d="M140,57 H146 V83 H180" stroke="#c2410c" stroke-width="1.2"/>'
        '<path d="M181.05,83 L172.65,78.8 L172.65,87.2 Z" fill="#c2410c"/>'
        '<path d="M90,31 H96 V57 H133" stroke="#5b6b7b" stroke-width="1.2" '
        'stroke-dasharray="3 2"/>'
        '<path d="M134.05,57 L125.65,52.8 L125.65,61.2 Z" fill="#5b6b7b"/>'
        "</svg>"
    )


def test_closures_of_the_plans_calendar_are_shaded(
    known: KnownPlan, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    toetsweek = planning.Closure(
        "Toetsweek 2", "toetsweek", dt.date(2026, 1, 26), dt.date(2026, 1, 30)
    )
    real = gantt_rows.scheduling.plan_calendar

    def with_closure(plan, school_holidays=None):
        calendar = real(plan, school_holidays)
        spec = planning.CalendarSpec(region=calendar.spec.region, closures=(toetsweek,))
        return planning.build_calendar(spec, calendar.school_holidays)

    closure_legend = "sluiting (toetsweek, studiedag, …)"
    assert closure_legend not in [t.text for t in chart(known, actors).iter(f"{SVG}text")]
    monkeypatch.setattr(gantt_rows.scheduling, "plan_calendar", with_closure)
    root = chart(known, actors)
    shaded = [
        (r.get("data-start"), r.get("data-end"), r.get("x"), r.findtext(f"{SVG}title"))
        for r in root.iter(f"{SVG}rect")
        if {"holiday", "closure"} <= classes(r)
    ]
    # 26 Jan 2026 is day 390: 400 + 390 × 4.
    assert shaded == [("2026-01-26", "2026-01-30", "1960", "toetsweek: Toetsweek 2")]
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert closure_legend in legend

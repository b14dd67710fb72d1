"""The charts compared with a baseline (vastgestelde planning): the Gantt chart's shadow bars,
the milestone plan's ◇ where a deadline moved."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.urls import reverse

from mijlpaal.decisions.baselines import baseline_take
from mijlpaal.decisions.models import Baseline
from mijlpaal.plans import services
from tests.charts.helpers import (
    SVG,
    KnownPlan,
    body_rows,
    classes,
    deadline_marks,
    period_cells,
    plan_table,
    squash,
    svg_items,
    svg_root,
)
from tests.helpers import Actors, build_plan, client_for, text


def _moved(known: KnownPlan, actors: Actors) -> Baseline:
    """A baseline of the known plan, then its second milestone moved from 30 June to 30 Sep 2026."""
    s = known.sample
    baseline = baseline_take(plan=s.plan, user=actors.owner, name="Stuurgroep oktober")
    s.second_milestone.deadline = dt.date(2026, 9, 30)
    services.item_save(plan=s.plan, user=actors.owner, instance=s.second_milestone)
    return baseline


def _svg(known: KnownPlan, actors: Actors, query: str) -> ET.Element:
    url = reverse("charts:gantt_svg", args=[known.sample.plan.pk])
    return svg_root(client_for(actors.viewer).get(url + query).content)


def _rects(group: ET.Element, css_class: str) -> list[tuple[str | None, ...]]:
    return [
        (r.get("x"), r.get("width"), r.get("y"), r.get("data-start"), r.get("data-finish"))
        for r in group.iter(f"{SVG}rect")
        if css_class in classes(r)
    ]


def _legend(root: ET.Element) -> list[str]:
    return [
        t.text or ""
        for g in root.iter(f"{SVG}g")
        if "legend" in classes(g)
        for t in g.iter(f"{SVG}text")
    ]


def test_each_item_shows_its_baseline_dates_as_a_shadow_under_its_bar(
    known: KnownPlan, actors: Actors
) -> None:
    baseline = _moved(known, actors)
    s = known.sample
    root = _svg(known, actors, f"?zoom=month&baseline={baseline.pk}")
    items = svg_items(root)
    moved = items[f"m{s.second_milestone.pk}"]
    # Day 545 of the chart (30 Jun 2026) at 4 px a day from 400; the milestone now sits on day
    # 637 (30 Sep). The shadow lies under the lead bar (middle 135, bar 8 high): from 142, 4 high.
    assert _rects(moved, "baseline") == [("2580", "4", "142", "2026-06-30", "2026-06-30")]
    assert _rects(moved, "lead") == [("2948", "4", "131", "2026-09-30", "2026-09-30")]
    # And a small hollow diamond at the baseline's date, under the milestone's own.
    [diamond] = [p for p in moved.iter(f"{SVG}path") if "baseline-diamond" in classes(p)]
    assert (diamond.get("d"), diamond.get("data-date")) == (
        "M2584,140 L2588,144 L2584,148 L2580,144 Z",
        "2026-06-30",
    )
    assert not [
        p for p in items[f"a{s.activity.pk}"].iter(f"{SVG}path") if "baseline-diamond" in classes(p)
    ]
    # An item that did not move: its shadow has the bar's dates, under the bar (12 high).
    assert _rects(items[f"a{s.activity.pk}"], "baseline") == [
        ("1708", "104", "90", "2025-11-24", "2025-12-19")
    ]
    assert _rects(items[f"a{s.activity.pk}"], "bar")[0][2] == "77"
    legend = _legend(root)
    assert "vastgestelde planning “Stuurgroep oktober”" in legend
    assert legend.index("vastgestelde planning “Stuurgroep oktober”") < legend.index("vandaag")
    heading = next(t for t in root.iter(f"{SVG}text") if "heading" in classes(t))
    assert (heading.text or "").endswith("· vergeleken met “Stuurgroep oktober”")


def test_without_a_baseline_no_shadows_and_no_legend_entry(
    known: KnownPlan, actors: Actors
) -> None:
    baseline = _moved(known, actors)
    other = build_plan(actors.owner, "Ander plan")
    foreign = baseline_take(plan=other, user=actors.owner, name="Van een ander plan")
    for query in ("?zoom=month", f"?zoom=month&baseline={foreign.pk}", "?baseline=x1"):
        root = _svg(known, actors, query)
        assert not any("baseline" in classes(r) for r in root.iter(f"{SVG}rect")), query
        assert not any("vastgestelde planning" in label for label in _legend(root)), query
    assert baseline.pk != foreign.pk


def test_the_page_offers_the_plans_baselines_and_keeps_the_choice(
    known: KnownPlan, actors: Actors
) -> None:
    baseline = _moved(known, actors)
    plan = known.sample.plan
    url = reverse("charts:gantt", args=[plan.pk])
    client = client_for(actors.viewer)
    page = text(client.get(url))
    choice = "Vergelijk met vastgestelde planning Geen vergelijking Stuurgroep oktober (3 nov 2025)"
    assert f"{choice} Tonen" in page
    response = client.get(url + f"?zoom=year&baseline={baseline.pk}")
    html = response.content.decode()
    assert f'<option value="{baseline.pk}" selected>' in html
    assert '<input type="hidden" name="zoom" value="year">' in html
    assert f'href="?zoom=month&amp;baseline={baseline.pk}"' in html
    pdf = reverse("charts:gantt_pdf", args=[plan.pk])
    assert f'href="{pdf}?zoom=year&amp;baseline={baseline.pk}"' in html
    assert 'class="baseline"' in html
    assert "vergeleken met “Stuurgroep oktober”" in text(response)
    download = client.get(pdf + f"?zoom=year&baseline={baseline.pk}")
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")


def test_a_plan_without_baselines_shows_no_choice(known: KnownPlan, actors: Actors) -> None:
    page = text(client_for(actors.viewer).get(reverse("charts:gantt", args=[known.sample.plan.pk])))
    assert "Vergelijk met vastgestelde planning" not in page


def test_outsiders_get_a_404_also_when_comparing(known: KnownPlan, actors: Actors) -> None:
    baseline = _moved(known, actors)
    for name in ("charts:gantt", "charts:gantt_svg", "charts:gantt_pdf", "charts:milestone_plan"):
        url = reverse(name, args=[known.sample.plan.pk]) + f"?baseline={baseline.pk}"
        assert client_for(actors.outsider).get(url).status_code == 404, name


def test_the_milestone_plan_marks_the_baseline_deadline_where_it_moved(
    known: KnownPlan, actors: Actors
) -> None:
    baseline = _moved(known, actors)
    s = known.sample
    url = reverse("charts:milestone_plan", args=[s.plan.pk]) + f"?baseline={baseline.pk}"
    response = client_for(actors.viewer).get(url)
    rows = {tr.get("id"): tr for tr in body_rows(plan_table(response))}
    moved = rows[f"milestone-{s.second_milestone.pk}"]
    baseline_marks = [
        (td.get("title"), span.get("class"), span.get("title"), span.text)
        for td in period_cells(moved)
        for span in td.iter("span")
        if "baseline-mark" in classes(span)
    ]
    # 30 June 2026 is the last day of Q2: the ◇ sits at its end; the ◆ moved on to Q3.
    assert baseline_marks == [
        ("Q2 2026", "mark baseline-mark at-100", "deadline volgens “Stuurgroep oktober”", "◇")
    ]
    assert deadline_marks(moved) == [("Q3 2026", "◆")]
    assert "◇ deadline volgens “Stuurgroep oktober”: 30 jun 2026" in squash(
        "".join(moved.itertext())
    )
    # The milestones that kept their deadline show no ◇.
    for key, tr in rows.items():
        if key != f"milestone-{s.second_milestone.pk}":
            assert "◇" not in "".join(tr.itertext()), key
    page = text(response)
    assert "◇ deadline volgens “Stuurgroep oktober”, waar die afwijkt" in page
    assert f'<option value="{baseline.pk}" selected>' in response.content.decode()
    plain = text(client_for(actors.viewer).get(url.split("?")[0]))
    assert "◇" not in plain
    assert "Vergelijk met vastgestelde planning" in plain

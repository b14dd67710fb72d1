"""No-go in the Gantt chart: what a decision stopped is drawn as stopped, off the critical path."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from mijlpaal.decisions.models import DecisionDocument, DocumentState, Verdict
from tests.charts.helpers import SVG, KnownPlan, classes, svg_items, svg_root
from tests.helpers import Actors, client_for, text


def _no_go(known: KnownPlan) -> DecisionDocument:
    """The opdrachtgever decided no-go on “XR-lesmateriaal ontwikkeld” (straight into the table:
    the decision's own steps are tested in tests/decisions)."""
    m = known.sample.milestone
    return DecisionDocument.objects.create(
        plan=known.sample.plan,
        milestone=m,
        subject=m.label,
        question="Gaan we door?",
        state=DocumentState.DECIDED,
        verdict=Verdict.NO_GO,
        decided_on=dt.date(2025, 11, 3),
    )


def _notes(root: Any) -> dict[str, tuple[list[str], list[str | None]]]:
    """Per item: its states (classes) and its note."""
    return {
        key: (
            sorted(classes(g) - {"item"}),
            [t.text for t in g.iter(f"{SVG}tspan") if "note" in classes(t)],
        )
        for key, g in svg_items(root).items()
    }


def test_what_a_no_go_stopped_is_drawn_stopped_and_off_the_critical_path(
    known: KnownPlan, actors: Actors
) -> None:
    s = known.sample
    url = reverse("charts:gantt_svg", args=[s.plan.pk]) + "?zoom=month"
    m1, m2 = f"m{s.milestone.pk}", f"m{s.second_milestone.pk}"
    before = _notes(svg_root(client_for(actors.viewer).get(url).content))
    assert before[m1] == (["critical", "infeasible", "milestone"], ["niet haalbaar"])
    _no_go(known)
    root = svg_root(client_for(actors.viewer).get(url).content)
    after = _notes(root)
    # The milestone decided on and the one that waits for it: stopped, not critical, not late.
    assert after[m1] == (["milestone", "stopped"], ["gestopt (no-go)"])
    assert after[m2] == (["milestone", "stopped"], ["gestopt (no-go)"])
    # The rest keeps its state; the convenant stays on the critical path.
    assert after[f"m{known.late.pk}"] == before[f"m{known.late.pk}"]
    assert "critical" in after[f"m{known.late.pk}"][0]
    assert after[f"a{s.activity.pk}"] == before[f"a{s.activity.pk}"]
    bar = next(r for r in svg_items(root)[m1].iter(f"{SVG}rect") if "lead" in classes(r))
    assert (bar.get("fill"), bar.get("stroke-dasharray")) == ("#eceff3", "3 2")
    legend = [
        t.text for g in root.iter(f"{SVG}g") if "legend" in classes(g) for t in g.iter(f"{SVG}text")
    ]
    assert "gestopt door een no-go-besluit" in legend


def test_the_gantt_page_says_so_in_a_banner(
    known: KnownPlan, actors: Actors, django_assert_num_queries: Any
) -> None:
    url = reverse("charts:gantt", args=[known.sample.plan.pk])
    client = client_for(actors.viewer)
    assert "no-go" not in text(client.get(url))
    _no_go(known)
    client.get(url)
    with django_assert_num_queries(12):  # the same as without a no-go
        page = text(client.get(url))
    assert "5 mijlpalen, 1 activiteit, 1 op het kritieke pad." in page
    assert (
        "Een no-go-besluit heeft 2 onderdelen gestopt: ze zijn grijs en gestreept getekend en "
        "tellen niet mee voor het kritieke pad. Besluiten"
    ) in page

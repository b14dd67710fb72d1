"""Who may see the charts, the SVG and PDF downloads, and queries that do not grow with the plan."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mijlpaal.decisions.baselines import baseline_take
from mijlpaal.plans.models import Activity, Dependency, Milestone, Party, Plan, Workstream
from mijlpaal.responsibilities.models import Assignment
from tests.charts.helpers import KnownPlan
from tests.helpers import Actors, build_plan, client_for

URL_NAMES = ("charts:milestone_plan", "charts:gantt", "charts:gantt_svg", "charts:gantt_pdf")


@pytest.mark.parametrize("name", URL_NAMES)
def test_outsiders_get_a_404_and_anonymous_users_log_in(
    name: str, known: KnownPlan, actors: Actors
) -> None:
    url = reverse(name, args=[known.sample.plan.pk])
    assert client_for(actors.outsider).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/login/?next={url}"
    assert client_for(actors.viewer).get(url).status_code == 200
    assert client_for(actors.viewer).post(url).status_code == 405


def test_a_plan_that_does_not_exist_is_a_404(actors: Actors) -> None:
    assert client_for(actors.owner).get(reverse("charts:gantt", args=[999_999])).status_code == 404


def test_svg_download(known: KnownPlan, actors: Actors) -> None:
    response = client_for(actors.viewer).get(
        reverse("charts:gantt_svg", args=[known.sample.plan.pk])
    )
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="Gantt Regioplan Techniek 2025-2028.svg"; '
        "filename*=UTF-8''Gantt%20Regioplan%20Techniek%202025%E2%80%932028.svg"
    )
    assert response.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    assert response.content.endswith(b"</svg>")
    heading = ET.fromstring(response.content).find("{http://www.w3.org/2000/svg}text")
    assert heading is not None and heading.get("class") == "heading"
    assert heading.text == "Regioplan Techniek 2025–2028 — Gantt-diagram · 3 nov 2025"


def test_pdf_download(known: KnownPlan, actors: Actors) -> None:
    response = client_for(actors.viewer).get(
        reverse("charts:gantt_pdf", args=[known.sample.plan.pk]) + "?zoom=year"
    )
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="Gantt Regioplan Techniek 2025-2028.pdf"; '
        "filename*=UTF-8''Gantt%20Regioplan%20Techniek%202025%E2%80%932028.pdf"
    )
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")


def _big_plan(actors: Actors, milestones: int) -> Plan:
    plan = build_plan(actors.owner, "Groot plan")
    workstreams = Workstream.objects.bulk_create(
        Workstream(plan=plan, name=f"Deelproject {i}", order=i) for i in range(10)
    )
    party = Party.objects.create(plan=plan, name="Regio-ondersteuner")
    made = Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            workstream=workstreams[i % 10],
            number=i // 10 + 1,
            title=f"Mijlpaal {i}",
            deadline=dt.date(2025, 3, 1) + dt.timedelta(days=4 * i),
            lead_time="1m",
            order=i,
        )
        for i in range(milestones)
    )
    Activity.objects.bulk_create(
        Activity(
            plan=plan,
            workstream=m.workstream,
            milestone=m,
            title=f"Werk voor {m.title}",
            duration="2w",
        )
        for m in made
    )
    Dependency.objects.bulk_create(
        Dependency(plan=plan, predecessor_milestone=a, successor_milestone=b)
        for a, b in itertools.pairwise(made)
    )
    Assignment.objects.bulk_create(
        Assignment(plan=plan, party=party, milestone=m, letters="VE") for m in made
    )
    return plan


@pytest.mark.parametrize(
    ("name", "queries", "compared"),
    [
        ("charts:milestone_plan", 14, False),  # and the plan's baselines, for the comparison
        ("charts:milestone_plan", 15, True),
        ("charts:gantt", 12, False),
        ("charts:gantt", 13, True),  # with a baseline's shadows: its rows in one query more
    ],
)
def test_query_counts_do_not_grow_with_the_plan(
    name: str, queries: int, compared: bool, known: KnownPlan, actors: Actors, today: dt.date
) -> None:
    small = known.sample.plan
    big = _big_plan(actors, 300)
    client = client_for(actors.owner)
    counts = []
    for plan in (small, big):
        query = ""
        if compared:
            baseline = baseline_take(plan=plan, user=actors.owner, name="Vastgesteld")
            query = f"?baseline={baseline.pk}"
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(name, args=[plan.pk]) + query)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts == [queries, queries]
    assert b"Mijlpaal 299" in client.get(reverse(name, args=[big.pk])).content


def test_pdf_without_cairo_says_so_instead_of_failing(
    known: KnownPlan, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mijlpaal.charts import views

    def missing(_svg: str) -> bytes:
        raise OSError("no library called cairo was found")

    monkeypatch.setattr(views, "svg_to_pdf", missing)
    client = client_for(actors.viewer)
    response = client.get(reverse("charts:gantt_pdf", args=[known.sample.plan.pk]), follow=True)
    assert response.status_code == 200
    assert "PDF-export is niet beschikbaar op deze server" in response.content.decode()

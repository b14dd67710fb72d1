"""The milestone trend analysis and the lights over time: SVG elements for known data, the page,
access and a query count that does not grow with the plan."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from mijlpaal.decisions.baselines import baseline_take
from mijlpaal.decisions.models import Baseline
from mijlpaal.monitoring import services as monitoring
from mijlpaal.monitoring.models import Entry
from mijlpaal.monitoring.trend import TrendInput, TrendLine, TrendPoint, render_trend
from mijlpaal.plans import services
from mijlpaal.plans.models import Activity, Milestone, Workstream
from tests.helpers import Actors, SamplePlan, build_plan, client_for

SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2026, 3, 31)
D = dt.date


@pytest.fixture(autouse=True)
def today(travel: Callable[[dt.date], None]) -> dt.date:
    travel(TODAY)
    return TODAY


def post(
    sample: SamplePlan, subject: Milestone | Activity, light: str, on: dt.date, **fields: object
) -> Entry:
    owner = sample.plan.memberships.get(role="owner").user
    return monitoring.entry_post(
        plan=sample.plan,
        user=owner,
        subject=subject,
        entry=Entry(light=light, reported_on=on, **fields),
    )


def svg(sample: SamplePlan, actors: Actors, name: str, query: str = "") -> ET.Element:
    response = client_for(actors.viewer).get(
        reverse(f"monitoring:{name}", args=[sample.plan.pk]) + query
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    return ET.fromstring(response.content)


def by_class(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if css_class in (e.get("class") or "").split()]


def child(element: ET.Element, tag: str) -> ET.Element:
    """The first <tag> right inside `element`."""
    found = element.find(f"{SVG}{tag}")
    assert found is not None, f"no {tag} in {element.tag}"
    return found


# --- the milestone trend analysis -----------------------------------------------------------------


@pytest.fixture
def slipping(sample: SamplePlan) -> SamplePlan:
    """XR-lesmateriaal: forecast 1 March, then 20 March, reached on 25 March 2026.

    A mistaken update on 10 February (forecast 30 April) is corrected the same day: it no longer
    counts.
    """
    m = sample.milestone
    post(sample, m, "green", D(2026, 1, 10), forecast=D(2026, 3, 1))
    wrong = post(sample, m, "red", D(2026, 2, 10), forecast=D(2026, 4, 30))
    post(sample, m, "orange", D(2026, 2, 10), forecast=D(2026, 3, 20), corrects=wrong)
    post(sample, m, "reached", D(2026, 3, 25))
    return sample


def test_a_line_through_the_forecasts_ends_on_the_diagonal(
    slipping: SamplePlan, actors: Actors
) -> None:
    root = svg(slipping, actors, "trend_svg")
    # Both axes run over January–March 2026 (90 days): 780 px across from x = 92, 400 px up from
    # y = 420.
    assert (root.get("data-x-first"), root.get("data-x-end")) == ("2026-01-01", "2026-04-01")
    assert (root.get("data-y-first"), root.get("data-y-end")) == ("2026-01-01", "2026-04-01")
    assert root.get("data-plot") == "92 20 780 400"
    [group] = by_class(root, "g", "milestone")
    assert group.get("data-milestone") == str(slipping.milestone.pk)
    assert "reached" in (group.get("class") or "").split()
    [line] = by_class(group, "polyline", "trend-line")
    # 10 Jan → 1 Mar, 10 Feb → 20 Mar, reached 25 Mar on the diagonal.
    assert line.get("points") == "170,157.78 438.67,73.33 811.33,51.11"
    points = [
        (p.get("data-reported"), p.get("data-forecast")) for p in by_class(group, "circle", "point")
    ]
    assert points == [("2026-01-10", "2026-03-01"), ("2026-02-10", "2026-03-20"), (None, None)]
    [dot] = by_class(group, "circle", "reached")
    assert (dot.get("cx"), dot.get("cy"), dot.get("r"), dot.get("data-date")) == (
        "811.33",
        "51.11",
        "6",
        "2026-03-25",
    )
    [diagonal] = by_class(root, "line", "diagonal")
    assert [diagonal.get(a) for a in ("x1", "y1", "x2", "y2")] == ["92", "420", "872", "20"]
    [tag] = by_class(group, "text", "tag")
    assert tag.text == "1"  # the milestone's number
    legend = [t.text for t in root.iter(f"{SVG}text") if t.text and "XR" in t.text]
    assert legend == ["1. XR-lesmateriaal ontwikkeld"]
    assert root.get("aria-label") == "Mijlpaaltrendanalyse"
    assert root.findtext(f"{SVG}title") == "Mijlpaaltrendanalyse"
    ticks = [t.text for t in by_class(root, "text", "tick")]
    assert ticks == ["jan", "feb", "mrt", "jan 2026", "feb 2026", "mrt 2026"]


def test_a_line_starts_at_the_deadline_without_a_forecast(
    sample: SamplePlan, actors: Actors
) -> None:
    sample.second_milestone.number = None  # without a number the line's end shows its first words
    sample.second_milestone.save()
    post(sample, sample.second_milestone, "green", D(2026, 1, 12))
    post(sample, sample.second_milestone, "orange", D(2026, 2, 9), forecast=D(2026, 8, 31))
    post(
        sample, sample.second_milestone, "orange", D(2026, 3, 9)
    )  # no new forecast: the last one holds
    root = svg(sample, actors, "trend_svg")
    [group] = by_class(root, "g", "milestone")
    points = [
        (p.get("data-reported"), p.get("data-forecast")) for p in by_class(group, "circle", "point")
    ]
    assert points == [
        ("2026-01-12", "2026-06-30"),
        ("2026-02-09", "2026-08-31"),
        ("2026-03-09", "2026-08-31"),
    ]
    assert by_class(group, "circle", "reached") == []
    assert [t.text for t in by_class(group, "text", "tag")] == ["XR in alle…"]
    assert "XR in alle techniekprofielen" in [t.text for t in root.iter(f"{SVG}text")]
    # Forecasts run to August: the forecast axis goes further than the reporting axis.
    assert (root.get("data-y-first"), root.get("data-y-end")) == ("2026-01-01", "2026-09-01")


def test_many_lines_get_distinct_styles_and_an_empty_chart_says_so() -> None:
    lines = [
        TrendLine(
            i,
            str(i),
            f"Mijlpaal {i}",
            (TrendPoint(D(2026, 1, 5), D(2026, 6, 1)), TrendPoint(D(2026, 2, 5), D(2026, 6, 8))),
        )
        for i in range(1, 14)
    ]
    root = ET.fromstring(render_trend(TrendInput(lines, D(2026, 2, 20))))
    styles = {
        (p.get("stroke"), p.get("stroke-dasharray"))
        for p in by_class(root, "polyline", "trend-line")
    }
    assert len(styles) == 13
    # All thirteen end on 5 Feb (day 35 of 59 across 780 px) at 8 Jun (day 158 of 181 up 400 px):
    # three tags fit beside that point, 12 px apart; the rest are left out.
    tags = [(t.get("x"), t.get("y")) for t in by_class(root, "text", "tag")]
    assert tags == [("562.71", "74.83"), ("562.71", "86.83"), ("562.71", "98.83")]
    empty = ET.fromstring(render_trend(TrendInput([], D(2026, 2, 20))))
    assert [t.text for t in by_class(empty, "text", "empty")] == [
        "No status updates on milestones yet."
    ]
    assert by_class(empty, "line", "diagonal")


# --- the lights over time -------------------------------------------------------------------------


def segments(root: ET.Element, month: str) -> dict[str, tuple[str | None, str | None]]:
    """light -> (count, height) of one month's bar."""
    return {
        r.get("data-light") or "": (r.get("data-count"), r.get("height"))
        for r in by_class(root, "rect", "segment")
        if r.get("data-month") == month
    }


def test_lights_per_month_as_they_were_then(sample: SamplePlan, actors: Actors) -> None:
    post(sample, sample.milestone, "green", D(2025, 11, 5))
    post(
        sample, sample.milestone, "red", D(2026, 1, 10)
    )  # its deadline (19 Dec 2025) has passed: late
    post(sample, sample.second_milestone, "orange", D(2026, 2, 3))
    post(sample, sample.activity, "green", D(2025, 12, 1))
    post(
        sample, sample.activity, "reached", D(2026, 2, 20)
    )  # not reached yet at the end of January
    root = svg(sample, actors, "lights_svg")
    months = [g.get("data-month") for g in by_class(root, "g", "month")]
    assert months[0] == "2025-01" and months[-1] == "2026-03" and len(months) == 15
    # Three items, an axis of 0–3: 100 px each.
    assert root.get("data-axis-max") == "3"
    assert segments(root, "2025-10") == {"none": ("3", "300")}
    assert segments(root, "2025-11") == {"green": ("1", "100"), "none": ("2", "200")}
    assert segments(root, "2025-12") == {
        "green": ("1", "100"),
        "late": ("1", "100"),
        "none": ("1", "100"),
    }
    assert segments(root, "2026-01") == {
        "green": ("1", "100"),
        "late": ("1", "100"),
        "none": ("1", "100"),
    }
    assert segments(root, "2026-02") == {
        "reached": ("1", "100"),
        "orange": ("1", "100"),
        "late": ("1", "100"),
    }
    # Stacked from the bottom (y = 316): reached, then orange, then late on top.
    stack = [
        (r.get("data-light"), r.get("y"))
        for r in by_class(root, "rect", "segment")
        if r.get("data-month") == "2026-03"
    ]
    assert stack == [("reached", "216"), ("orange", "116"), ("late", "16")]
    [march] = [g for g in by_class(root, "g", "month") if g.get("data-month") == "2026-03"]
    assert (march.get("data-on"), march.get("data-total")) == ("2026-03-31", "3")
    legend = [t.text for g in by_class(root, "g", "key") for t in g.iter(f"{SVG}text")]
    assert legend == ["te laat", "rood", "oranje", "groen", "bereikt", "nog geen update"]
    colours = {
        g.get("data-light"): child(g, "rect").get("fill") for g in by_class(root, "g", "key")
    }
    assert colours == {
        "late": "#7a1610",
        "red": "#b42318",
        "orange": "#f0a030",
        "green": "#2e8540",
        "reached": "#a8d5b0",
        "none": "#d9dde2",
    }
    assert root.get("aria-label") == "Stoplichten in de tijd"


# --- the page, access and the workstream filter ---------------------------------------------------


def visible(html: str) -> str:
    html = re.sub(r"<(script|style|svg)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_page_shows_both_charts_in_dutch(slipping: SamplePlan, actors: Actors) -> None:
    response = client_for(actors.viewer).get(reverse("monitoring:trend", args=[slipping.plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="trend"' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="lights"' in html
    page = visible(html)
    assert "Mijlpaaltrendanalyse" in page
    assert "Een stijgende lijn: de prognose schuift op, de mijlpaal loopt uit." in page
    assert "Stoplichten in de tijd" in page
    assert "Alle deelprojecten" in page and "Afdrukken" in page
    assert "Rapportagedatum" in html  # inside the chart


def test_members_only_and_get_only(sample: SamplePlan, actors: Actors) -> None:
    for name in ("trend", "trend_svg", "lights_svg"):
        url = reverse(f"monitoring:{name}", args=[sample.plan.pk])
        assert client_for(actors.outsider).get(url).status_code == 404
        assert client_for(actors.viewer).post(url).status_code == 405
        assert client_for(actors.viewer).get(url).status_code == 200
    anonymous = client_for(actors.viewer)
    anonymous.logout()
    assert anonymous.get(reverse("monitoring:trend", args=[sample.plan.pk])).status_code == 302


def test_the_workstream_filter(slipping: SamplePlan, actors: Actors) -> None:
    owner = slipping.plan.memberships.get(role="owner").user
    other = services.item_save(
        plan=slipping.plan, user=owner, instance=Workstream(name="Samenwerking bedrijfsleven")
    )
    convenant = services.item_save(
        plan=slipping.plan,
        user=owner,
        instance=Milestone(workstream=other, title="Convenant getekend", deadline=D(2026, 5, 1)),
    )
    post(slipping, convenant, "green", D(2026, 2, 2), forecast=D(2026, 5, 1))
    everything = svg(slipping, actors, "trend_svg")
    assert len(by_class(everything, "g", "milestone")) == 2
    only = svg(slipping, actors, "trend_svg", f"?workstream={other.pk}")
    assert [g.get("data-milestone") for g in by_class(only, "g", "milestone")] == [
        str(convenant.pk)
    ]
    lights = svg(slipping, actors, "lights_svg", f"?workstream={other.pk}")
    assert segments(lights, "2026-03") == {"green": ("1", "300")}
    for junk in ("abc", "-1", "²", ""):  # not a workstream number: ignored
        root = svg(slipping, actors, "trend_svg", f"?workstream={junk}")
        assert len(by_class(root, "g", "milestone")) == 2
    stranger = services.item_save(
        plan=build_plan(actors.outsider, "Ander plan"),
        user=actors.outsider,
        instance=Workstream(name="Elders"),
    )
    viewer = client_for(actors.viewer)
    for name in ("trend", "trend_svg", "lights_svg"):
        url = reverse(f"monitoring:{name}", args=[slipping.plan.pk])
        assert viewer.get(url + f"?workstream={stranger.pk}").status_code == 404
    page = viewer.get(
        reverse("monitoring:trend", args=[slipping.plan.pk]) + f"?workstream={other.pk}"
    )
    assert f'<option value="{other.pk}" selected>' in page.content.decode()


# --- queries -------------------------------------------------------------------------------------


# Session, user, membership with the plan; milestones, activities, workstreams and status updates;
# the trend analysis also the plan's baselines (to start from one).
QUERIES = {"trend": 8, "trend_svg": 8, "lights_svg": 7}


def test_the_query_count_does_not_grow_with_the_plan(
    slipping: SamplePlan, actors: Actors, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    viewer = client_for(actors.viewer)
    for name in ("trend", "trend_svg", "lights_svg"):
        with django_assert_num_queries(QUERIES[name]):
            assert (
                viewer.get(reverse(f"monitoring:{name}", args=[slipping.plan.pk])).status_code
                == 200
            )
    plan = build_plan(actors.owner, "Groot plan")
    plan.memberships.create(user=actors.viewer, role="viewer")
    workstreams = Workstream.objects.bulk_create(
        Workstream(plan=plan, name=f"Deelproject {i}", order=i) for i in range(6)
    )
    deadlines = [D(2026, 1, 1) + dt.timedelta(days=3 * i) for i in range(300)]
    milestones = Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            workstream=workstreams[i % 6],
            number=i + 1,
            title=f"Mijlpaal {i + 1}",
            deadline=deadline,
            order=i,
        )
        for i, deadline in enumerate(deadlines)
    )
    Activity.objects.bulk_create(
        Activity(
            plan=plan,
            workstream=workstreams[i % 6],
            milestone=milestones[i],
            title=f"Activiteit {i}",
            order=i,
        )
        for i in range(300)
    )
    Entry.objects.bulk_create(
        Entry(
            plan=plan,
            target="milestone",
            milestone=m,
            subject=m.title,
            light=("green", "orange", "red")[k % 3],
            reported_on=D(2025, 9, 1) + dt.timedelta(days=30 * k),
            forecast=deadline + dt.timedelta(days=7 * k),
        )
        for m, deadline in zip(milestones, deadlines, strict=True)
        for k in range(6)
    )
    for name in ("trend", "trend_svg", "lights_svg"):
        with django_assert_num_queries(QUERIES[name]):
            response = viewer.get(
                reverse(f"monitoring:{name}", args=[plan.pk])
                + "?workstream="
                + str(workstreams[2].pk)
            )
            assert response.status_code == 200
    root = ET.fromstring(viewer.get(reverse("monitoring:trend_svg", args=[plan.pk])).content)
    assert len(by_class(root, "g", "milestone")) == 300
    # From a baseline: one query more (its milestones' deadlines), whatever the plan's size.
    for trend_plan in (slipping.plan, plan):
        baseline = baseline_take(plan=trend_plan, user=actors.owner, name="Vastgesteld")
        Baseline.objects.filter(pk=baseline.pk).update(taken_on=D(2025, 8, 1))
        for name in ("trend", "trend_svg"):
            url = reverse(f"monitoring:{name}", args=[trend_plan.pk]) + f"?baseline={baseline.pk}"
            with django_assert_num_queries(QUERIES[name] + 1):
                assert viewer.get(url).status_code == 200


def test_the_trend_can_start_from_a_baseline(
    slipping: SamplePlan, actors: Actors, travel: Callable[[dt.date], None]
) -> None:
    """Fixed on 20 January 2026 with the deadline of 19 December 2025: the line starts there, the
    update of 10 January (before the baseline) drops out, the later ones follow."""
    travel(D(2026, 1, 20))
    baseline = baseline_take(plan=slipping.plan, user=actors.owner, name="Stuurgroep januari")
    travel(TODAY)
    root = svg(slipping, actors, "trend_svg", f"?baseline={baseline.pk}")
    [group] = by_class(root, "g", "milestone")
    points = [
        (p.get("data-reported"), p.get("data-forecast")) for p in by_class(group, "circle", "point")
    ]
    assert points == [("2026-01-20", "2025-12-19"), ("2026-02-10", "2026-03-20"), (None, None)]
    heading = by_class(root, "text", "heading")[0].text or ""
    assert heading.endswith("— Mijlpaaltrendanalyse · vanaf “Stuurgroep januari”")
    # Without the choice, or with another plan's baseline: every update, as before.
    other = baseline_take(plan=build_plan(actors.owner, "Ander plan"), user=actors.owner, name="X")
    for query in ("", f"?baseline={other.pk}", "?baseline=abc"):
        [group] = by_class(svg(slipping, actors, "trend_svg", query), "g", "milestone")
        assert len(by_class(group, "circle", "point")) == 3, query
    url = reverse("monitoring:trend", args=[slipping.plan.pk])
    page = visible(client_for(actors.viewer).get(url + f"?baseline={baseline.pk}").content.decode())
    assert "Vanaf de vastgestelde planning “Stuurgroep januari” van 20 jan 2026" in page
    assert "Beginnen bij vastgestelde planning Alle statusupdates Stuurgroep januari" in page
    html = client_for(actors.viewer).get(url + f"?baseline={baseline.pk}").content.decode()
    assert f'trend.svg?baseline={baseline.pk}"' in html

"""The milestone plan printed from the browser: A4 landscape, the table without the page chrome."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from mijlpaal.demo import load_demo
from tests.charts.helpers import KnownPlan
from tests.helpers import Actors, OpenPage, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page's MediaBox."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return [
        (round(float(x1) - float(x0)), round(float(y1) - float(y0))) for x0, y0, x1, y1 in boxes
    ]


def test_milestone_plan_prints_on_a4_landscape(
    page: Page, live_server: LiveServer, known: KnownPlan, actors: Actors
) -> None:
    log_in(page, live_server.url, actors.viewer.email)
    page.goto(live_server.url + reverse("charts:milestone_plan", args=[known.sample.plan.pk]))
    assert page.locator("table.mplan tr.milestone-row").count() == 5
    page.emulate_media(media="print")
    expect(page.locator(".chart-filters")).to_be_hidden()
    expect(page.locator("nav.tabs")).to_be_hidden()
    expect(page.locator(".print-title")).to_have_text(
        "Regioplan Techniek 2025–2028 — Mijlpalenplan · afgedrukt op 3 nov 2025"
    )
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    # A4 landscape is 842 × 595 points; one page is enough for this plan.
    assert page_sizes(pdf) == [(842, 595)]


def test_the_demo_plan_prints_on_three_pages(open_page: OpenPage, live_server: LiveServer) -> None:
    """23 milestones in five workstreams, with their roles: at most three A4 landscape pages."""
    demo = load_demo()
    page = open_page(user=demo.user, viewport={"width": 1366, "height": 900})
    page.goto(live_server.url + reverse("charts:milestone_plan", args=[demo.plans[0].pk]))
    assert page.locator("table.mplan tr.milestone-row").count() == 23
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert page_sizes(pdf) == [(842, 595)] * 3


def test_a_bar_starts_and_ends_on_its_dates_within_the_quarter(
    page: Page, live_server: LiveServer, known: KnownPlan, actors: Actors
) -> None:
    """Drawn by the browser: 3 Nov to 19 Dec 2025 fills 36% to 86% of the Q4 2025 cell, the ◆'s
    middle at 86%."""
    log_in(page, live_server.url, actors.viewer.email)
    page.goto(live_server.url + reverse("charts:milestone_plan", args=[known.sample.plan.pk]))
    cell = page.locator(f"#milestone-{known.sample.milestone.pk} td[title='Q4 2025']")
    box = cell.bounding_box()
    bar = cell.locator(".bar").bounding_box()
    mark = cell.locator(".mark").bounding_box()
    assert box is not None and bar is not None and mark is not None
    assert abs(bar["x"] - (box["x"] + 0.36 * box["width"])) < 1.5
    assert abs(bar["x"] + bar["width"] - (box["x"] + 0.86 * box["width"])) < 1.5
    assert abs(mark["x"] + mark["width"] / 2 - (box["x"] + 0.86 * box["width"])) < 1.5

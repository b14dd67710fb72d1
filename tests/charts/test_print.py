"""The milestone plan printed from the browser: A4 landscape, the table without the page chrome."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from tests.charts.helpers import KnownPlan
from tests.conftest import PASSWORD, Actors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page's MediaBox."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return [
        (round(float(x1) - float(x0)), round(float(y1) - float(y0))) for x0, y0, x1, y1 in boxes
    ]


def test_milestone_plan_prints_on_a4_landscape(
    browser: Browser, live_server: object, known: KnownPlan, actors: Actors
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/login/")
    page.get_by_label("E-mailadres").fill(actors.viewer.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(base + reverse("plans:list"))
    page.goto(base + reverse("charts:milestone_plan", args=[known.sample.plan.pk]))
    assert page.locator("table.mplan tr.milestone-row").count() == 5
    page.emulate_media(media="print")
    expect(page.locator(".chart-filters")).to_be_hidden()
    expect(page.locator("nav.tabs")).to_be_hidden()
    expect(page.locator(".print-title")).to_have_text(
        "Regioplan Techniek 2025–2028 — Mijlpalenplan · afgedrukt op 3 nov 2025"
    )
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    context.close()
    assert pdf.startswith(b"%PDF")
    sizes = page_sizes(pdf)
    # A4 landscape is 842 × 595 points; one page is enough for this plan.
    assert sizes == [(842, 595)]

"""In the browser: a contributor reports a milestone orange, and the plan's lights follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from mijlpaal.monitoring.models import Entry
from tests.helpers import Actors, SamplePlan, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_a_milestone_orange_and_see_it_at_a_glance(
    page: Page,
    live_server: LiveServer,
    sample: SamplePlan,
    actors: Actors,
    travel: Callable[[dt.date], None],
) -> None:
    travel(dt.date(2025, 11, 3))
    base = live_server.url
    log_in(page, base, "contributor@school.example")

    page.goto(f"{base}/plans/{sample.plan.pk}/milestone/{sample.second_milestone.pk}/")
    expect(page.get_by_role("heading", name="Status: nog geen update")).to_be_visible()
    page.get_by_role("link", name="Statusupdate").click()
    page.get_by_label("oranje").check()
    page.get_by_label("Knelpunten").fill("De XR-brillen worden later geleverd.")
    page.get_by_label("Maatregelen").fill("Lessen in het eerste blok met de oude brillen.")
    page.get_by_label("Prognosedatum").fill("2026-07-10")
    page.get_by_role("button", name="Opslaan in het logboek").click()

    expect(page.get_by_text("De statusupdate staat in het logboek.")).to_be_visible()
    expect(page.get_by_role("heading", name="Status: oranje")).to_be_visible()
    expect(page.get_by_text("De XR-brillen worden later geleverd.")).to_be_visible()

    page.get_by_role("link", name="Voortgang").click()
    expect(page.get_by_role("link", name="1 oranje")).to_be_visible()
    page.get_by_role("link", name="1 open knelpunt").click()
    expect(page.get_by_role("link", name="XR in alle techniekprofielen")).to_be_visible()
    entry = Entry.objects.get()
    assert (entry.light, entry.forecast, entry.author) == (
        "orange",
        dt.date(2026, 7, 10),
        actors.contributor,
    )

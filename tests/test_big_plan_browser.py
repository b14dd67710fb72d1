"""A big plan's list of workstreams in a browser: each workstream's activities are folded, open
with htmx, and the page passes axe and fits a phone, in Dutch and English."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from tests.helpers import PHONE, Actors, OpenPage, axe_violations, build_plan, sideways_scroll
from tests.test_views import grow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLD = {"nl": "Activiteiten (50)", "en": "Activities (50)"}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_big_plan_opens_a_workstreams_activities_in_place(
    open_page: OpenPage, live_server: LiveServer, actors: Actors, language: str
) -> None:
    plan = build_plan(actors.owner, "Groot plan")
    grow(plan, actors.owner, 300)
    url = live_server.url + reverse("plans:workstreams", args=[plan.pk])
    page = open_page(language=language, user=actors.owner)
    page.goto(url)
    expect(page.get_by_text("Mijlpaal 299", exact=True)).to_be_visible()
    expect(page.get_by_text("Activiteit bij Mijlpaal 0", exact=True)).to_have_count(0)
    page.locator("summary", has_text=FOLD[language]).first.click()
    expect(page.get_by_role("link", name="Activiteit bij Mijlpaal 0", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Activiteit bij Mijlpaal 294", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    phone = open_page(language=language, viewport=PHONE, user=actors.owner)
    phone.goto(url)
    phone.locator("summary", has_text=FOLD[language]).first.click()
    expect(phone.get_by_role("link", name="Activiteit bij Mijlpaal 0", exact=True)).to_be_visible()
    assert sideways_scroll(phone) == 0

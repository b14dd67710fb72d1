"""The API tokens section of the account: axe-clean and phone-sized, in both languages, also in
the state that shows a new token once; and the API's documentation page under the strict CSP."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from pytest_django.live_server_helper import LiveServer

from tests.helpers import LAPTOP, PHONE, Actors, OpenPage, axe_violations, sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = {"nl": "Naam", "en": "Name"}
MAKE = {"nl": "Token maken", "en": "Make a token"}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_tokens_section_is_accessible_and_fits_a_phone(
    open_page: OpenPage, live_server: LiveServer, actors: Actors, language: str, size: str
) -> None:
    viewport = PHONE if size == "phone" else LAPTOP
    page = open_page(language=language, viewport=viewport, user=actors.owner)
    page.goto(live_server.url + reverse("api_tokens:settings"))
    assert axe_violations(page) == []
    assert sideways_scroll(page) == 0
    page.get_by_label(NAME[language]).fill("Power BI van het programmabureau")
    page.get_by_role("button", name=MAKE[language]).click()
    token = page.locator("#api-token")
    assert token.input_value().startswith("mp_")
    assert axe_violations(page) == []
    assert sideways_scroll(page) == 0
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"/tmp/api-tokens-{language}-{size}.png", full_page=True)


def test_the_api_documentation_runs_under_the_strict_csp(
    open_page: OpenPage, live_server: LiveServer, actors: Actors
) -> None:
    page = open_page(language="en", viewport=LAPTOP, user=actors.owner)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(live_server.url + "/api/v1/docs")
    page.get_by_text("Mijlpaal API").first.wait_for()
    page.get_by_text("/api/v1/plans/{plan_id}/status-updates").first.wait_for()
    assert refused == []
    assert [u for u in outside if not u.startswith("data:")] == []
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path="/tmp/api-docs.png")

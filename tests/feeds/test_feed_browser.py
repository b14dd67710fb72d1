"""The calendar subscription section of the account: axe-clean and phone-sized, in both languages,
also in the state that shows the secret addresses once."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from pytest_django.live_server_helper import LiveServer

from tests.helpers import (
    LAPTOP,
    PHONE,
    Actors,
    OpenPage,
    axe_violations,
    build_plan,
    sideways_scroll,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAKE = {"nl": "Agenda-adres maken", "en": "Make a calendar address"}
ALL = {"nl": "Al mijn plannen", "en": "All my plans"}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_calendar_section_is_accessible_and_fits_a_phone(
    open_page: OpenPage, live_server: LiveServer, actors: Actors, language: str, size: str
) -> None:
    build_plan(actors.owner, "Regioplan Techniek Rivierenland en Maas en Waal 2025–2028")
    viewport = PHONE if size == "phone" else LAPTOP
    page = open_page(language=language, viewport=viewport, user=actors.owner)
    page.goto(live_server.url + reverse("feeds:settings"))
    assert axe_violations(page) == []
    assert sideways_scroll(page) == 0
    page.get_by_role("button", name=MAKE[language]).click()
    address = page.get_by_label(ALL[language])
    assert address.input_value().startswith(f"{live_server.url}/feeds/")
    assert address.input_value().endswith("/all.ics")
    assert axe_violations(page) == []
    assert sideways_scroll(page) == 0
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"/tmp/feed-{language}-{size}.png", full_page=True)

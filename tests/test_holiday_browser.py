"""Reading in school holidays in the browser, on a phone and a laptop: the settings page, a bad
file's problems and the list of imports pass axe-core and do not scroll sideways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from mijlpaal.plans.models import SchoolHolidayImport
from tests.helpers import (
    LAPTOP,
    PHONE,
    Actors,
    OpenPage,
    SamplePlan,
    axe_violations,
    sideways_scroll,
)
from tests.holiday_files import open_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBMIT = {"nl": "Schoolvakanties inlezen", "en": "Read in school holidays"}
AGAIN = {"nl": "Inlezen", "en": "Read in"}  # the button of the import page
NOT_READ = {
    "nl": "Het bestand is niet ingelezen; er is niets gewijzigd.",
    "en": "The file was not read in; nothing has been changed.",
}
KNOWN = {
    "nl": "Schoolvakanties bekend voor regio midden: 2024–2025, 2025–2026, 2026–2027;",
    "en": "School holidays known for region midden: 2024–2025, 2025–2026, 2026–2027;",
}


@pytest.fixture(autouse=True)
def _shipped_holidays_only(settings: Any, tmp_path: Path) -> None:
    settings.MIJLPAAL_DATA_DIR = tmp_path


@pytest.mark.parametrize("language", ["nl", "en"])
def test_reading_in_school_holidays_on_a_phone_and_a_laptop(
    open_page: OpenPage,
    live_server: LiveServer,
    sample: SamplePlan,
    actors: Actors,
    tmp_path: Path,
    language: str,
) -> None:
    bad = tmp_path / "kapot.json"
    bad.write_text('{"content": [{"schoolyear": "2026-2027", "vacations": "geen"}]}')
    good = tmp_path / f"schoolvakanties-2026-2027-{'heel-lange-naam-' * 8}.json"
    good.write_text(open_data(2026))
    settings_url = live_server.url + reverse("plans:settings", args=[sample.plan.pk])
    for viewport in (PHONE, LAPTOP):
        page = open_page(language=language, viewport=viewport, user=actors.owner)
        page.goto(settings_url)
        page.get_by_label("(.json)").set_input_files(str(bad))
        page.get_by_role("button", name=SUBMIT[language]).click()
        expect(page.get_by_text(NOT_READ[language])).to_be_visible()
        assert axe_violations(page) == []
        assert sideways_scroll(page) == 0

        page.get_by_label("(.json)").set_input_files(str(good))
        page.get_by_role("button", name=AGAIN[language], exact=True).click()
        expect(page.get_by_text(KNOWN[language])).to_be_visible()
        assert axe_violations(page) == []
        assert sideways_scroll(page) == 0
        page.screenshot(
            path=str(tmp_path / f"settings-{language}-{viewport['width']}.png"), full_page=True
        )
    assert SchoolHolidayImport.objects.count() == 2

"""The MS Project import in a browser: the preview on a laptop and a phone, Dutch and English,
without axe findings, then the confirmation."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, expect
from pytest_django.live_server_helper import LiveServer

from tests.helpers import (
    LAPTOP,
    PHONE,
    Actors,
    OpenPage,
    SamplePlan,
    axe_violations,
    sideways_scroll,
)
from tests.msproject.projectlibre import PROJECTLIBRE_XML

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADING = {"nl": "Controleer de import", "en": "Check the import"}
DONE = {"nl": "Het plan heeft nu de inhoud van het MS Project-bestand.",
        "en": "The plan now holds the content of the MS Project file."}  # fmt: skip
# Where to keep screenshots to look at (MIJLPAAL_SCREENSHOTS=/tmp/shots); none when unset.
SHOTS = os.environ.get("MIJLPAAL_SCREENSHOTS", "")


def project_file() -> FilePayload:
    return {
        "name": "techniekpact.xml",
        "mimeType": "application/xml",
        "buffer": PROJECTLIBRE_XML.encode(),
    }


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_preview_fits_a_phone_and_a_laptop_and_passes_axe(
    open_page: OpenPage,
    live_server: LiveServer,
    sample: SamplePlan,
    actors: Actors,
    language: str,
) -> None:
    url = live_server.url + reverse("msproject:upload", args=[sample.plan.pk])
    for size, viewport in (("phone", PHONE), ("laptop", LAPTOP)):
        page = open_page(language=language, viewport=viewport, user=actors.owner)
        if SHOTS:
            page.goto(live_server.url + reverse("plans:settings", args=[sample.plan.pk]))
            page.screenshot(
                path=f"{SHOTS}/msproject-settings-{language}-{size}.png", full_page=True
            )
        page.goto(url)
        assert sideways_scroll(page) == 0, (language, size)
        assert axe_violations(page) == [], (language, size)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/msproject-upload-{language}-{size}.png")
        page.locator("input[type=file]").set_input_files(files=[project_file()])
        page.locator("form.card button.btn-primary").click()
        expect(page.get_by_role("heading", name=HEADING[language])).to_be_visible()
        expect(page.locator("#preview tbody tr")).to_have_count(8)
        assert sideways_scroll(page) == 0, (language, size)
        assert axe_violations(page) == [], (language, size)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/msproject-{language}-{size}.png", full_page=True)
    page.locator("form.actions button.btn-primary").click()
    expect(page.get_by_text(DONE[language])).to_be_visible()

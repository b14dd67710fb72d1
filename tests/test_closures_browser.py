"""In a browser: an editor keeps the school calendar of a plan by hand and from an Outlook file.

Playwright for Python drives Debian's chromium (the fixtures in tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, expect
from pytest_django.live_server_helper import LiveServer

from mijlpaal.plans.models import ChangeRecord, Closure
from tests.helpers import PHONE, Actors, OpenPage, SamplePlan, axe_violations, sideways_scroll
from tests.test_closures import OUTLOOK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ics_file() -> FilePayload:
    return {"name": "jaarplanning.ics", "mimeType": "text/calendar", "buffer": OUTLOOK}


def test_an_editor_adds_edits_and_imports_periods_in_the_browser(
    open_page: OpenPage, live_server: LiveServer, sample: SamplePlan, actors: Actors
) -> None:
    page = open_page(user=actors.editor)
    page.goto(live_server.url + reverse("plans:overview", args=[sample.plan.pk]))
    page.locator("section", has_text="Schoolkalender").get_by_role("link", name="Alle").click()
    expect(page.get_by_role("heading", name="Schoolkalender")).to_be_visible()
    expect(page.get_by_text("Nog geen periodes")).to_be_visible()

    page.get_by_role("link", name="Periode toevoegen").click()
    page.get_by_label("Naam").fill("Toetsweek 2")
    page.get_by_label("Soort").select_option("toetsweek")
    page.get_by_label("Eerste dag").fill("2027-01-18")
    page.get_by_label("Laatste dag").fill("2027-01-21")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("“Toetsweek 2” is toegevoegd.")).to_be_visible()
    row = page.locator("#closures tr", has_text="Toetsweek 2")
    expect(row).to_contain_text("18 jan 2027 – 21 jan 2027")
    expect(row).to_contain_text("geen werk")

    row.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Laatste dag").fill("2027-01-22")
    page.get_by_label("Effect op de planning").select_option("warn")
    page.get_by_role("button", name="Opslaan").click()
    row = page.locator("#closures tr", has_text="Toetsweek 2")
    expect(row).to_contain_text("18 jan 2027 – 22 jan 2027")
    expect(row).to_contain_text("waarschuwen")

    page.get_by_role("link", name="Kalenderbestand importeren…").click()
    page.get_by_label("Kalenderbestand (.ics)").set_input_files(files=[ics_file()])
    page.get_by_role("button", name="Laat zien wat er geïmporteerd wordt").click()
    expect(page.get_by_role("heading", name="Controleer de import")).to_be_visible()
    preview = page.locator("#preview")
    expect(preview.locator("tbody tr")).to_have_count(3)
    expect(preview).to_contain_text("1 mrt 2027 – 5 mrt 2027")
    expect(page.locator("#skipped")).to_contain_text("Sectieoverleg")
    assert axe_violations(page) == []
    page.get_by_label("Effect van “Projectdag bovenbouw”").select_option("skip")
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("2 perioden zijn aan de schoolkalender toegevoegd.")).to_be_visible()
    expect(page.locator("#closures tbody tr")).to_have_count(3)

    assert list(
        Closure.objects.filter(plan=sample.plan).values_list("name", "start_date", "end_date")
    ) == [
        ("Toetsweek 2", dt.date(2027, 1, 18), dt.date(2027, 1, 22)),
        ("Studiedag team techniek", dt.date(2027, 2, 10), dt.date(2027, 2, 10)),
        (
            "Toetsweek 3 havo/vwo (alle leerjaren, ook de examenklassen met een PTA-toets)",
            dt.date(2027, 3, 1),
            dt.date(2027, 3, 5),
        ),
    ]
    records = ChangeRecord.objects.filter(plan=sample.plan, object_type="closure")
    assert sorted(records.values_list("action", flat=True)) == [
        "create",
        "create",
        "create",
        "update",
    ]


def test_the_school_calendar_fits_on_a_phone(
    open_page: OpenPage, live_server: LiveServer, sample: SamplePlan, actors: Actors
) -> None:
    Closure.objects.create(
        plan=sample.plan,
        name="Toetsweek 3 havo/vwo (alle leerjaren, ook de examenklassen met een PTA-toets)",
        kind="toetsweek",
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 3, 5),
        note="De lessen vervallen; de roosters staan in Magister.",
    )
    for language in ("nl", "en"):
        page = open_page(language=language, viewport=PHONE, user=actors.editor)
        page.goto(live_server.url + reverse("plans:closures", args=[sample.plan.pk]))
        assert sideways_scroll(page) == 0, language
        page.goto(live_server.url + reverse("plans:closure_new", args=[sample.plan.pk]))
        assert sideways_scroll(page) == 0, language
        page.goto(live_server.url + reverse("plans:closure_import", args=[sample.plan.pk]))
        page.locator("input[type=file]").set_input_files(files=[ics_file()])
        page.locator("form.card button.btn-primary").click()
        expect(page.locator("#preview")).to_be_visible()
        assert sideways_scroll(page) == 0, language
        # Each row's choices are on the screen, not off to the side of a scrolling table.
        box = page.locator("#preview select").last.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], language
        assert axe_violations(page) == [], language

"""A person in a browser: log in, create a plan, add a milestone, find it on the page.

Playwright for Python drives Debian's chromium (the browser and page fixtures in tests/conftest.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from mijlpaal.plans.models import ChangeRecord, Milestone, Plan
from tests.helpers import PASSWORD, Actors, wait_for_htmx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_create_a_plan_add_a_milestone_and_find_it(
    page: Page, live_server: LiveServer, actors: Actors
) -> None:
    base = live_server.url
    page.goto(base + "/")
    expect(page.get_by_role("heading", name="Inloggen bij Mijlpaal")).to_be_visible()
    page.get_by_label("E-mailadres").fill("owner@school.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn plannen")).to_be_visible()

    page.get_by_role("link", name="Plan beginnen").click()
    page.get_by_label("Titel").fill("Techniekpact Betuwe 2026–2028")
    page.get_by_label("Organisatie").fill("Samenwerkingsverband Betuwe")
    page.get_by_label("Startdatum").fill("2026-01-05")
    page.get_by_label("Einddatum (het eindresultaat)").fill("2028-07-14")
    page.get_by_label("Regio schoolvakanties").select_option("midden")
    page.get_by_role("button", name="Plan aanmaken").click()
    expect(page.get_by_text("Het plan is aangemaakt. Begin met de doelstellingen.")).to_be_visible()

    page.get_by_role("link", name="Deelprojecten en mijlpalen").click()
    page.get_by_role("link", name="Deelproject toevoegen").click()
    page.get_by_label("Naam").fill("Loopbaanoriëntatie")
    page.get_by_role("button", name="Opslaan", exact=True).click()

    page.locator(".workstream-head").get_by_role("link", name="+ Mijlpaal").click()
    page.get_by_label("Mijlpaal (wat is er klaar)").fill("Gezamenlijk LOB-programma vastgesteld")
    page.get_by_label("Deadline").fill("2026-12-18")
    page.get_by_label("Doorlooptijd").fill("3 maanden")
    page.get_by_role("button", name="Opslaan", exact=True).click()

    row = page.locator("article.item", has_text="Gezamenlijk LOB-programma vastgesteld")
    expect(row).to_be_visible()
    expect(row).to_contain_text("Deadline: 18 dec 2026")
    expect(row).to_contain_text("Doorlooptijd: 3 maanden")

    # Inline editing with htmx: the row becomes a form and comes back changed, without a page load.
    wait_for_htmx(page)
    row.get_by_role("link", name="Bewerken").click()
    title = page.locator("form.inline-edit").get_by_label("Mijlpaal (wat is er klaar)")
    title.fill("Gezamenlijk LOB-programma vastgesteld door alle scholen")
    page.locator("form.inline-edit").get_by_role("button", name="Opslaan").click()
    expect(page.locator("article.item", has_text="vastgesteld door alle scholen")).to_be_visible()
    expect(page.locator("form.inline-edit")).to_have_count(0)

    plan = Plan.objects.get(title="Techniekpact Betuwe 2026–2028")
    milestone = Milestone.objects.get(plan=plan)
    assert milestone.title == "Gezamenlijk LOB-programma vastgesteld door alle scholen"
    assert milestone.number == 1
    assert ChangeRecord.objects.filter(plan=plan, object_type="milestone").count() == 2

"""In the browser, two people: the project leader writes and submits a beslisdocument, the
opdrachtgever decides go onder voorwaarden."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from mijlpaal.decisions.models import DecisionDocument, DocumentState, Verdict
from mijlpaal.monitoring.models import Entry
from tests.decisions.conftest import Governed
from tests.helpers import Actors, OpenPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_concept_submitted_then_go_with_conditions_by_two_people(
    open_page: OpenPage, live_server: LiveServer, governed: Governed, actors: Actors
) -> None:
    base, plan = live_server.url, governed.sample.plan

    leader = open_page(user=actors.editor)
    leader.goto(f"{base}/plans/{plan.pk}/milestone/{governed.point.pk}/")
    leader.get_by_role("link", name="Beslisdocument schrijven").click()
    leader.get_by_role("button", name="Beslisdocument beginnen").click()
    expect(leader.get_by_role("heading", name="Beslisdocument bewerken")).to_be_visible()
    leader.get_by_label("Geld: stoplicht").select_option("orange")
    leader.get_by_label("Geld: toelichting").fill("€ 75.000 extra nodig.")
    leader.get_by_label("Advies van de projectleider").fill("Doorgaan, met extra docenten.")
    leader.get_by_role("button", name="Opslaan").click()
    expect(leader.get_by_text("Het beslisdocument is opgeslagen.")).to_be_visible()
    expect(leader.get_by_text("€ 75.000 extra nodig.")).to_be_visible()
    leader.get_by_role("button", name="Voorleggen aan de beslisser").click()
    expect(
        leader.get_by_text("Het beslisdocument is voorgelegd aan Bea Bestuurder.")
    ).to_be_visible()
    expect(leader.get_by_text("Wacht op het besluit van Bea Bestuurder.")).to_be_visible()
    expect(leader.get_by_role("link", name="Besluiten", exact=True)).to_have_count(0)

    boss = open_page(user=governed.boss)
    boss.goto(f"{base}/plans/{plan.pk}/decisions/")
    boss.get_by_role("link", name="3. Besluit over opschaling").click()
    boss.get_by_role("link", name="Besluiten", exact=True).click()
    boss.get_by_role("radio", name="go onder voorwaarden").check()
    boss.get_by_label("Motivering").fill("Akkoord, binnen de begroting.")
    boss.get_by_label("Voorwaarden (go onder voorwaarden), één per regel").fill(
        "Docenten ingehuurd voor 1 februari\nKosten gemeld aan de stuurgroep"
    )
    boss.get_by_role("button", name="Besluit vastleggen").click()
    expect(boss.get_by_text("Het besluit is vastgelegd.")).to_be_visible()
    expect(boss.get_by_text("Go onder voorwaarden — Bea Bestuurder, 1 dec 2026")).to_be_visible()

    document = DecisionDocument.objects.get(plan=plan)
    assert (document.state, document.verdict) == (DocumentState.DECIDED, Verdict.GO_CONDITIONS)
    assert (document.submitted_by, document.decided_by) == (actors.editor, governed.boss)
    conditions = Entry.objects.filter(plan=plan, measures__gt="").order_by("id")
    assert [e.measures for e in conditions] == [
        "Docenten ingehuurd voor 1 februari",
        "Kosten gemeld aan de stuurgroep",
    ]

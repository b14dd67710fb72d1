"""In the browser: a contributor reports a milestone reached; the E party's member (the editor)
approves it from the dashboard, and the milestone is reached."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from mijlpaal.monitoring.models import Entry, SignOff
from mijlpaal.plans.models import Milestone
from mijlpaal.responsibilities.services import assignment_set
from tests.helpers import Actors, OpenPage, SamplePlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_member_reports_reached_and_the_accountable_member_approves(
    open_page: OpenPage, live_server: LiveServer, sample: SamplePlan, actors: Actors
) -> None:
    sample.party.user = actors.editor
    sample.party.save()
    assignment_set(
        plan=sample.plan, user=None, party=sample.party, row=sample.second_milestone, letters="E"
    )
    base = live_server.url
    item = f"{base}/plans/{sample.plan.pk}/milestone/{sample.second_milestone.pk}/"

    reporter = open_page(user=actors.contributor)
    reporter.goto(item)
    reporter.get_by_role("link", name="Statusupdate").click()
    reporter.get_by_role("radio", name="bereikt").check()
    reporter.get_by_label("Bereikt op (datum)").fill("2026-11-26")
    reporter.get_by_role("button", name="Opslaan in het logboek").click()
    expect(
        reporter.get_by_text(
            "De statusupdate staat in het logboek. ‘Bereikt’ wacht op goedkeuring door "
            "Maaswaal College."
        )
    ).to_be_visible()
    expect(reporter.get_by_role("heading", name="Status: wacht op goedkeuring")).to_be_visible()
    expect(reporter.get_by_role("link", name="Goedkeuren of afkeuren")).to_have_count(0)

    approver = open_page(user=actors.editor)
    approver.goto(f"{base}/plans/{sample.plan.pk}/monitoring/")
    waiting = approver.locator("#to-approve")
    expect(waiting.get_by_role("heading", name="Wacht op uw goedkeuring")).to_be_visible()
    expect(waiting).to_contain_text("2. XR in alle techniekprofielen")
    waiting.get_by_role("link", name="Goedkeuren of afkeuren").click()
    expect(approver.get_by_text("Cor Contributor meldt deze mijlpaal bereikt op")).to_be_visible()
    approver.get_by_role("button", name="Goedkeuren", exact=True).click()
    expect(
        approver.get_by_text("Goedgekeurd: de mijlpaal is bereikt op do 26 november 2026.")
    ).to_be_visible()
    expect(approver.get_by_role("heading", name="Status: bereikt")).to_be_visible()

    reporter.reload()
    expect(reporter.get_by_role("heading", name="Status: bereikt")).to_be_visible()
    milestone = Milestone.objects.get(pk=sample.second_milestone.pk)
    assert milestone.reached_on == dt.date(2026, 11, 26)
    approval = Entry.objects.get(sign_off=SignOff.APPROVED)
    assert (approval.author, approval.on_behalf) == (actors.editor, False)

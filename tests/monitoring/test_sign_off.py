"""Aftekenen: a "bereikt" on a milestone with an E party, reported by someone else, waits for that
party's member (or an owner for them) to approve or reject it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from mijlpaal import clock
from mijlpaal.monitoring.models import Entry, SignOff
from mijlpaal.monitoring.queries import load_progress
from mijlpaal.monitoring.signoff import sign_off_reject
from mijlpaal.monitoring.status import AWAITING
from mijlpaal.plans.models import ChangeRecord, Membership, Milestone, Party
from mijlpaal.responsibilities.services import assignment_set
from tests.helpers import Actors, SamplePlan, client_for, english_client, report, text

PLAN = "Regioplan Techniek 2025–2028"
MILESTONE = "1. XR-lesmateriaal ontwikkeld"


@pytest.fixture
def accountable(sample: SamplePlan, actors: Actors) -> SamplePlan:
    """Maaswaal College is E on the first milestone; the editor is its member account. The
    Gemeente Druten is informed (I)."""
    sample.party.user = actors.editor
    sample.party.email = "directie@maaswaal.example"
    sample.party.save()
    assignment_set(
        plan=sample.plan, user=None, party=sample.party, row=sample.milestone, letters="E"
    )
    druten = Party.objects.create(
        plan=sample.plan, name="Gemeente Druten", email="i@druten.example"
    )
    assignment_set(plan=sample.plan, user=None, party=druten, row=sample.milestone, letters="VI")
    actors.contributor.email = "contributor@school.example"
    return sample


def sign_off_url(sample: SamplePlan, report_entry: Entry) -> str:
    return reverse("monitoring:sign_off", args=[sample.plan.pk, report_entry.pk])


def report_reached(sample: SamplePlan, client: Client, day: str = "2026-11-20") -> str:
    """The contributor reports the first milestone reached through the form; the page's text."""
    url = reverse("monitoring:entry_new", args=[sample.plan.pk, "milestone", sample.milestone.pk])
    key = str(uuid.uuid4())  # as the form carries it: a second submit stores nothing new
    response = client.post(
        url,
        {"light": "reached", "reached_on": day, "reported_on": day, "request_key": key},
        follow=True,
    )
    assert response.status_code == 200
    return text(response)


def waiting(sample: SamplePlan) -> Entry:
    return Entry.objects.get(plan=sample.plan, sign_off=SignOff.REQUESTED)


def test_reached_by_someone_else_awaits_the_accountable_party(
    accountable: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    plan = accountable.plan
    report(plan, actors.contributor, accountable.milestone, "2026-11-02", "green")
    with django_capture_on_commit_callbacks(execute=True):
        page = report_reached(accountable, client_for(actors.contributor))
    assert (
        "De statusupdate staat in het logboek. ‘Bereikt’ wacht op goedkeuring door "
        "Maaswaal College." in page
    )
    assert "Status: wacht op goedkeuring" in page
    assert "Gemeld als bereikt; wacht op goedkeuring door de eindverantwoordelijke (E)." in page
    assert "Goedkeuren of afkeuren" not in page  # the contributor may not sign off
    milestone = Milestone.objects.get(pk=accountable.milestone.pk)
    assert milestone.reached_on is None
    # Only the E party hears of it, and is asked to approve: the others once it is approved.
    assert [m.to for m in mailoutbox] == [["directie@maaswaal.example"]]
    assert mailoutbox[0].subject == f"[{PLAN}] Wacht op uw goedkeuring: {MILESTONE}"
    assert "Bereikt op: vr 20 november 2026\n" in mailoutbox[0].body
    assert "Gemeld door: Cor Contributor, vr 20 november 2026\n" in mailoutbox[0].body
    assert sign_off_url(accountable, waiting(accountable)) in mailoutbox[0].body
    # The request is in the history too.
    assert ChangeRecord.objects.filter(
        plan=plan, object_type="entry", object_id=waiting(accountable).pk
    ).exists()
    dashboard = text(client_for(actors.viewer).get(reverse("monitoring:dashboard", args=[plan.pk])))
    assert "1 wacht op goedkeuring" in dashboard
    assert "Wacht op uw goedkeuring" not in dashboard  # the viewer signs nothing off
    listing = text(
        client_for(actors.viewer).get(reverse("monitoring:status_list", args=[plan.pk, AWAITING]))
    )
    assert "Wacht op goedkeuring (1)" in listing and "XR-lesmateriaal ontwikkeld" in listing


def test_the_accountable_member_approves_and_the_milestone_is_reached_on_the_reported_day(
    accountable: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    plan = accountable.plan
    report(plan, actors.contributor, accountable.milestone, "2026-11-02", "green")
    report_reached(accountable, client_for(actors.contributor))
    request = waiting(accountable)
    editor = client_for(actors.editor)
    dashboard = text(editor.get(reverse("monitoring:dashboard", args=[plan.pk])))
    assert (
        "Wacht op uw goedkeuring 1. XR-lesmateriaal ontwikkeld · bereikt op 20 nov 2026, "
        "gemeld door Cor Contributor Goedkeuren of afkeuren" in dashboard
    )
    page = text(editor.get(sign_off_url(accountable, request)))
    assert "Cor Contributor meldt deze mijlpaal bereikt op 20 nov 2026." in page
    assert "Eindverantwoordelijk (E): Maaswaal College." in page
    assert "namens" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(sign_off_url(accountable, request), {"verdict": "approve"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "plans:item_detail", args=[plan.pk, "milestone", accountable.milestone.pk]
    )
    after = text(editor.get(response["Location"]))
    assert "Goedgekeurd: de mijlpaal is bereikt op vr 20 november 2026." in after
    assert "Status: bereikt" in after
    milestone = Milestone.objects.get(pk=accountable.milestone.pk)
    assert milestone.reached_on == dt.date(2026, 11, 20)
    approval = Entry.objects.get(plan=plan, sign_off=SignOff.APPROVED)
    assert approval.corrects_id == request.pk and not approval.on_behalf
    assert approval.explanation == "Bereikt goedgekeurd door Eddy Editor."
    assert approval.reached_on == dt.date(2026, 11, 20)
    assert approval.reported_on == clock.today()
    logbook = text(editor.get(reverse("monitoring:logbook", args=[plan.pk])))
    assert "goedgekeurd" in logbook and "ter goedkeuring gemeld" in logbook
    assert ChangeRecord.objects.get(
        plan=plan, object_type="milestone", object_id=milestone.pk, action="update"
    ).changes == {"reached_on": [None, "2026-11-20"]}
    # The I and E parties hear it is reached; the reporter that it was approved.
    assert sorted(m.to for m in mailoutbox) == [
        ["contributor@school.example"],
        ["directie@maaswaal.example"],
        ["i@druten.example"],
    ]
    to_informed = next(m for m in mailoutbox if m.to == ["i@druten.example"])
    assert to_informed.subject == f"[{PLAN}] Mijlpaal bereikt: {MILESTONE}"
    assert "Status: groen → bereikt\nBereikt op: vr 20 november 2026\n" in to_informed.body
    assert "Bereikt goedgekeurd door Eddy Editor." in to_informed.body
    to_reporter = next(m for m in mailoutbox if m.to == ["contributor@school.example"])
    assert to_reporter.subject == f"[{PLAN}] Bereikt goedgekeurd: {MILESTONE}"
    # Nothing waits any more.
    dashboard = text(editor.get(reverse("monitoring:dashboard", args=[plan.pk])))
    assert "Wacht op uw goedkeuring" not in dashboard


def test_a_rejection_needs_a_reason_and_keeps_the_previous_light(
    accountable: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    plan = accountable.plan
    report(
        plan, actors.contributor, accountable.milestone, "2026-11-02", "orange", problems="Traag."
    )
    report_reached(accountable, client_for(actors.contributor))
    request = waiting(accountable)
    editor = client_for(actors.editor)
    refused = text(editor.post(sign_off_url(accountable, request), {"verdict": "reject"}))
    assert "Geef de reden van de afkeuring." in refused
    assert not Entry.objects.filter(corrects=request).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            sign_off_url(accountable, request),
            {"verdict": "reject", "reason": "De handleiding voor docenten ontbreekt nog."},
            follow=True,
        )
    page = text(response)
    assert "Afgekeurd: de mijlpaal houdt zijn vorige status; de melder krijgt bericht." in page
    # Back to what it showed: orange, and past its deadline of 19 December 2025, so late.
    assert "Status: te laat" in page
    assert load_progress(plan).status.milestones[accountable.milestone.pk].light == "orange"
    assert Milestone.objects.get(pk=accountable.milestone.pk).reached_on is None
    rejection = Entry.objects.get(plan=plan, sign_off=SignOff.REJECTED)
    assert rejection.light == "" and rejection.corrects_id == request.pk
    assert rejection.explanation == "Bereikt afgekeurd door Eddy Editor."
    assert rejection.problems == "De handleiding voor docenten ontbreekt nog."
    assert ChangeRecord.objects.filter(
        plan=plan, object_type="entry", object_id=rejection.pk, action="create"
    ).exists()
    assert [m.to for m in mailoutbox] == [["contributor@school.example"]]
    assert mailoutbox[0].subject == f"[{PLAN}] Bereikt afgekeurd: {MILESTONE}"
    assert "De mijlpaal houdt zijn vorige status." in mailoutbox[0].body
    assert "Reden:\nDe handleiding voor docenten ontbreekt nog.\n" in mailoutbox[0].body
    # The reporter can report it again, once the manual is there.
    again = report_reached(accountable, client_for(actors.contributor), day="2026-11-27")
    assert "wacht op goedkeuring door Maaswaal College" in again


def test_the_plan_overview_counts_what_awaits_the_member(
    accountable: SamplePlan, actors: Actors
) -> None:
    plan = accountable.plan
    overview = reverse("plans:overview", args=[plan.pk])
    assert "wacht op uw goedkeuring" not in text(client_for(actors.owner).get(overview))
    report_reached(accountable, client_for(actors.contributor))
    for user in (actors.owner, actors.editor):  # an owner, and the E party's member
        page = text(client_for(user).get(overview))
        assert "1 bereikte mijlpaal wacht op uw goedkeuring" in page
    for user in (actors.viewer, actors.contributor):
        assert "goedkeuring" not in text(client_for(user).get(overview))
    report(plan, actors.contributor, accountable.second_milestone, "2026-11-24", "reached")
    # Only the first milestone has an E: the second one is reached at once.
    page = text(client_for(actors.owner).get(overview))
    assert "1 bereikte mijlpaal wacht op uw goedkeuring" in page


def test_an_owner_signs_off_for_the_accountable_party(
    accountable: SamplePlan, actors: Actors
) -> None:
    plan = accountable.plan
    report_reached(accountable, client_for(actors.contributor))
    request = waiting(accountable)
    owner = client_for(actors.owner)
    dashboard = text(owner.get(reverse("monitoring:dashboard", args=[plan.pk])))
    assert "Als eigenaar kunt u aftekenen namens de eindverantwoordelijke (E)" in dashboard
    page = text(owner.get(sign_off_url(accountable, request)))
    assert "U tekent af als eigenaar, namens de eindverantwoordelijke" in page
    owner.post(sign_off_url(accountable, request), {"verdict": "approve"})
    approval = Entry.objects.get(plan=plan, sign_off=SignOff.APPROVED)
    assert approval.on_behalf
    assert approval.explanation == "Bereikt goedgekeurd door Olga Owner namens Maaswaal College."
    logbook = text(owner.get(reverse("monitoring:logbook", args=[plan.pk])))
    assert "goedgekeurd · door een eigenaar" in logbook


def test_only_the_accountable_member_or_an_owner_signs_off(
    accountable: SamplePlan, actors: Actors
) -> None:
    report_reached(accountable, client_for(actors.contributor))
    url = sign_off_url(accountable, waiting(accountable))
    for user in (actors.contributor, actors.viewer):  # the reporter may not approve their own
        client = client_for(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"verdict": "approve"}).status_code == 403
    assert client_for(actors.outsider).get(url).status_code == 404
    assert client_for(actors.outsider).post(url, {"verdict": "approve"}).status_code == 404
    assert not Entry.objects.filter(sign_off=SignOff.APPROVED).exists()
    # An entry that is no report awaiting approval is not found.
    green = report(
        accountable.plan, actors.editor, accountable.second_milestone, "2026-11-02", "green"
    )
    assert client_for(actors.owner).get(sign_off_url(accountable, green)).status_code == 404


def test_a_double_submit_approves_once(
    accountable: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    report_reached(accountable, client_for(actors.contributor))
    url = sign_off_url(accountable, waiting(accountable))
    editor = client_for(actors.editor)
    with django_capture_on_commit_callbacks(execute=True):
        first = editor.post(url, {"verdict": "approve"})
        second = editor.post(url, {"verdict": "approve"})
    assert first.status_code == second.status_code == 302
    assert Entry.objects.filter(sign_off=SignOff.APPROVED).count() == 1
    assert ChangeRecord.objects.filter(object_type="milestone", action="update").count() == 1
    assert len(mailoutbox) == 3  # reporter, E and I: once each
    # A rejection after the approval is refused with a message; nothing changes.
    page = text(editor.post(url, {"verdict": "reject", "reason": "Toch niet."}))
    assert "Deze melding wacht niet meer op goedkeuring." in page
    assert not Entry.objects.filter(sign_off=SignOff.REJECTED).exists()


def test_a_double_submit_of_the_report_asks_once(
    accountable: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    url = reverse(
        "monitoring:entry_new", args=[accountable.plan.pk, "milestone", accountable.milestone.pk]
    )
    form = {"light": "reached", "reached_on": "2026-11-20", "request_key": str(uuid.uuid4())}
    client = client_for(actors.contributor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form)
        client.post(url, form)
    assert Entry.objects.filter(sign_off=SignOff.REQUESTED).count() == 1
    assert ChangeRecord.objects.filter(object_type="entry").count() == 1
    assert [m.to for m in mailoutbox] == [["directie@maaswaal.example"]]


def test_no_new_light_while_reached_awaits_approval(
    accountable: SamplePlan, actors: Actors
) -> None:
    report_reached(accountable, client_for(actors.contributor))
    url = reverse(
        "monitoring:entry_new",
        args=[accountable.plan.pk, "milestone", accountable.milestone.pk],
    )
    page = text(client_for(actors.owner).post(url, {"light": "green", "reported_on": "2026-11-30"}))
    assert (
        "Deze mijlpaal is als bereikt gemeld en wacht op goedkeuring door Maaswaal College. "
        "Keur die melding eerst goed of af, of corrigeer haar." in page
    )
    assert Entry.objects.filter(light="green").count() == 0
    # The reporter can take the report back by correcting it.
    correct = reverse(
        "monitoring:entry_correct", args=[accountable.plan.pk, waiting(accountable).pk]
    )
    client_for(actors.contributor).post(
        correct, {"light": "orange", "problems": "Toch nog niet af.", "reported_on": "2026-11-20"}
    )
    progress = load_progress(accountable.plan)
    assert progress.status.milestones[accountable.milestone.pk].light == "orange"


def test_the_accountable_member_reports_reached_directly(
    accountable: SamplePlan, actors: Actors
) -> None:
    report(accountable.plan, actors.editor, accountable.milestone, "2026-11-20", "reached")
    assert Milestone.objects.get(pk=accountable.milestone.pk).reached_on == dt.date(2026, 11, 20)
    assert not Entry.objects.exclude(sign_off="").exists()


def test_without_an_e_party_reached_is_reached_at_once(sample: SamplePlan, actors: Actors) -> None:
    assignment_set(
        plan=sample.plan, user=None, party=sample.party, row=sample.milestone, letters="VI"
    )
    page = report_reached(sample, client_for(actors.contributor))
    assert "De statusupdate staat in het logboek." in page and "goedkeuring" not in page
    assert Milestone.objects.get(pk=sample.milestone.pk).reached_on == dt.date(2026, 11, 20)


def test_a_waiting_milestone_is_not_late(accountable: SamplePlan, actors: Actors) -> None:
    """The milestone's deadline (19 December 2025) has passed; its report says it was reached."""
    report(accountable.plan, actors.contributor, accountable.milestone, "2025-12-15", "reached")
    status = load_progress(accountable.plan).status
    item = status.milestones[accountable.milestone.pk]
    assert item.shown == AWAITING and not item.late and item.awaiting
    assert status.counts()[AWAITING] == 1


def test_the_pages_in_english(accountable: SamplePlan, actors: Actors) -> None:
    report_reached(accountable, client_for(actors.contributor))
    client = english_client(actors.editor)
    dashboard = text(client.get(reverse("monitoring:dashboard", args=[accountable.plan.pk])))
    assert "Awaiting your approval" in dashboard and "1 awaiting approval" in dashboard
    page = text(client.get(sign_off_url(accountable, waiting(accountable))))
    assert "Cor Contributor reports this milestone reached on" in page
    assert "Approve" in page and "Reject" in page


@pytest.mark.parametrize("size", [3, 60])
def test_the_pages_make_a_fixed_number_of_queries(
    accountable: SamplePlan, actors: Actors, size: int, django_assert_num_queries: Any
) -> None:
    from tests.test_views import grow

    plan = accountable.plan
    grow(plan, actors.owner, size)
    for m in Milestone.objects.filter(plan=plan, title__startswith="Mijlpaal ")[:size]:
        assignment_set(plan=plan, user=None, party=accountable.party, row=m, letters="E")
        report(plan, actors.contributor, m, "2026-11-20", "reached")
    report_reached(accountable, client_for(actors.contributor))
    client = client_for(actors.editor)
    for name, args, expected in (
        ("monitoring:dashboard", [plan.pk], 12),
        ("monitoring:sign_off", [plan.pk, waiting_of(accountable).pk], 7),
    ):
        url = reverse(name, args=args)
        client.get(url)
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
    page = text(client.get(reverse("monitoring:dashboard", args=[plan.pk])))
    assert f"{size + 1} wacht op goedkeuring" in page


def waiting_of(sample: SamplePlan) -> Entry:
    return Entry.objects.get(milestone=sample.milestone, sign_off=SignOff.REQUESTED)


def test_the_weekly_digest_names_each_sign_off_step(
    accountable: SamplePlan, actors: Actors, mailoutbox: list[EmailMessage]
) -> None:
    plan = accountable.plan
    Membership.objects.filter(plan=plan, user=actors.viewer).update(weekly_digest=True)
    report(plan, actors.contributor, accountable.milestone, "2026-11-27", "green")
    pending = report(plan, actors.contributor, accountable.milestone, "2026-11-30", "reached")
    editor = Membership.objects.get(plan=plan, user=actors.editor)
    sign_off_reject(
        plan=plan, user=actors.editor, membership=editor, entry_id=pending.pk, reason="Nog niet."
    )
    call_command("digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    body = mailoutbox[0].body
    assert (
        "- ma 30 november 2026 · 1. XR-lesmateriaal ontwikkeld: groen → bereikt "
        "(wacht op goedkeuring) — Cor Contributor\n" in body
    )
    assert (
        "- di 1 december 2026 · 1. XR-lesmateriaal ontwikkeld (afgekeurd) — Eddy Editor\n"
        "  Bereikt afgekeurd door Eddy Editor.\n" in body
    )


def test_a_reached_posted_through_the_api_awaits_approval_too(
    accountable: SamplePlan, actors: Actors
) -> None:
    from mijlpaal.api.services import api_token_create

    secret = api_token_create(user=actors.contributor, name="Robot", scope="write")[1]
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    body = {
        "target": "milestone",
        "target_id": accountable.milestone.pk,
        "light": "reached",
        "reached_on": "2026-11-20",
    }
    url = f"/api/v1/plans/{accountable.plan.pk}/status-updates"
    response = api.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert (response.json()["light"], response.json()["sign_off"]) == ("reached", "requested")
    assert Milestone.objects.get(pk=accountable.milestone.pk).reached_on is None
    milestone = api.get(f"/api/v1/plans/{accountable.plan.pk}/milestones").json()["items"][0]
    assert milestone["reached_on"] is None

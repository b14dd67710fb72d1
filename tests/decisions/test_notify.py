"""E-mail: the decider when a beslisdocument is voorgelegd, the I and E parties when decided."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage

from mijlpaal.decisions import services
from mijlpaal.plans.models import Membership, Party
from mijlpaal.responsibilities.models import Assignment
from tests.decisions.conftest import Governed
from tests.helpers import Actors


def test_the_decider_hears_of_the_document_and_the_informed_of_the_decision(
    governed: Governed,
    actors: Actors,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[EmailMessage],
) -> None:
    plan = governed.sample.plan
    informed = Party.objects.create(plan=plan, name="Regiobureau", email="regio@sto.example")
    Assignment.objects.create(plan=plan, party=informed, milestone=governed.point, letters="I")
    quiet = Party.objects.create(plan=plan, name="Adviseur", email="advies@sto.example")
    Assignment.objects.create(plan=plan, party=quiet, milestone=governed.point, letters="R")
    document = services.document_start(
        plan=plan, user=actors.editor, subject=governed.point, question="Gaat de opschaling door?"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.document_submit(plan=plan, user=actors.editor, document=document)
    # The opdrachtgever's party has no address of its own: the linked account's.
    assert [m.to for m in mailoutbox] == [["bestuurder@school.example"]]
    message = mailoutbox[0]
    assert message.subject == (
        "[Regioplan Techniek 2025–2028] Beslisdocument voor uw besluit: 3. Besluit over opschaling"
    )
    assert "wacht op het besluit van Bea Bestuurder" in message.body
    assert f"/plans/{plan.pk}/decisions/document/{document.pk}/" in message.body
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.document_decide(
            plan=plan,
            user=governed.boss,
            membership=Membership.objects.get(plan=plan, user=governed.boss),
            document=document,
            decision=services.Decision(verdict="go", rationale="Akkoord."),
        )
    assert [m.to for m in mailoutbox] == [["regio@sto.example"]]
    assert mailoutbox[0].subject == (
        "[Regioplan Techniek 2025–2028] Besluit over 3. Besluit over opschaling: go"
    )
    assert "Besluit: go" in mailoutbox[0].body and "Akkoord." in mailoutbox[0].body


def test_nothing_is_sent_when_the_step_is_rolled_back(
    governed: Governed,
    actors: Actors,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[EmailMessage],
) -> None:
    plan = governed.sample.plan
    document = services.document_start(
        plan=plan, user=actors.editor, subject=governed.point, question="Door?"
    )
    services.document_submit(plan=plan, user=actors.editor, document=document)
    assert mailoutbox == []  # queued for after the commit, which the test's transaction never does

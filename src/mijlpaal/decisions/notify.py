"""E-mail about decisions: to the decider when a beslisdocument is voorgelegd, and to the parties
with I or E on the item when it is decided. Background tasks, queued after the change commits;
the tasks take ids, never rows."""

from __future__ import annotations

from django.core.mail import send_mail, send_mass_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from mijlpaal.decisions.change_words import change_line, decided_line
from mijlpaal.decisions.models import ChangeRequest, ChangeState, DecisionDocument
from mijlpaal.monitoring.notify import INFORMED, MAIL_LANGUAGE, absolute
from mijlpaal.planning.text import format_date
from mijlpaal.responsibilities.models import Assignment


def _load(document_id: int) -> DecisionDocument | None:
    return (
        DecisionDocument.objects.select_related("plan", "decider", "decider__user", "decided_by")
        .filter(pk=document_id)
        .first()
    )


def _link(document: DecisionDocument) -> str:
    return absolute(reverse("decisions:document", args=[document.plan_id, document.pk]))


def decider_address(document: DecisionDocument) -> str:
    """The decider's party address, else the address of its linked member account."""
    decider = document.decider
    if decider is None:
        return ""
    if decider.email.strip():
        return decider.email.strip()
    return decider.user.email if decider.user is not None else ""


def informed_addresses(document: DecisionDocument) -> list[str]:
    """The addresses of the parties with I or E on the item decided on, each once."""
    if document.milestone_id:
        row = Q(milestone_id=document.milestone_id)
    elif document.activity_id:
        row = Q(activity_id=document.activity_id)
    else:
        return []
    letters = Q()
    for letter in INFORMED:
        letters |= Q(letters__contains=letter)
    cells = (
        Assignment.objects.filter(row, letters)
        .exclude(party__email="")
        .select_related("party")
        .order_by("party__order", "party__name", "party_id")
    )
    addresses: dict[str, str] = {}
    for cell in cells:
        address = cell.party.email.strip()
        addresses.setdefault(address.lower(), address)
    return list(addresses.values())


@task()
def submitted_send(document_id: int) -> int:
    """Mail the decider that a beslisdocument waits for their decision; 1 when sent."""
    document = _load(document_id)
    if document is None:
        return 0
    address = decider_address(document)
    if not address:
        return 0
    with translation.override(MAIL_LANGUAGE):
        subject = _("[%(plan)s] Decision document for your decision: %(item)s") % {
            "plan": document.plan.title,
            "item": document.subject,
        }
        body = render_to_string(
            "decisions/email/submitted.txt",
            {"document": document, "link": _link(document)},
        )
    send_mail(subject, body, None, [address])
    return 1


@task()
def decided_send(document_id: int) -> int:
    """Mail the I and E parties of the item what was decided; returns how many mails."""
    document = _load(document_id)
    if document is None or not document.verdict:
        return 0
    addresses = informed_addresses(document)
    if not addresses:
        return 0
    with translation.override(MAIL_LANGUAGE):
        subject = _("[%(plan)s] Decision on %(item)s: %(verdict)s") % {
            "plan": document.plan.title,
            "item": document.subject,
            "verdict": document.get_verdict_display(),
        }
        body = render_to_string(
            "decisions/email/decided.txt",
            {
                "document": document,
                "decided_on": format_date(document.decided_on, MAIL_LANGUAGE)
                if document.decided_on
                else "",
                "link": _link(document),
            },
        )
    send_mass_mail([(subject, body, None, [address]) for address in addresses])
    return len(addresses)


def _load_change(change_id: int) -> ChangeRequest | None:
    return (
        ChangeRequest.objects.select_related(
            "plan", "decider", "decider__user", "requested_by", "decided_by"
        )
        .filter(pk=change_id)
        .first()
    )


def _changes_link(change: ChangeRequest) -> str:
    return absolute(reverse("decisions:changes", args=[change.plan_id]))


@task()
def change_requested_send(change_id: int) -> int:
    """Mail the decider that a change of a date waits for their approval; 1 when sent."""
    change = _load_change(change_id)
    if change is None or change.state != ChangeState.PENDING or change.decider is None:
        return 0
    decider = change.decider
    address = decider.email.strip() or (decider.user.email if decider.user is not None else "")
    if not address:
        return 0
    with translation.override(MAIL_LANGUAGE):
        subject = _("[%(plan)s] Change for your approval: %(item)s") % {
            "plan": change.plan.title,
            "item": change.label,
        }
        body = render_to_string(
            "decisions/email/change_requested.txt",
            {"change": change, "line": change_line(change), "link": _changes_link(change)},
        )
    send_mail(subject, body, None, [address])
    return 1


@task()
def change_decided_send(change_id: int) -> int:
    """Mail the requester whether their change was approved or rejected; 1 when sent."""
    change = _load_change(change_id)
    if change is None or change.requested_by is None or not change.requested_by.email:
        return 0
    with translation.override(MAIL_LANGUAGE):
        subject = _("[%(plan)s] Your change of %(item)s: %(state)s") % {
            "plan": change.plan.title,
            "item": change.label,
            "state": change.get_state_display(),
        }
        body = render_to_string(
            "decisions/email/change_decided.txt",
            {"change": change, "line": decided_line(change), "link": _changes_link(change)},
        )
    send_mail(subject, body, None, [change.requested_by.email])
    return 1

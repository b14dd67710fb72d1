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

from mijlpaal.decisions.models import DecisionDocument
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

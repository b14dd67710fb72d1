"""Informing (informeren): e-mail about milestones to the parties that want to know, and a weekly
digest.

When a milestone's light changes or it is reached, every party with I (informed) or E (accountable)
on it in the VERI matrix that has an e-mail address gets one message. Members of a plan can ask
for a weekly summary of its logbook.

The e-mails go out in background tasks, queued after the change commits. Tasks take ids, never
rows: the database backend stores their arguments as JSON, and a worker runs them later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.db.models import Case, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.monitoring.models import Entry, EntryKind, Light, Target
from mijlpaal.monitoring.status import lights_before
from mijlpaal.planning.text import format_date
from mijlpaal.plans.models import Membership, Milestone, Plan
from mijlpaal.responsibilities.models import Assignment

# The plans are written in Dutch, so their e-mails are too.
MAIL_LANGUAGE = "nl"
INFORMED = ("I", "E")  # VERI letters whose parties hear about a milestone's light
DIGEST_DAYS = 7
# What `lights_before` reads of an entry.
LIGHT_FIELDS = (
    "id", "kind", "target", "milestone_id", "activity_id", "workstream_id", "light",
    "corrects_id", "reported_on", "created_at",
)  # fmt: skip


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def light_name(light: str) -> str:
    return str(Light(light).label) if light else _("no status yet")


def informs(entry: Entry, before: str) -> bool:
    """Whether a status update on a milestone is news: its light changed, or it was reached."""
    if entry.target != Target.MILESTONE or entry.kind != EntryKind.STATUS or not entry.light:
        return False
    return entry.light != before or entry.light == Light.REACHED


def recipients(milestone_id: int) -> list[str]:
    """The e-mail addresses of the parties with I or E on the milestone, each once, in party
    order."""
    letters = Q()
    for letter in INFORMED:
        letters |= Q(letters__contains=letter)
    assignments = (
        Assignment.objects.filter(letters, milestone_id=milestone_id)
        .exclude(party__email="")
        .select_related("party")
        .order_by("party__order", "party__name", "party_id")
    )
    addresses: dict[str, str] = {}
    for assignment in assignments:
        address = assignment.party.email.strip()
        addresses.setdefault(address.lower(), address)
    return list(addresses.values())


@task()
def light_change_send(entry_id: int, before: str) -> int:
    """Mail the I and E parties of the entry's milestone about its new light; returns how many
    mails."""
    entry = Entry.objects.select_related("plan", "milestone").filter(pk=entry_id).first()
    if entry is None or entry.milestone is None:
        return 0  # the milestone was removed before the worker came to it
    addresses = recipients(entry.milestone.pk)
    if not addresses:
        return 0
    plan, milestone = entry.plan, entry.milestone
    link = absolute(reverse("plans:item_detail", args=[plan.pk, "milestone", milestone.pk]))
    with translation.override(MAIL_LANGUAGE):
        if entry.light == Light.REACHED:
            subject = _("[%(plan)s] Milestone reached: %(milestone)s")
        else:
            subject = _("[%(plan)s] Status of %(milestone)s: %(light)s")
        subject = subject % {
            "plan": plan.title,
            "milestone": milestone.label,
            "light": light_name(entry.light),
        }
        body = render_to_string(
            "monitoring/email/light_change.txt",
            {
                "plan": plan,
                "milestone": milestone.label,
                "entry": entry,
                "before": light_name(before),
                "after": light_name(entry.light),
                "reported_on": format_date(entry.reported_on, MAIL_LANGUAGE),
                "reached_on": format_date(entry.reached_on, MAIL_LANGUAGE)
                if entry.reached_on
                else "",
                "forecast": format_date(entry.forecast, MAIL_LANGUAGE) if entry.forecast else "",
                "link": link,
            },
        )
    send_mass_mail([(subject, body, None, [address]) for address in addresses])
    return len(addresses)


@dataclass(frozen=True)
class DigestLine:
    entry: Entry
    date: str
    before: str  # the light before, when the entry changed it
    after: str


@dataclass(frozen=True)
class LateMilestone:
    label: str
    deadline: str


@dataclass(frozen=True)
class Digest:
    lines: list[DigestLine]
    late: list[LateMilestone]

    @property
    def empty(self) -> bool:
        return not self.lines and not self.late


def digest_for(plan: Plan, *, now: dt.datetime, today: dt.date) -> Digest:
    """The plan's logbook of the last week (oldest first) and its milestones past their deadline."""
    since = now - dt.timedelta(days=DIGEST_DAYS)
    week = list(Entry.objects.filter(plan=plan, created_at__gte=since).order_by("created_at", "id"))
    # The light before each update: walk the plan's updates up to the week's last one, in order.
    history = Entry.objects.filter(plan=plan, kind=EntryKind.STATUS, created_at__lte=now).only(
        *LIGHT_FIELDS
    )
    lights = lights_before(history)
    lines = []
    for entry in week:
        before = lights.get(entry.pk, "") if entry.light else ""
        lines.append(
            DigestLine(
                entry=entry,
                date=format_date(entry.reported_on, MAIL_LANGUAGE),
                before=light_name(before) if entry.light and before != entry.light else "",
                after=light_name(entry.light) if entry.light else "",
            )
        )
    late = [
        LateMilestone(label=m.label, deadline=format_date(m.deadline, MAIL_LANGUAGE))
        for m in Milestone.objects.filter(plan=plan).late(today).order_by("deadline", "order", "id")
        if m.deadline is not None
    ]
    return Digest(lines=lines, late=late)


@task()
def digest_send(membership_id: int) -> int:
    """Mail one member the weekly summary of a plan; returns 1 when sent, 0 when there was no
    news."""
    membership = (
        Membership.objects.select_related("plan", "user")
        .filter(pk=membership_id, weekly_digest=True, user__is_active=True)
        .first()
    )
    if membership is None or not membership.user.email:
        return 0  # switched off, or the member left, since the digest was queued
    plan = membership.plan
    with translation.override(MAIL_LANGUAGE):
        digest = digest_for(plan, now=clock.now(), today=clock.today())
        if digest.empty:
            return 0
        subject = _("[%(plan)s] Weekly summary") % {"plan": plan.title}
        body = render_to_string(
            "monitoring/email/digest.txt",
            {
                "plan": plan,
                "user": membership.user,
                "digest": digest,
                "link": absolute(reverse("monitoring:dashboard", kwargs={"plan_id": plan.pk})),
                "settings_link": absolute(reverse("notifications:settings")),
            },
        )
    send_mail(subject, body, None, [membership.user.email])
    return 1


def digest_queue() -> int:
    """Queue one weekly digest per member who asked for it; returns how many were queued."""
    ids = list(
        Membership.objects.filter(weekly_digest=True, user__is_active=True)
        .exclude(user__email="")
        .order_by("id")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        digest_send.enqueue(pk)
    return len(ids)


def digest_choices_save(*, user: User, plan_ids: Collection[int]) -> int:
    """Switch the weekly digest on for the user's memberships of these plans and off for the others.

    Only the user's own memberships change; ids of other plans are ignored.
    """
    return Membership.objects.filter(user=user).update(
        weekly_digest=Case(When(plan_id__in=list(plan_ids), then=Value(True)), default=Value(False))
    )


def _accountable_addresses(milestone_id: int) -> list[str]:
    """The e-mail addresses of the E parties of a milestone (the party's own, else its member's),
    each once."""
    assignments = (
        Assignment.objects.filter(milestone_id=milestone_id, letters__contains="E")
        .select_related("party", "party__user")
        .order_by("party__order", "party__name", "party_id")
    )
    addresses: dict[str, str] = {}
    for assignment in assignments:
        party = assignment.party
        address = (party.email or (party.user.email if party.user else "")).strip()
        if address:
            addresses.setdefault(address.lower(), address)
    return list(addresses.values())


@task()
def sign_off_request_send(entry_id: int) -> int:
    """Ask the E parties of a milestone to approve the "bereikt" an entry reports; returns how many
    mails."""
    entry = Entry.objects.select_related("plan", "milestone").filter(pk=entry_id).first()
    if entry is None or entry.milestone is None or entry.reached_on is None:
        return 0
    addresses = _accountable_addresses(entry.milestone.pk)
    if not addresses:
        return 0
    plan, milestone = entry.plan, entry.milestone
    link = absolute(reverse("monitoring:sign_off", args=[plan.pk, entry.pk]))
    with translation.override(MAIL_LANGUAGE):
        subject = _("[%(plan)s] Awaiting your approval: %(milestone)s") % {
            "plan": plan.title,
            "milestone": milestone.label,
        }
        body = render_to_string(
            "monitoring/email/sign_off_request.txt",
            {
                "plan": plan,
                "milestone": milestone.label,
                "entry": entry,
                "reached_on": format_date(entry.reached_on, MAIL_LANGUAGE),
                "reported_on": format_date(entry.reported_on, MAIL_LANGUAGE),
                "link": link,
            },
        )
    send_mass_mail([(subject, body, None, [address]) for address in addresses])
    return len(addresses)


@task()
def sign_off_outcome_send(entry_id: int) -> int:
    """Tell the reporter of a "bereikt" that it was approved or rejected (the entry is the approval
    or the rejection); returns 1 when sent."""
    entry = (
        Entry.objects.select_related("plan", "milestone", "corrects__author")
        .filter(pk=entry_id)
        .first()
    )
    report = entry.corrects if entry is not None else None
    if entry is None or report is None or report.author is None or not report.author.email:
        return 0
    plan = entry.plan
    approved = entry.light == Light.REACHED
    link = reverse("monitoring:dashboard", args=[plan.pk])
    if entry.milestone is not None:
        link = reverse("plans:item_detail", args=[plan.pk, "milestone", entry.milestone.pk])
    with translation.override(MAIL_LANGUAGE):
        subject = (
            _("[%(plan)s] Reached approved: %(milestone)s")
            if approved
            else _("[%(plan)s] Reached rejected: %(milestone)s")
        ) % {"plan": plan.title, "milestone": entry.subject}
        body = render_to_string(
            "monitoring/email/sign_off_outcome.txt",
            {
                "plan": plan,
                "milestone": entry.subject,
                "entry": entry,
                "approved": approved,
                "reached_on": format_date(report.reached_on, MAIL_LANGUAGE)
                if report.reached_on
                else "",
                "link": absolute(link),
            },
        )
    send_mail(subject, body, None, [report.author.email])
    return 1

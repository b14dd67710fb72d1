"""Reminders of reporting deadlines: four weeks and one week before a period's due date, an
e-mail to the plan's owners and its projectleider. Each (period, kind) is sent once; a
`ReportReminder` row records it. `mijlpaal report-reminders` runs `reminders_queue` from cron."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from mijlpaal import clock
from mijlpaal.decisions.models import ProjectRole, RoleKind
from mijlpaal.monitoring.notify import absolute
from mijlpaal.planning.text import format_date
from mijlpaal.plans.models import Membership, ReportingPeriod, Role
from mijlpaal.reports.models import ReminderKind, Report, ReportReminder, ReportState

MAIL_LANGUAGE = "nl"  # the plans are written in Dutch, so their e-mails are too
# (kind, days before the due date): the nearest one that has come is sent.
REMINDERS = ((ReminderKind.ONE_WEEK, 7), (ReminderKind.FOUR_WEEKS, 28))


def recipients(period: ReportingPeriod) -> list[str]:
    """The e-mail addresses of the plan's owners and of its projectleider (the party's linked
    user, else the party's own address); each once."""
    owners = Membership.objects.filter(
        plan_id=period.plan_id, role=Role.OWNER, user__is_active=True
    ).values_list("user__email", flat=True)
    found = [e for e in owners if e]
    leader = (
        ProjectRole.objects.filter(plan_id=period.plan_id, kind=RoleKind.PROJECT_LEADER)
        .select_related("party", "party__user")
        .first()
    )
    if leader is not None:
        user = leader.party.user
        email = user.email if user is not None and user.is_active else leader.party.email
        if email:
            found.append(email)
    return list(dict.fromkeys(e.lower() for e in found))


@task()
def reminder_send(reminder_id: int) -> int:
    """Send one reminder; returns the number of addresses it went to."""
    reminder = (
        ReportReminder.objects.select_related("period", "period__plan")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return 0
    period = reminder.period
    to = recipients(period)
    if not to:
        return 0
    with translation.override(MAIL_LANGUAGE):
        subject = _("[%(plan)s] %(report)s is due on %(date)s") % {
            "plan": period.plan.title,
            "report": period.name,
            "date": format_date(reminder.due_date, MAIL_LANGUAGE),
        }
        body = render_to_string(
            "reports/email/reminder.txt",
            {
                "period": period,
                "plan": period.plan,
                "due": format_date(reminder.due_date, MAIL_LANGUAGE),
                "weeks": 4 if reminder.kind == ReminderKind.FOUR_WEEKS else 1,
                "link": absolute(
                    reverse(
                        "reports:report", kwargs={"plan_id": period.plan_id, "period_id": period.pk}
                    )
                ),
            },
        )
    send_mail(subject, body, None, to)
    ReportReminder.objects.filter(pk=reminder.pk).update(recipients=len(to))
    return len(to)


def due_kind(due: dt.date, today: dt.date) -> str | None:
    """Which reminder is due today for a deadline: within a week the one-week reminder, within
    four weeks the four-week one; none after the deadline or further away."""
    days = (due - today).days
    if days < 0:
        return None
    for kind, before in REMINDERS:
        if days <= before:
            return kind
    return None


def reminders_queue(*, today: dt.date | None = None) -> int:
    """Queue the reminders due today that were not sent yet; returns how many were queued.
    A period whose report has been submitted gets none."""
    today = today or clock.today()
    submitted = Report.objects.filter(state=ReportState.SUBMITTED, period__isnull=False)
    periods = ReportingPeriod.objects.filter(
        due_date__gte=today, due_date__lte=today + dt.timedelta(days=28)
    ).exclude(pk__in=submitted.values("period_id"))
    queued = 0
    for period in periods.order_by("due_date", "id"):
        assert period.due_date is not None
        kind = due_kind(period.due_date, today)
        if kind is None:
            continue
        try:
            with transaction.atomic():
                reminder = ReportReminder.objects.create(
                    period=period, kind=kind, due_date=period.due_date
                )
                transaction.on_commit(partial(reminder_send.enqueue, reminder.pk), robust=True)
        except IntegrityError:
            continue  # sent before
        queued += 1
    return queued

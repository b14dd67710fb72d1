"""Reminders of a reporting deadline: four weeks and one week before, to the owners and the
projectleider, each once; none for a submitted report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core import mail
from django.core.management import call_command

from mijlpaal.reports.models import ReportReminder
from mijlpaal.reports.notify import due_kind, reminders_queue
from mijlpaal.reports.services import report_submit
from tests.helpers import Actors
from tests.reports.conftest import Reportable


def test_which_reminder_is_due() -> None:
    due = dt.date(2026, 10, 1)
    assert due_kind(due, dt.date(2026, 9, 2)) is None  # 29 days before
    assert due_kind(due, dt.date(2026, 9, 3)) == "4w"  # 28 days before
    assert due_kind(due, dt.date(2026, 9, 23)) == "4w"  # 8 days before
    assert due_kind(due, dt.date(2026, 9, 24)) == "1w"  # 7 days before
    assert due_kind(due, dt.date(2026, 10, 1)) == "1w"  # the day itself
    assert due_kind(due, dt.date(2026, 10, 2)) is None  # after it


def test_four_weeks_and_one_week_before_each_once(
    reportable: Reportable,
    actors: Actors,
    travel: Callable[[dt.date], None],
    django_capture_on_commit_callbacks: Any,
) -> None:
    capture = django_capture_on_commit_callbacks
    # The later period is due on Tuesday 29 December 2026.
    travel(dt.date(2026, 11, 30))  # 29 days before
    assert reminders_queue() == 0
    travel(dt.date(2026, 12, 1))  # 28 days before
    with capture(execute=True):
        assert reminders_queue() == 1
    with capture(execute=True):
        assert reminders_queue() == 0  # sent once
    (message,) = mail.outbox
    assert sorted(message.to) == ["owner@school.example", "pim@rivierenland.example"]
    assert message.subject == (
        "[Regioplan Techniek 2025–2028] Voortgangsrapportage 2027–2028 moet uiterlijk "
        "di 29 december 2026 binnen zijn"
    )
    assert "moet over 4 weken binnen zijn, op di 29 december 2026." in message.body
    travel(dt.date(2026, 12, 22))  # a week before
    with capture(execute=True):
        call_command("report-reminders")
    with capture(execute=True):
        call_command("report-reminders")
    assert len(mail.outbox) == 2
    assert sorted(ReportReminder.objects.values_list("kind", "recipients")) == [
        ("1w", 2),
        ("4w", 2),
    ]
    travel(dt.date(2026, 12, 30))  # after the deadline: nothing more
    assert reminders_queue() == 0


def test_a_submitted_report_gets_no_reminder(
    reportable: Reportable, actors: Actors, travel: Callable[[dt.date], None]
) -> None:
    plan = reportable.sample.plan
    report_submit(plan=plan, user=actors.owner, period=reportable.later)
    travel(dt.date(2026, 12, 22))
    assert reminders_queue() == 0
    assert mail.outbox == []

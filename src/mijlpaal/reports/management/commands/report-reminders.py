"""`mijlpaal report-reminders`: queue the e-mail reminders of reporting deadlines."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mijlpaal.reports.notify import reminders_queue


class Command(BaseCommand):
    help = (
        "Queue the reminders of reporting deadlines: an e-mail to the owners and the project "
        "leader of a plan four weeks and one week before a reporting period's due date, each "
        "once. Meant to run daily from cron, e.g. `0 7 * * * mijlpaal report-reminders`; "
        "`mijlpaal worker` sends the queued mails."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = reminders_queue()
        self.stdout.write(f"{count} reminder(s) queued.")

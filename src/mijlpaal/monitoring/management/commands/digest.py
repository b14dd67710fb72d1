"""`mijlpaal digest`: queue the weekly e-mail summary for every member who switched it on."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mijlpaal.monitoring.notify import digest_queue


class Command(BaseCommand):
    help = (
        "Queue the weekly digest: one e-mail per member who switched it on "
        "(/account/notifications/), "
        "with the last 7 days of the plan's logbook and its late milestones. "
        "Meant to run once a week from cron, e.g. `0 7 * * 1 mijlpaal digest` (Mondays at 07:00); "
        "`mijlpaal worker` sends the queued mails."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = digest_queue()
        self.stdout.write(f"{count} digest(s) queued.")

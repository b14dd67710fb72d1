"""`mijlpaal worker`: django-tasks-db's worker, with a heartbeat that `/healthz` reads."""

from __future__ import annotations

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from mijlpaal.operations.heartbeat import HEARTBEAT_SECONDS, Heartbeat


class Command(db_worker.Command):
    help = (
        "Run the queued background tasks (the e-mails) as they come, and write a heartbeat every "
        f"{HEARTBEAT_SECONDS:.0f} seconds for /healthz. Keep it running next to the server."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload the parent process only watches the files; the child runs the tasks.
        if not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            Heartbeat(options["worker_id"]).start()
        super().handle(*args, **options)

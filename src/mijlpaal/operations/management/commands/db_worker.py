"""`mijlpaal worker` (`db_worker`): django-tasks-db's worker, with a heartbeat for `/healthz`.

It takes the name of django-tasks-db's own command (this app comes first in INSTALLED_APPS), so
the worker has its heartbeat however it is started.
"""

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
        # A --batch run ends when the queue is empty: nothing to watch. With --reload the parent
        # process only watches the files; the child runs the tasks.
        child = not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        if child and not options["batch"]:
            Heartbeat(options["worker_id"]).start()
        super().handle(*args, **options)

"""The worker's heartbeat: a row per `mijlpaal worker` process, written every 30 seconds from a
daemon thread, so `/healthz` can tell whether queued e-mails are being sent."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading

from django.db import DatabaseError, connection

from mijlpaal import clock
from mijlpaal.operations.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 30.0
# Rows of workers that stopped this long ago go; every start of a worker has a new id.
KEEP = dt.timedelta(days=7)

logger = logging.getLogger(__name__)


def heartbeat_write(*, worker_id: str, started_at: dt.datetime) -> WorkerHeartbeat:
    """Record that the worker is alive now."""
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": clock.now(), "host": socket.gethostname()[:255], "pid": os.getpid()},
        create_defaults={
            "last_seen": clock.now(),
            "started_at": started_at,
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
        },
    )
    return heartbeat


def heartbeats_prune() -> int:
    """Forget workers not seen for a week."""
    deleted, _per_model = WorkerHeartbeat.objects.filter(last_seen__lt=clock.now() - KEEP).delete()
    return deleted


class Heartbeat(threading.Thread):
    """Writes the heartbeat every `interval` seconds until stopped or the process ends."""

    def __init__(self, worker_id: str, interval: float = HEARTBEAT_SECONDS) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = clock.now()
        self.stopped = threading.Event()

    def run(self) -> None:
        heartbeats_prune_safely()
        while True:
            try:
                heartbeat_write(worker_id=self.worker_id, started_at=self.started_at)
            except DatabaseError:
                # The database is away for a moment: the next beat tries again, and /healthz
                # shows the heartbeat going stale if it stays away.
                logger.warning("Could not write the worker heartbeat", exc_info=True)
            finally:
                # This thread's own connection: not left open (or in a transaction) in between.
                connection.close()
            if self.stopped.wait(self.interval):
                return

    def stop(self) -> None:
        self.stopped.set()


def heartbeats_prune_safely() -> None:
    try:
        heartbeats_prune()
    except DatabaseError:
        logger.warning("Could not prune old worker heartbeats", exc_info=True)

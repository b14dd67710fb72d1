"""What `/healthz` reports: the database, the task queue and the worker's heartbeat.

Counts and times only; nothing about plans or people.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django_tasks_db.models import DBTaskResult

from mijlpaal import clock
from mijlpaal.operations.models import WorkerHeartbeat

STALE_AFTER = dt.timedelta(minutes=5)


def _uses_worker() -> bool:
    backend = settings.TASKS["default"]["BACKEND"]
    return bool(backend == "django_tasks_db.DatabaseBackend")


def _worker(latest: WorkerHeartbeat | None, alive: int, now: dt.datetime) -> dict[str, Any]:
    if latest is None:
        return {"state": "missing" if _uses_worker() else "not used", "alive": 0}
    age = now - latest.last_seen
    return {
        "state": "stale" if age > STALE_AFTER else "ok",
        "last_seen": latest.last_seen.isoformat(),
        "seconds_ago": max(0, int(age.total_seconds())),
        "alive": alive,
    }


def health_report() -> tuple[dict[str, Any], int]:
    """The report and its HTTP status: 503 only when the database cannot be reached."""
    now = clock.now()
    try:
        ready = DBTaskResult.objects.ready().count()
        latest = WorkerHeartbeat.objects.order_by("-last_seen").first()
        alive = WorkerHeartbeat.objects.filter(last_seen__gte=now - STALE_AFTER).count()
    except DatabaseError:
        return {"status": "error", "database": "unreachable"}, 503
    worker = _worker(latest, alive, now)
    healthy = worker["state"] == "ok" or (worker["state"] == "not used")
    return {
        "status": "ok" if healthy else "degraded",
        "database": "ok",
        "tasks": {"ready": ready},
        "worker": worker,
    }, 200

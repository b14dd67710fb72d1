"""The production server: gunicorn in front of Mijlpaal's WSGI application."""

from __future__ import annotations

import os
import sys

DEFAULT_BIND = "127.0.0.1:8000"
MAX_DEFAULT_WORKERS = 8


def default_workers() -> int:
    """WEB_CONCURRENCY, else two per core plus one (gunicorn's advice), at most eight."""
    if os.environ.get("WEB_CONCURRENCY"):
        return int(os.environ["WEB_CONCURRENCY"])
    return min(2 * (os.cpu_count() or 1) + 1, MAX_DEFAULT_WORKERS)


def gunicorn_argv(*, bind: str, workers: int) -> list[str]:
    """The command line that runs gunicorn with this Python (the same virtualenv)."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "mijlpaal.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        # Calendar feed addresses carry a secret token: the access log leaves it out.
        "--logger-class",
        "mijlpaal.operations.access_log.RedactingLogger",
        "--error-logfile",
        "-",
        # A Gantt chart as PDF takes a few seconds on a big plan; nothing takes a minute.
        "--timeout",
        "60",
        # gunicorn's runtime control socket lives in $HOME, which two servers on one machine (or a
        # read-only container) would share; signals do the same job.
        "--no-control-socket",
    ]
    if os.path.isdir("/dev/shm"):
        # Workers report to the arbiter through a file; in memory, a slow disk cannot stall them.
        argv += ["--worker-tmp-dir", "/dev/shm"]
    return argv

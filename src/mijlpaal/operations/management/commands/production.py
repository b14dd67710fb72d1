"""`mijlpaal production`: collect the static files, check the settings, run gunicorn."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from mijlpaal.operations.production import DEFAULT_BIND, default_workers, gunicorn_argv


class Command(BaseCommand):
    help = (
        "Run Mijlpaal in production: gunicorn, static files with hashed names served compressed "
        "by whitenoise, DEBUG off, secure cookies, HSTS and HTTPS redirect. Runs collectstatic "
        "and `check --deploy` first. Start it as `mijlpaal production`, which sets "
        "MIJLPAAL_PRODUCTION=1."
    )
    requires_system_checks = []  # `check --deploy` runs below, with the deployment checks too

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("BIND", DEFAULT_BIND),
            help=f"address and port to listen on (default: $BIND or {DEFAULT_BIND})",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="gunicorn worker processes (default: $WEB_CONCURRENCY or 2 per core + 1, max 8)",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="run `migrate` first (with one app server; with several, migrate once yourself)",
        )

    def handle(
        self, *args: Any, bind: str, workers: int | None, migrate: bool, **options: Any
    ) -> None:
        if not settings.PRODUCTION:
            raise CommandError(
                "Start the production server as `mijlpaal production` (it sets "
                "MIJLPAAL_PRODUCTION=1); `mijlpaal serve` is the development server."
            )
        if migrate:
            call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("check", deploy=True)
        argv = gunicorn_argv(bind=bind, workers=workers or default_workers())
        connections.close_all()
        self.stdout.flush()
        self.stderr.flush()
        os.execv(argv[0], argv)

"""`mijlpaal demo` / `manage.py load_demo`: load the demo plans and accounts, print the login."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

# The loader sits above every app; the command only lives in plans because commands need an app.
from mijlpaal.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo plans and accounts (safe to run again) and print the demo login."

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo(stdout=self.stdout)

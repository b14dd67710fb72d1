"""Running `mijlpaal` in a subprocess against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

MIJLPAAL = Path(sys.executable).with_name("mijlpaal")


def database_url() -> str:
    """DATABASE_URL of the database this test runs on (SQLite file or PostgreSQL)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    assert connection.vendor == "postgresql"
    user = quote(settings.get("USER") or "")
    password = quote(settings.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "localhost"
    port = settings.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings['NAME']}"


def environment(**overrides: str) -> dict[str, str]:
    """This process's environment without the test settings' leftovers, plus `overrides`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MIJLPAAL_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop(
        "DJANGO_ALLOW_ASYNC_UNSAFE", None
    )  # set by the browser tests; check --deploy refuses it
    env.update(overrides)
    return env


def run(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MIJLPAAL), *args], env=env, capture_output=True, text=True, timeout=timeout
    )

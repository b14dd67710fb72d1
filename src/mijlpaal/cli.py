"""The `mijlpaal` console command: planning commands, and Django's commands through it."""

from __future__ import annotations

import os
import sys

PLANNING_COMMANDS = {"schedule", "export", "calendar"}
# `db_worker` is django-tasks-db's worker with Mijlpaal's heartbeat (mijlpaal.operations).
ALIASES = {
    "serve": "runserver",
    "demo": "load_demo",
    "worker": "db_worker",
    "erase-person": "erase_person",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in PLANNING_COMMANDS:
        # The planning engine needs no Django: plan files are scheduled without a database.
        from mijlpaal.planning.cli import main as planning_main

        return planning_main(args)
    if args and args[0] == "production":
        # Before the settings are read: production storage, middleware and security defaults.
        os.environ["MIJLPAAL_PRODUCTION"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mijlpaal.settings")
    from django.core.management import execute_from_command_line

    if args:
        command = ALIASES.get(args[0], args[0])
        rest = args[1:]
        if args[0] == "serve":
            # runserver is the development server; --insecure serves the static files with DEBUG
            # off.
            rest = [*(rest or ["127.0.0.1:8000"]), "--insecure"]
        args = [command, *rest]
    execute_from_command_line(["mijlpaal", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

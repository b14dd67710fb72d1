"""`mijlpaal backup FILE`: the database and the files Mijlpaal wrote, in one zip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from mijlpaal.operations.backup import backup_write


class Command(BaseCommand):
    help = (
        "Write a backup: every table (as JSON Lines) and the school holidays imported into "
        "MIJLPAAL_DATA_DIR, in one zip file that only its owner can read. "
        "`mijlpaal restore FILE` puts it back into an empty database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the zip file to write, e.g. mijlpaal.zip")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        result = backup_write(file, data_dir=settings.MIJLPAAL_DATA_DIR)
        self.stdout.write(
            f"{file}: {result.total} rows from {len(result.rows)} tables"
            + (f", files: {', '.join(result.files)}" if result.files else "")
        )

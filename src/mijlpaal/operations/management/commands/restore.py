"""`mijlpaal restore FILE`: a backup back into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mijlpaal.operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made with `mijlpaal backup` into an empty database (SQLite or "
        "PostgreSQL, new or just migrated) and MIJLPAAL_DATA_DIR. Refuses a database that "
        "holds data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup zip")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            result = backup_restore(file, data_dir=settings.MIJLPAAL_DATA_DIR)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{file}: {result.total} rows restored into {len(result.rows)} tables"
            + (f", files: {', '.join(result.files)}" if result.files else "")
        )

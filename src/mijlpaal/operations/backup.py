"""Backups: the whole database and the files Mijlpaal wrote, in one zip; and back.

The zip holds `manifest.json` (format, when, the migrations the data was written under, the rows
per model), one JSON Lines file per model under `data/`, written row by row with Django's
serializer, and the files Mijlpaal wrote in MIJLPAAL_DATA_DIR under `files/`. Ids are kept;
references to content types, permissions and groups, which `migrate` makes anew, go by natural
key (their names).

A restore goes into an empty database only, on SQLite or PostgreSQL, whatever the backup came
from: it migrates the database to the state the backup was written under, loads the rows in one
transaction, then migrates to the current version, so a backup of an older Mijlpaal restores
into a newer one.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.core.serializers.base import DeserializedObject
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from mijlpaal import clock
from mijlpaal.planning.school_holidays import DATA_FILE as SCHOOL_HOLIDAYS_FILE

FORMAT = "mijlpaal-backup"
VERSION = 1
MANIFEST = "manifest.json"
# Made again by `migrate` and referred to by natural key (content types, permissions), or not
# worth keeping (logins in progress, workers' heartbeats).
SKIPPED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "operations.workerheartbeat",
}
# What Mijlpaal itself writes in MIJLPAAL_DATA_DIR (`mijlpaal calendar import`); the database
# and the collected static files may live there too, and are not backed up as files.
DATA_FILES = (SCHOOL_HOLIDAYS_FILE,)
NATURAL_TARGETS = {"contenttypes.contenttype", "auth.permission", "auth.group"}
CHUNK = 2000
BATCH = 500


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder rounds times to milliseconds; a backup keeps the microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be restored here, or a database it cannot be restored into."""


@dataclass(frozen=True)
class BackupResult:
    rows: dict[str, int]
    files: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def backup_models() -> list[type[models.Model]]:
    """Every model with data to keep, each after the models its natural keys refer to."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label_lower not in SKIPPED and model._meta.managed and not model._meta.proxy
    ]


def _applied_migrations() -> dict[str, list[str]]:
    """Per app, the newest migrations applied (the leaves of what is applied)."""
    loader = MigrationLoader(connection)
    applied = set(loader.applied_migrations)
    leaves: dict[str, list[str]] = {}
    for app, name in sorted(applied):
        node = loader.graph.node_map.get((app, name))
        children = node.children if node is not None else set()
        if not any(child in applied and child[0] == app for child in children):
            leaves.setdefault(app, []).append(name)
    return leaves


def _by_natural_key(model: type[models.Model]) -> bool:
    """Whether the model refers to content types, permissions or groups, whose ids `migrate`
    hands out anew: those references go by name. All other ids are kept as they are."""
    return any(
        field.related_model is not None and field.related_model._meta.label_lower in NATURAL_TARGETS  # type: ignore[union-attr]
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created
    )


def _queryset(model: type[models.Model]) -> Iterator[models.Model]:
    rows = model._base_manager.order_by("pk")
    if _by_natural_key(model):
        # Accounts are then referred to by address too: join them instead of a query per row.
        rows = rows.select_related(
            *(
                field.name
                for field in model._meta.concrete_fields
                if field.is_relation and hasattr(field.related_model, "natural_key")
            )
        )
    return rows.iterator(chunk_size=CHUNK)


def _counted(rows: Iterator[models.Model], counter: list[int]) -> Iterator[models.Model]:
    for row in rows:
        counter[0] += 1
        yield row


def _write_model(archive: zipfile.ZipFile, model: type[models.Model]) -> tuple[str, int]:
    name = f"data/{model._meta.label_lower}.jsonl"
    counter = [0]
    with archive.open(name, "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        serializers.serialize(
            "jsonl",
            _counted(_queryset(model), counter),
            stream=text,
            use_natural_foreign_keys=_by_natural_key(model),
            use_natural_primary_keys=False,
            cls=ExactJSONEncoder,
        )
        text.flush()
        text.detach()
    return name, counter[0]


def _private_file(path: Path) -> IO[bytes]:
    """A new file only its owner can read: a backup holds password hashes and personal data."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(descriptor, "wb")


def _write_archive(archive: zipfile.ZipFile, data_dir: Path) -> BackupResult:
    entries: list[dict[str, Any]] = []
    for model in backup_models():
        member, count = _write_model(archive, model)
        entries.append({"model": model._meta.label_lower, "file": member, "rows": count})
    files = [name for name in DATA_FILES if (data_dir / name).is_file()]
    for name in files:
        archive.write(data_dir / name, f"files/{name}")
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": clock.now().isoformat(),
        "database": connection.vendor,
        "migrations": _applied_migrations(),
        "models": entries,
        "files": files,
    }
    archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    return BackupResult({e["model"]: e["rows"] for e in entries}, tuple(files))


def backup_write(path: Path, *, data_dir: Path) -> BackupResult:
    """Write everything to `path`, streaming: no table is held in memory."""
    tmp = path.with_name(path.name + ".partial")
    # One snapshot of the whole database, also while people work on it.
    with (
        transaction.atomic(),
        _private_file(tmp) as out,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        result = _write_archive(archive, data_dir)
    tmp.replace(path)
    return result


# --- restore -------------------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError(f"{archive.filename} is not a Mijlpaal backup (no manifest).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive.filename} is not a Mijlpaal backup.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{archive.filename} is a backup in format version {manifest.get('version')}; "
            f"this Mijlpaal reads version {VERSION}."
        )
    return manifest


def rows_present() -> dict[str, int]:
    """Models whose tables exist and hold rows (the ones `migrate` fills itself aside)."""
    tables = set(connection.introspection.table_names())
    found = {}
    for model in backup_models():
        if model._meta.db_table in tables:
            count = model._base_manager.count()
            if count:
                found[model._meta.label_lower] = count
    return found


def check_empty() -> None:
    present = rows_present()
    if present:
        listed = ", ".join(f"{label}: {count}" for label, count in sorted(present.items()))
        raise BackupError(
            "The database is not empty, so nothing was restored "
            f"({listed} rows). Restore into a new, empty database: create one and point "
            "DATABASE_URL at it."
        )


def _migration_targets(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """The migration state the backup was written under, as targets for this code's graph."""
    loader = MigrationLoader(connection)
    targets = []
    for app, names in sorted(manifest["migrations"].items()):
        for name in names:
            if (app, name) not in loader.graph.nodes:
                raise BackupError(
                    f"This backup was written by a newer Mijlpaal (migration {app}.{name} is "
                    "unknown here). Upgrade Mijlpaal first, then restore."
                )
            targets.append((app, name))
    # Apps without data in the backup (new since): all the way.
    known = set(manifest["migrations"])
    targets += [leaf for leaf in loader.graph.leaf_nodes() if leaf[0] not in known]
    return targets


def _migrate_to(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.check_consistent_history(connection)
    executor.migrate(targets, plan=executor.migration_plan(targets))
    # Content types and permissions, which the rows refer to by natural key.
    emit_post_migrate_signal(0, False, connection.alias)


class _Inserter:
    """Rows of one model into the empty database, many to an INSERT, with their values as they
    are (`raw`: no "now" for timestamps). A row with many-to-many values or a reference not yet
    loaded is saved on its own, as Django's `loaddata` would."""

    def __init__(self) -> None:
        self.batch: list[models.Model] = []
        self.deferred: list[DeserializedObject] = []
        self.touched: set[type[models.Model]] = set()

    def add(self, obj: DeserializedObject) -> None:
        model = type(obj.object)
        self.touched.add(model)
        if obj.m2m_data or obj.deferred_fields or model._meta.parents:
            self.flush()
            obj.save(force_insert=True)
            if obj.deferred_fields:
                self.deferred.append(obj)
            return
        if self.batch and type(self.batch[0]) is not model:
            self.flush()
        self.batch.append(obj.object)
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        model = type(self.batch[0])
        fields = model._meta.local_concrete_fields
        size = max(1, min(BATCH, connection.ops.bulk_batch_size(list(fields), self.batch)))
        for start in range(0, len(self.batch), size):
            model._base_manager._insert(  # type: ignore[attr-defined]
                self.batch[start : start + size], fields=fields, raw=True, using=connection.alias
            )
        self.batch = []

    def finish(self) -> None:
        self.flush()
        for obj in self.deferred:
            obj.save_deferred_fields()


def _load(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> dict[str, int]:
    loaded: dict[str, int] = {}
    inserter = _Inserter()
    with transaction.atomic(), connection.constraint_checks_disabled():
        for entry in manifest["models"]:
            count = 0
            with archive.open(entry["file"]) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8")
                for obj in serializers.deserialize("jsonl", text, handle_forward_references=True):
                    inserter.add(obj)
                    count += 1
            loaded[entry["model"]] = count
        inserter.finish()
        connection.check_constraints(table_names=[m._meta.db_table for m in inserter.touched])
        _reset_sequences(inserter.touched)
    return loaded


def _reset_sequences(touched: set[type[models.Model]]) -> None:
    """PostgreSQL hands out ids from sequences, which the loaded ids did not move."""
    statements = connection.ops.sequence_reset_sql(no_style(), sorted(touched, key=str))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _restore_files(archive: zipfile.ZipFile, names: list[str], data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        if name not in DATA_FILES:
            continue  # only files Mijlpaal writes, wherever a backup came from
        target = data_dir / name
        content = archive.read(f"files/{name}")
        if target.is_file() and target.read_bytes() != content:
            shutil.copy2(target, target.with_name(name + ".before-restore"))
        target.write_bytes(content)


def backup_restore(path: Path, *, data_dir: Path) -> BackupResult:
    """Restore a backup into the empty database and the data directory."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise BackupError(f"{path} is not a Mijlpaal backup (not a zip file).") from error
    with archive:
        manifest = read_manifest(archive)
        check_empty()
        _migrate_to(_migration_targets(manifest))
        check_empty()
        loaded = _load(archive, manifest)
        call_command("migrate", interactive=False, verbosity=0)
        _restore_files(archive, list(manifest.get("files", [])), data_dir)
    return BackupResult(loaded, tuple(manifest.get("files", [])))

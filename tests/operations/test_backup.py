"""Backups: the demo backed up, restored into a fresh database in another process, shows the
same rows and the same pages; a restore refuses a database that holds data."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from mijlpaal.demo import load_demo
from mijlpaal.operations.backup import BackupError, backup_restore, backup_write
from mijlpaal.planning.school_holidays import import_school_holidays
from mijlpaal.plans.demo import DEMO_EMAIL, STO_TITLE
from mijlpaal.plans.models import Plan
from tests.conftest import SUITE_TODAY, SamplePlan, morning_of
from tests.operations.helpers import database_url, environment, run
from tests.operations.snapshot import snapshot

PROJECT = Path(__file__).resolve().parents[2]
MOMENT = morning_of(SUITE_TODAY) + dt.timedelta(hours=2)
# An extra week off in region midden (the demo's), in the middle of the region plan.
EXTRA_HOLIDAY = [
    {
        "content": [
            {
                "schoolyear": "2027-2028",
                "vacations": [
                    {
                        "type": "Extra studieweek",
                        "compulsorydates": "false",
                        "regions": [
                            {
                                "region": "midden",
                                "startdate": "2027-11-06T00:00:00.000Z",
                                "enddate": "2027-11-14T00:00:00.000Z",
                            }
                        ],
                    }
                ],
            }
        ]
    }
]


@pytest.fixture
def data_dir(tmp_path: Path, settings: Any) -> Path:
    directory = tmp_path / "data"
    source = tmp_path / "open-data.json"
    source.write_text(json.dumps(EXTRA_HOLIDAY), encoding="utf-8")
    import_school_holidays(str(source), directory)
    settings.MIJLPAAL_DATA_DIR = directory
    return directory


def restored_snapshot(backup: Path, database_url: str, data_dir: Path) -> dict[str, Any]:
    env = environment(DATABASE_URL=database_url, MIJLPAAL_DATA_DIR=str(data_dir))
    done = run("restore", str(backup), env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    env["DJANGO_SETTINGS_MODULE"] = "mijlpaal.settings"
    shown = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.operations.snapshot",
            MOMENT.isoformat(),
            STO_TITLE,
            DEMO_EMAIL,
        ],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert shown.returncode == 0, shown.stderr
    result: dict[str, Any] = json.loads(shown.stdout)
    return result


@pytest.fixture
def fresh_databases(tmp_path: Path) -> Iterator[list[str]]:
    """A new SQLite file; and a new PostgreSQL database when the suite runs on PostgreSQL."""
    urls = [f"sqlite:///{tmp_path / 'restored.sqlite3'}"]
    if connection.vendor != "postgresql":
        yield urls
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    _postgresql(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    yield [*urls, database_url().rsplit("/", 1)[0] + "/" + name]
    _postgresql(f'DROP DATABASE IF EXISTS "{name}"')


def _postgresql(*statements: str) -> None:
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


@pytest.mark.django_db
def test_the_demo_restored_elsewhere_has_the_same_rows_and_pages(
    tmp_path: Path, data_dir: Path, fresh_databases: list[str]
) -> None:
    load_demo()
    backup = tmp_path / "mijlpaal.zip"
    result = backup_write(backup, data_dir=data_dir)
    assert result.rows["plans.plan"] == 5  # the two demo plans and three regional ones
    assert result.rows["monitoring.entry"] > 100
    assert result.files == ("school_holidays.json",)
    assert os.stat(backup).st_mode & 0o077 == 0, "readable by its owner only"
    here = snapshot(MOMENT, STO_TITLE, DEMO_EMAIL)
    assert "Extra studieweek" not in json.dumps(here)  # shown nowhere, but it moves dates
    for url in fresh_databases:
        restored_dir = tmp_path / f"restored-data-{url.split(':')[0]}"
        there = restored_snapshot(backup, url, restored_dir)
        differ = [m for m in here["rows"] if here["rows"][m] != there["rows"].get(m)]
        assert differ == [], f"tables that differ after restoring into {url.split(':')[0]}"
        assert there["pages"]["workbook"] == here["pages"]["workbook"]
        assert there["pages"]["overview"] == here["pages"]["overview"]
        restored_file = (restored_dir / "school_holidays.json").read_bytes()
        assert restored_file == (data_dir / "school_holidays.json").read_bytes()


@pytest.mark.django_db
def test_the_holidays_file_changes_the_pages(tmp_path: Path, data_dir: Path, settings: Any) -> None:
    # Without it, the restored pages would be the same even if the file were lost.
    load_demo()
    with_file = snapshot(MOMENT, STO_TITLE, DEMO_EMAIL)["pages"]
    settings.MIJLPAAL_DATA_DIR = tmp_path / "empty"
    without = snapshot(MOMENT, STO_TITLE, DEMO_EMAIL)["pages"]
    assert with_file["workbook"] != without["workbook"]


@pytest.mark.django_db
def test_restore_refuses_a_database_with_data(tmp_path: Path, sample: SamplePlan) -> None:
    backup = tmp_path / "mijlpaal.zip"
    backup_write(backup, data_dir=tmp_path)
    with pytest.raises(BackupError, match=r"not empty.*accounts\.user: 5"):
        backup_restore(backup, data_dir=tmp_path)
    assert Plan.objects.count() == 1


def test_the_command_refuses_a_migrated_database_with_an_account(tmp_path: Path) -> None:
    env = environment(DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert run("migrate", env=env).returncode == 0
    backup = tmp_path / "empty.zip"
    assert run("backup", str(backup), env=env).returncode == 0
    created = run("createsuperuser", "--noinput", "--email", "admin@school.example", env=env)
    assert created.returncode == 0, created.stderr
    refused = run("restore", str(backup), env=env)
    assert refused.returncode != 0
    assert "The database is not empty" in refused.stderr
    assert "accounts.user: 1" in refused.stderr


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    not_zip = tmp_path / "notes.txt"
    not_zip.write_text("hello")
    with pytest.raises(CommandError, match="not a Mijlpaal backup"):
        call_command("restore", str(not_zip))
    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(CommandError, match="not a Mijlpaal backup"):
        call_command("restore", str(other_zip))


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_a_newer_version(tmp_path: Path) -> None:
    backup = tmp_path / "mijlpaal.zip"
    backup_write(backup, data_dir=tmp_path)
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(newer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"]["plans"].append("9999_from_the_future")
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    with pytest.raises(BackupError, match=r"newer Mijlpaal \(migration plans\.9999"):
        backup_restore(newer, data_dir=tmp_path)


@pytest.mark.django_db
def test_the_backup_leaves_out_what_migrate_makes_and_sessions(tmp_path: Path) -> None:
    backup = tmp_path / "mijlpaal.zip"
    backup_write(backup, data_dir=tmp_path)
    with zipfile.ZipFile(backup) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert "data/plans.plan.jsonl" in names and "data/accounts.user.jsonl" in names
    assert "data/contenttypes.contenttype.jsonl" not in names
    assert "data/sessions.session.jsonl" not in names
    assert manifest["format"] == "mijlpaal-backup"
    assert "0001_initial" in manifest["migrations"]["operations"]

"""/healthz: the database, the task queue and the worker's heartbeat, as JSON, without login."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import time
from typing import Any

import pytest
from django.core.management import call_command, get_commands
from django.test import Client
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from time_machine import TimeMachineFixture

from mijlpaal import clock
from mijlpaal.cli import ALIASES
from mijlpaal.monitoring.notify import digest_send
from mijlpaal.operations.heartbeat import Heartbeat, heartbeat_write, heartbeats_prune
from mijlpaal.operations.models import WorkerHeartbeat
from tests.conftest import SamplePlan
from tests.operations.helpers import MIJLPAAL, database_url, environment

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def health(client: Client | None = None) -> tuple[int, dict[str, Any]]:
    response = (client or Client()).get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_without_a_worker_it_says_the_worker_is_missing(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    status, report = health()
    assert status == 200
    assert report == {
        "status": "degraded",
        "database": "ok",
        "tasks": {"ready": 0},
        "worker": {"state": "missing", "alive": 0},
    }


@pytest.mark.django_db
def test_with_tasks_run_in_the_request_no_worker_is_needed() -> None:
    status, report = health()
    assert (status, report["status"], report["worker"]["state"]) == (200, "ok", "not used")


@pytest.mark.django_db
def test_queue_depth_and_a_fresh_heartbeat(
    settings: Any, sample: SamplePlan, time_machine: TimeMachineFixture
) -> None:
    settings.TASKS = DATABASE_TASKS
    for _n in range(3):
        digest_send.enqueue(first_membership(sample))
    heartbeat_write(worker_id="w1", started_at=clock.now())
    time_machine.move_to(clock.now() + dt.timedelta(seconds=40))
    status, report = health()
    assert status == 200
    assert report["status"] == "ok"
    assert report["tasks"] == {"ready": 3}
    assert report["worker"]["state"] == "ok"
    assert report["worker"]["alive"] == 1
    assert 39 <= report["worker"]["seconds_ago"] <= 41
    # Counts and times only: nothing about plans or people.
    text = json.dumps(report)
    assert sample.plan.title not in text and "w1" not in text and "@" not in text


@pytest.mark.django_db
def test_a_heartbeat_older_than_five_minutes_is_stale(
    settings: Any, time_machine: TimeMachineFixture
) -> None:
    settings.TASKS = DATABASE_TASKS
    heartbeat_write(worker_id="w1", started_at=clock.now())
    time_machine.move_to(clock.now() + dt.timedelta(minutes=4, seconds=59))
    assert health()[1]["worker"]["state"] == "ok"
    time_machine.move_to(clock.now() + dt.timedelta(seconds=2))
    status, report = health()
    assert status == 200, "a stale worker is no reason to take the site out of a load balancer"
    assert report["status"] == "degraded"
    assert report["worker"]["state"] == "stale"
    assert report["worker"]["alive"] == 0


@pytest.mark.django_db
def test_the_heartbeat_row_is_one_per_worker_and_old_ones_go(
    time_machine: TimeMachineFixture,
) -> None:
    started = clock.now()
    heartbeat_write(worker_id="w1", started_at=started)
    time_machine.move_to(started + dt.timedelta(seconds=30))
    heartbeat_write(worker_id="w1", started_at=started)
    beat = WorkerHeartbeat.objects.get()
    assert beat.started_at == started and beat.last_seen > started
    time_machine.move_to(started + dt.timedelta(days=8))
    heartbeat_write(worker_id="w2", started_at=clock.now())
    assert heartbeats_prune() == 1
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w2"]


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_until_stopped() -> None:
    beat = Heartbeat("thread-test", interval=0.05)
    beat.start()
    try:
        deadline = time.monotonic() + 10
        seen: set[dt.datetime] = set()
        while len(seen) < 3 and time.monotonic() < deadline:
            row = WorkerHeartbeat.objects.filter(worker_id="thread-test").first()
            if row is not None:
                seen.add(row.last_seen)
            time.sleep(0.02)
        assert len(seen) >= 3, "the thread writes again and again"
    finally:
        beat.stop()
        beat.join(timeout=5)
    assert not beat.is_alive()


@pytest.mark.django_db(transaction=True)
def test_mijlpaal_worker_writes_its_heartbeat_and_stops_on_sigterm(tmp_path: Any) -> None:
    env = environment(DATABASE_URL=database_url(), MIJLPAAL_TASKS="database")
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [str(MIJLPAAL), "worker", "--worker-id", "test-worker", "--interval", "0.2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not WorkerHeartbeat.objects.filter(worker_id="test-worker").exists():
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, "no heartbeat within a minute"
            time.sleep(0.2)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.conf.settings.TASKS", DATABASE_TASKS)
            status, report = health()
        assert (status, report["worker"]["state"], report["worker"]["alive"]) == (200, "ok", 1)
    finally:
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=30)
        log.close()
    assert code == 0, (tmp_path / "worker.log").read_text()


def test_mijlpaal_worker_is_the_worker_with_a_heartbeat() -> None:
    assert ALIASES["worker"] == "db_worker"
    assert get_commands()["db_worker"] == "mijlpaal.operations", (
        "it must come before django_tasks_db"
    )


@pytest.mark.django_db
def test_a_batch_run_writes_no_heartbeat(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TASKS = DATABASE_TASKS
    started: list[Heartbeat] = []
    monkeypatch.setattr(Heartbeat, "start", lambda self: started.append(self))
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert started == []


def test_an_unreachable_database_answers_503() -> None:
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz')\n"
        "print(json.dumps([r.status_code, json.loads(r.content)]))\n"
    )
    env = environment(
        DATABASE_URL="postgres://nobody@127.0.0.1:9/nothing?connect_timeout=3",
        DJANGO_SETTINGS_MODULE="mijlpaal.settings",
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    status, report = json.loads(done.stdout.strip().splitlines()[-1])
    assert status == 503
    assert report == {"status": "error", "database": "unreachable"}


@pytest.mark.django_db
def test_healthz_needs_no_login_and_no_https_redirect(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/privacy/").status_code == 301


def first_membership(sample: SamplePlan) -> int:
    membership = sample.plan.memberships.first()
    assert membership is not None
    return membership.pk


@pytest.mark.django_db
def test_ready_tasks_count_only_what_can_run_now(settings: Any, sample: SamplePlan) -> None:
    settings.TASKS = DATABASE_TASKS
    digest_send.enqueue(first_membership(sample))
    DBTaskResult.objects.update(status="SUCCESSFUL")
    digest_send.enqueue(first_membership(sample))
    assert health()[1]["tasks"] == {"ready": 1}

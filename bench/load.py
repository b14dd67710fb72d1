"""`make load`: fifty members use the demo plan at once, against the production server.

Run by bench/load.sh, which starts a throwaway PostgreSQL and sets DATABASE_URL. This script
migrates it, loads the demo, makes `--users` accounts that are contributors of the demo plan
"Regioplan Sterk Techniekonderwijs", starts `mijlpaal production` (gunicorn, whitenoise, DEBUG
off) and `mijlpaal worker` on loopback, runs locust headless with bench/locustfile.py, and stops
them. Then it checks the logbook: every status update the server confirmed is in it exactly once.
Reports requests/s, p50/p95 per page and in total (as the users saw them and as gunicorn measured
them), errors, the machine's load; writes bench/results/load-<date>.json and .md.

Exit status 1 when a request failed, the server logged an error, or an update was lost or stored
twice. The p95 target (1 s) is reported, not enforced: other work on the machine moves it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import io
import json
import math
import os
import platform
import re
import resource
import secrets
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
TARGET_P95_MS = 1000
DEFAULTS = {"users": 50, "run_time": "3m"}
# gunicorn writes each request as one line: method, path, status, microseconds.
ACCESS_FORMAT = "ACCESS %(m)s %(U)s %(s)s %(D)s"
# The locust names of the plan's pages, by path (for gunicorn's side of the times).
PAGES = [
    ("dashboard", r"/plans/\d+/monitoring/"),
    ("overview", r"/plans/\d+/"),
    ("milestone plan", r"/plans/\d+/charts/milestone-plan/"),
    ("VERI matrix", r"/plans/\d+/veri/"),
    ("milestone (after update)", r"/plans/\d+/milestone/\d+/"),
]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=DEFAULTS["users"])
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", default=DEFAULTS["run_time"], help="e.g. 30s, 3m")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: its)")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


# --- the database: demo plan and accounts --------------------------------------------------------


def prepare(*, users: int, password: str, run: str) -> dict[str, Any]:
    """Migrate, load the demo, make `users` contributors of the demo plan; what locust needs."""
    from django.core.management import call_command
    from django.db import connection

    from mijlpaal.accounts.models import User
    from mijlpaal.demo import load_demo
    from mijlpaal.plans import services
    from mijlpaal.plans.demo import STO_TITLE
    from mijlpaal.plans.models import ChangeRecord, Membership, Milestone, Plan, Role

    call_command("migrate", interactive=False, verbosity=0)
    demo = load_demo(stdout=io.StringIO())
    plan = Plan.objects.get(title=STO_TITLE, pk__in=[p.pk for p in demo.plans])
    accounts = []
    for number in range(users):
        email = f"lasttest{number:02d}@school.example"
        user = User.objects.filter(email=email).first() or User(email=email)
        user.name = f"Lasttest {number:02d}"
        user.set_password(password)
        user.save()
        membership, new = Membership.objects.get_or_create(
            plan=plan, user=user, defaults={"role": Role.CONTRIBUTOR}
        )
        if new:
            services.record_change(
                plan=plan, user=demo.user, obj=membership, action=ChangeRecord.Action.CREATE,
                before=None, after={"user": str(user), "role": Role.CONTRIBUTOR},
            )  # fmt: skip
        accounts.append(email)
    milestones = list(
        Milestone.objects.filter(plan=plan, reached_on__isnull=True).values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    return {
        "id": plan.pk,
        "title": plan.title,
        "run": run,
        "accounts": accounts,
        "password": password,
        "milestones": milestones,
        "database": " ".join(version.split()[:2])
        if connection.vendor == "postgresql"
        else "SQLite",
    }


def stored_markers(plan_id: int, run: str) -> Counter[str]:
    """How often each marker of this run is in the plan's logbook."""
    from mijlpaal.monitoring.models import Entry

    pattern = re.compile(r"\[" + re.escape(run) + r"-u\d+-\d+\]")
    found: Counter[str] = Counter()
    texts = Entry.objects.filter(plan_id=plan_id, explanation__contains=f"[{run}-")
    for explanation in texts.values_list("explanation", flat=True):
        found.update(pattern.findall(explanation))
    return found


# --- the servers ---------------------------------------------------------------------------------


def start(folder: Path, port: int, workers: int) -> list[subprocess.Popen[bytes]]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MIJLPAAL_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"https://127.0.0.1:{port}",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        STATIC_ROOT=str(folder / "static"),
        MIJLPAAL_DATA_DIR=str(folder),
        GUNICORN_CMD_ARGS=f"--access-logformat {shlex.quote(ACCESS_FORMAT)}",
    )
    mijlpaal = str(BIN / "mijlpaal")
    with (folder / "server.log").open("wb") as out:
        server = subprocess.Popen(
            [mijlpaal, "production", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    with (folder / "worker.log").open("wb") as out:
        worker = subprocess.Popen(
            [mijlpaal, "worker"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped:\n" + (folder / "server.log").read_text())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return [server, worker]
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not answer within three minutes")


def one_at_a_time(
    port: int, plan: dict[str, Any], warm_up: int, repeats: int = 5
) -> dict[str, float]:
    """Each page of the mix asked `warm_up` times (every worker has the page's code and templates
    loaded), then `repeats` times, by one member, one request at a time: the median milliseconds
    per page without the load."""
    cookies: dict[str, str] = {}

    def ask(method: str, path: str, form: dict[str, str] | None = None) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        }
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{port}"
        try:
            connection.request(
                method, path, body=urlencode(form) if form else None, headers=headers
            )
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                cookies[name] = rest.split(";", 1)[0]
            body = response.read().decode()
            assert response.status in {200, 302}, f"{method} {path}: {response.status}"
            return body
        finally:
            connection.close()

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', ask("GET", "/login/"))
    assert token is not None
    ask("POST", "/login/", {
        "csrfmiddlewaretoken": token.group(1), "username": plan["accounts"][0],
        "password": plan["password"],
    })  # fmt: skip
    pages = {
        "dashboard": f"/plans/{plan['id']}/monitoring/",
        "overview": f"/plans/{plan['id']}/",
        "milestone plan": f"/plans/{plan['id']}/charts/milestone-plan/",
        "VERI matrix": f"/plans/{plan['id']}/veri/",
        "status update form": (
            f"/plans/{plan['id']}/monitoring/update/milestone/{plan['milestones'][0]}/"
        ),
    }
    medians = {}
    for name, path in pages.items():
        for _ in range(warm_up):
            ask("GET", path)
        times = []
        for _ in range(repeats):
            began = time.perf_counter()
            assert "</main>" in ask("GET", path), f"{name}: not the page"
            times.append(1000 * (time.perf_counter() - began))
        medians[name] = round(statistics.median(times))
    return medians


def cpu_seconds(pid: int) -> float:
    """CPU time so far of a process, its live children (gunicorn's workers, PostgreSQL's
    backends) and the children it has waited for."""
    try:
        root = psutil.Process(pid)
        t = root.cpu_times()
        total = t.user + t.system + t.children_user + t.children_system
        for child in root.children(recursive=True):
            times = child.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return 0.0


def cpu_now(processes: list[subprocess.Popen[bytes]]) -> dict[str, float]:
    """CPU seconds so far of the server, the worker, PostgreSQL and this script's finished
    children (locust, once it has run)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = {
        "server": cpu_seconds(processes[0].pid),
        "worker": cpu_seconds(processes[1].pid),
        "locust": children.ru_utime + children.ru_stime,
    }
    postmaster = Path(os.environ.get("LOAD_PG_DATA", "/nonexistent")) / "postmaster.pid"
    if postmaster.is_file():
        found["postgresql"] = cpu_seconds(int(postmaster.read_text().split()[0]))
    return found


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the numbers ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(times: list[float], failures: int, seconds: float) -> dict[str, Any]:
    return {
        "requests": len(times),
        "failures": failures,
        "per_second": round(len(times) / seconds, 2),
        "p50_ms": round(percentile(times, 0.50)),
        "p95_ms": round(percentile(times, 0.95)),
        "p99_ms": round(percentile(times, 0.99)),
        "max_ms": round(max(times)),
        "mean_ms": round(statistics.fmean(times)),
    }


def client_side(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per page and in total as the users saw them; "total from 30 s": once everyone has logged
    in (the logins, with their deliberately slow password hash, come in the first seconds)."""
    seconds = out["stopped"] - out["started"]
    times: dict[str, list[float]] = defaultdict(list)
    failures: Counter[str] = Counter()
    for name, response_time, failed, began in out["samples"]:
        keys = [name, "total"] + (["total from 30 s"] if began >= out["started"] + 30 else [])
        for key in keys:
            times[key].append(response_time)
            failures[key] += bool(failed)
    steady = max(1.0, seconds - 30)
    return {
        name: summary(times[name], failures[name], steady if "30 s" in name else seconds)
        for name in sorted(times, key=lambda name: (name.startswith("total"), name))
    }


def page_of(method: str, path: str) -> str:
    if "/monitoring/update/" in path:
        return "status update (post)" if method == "POST" else "status update form"
    if path == "/login/":
        return "login" if method == "POST" else "login form"
    for name, pattern in PAGES:
        if re.fullmatch(pattern, path):
            return name
    return "other"


def server_side(log: str, seconds: float) -> dict[str, dict[str, Any]]:
    """gunicorn's own time per page (without the wait for a free worker); 5xx as failures."""
    times: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    for method, path, status, micros in re.findall(r"^ACCESS (\w+) (\S+) (\d+) (\d+)$", log, re.M):
        for key in (page_of(method, path), "total"):
            times[key].append(int(micros) / 1000)
            errors[key] += int(status) >= 500
    return {name: summary(times[name], errors[name], seconds) for name in sorted(times)}


# --- the report ----------------------------------------------------------------------------------


def markdown(result: dict[str, Any]) -> str:
    client, server = result["pages"], result["server"]
    steady = client.get("total from 30 s")
    s = result["setup"]
    u = result["updates"]
    lines = [
        f"# Load test {result['date']}: {s['users']} users, {s['run_time']}",
        "",
        f"Started {result['started_utc']} (`uptime` below shows the local time).",
        "",
        f"`make load` against `mijlpaal production` ({s['workers']} gunicorn workers, "
        f"{s['database']}) on {s['machine']}; locust on the same machine. Each user pauses "
        f"{s['think_time_s'][0]}–{s['think_time_s'][1]} s between clicks.",
        "",
        f"- requests: {client['total']['requests']} in {result['seconds']:.0f} s, "
        f"{client['total']['per_second']} per second; failures: {client['total']['failures']}; "
        f"server errors logged: {result['server_errors']}",
        f"- p50 {client['total']['p50_ms']} ms, p95 {client['total']['p95_ms']} ms "
        f"(target p95 under {TARGET_P95_MS} ms: {'met' if result['target_met'] else 'MISSED'})"
        + (
            f"; from 30 s on, everyone logged in: p50 {steady['p50_ms']} ms, "
            f"p95 {steady['p95_ms']} ms"
            if steady
            else ""
        ),
        f"- status updates: {u['confirmed']} confirmed by the server, {u['in_logbook']} of them "
        f"in the logbook, lost {u['lost']}, stored twice {u['duplicates']}, resent after no "
        f"answer {u['resent']}, stored without a confirmation {u['unconfirmed_stored']}",
        "- CPU seconds used during the run: "
        + ", ".join(f"{name} {used:.0f}" for name, used in result["cpu_s"].items())
        + f" (of {result['cores'] * result['seconds']:.0f} on {result['cores']} cores); the server "
        f"{result['server_cpu_ms_per_request']:.0f} ms per request",
        f"- machine load before: `{result['uptime_before']}`",
        f"- machine load after: `{result['uptime_after']}`",
        "",
        "| page | requests | failures | p50 | p95 | max | server p50 | server p95 | alone |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    alone = result["one_at_a_time_ms"]

    def ms(value: Any) -> str:
        return "–" if value is None else f"{value} ms"

    for name, row in client.items():
        own = server.get(name, {})
        cells = [name, str(row["requests"]), str(row["failures"])]
        cells += [ms(row["p50_ms"]), ms(row["p95_ms"]), ms(row["max_ms"])]
        cells += [ms(own.get("p50_ms")), ms(own.get("p95_ms")), ms(alone.get(name))]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "p50/p95 as the users saw them (locust, nearest rank); server p50/p95 as gunicorn "
        "measured them, without the wait for a free worker; alone: the median of 5 requests "
        "by one user before the load, one at a time, after a warm-up.",
        "",
    ]
    return "\n".join(lines)


def report(result: dict[str, Any]) -> Path:
    quick = (result["setup"]["users"], result["setup"]["run_time"]) != tuple(DEFAULTS.values())
    stem = f"load-{result['date']}" + ("-quick" if quick else "")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / f"{stem}.md").write_text(markdown(result), encoding="utf-8")
    return RESULTS / f"{stem}.md"


# --- the run -------------------------------------------------------------------------------------


def run_locust(args: argparse.Namespace, folder: Path, port: int) -> dict[str, Any]:
    env = {**os.environ, "LOAD_PLAN": str(folder / "plan.json"), "LOAD_OUT": str(folder / "out")}
    command = [
        *(str(BIN / "python"), "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")),
        *("--headless", "--host", f"http://127.0.0.1:{port}", "--users", str(args.users)),
        *("--spawn-rate", str(args.spawn_rate), "--run-time", args.run_time),
        *("--stop-timeout", "30", "--only-summary", "--loglevel", "WARNING"),
    ]
    subprocess.run(command, env=env, check=False)
    out: dict[str, Any] = json.loads((folder / "out").read_text(encoding="utf-8"))
    return out


def verify(out: dict[str, Any], plan: dict[str, Any]) -> dict[str, int]:
    """The status updates the server confirmed, against the logbook."""
    confirmed = [c["marker"] for c in out["confirmed"]]
    stored = stored_markers(plan["id"], plan["run"])
    return {
        "confirmed": len(confirmed),
        "in_logbook": sum(1 for m in confirmed if stored[m] >= 1),
        "lost": sum(1 for m in confirmed if stored[m] == 0),
        "duplicates": sum(1 for n in stored.values() if n > 1),
        "resent": sum(1 for c in out["confirmed"] if c["attempts"] > 1),
        "unconfirmed_stored": len(set(stored) - set(confirmed)),
    }


def measure(args: argparse.Namespace, folder: Path, plan: dict[str, Any]) -> dict[str, Any]:
    from mijlpaal.operations.production import default_workers

    workers = args.workers or default_workers()
    port = free_port()
    before = uptime()
    processes = start(folder, port, workers)
    log = folder / "server.log"
    try:
        alone = one_at_a_time(port, plan, warm_up=workers)
        offset = log.stat().st_size
        cpu_start = cpu_now(processes)
        out = run_locust(args, folder, port)
        cpu = {key: round(used - cpu_start[key], 1) for key, used in cpu_now(processes).items()}
        after = uptime()
    finally:
        stop(processes)
    seconds = out["stopped"] - out["started"]
    pages = client_side(out)
    with log.open("rb") as text:
        text.seek(offset)
        server = server_side(text.read().decode(errors="replace"), seconds)
    tracebacks = log.read_text(errors="replace").count("Traceback (most recent call last)")
    return {
        "date": dt.date.today().isoformat(),  # noqa: DTZ011  (the day of the measurement)
        "started_utc": dt.datetime.fromtimestamp(out["started"], dt.UTC).isoformat(
            timespec="seconds"
        ),
        "setup": {
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "run_time": args.run_time,
            "workers": workers,
            "think_time_s": out["think_time_s"],
            "task_weights": out["weights"],
            "plan": plan["title"],
            "database": plan["database"],
            "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
            f"{platform.python_version()}",
        },
        "seconds": round(seconds, 1),
        "one_at_a_time_ms": alone,
        "pages": pages,
        "server": server,
        "server_errors": tracebacks + server.get("total", {}).get("failures", 0),
        "cpu_s": cpu,
        "cores": os.cpu_count() or 1,
        "server_cpu_ms_per_request": round(
            1000 * cpu["server"] / max(1, pages["total"]["requests"]), 1
        ),
        "updates": verify(out, plan),
        "target_met": pages["total"]["p95_ms"] < TARGET_P95_MS,
        "uptime_before": before,
        "uptime_after": after,
    }


def main() -> int:
    args = arguments()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database (bench/load.sh starts one)")
    folder = Path(tempfile.mkdtemp(prefix="mijlpaal-load-"))
    os.environ["MIJLPAAL_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "mijlpaal.settings"
    import django

    django.setup()
    from django.db import connections

    run = "load-" + dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M") + "-" + secrets.token_hex(2)
    plan = prepare(users=args.users, password=secrets.token_urlsafe(16), run=run)
    (folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    connections.close_all()
    print(
        f"{len(plan['accounts'])} contributors of {plan['title']!r}, "
        f"{len(plan['milestones'])} open milestones; locust for {args.run_time}...",
        flush=True,
    )
    result = measure(args, folder, plan)
    written = report(result)
    print(markdown(result))
    print(f"written: {written.relative_to(ROOT)} (and .json); logs in {folder}")
    u = result["updates"]
    ok = result["pages"]["total"]["failures"] == 0 and result["server_errors"] == 0
    return 0 if ok and u["lost"] == 0 and u["duplicates"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

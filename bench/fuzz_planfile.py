"""Long fuzz run of hostile plan files: the command (in-process) and the web upload (`make bench`).

Run from the repository root: `python bench/fuzz_planfile.py [--files 20000] [--uploads 10000]`.
Each file comes from `tests/planning/hostile_plans.py` (seeded, so a failure can be replayed
with its seed). The command must give exit 0, 1 or 2 (a message per line on standard error);
the upload a page (200) or a redirect to the new plan (302), with no rows written when it
refused. Every case is timed; the slowest ones are reported. Results go to
bench/results/fuzz-<date>.json and .md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.planning.hostile_plans import hostile_plan, hostile_upload  # noqa: E402

BOUND_S = 10.0


def fuzz_command(files: int, folder: Path) -> dict[str, Any]:
    from mijlpaal.planning.cli import main

    path = folder / "plan.yaml"
    codes: dict[int, int] = {}
    failures: list[dict[str, Any]] = []
    slowest: list[tuple[float, int]] = []
    for seed in range(files):
        path.write_text(hostile_plan(random.Random(seed)), encoding="utf-8")
        started = time.perf_counter()
        try:
            code = main(["schedule", str(path)], stdout=io.StringIO(), stderr=io.StringIO())
        except Exception:  # what the fuzz run looks for
            failures.append({"seed": seed, "traceback": traceback.format_exc(limit=4)})
            continue
        elapsed = time.perf_counter() - started
        codes[code] = codes.get(code, 0) + 1
        slowest = sorted([*slowest, (elapsed, seed)], reverse=True)[:5]
        if elapsed > BOUND_S:
            failures.append({"seed": seed, "seconds": round(elapsed, 2)})
    return {"cases": files, "exit_codes": codes, "failures": failures,
            "slowest": [{"seed": s, "seconds": round(t, 3)} for t, s in slowest]}  # fmt: skip


def _django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'fuzz.sqlite3'}"
    os.environ.setdefault("MIJLPAAL_DATA_DIR", str(folder))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mijlpaal.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def fuzz_upload(uploads: int, folder: Path) -> dict[str, Any]:
    _django(folder)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from tests.test_hostile_upload import row_counts

    from mijlpaal.accounts.models import User

    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(User.objects.create_user(email="fuzz@school.example", password="x"))
    statuses: dict[int, int] = {}
    failures: list[dict[str, Any]] = []
    slowest: list[tuple[float, int]] = []
    for seed in range(uploads):
        content = hostile_upload(random.Random(seed)).encode()
        before = row_counts()
        started = time.perf_counter()
        try:
            response = client.post(
                reverse("plans:upload"), {"file": SimpleUploadedFile("plan.yaml", content)}
            )
        except Exception:  # a 500: what the fuzz run looks for
            failures.append({"seed": seed, "traceback": traceback.format_exc(limit=4)})
            continue
        elapsed = time.perf_counter() - started
        status = response.status_code
        statuses[status] = statuses.get(status, 0) + 1
        slowest = sorted([*slowest, (elapsed, seed)], reverse=True)[:5]
        after = row_counts()
        written = after["Plan"] - before["Plan"] == 1 if status == 302 else after == before
        if status not in (200, 302) or not written or elapsed > BOUND_S:
            failures.append({"seed": seed, "status": status, "seconds": round(elapsed, 2)})
    return {"cases": uploads, "statuses": statuses, "failures": failures,
            "slowest": [{"seed": s, "seconds": round(t, 3)} for t, s in slowest]}  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--uploads", type=int, default=10_000)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="mijlpaal-fuzz-"))
    started = time.perf_counter()
    command = fuzz_command(args.files, folder)
    command["seconds"] = round(time.perf_counter() - started, 1)
    print(f"command: {command['cases']} files, exit codes {command['exit_codes']}, "
          f"{len(command['failures'])} failures", file=sys.stderr)  # fmt: skip
    started = time.perf_counter()
    upload = fuzz_upload(args.uploads, folder) if args.uploads else {"cases": 0}
    upload["seconds"] = round(time.perf_counter() - started, 1)
    today = datetime.now(UTC).date().isoformat()
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    result = {"date": today, "command": command, "upload": upload}
    (out / f"fuzz-{today}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    table = (
        f"# Fuzz run of hostile plan files, {today}\n\n"
        "| target | cases | outcomes | failures | slowest case | run time |\n"
        "|---|---:|---|---:|---:|---:|\n"
        f"| `mijlpaal schedule` | {command['cases']:,} | exit {command['exit_codes']} "
        f"| {len(command['failures'])} | {command['slowest'][0]['seconds']} s "
        f"| {command['seconds']} s |\n"
    )
    if upload["cases"]:
        table += (
            f"| upload (`plans:upload`) | {upload['cases']:,} | HTTP {upload['statuses']} "
            f"| {len(upload['failures'])} | {upload['slowest'][0]['seconds']} s "
            f"| {upload['seconds']} s |\n"
        )
    (out / f"fuzz-{today}.md").write_text(table, encoding="utf-8")
    print(table)
    return 1 if command["failures"] or upload.get("failures") else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Fuzz the web import of workbooks with ten thousand cases (issue 15.1; `make bench`).

Run from the repository root: `python bench/fuzz_workbook.py [--cases 10000] [--seed 0]`. Builds
a small plan with a VERI matrix in a fresh SQLite database under a temporary folder, exports it,
and runs the cases of tests/workbook/fuzz.py through Django's test client as the plan's owner:
edited exports, bombs, forged zips, truncated and random files, macros. A case fails on a page
other than 200/302, on a refusal that wrote anything, or on a step slower than the budget.
Prints one Markdown line and writes bench/results/fuzz-workbook-<date>.json with the number of
cases, the failures (seed, kind, reason) and the slowest case.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mijlpaal.accounts.models import User
    from mijlpaal.plans.models import Plan

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # the cases live with the tests


def _setup() -> None:
    folder = Path(tempfile.mkdtemp(prefix="mijlpaal-fuzz-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'fuzz.sqlite3'}"
    os.environ.setdefault("MIJLPAAL_DATA_DIR", str(folder))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mijlpaal.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    _setup()
    from django.test import Client
    from tests.helpers import build_plan, make_user
    from tests.workbook.fuzz import FuzzFailure, make_case, run_case
    from tests.workbook.helpers import export_bytes

    owner = make_user("fuzz@school.example", "Fuzz Owner")
    plan = build_plan(owner)
    _fill(plan, owner)
    base = export_bytes(plan)
    client = Client()
    client.force_login(owner)
    failures: list[dict[str, object]] = []
    kinds: Counter[str] = Counter()
    slowest = (0.0, -1, "")
    started = time.monotonic()
    for seed in range(args.seed, args.seed + args.cases):
        case = make_case(base, random.Random(seed))
        kinds[case.kind] += 1
        case_started = time.monotonic()
        try:
            run_case(client, plan, case)
        except (FuzzFailure, Exception) as error:  # count every failure, go on
            failures.append({"seed": seed, "kind": case.kind, "reason": repr(error)[:500]})
        took = time.monotonic() - case_started
        slowest = max(slowest, (took, seed, case.kind))
    _report(args, kinds, failures, slowest, time.monotonic() - started)


def _fill(plan: Plan, owner: User) -> None:
    """The sample plan of the tests: a workstream, two milestones, an activity, two parties."""
    from tests.helpers import saved

    from mijlpaal.plans.models import Activity, Milestone, Party, Workstream
    from mijlpaal.responsibilities.services import assignment_set

    workstream = saved(plan, owner, Workstream(name="Modern techniekonderwijs"))
    first = saved(
        plan,
        owner,
        Milestone(workstream=workstream, title="XR-lesmateriaal ontwikkeld", lead_time="3m"),
    )
    saved(plan, owner, Milestone(workstream=workstream, title="XR in alle profielen"))
    saved(
        plan,
        owner,
        Activity(workstream=workstream, milestone=first, title="Inventarisatie", duration="4w"),
    )
    for name, letters in (("Lingecollege (vmbo)", "V"), ("ROC Rivor, techniek", "E")):
        party = saved(plan, owner, Party(name=name, kind="school"))
        assignment_set(plan=plan, user=owner, party=party, row=first, letters=letters)


def _report(
    args: argparse.Namespace,
    kinds: Counter[str],
    failures: list[dict[str, object]],
    slowest: tuple[float, int, str],
    seconds: float,
) -> None:
    result = {
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "cases": args.cases,
        "first_seed": args.seed,
        "kinds": dict(sorted(kinds.items())),
        "failures": len(failures),
        "failed_cases": failures[:100],
        "slowest_case": {"seconds": round(slowest[0], 3), "seed": slowest[1], "kind": slowest[2]},
        "total_seconds": round(seconds, 1),
    }
    out = ROOT / "bench" / "results" / f"fuzz-workbook-{result['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(
        f"| workbook fuzz | {args.cases} cases | {len(failures)} failures | slowest "
        f"{slowest[0]:.2f} s (seed {slowest[1]}, {slowest[2]}) | {seconds:.0f} s |"
    )
    print(f"Written to {out.relative_to(ROOT)}")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()

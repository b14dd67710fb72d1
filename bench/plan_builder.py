"""What two benchmarks share: Django on a fresh SQLite file in a temporary folder, and a plan of N
milestones in 10 workstreams with an activity each (bench_dashboard.py, bench_baselines.py)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def django_in_temp_folder() -> Path:
    """Set Django up against `bench.sqlite3` in a new temporary folder, and migrate."""
    sys.path.insert(0, str(ROOT / "src"))
    folder = Path(tempfile.mkdtemp(prefix="mijlpaal-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("MIJLPAAL_DATA_DIR", str(folder))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mijlpaal.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def plan_with_milestones(milestones: int, end_date: dt.date) -> tuple[Any, Any, list[Any]]:
    """(owner, plan, milestones): deadlines three days apart from 5 Jan 2026, lead time 4w, and
    an activity of 2w leading to each."""
    from mijlpaal.accounts.models import User
    from mijlpaal.plans import services
    from mijlpaal.plans.models import Activity, Milestone, Plan, Workstream

    owner = User.objects.create_user(email="bench@school.example", password="x", name="Bench")
    plan = services.plan_create(
        user=owner,
        plan=Plan(
            title="Benchplan", start_date=dt.date(2025, 1, 1), end_date=end_date, region="midden"
        ),
    )
    streams = Workstream.objects.bulk_create(
        Workstream(plan=plan, name=f"Deelproject {i}", order=i) for i in range(10)
    )
    rows = Milestone.objects.bulk_create(
        Milestone(
            plan=plan, workstream=streams[i % 10], number=i + 1, title=f"Mijlpaal {i}", order=i,
            deadline=dt.date(2026, 1, 5) + dt.timedelta(days=3 * i), lead_time="4w",
        )
        for i in range(milestones)
    )  # fmt: skip
    Activity.objects.bulk_create(
        Activity(
            plan=plan, workstream=m.workstream, milestone=m, title=f"Werk {m.pk}", duration="2w"
        )
        for m in rows
    )
    return owner, plan, rows

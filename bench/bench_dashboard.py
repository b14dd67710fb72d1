"""Benchmark of the progress dashboard: a plan of 300 milestones and 3,000 logbook entries.

Run from the repository root: `python bench/bench_dashboard.py [--milestones 300] [--entries 3000]
[--repeats 15]`. Builds the plan in a fresh SQLite database under a temporary folder (300
milestones in 10 workstreams, an activity each, 3,000 status entries with lights, knelpunten and
forecast dates), then requests the dashboard through Django's test client, as a logged-in owner,
several times. Reports the median time and the number of queries. Prints one Markdown line and
writes bench/results/dashboard-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import time

from plan_builder import ROOT, django_in_temp_folder, plan_with_milestones


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--milestones", type=int, default=300)
    parser.add_argument("--entries", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    django_in_temp_folder()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from mijlpaal.monitoring.models import Entry

    setup_test_environment()
    owner, plan, rows = plan_with_milestones(args.milestones, dt.date(2028, 12, 31))
    lights = ("green", "orange", "red", "green", "green")
    Entry.objects.bulk_create(
        Entry(
            plan=plan, target="milestone", milestone=rows[i % len(rows)],
            subject=rows[i % len(rows)].title, light=lights[i % 5],
            problems="Knelpunt" if lights[i % 5] != "green" else "",
            forecast=dt.date(2026, 3, 1) + dt.timedelta(days=i % 90),
            reported_on=dt.date(2025, 1, 3) + dt.timedelta(days=i // 10), author=owner,
            author_name="Bench",
        )
        for i in range(args.entries)
    )  # fmt: skip

    client = Client()
    client.force_login(owner)
    url = reverse("monitoring:dashboard", args=[plan.pk])
    assert client.get(url).status_code == 200  # warm up: the school holidays, the templates
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    median = statistics.median(times)
    result = {
        "benchmark": "dashboard",
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "milestones": args.milestones,
        "activities": args.milestones,
        "entries": args.entries,
        "repeats": args.repeats,
        "median_seconds": round(median, 4),
        "min_seconds": round(min(times), 4),
        "queries": len(queries),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "database": "sqlite",
    }
    out = ROOT / "bench" / "results" / f"dashboard-{result['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"| dashboard | {args.milestones} milestones, {args.entries} entries "
        f"| {median * 1000:.0f} ms median ({min(times) * 1000:.0f} ms min) "
        f"| {len(queries)} queries |"
    )


if __name__ == "__main__":
    main()

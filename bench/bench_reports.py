"""Benchmark of the progress report: a plan of 300 milestones and 3,000 logbook entries.

Run from the repository root: `python bench/bench_reports.py [--milestones 300] [--entries 3000]
[--repeats 5]`. Builds the plan in a fresh SQLite database under a temporary folder (300
milestones in 10 workstreams, an activity each, 3,000 status entries with lights, knelpunten and
maatregelen, a baseline taken before the period), then requests the eindverslag (the whole plan:
every milestone is in it) as its page, its PDF and its .docx through Django's test client, as a
logged-in owner. Targets: the PDF under 3 s, the .docx under 1 s. Prints a Markdown table and
writes bench/results/reports-<date>.json and .md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import time

from plan_builder import ROOT, django_in_temp_folder, plan_with_milestones

TARGETS = {"page": None, "pdf": 3.0, "docx": 1.0}


def build(milestones: int, entries: int) -> tuple[object, object]:
    from mijlpaal.decisions.baselines import baseline_take
    from mijlpaal.monitoring.models import Entry

    owner, plan, rows = plan_with_milestones(milestones, dt.date(2028, 12, 31))
    baseline = baseline_take(plan=plan, user=owner, name="Vastgesteld")
    type(baseline).objects.filter(pk=baseline.pk).update(taken_on=dt.date(2024, 12, 16))
    lights = ("green", "orange", "red", "green", "green")
    Entry.objects.bulk_create(
        Entry(
            plan=plan, target="milestone", milestone=rows[i % len(rows)],
            subject=rows[i % len(rows)].title, light=lights[i % 5],
            explanation="Loopt volgens plan." if lights[i % 5] == "green" else "Vertraging.",
            problems="Knelpunt bij de uitvoering" if lights[i % 5] != "green" else "",
            measures="Extra inzet afgesproken" if lights[i % 5] == "red" else "",
            forecast=dt.date(2026, 3, 1) + dt.timedelta(days=i % 90),
            reported_on=dt.date(2025, 1, 3) + dt.timedelta(days=i // 10), author=owner,
            author_name="Bench",
        )
        for i in range(entries)
    )  # fmt: skip
    return owner, plan


def measure(client: object, url: str, repeats: int) -> tuple[float, float, int, int]:
    """(median CPU seconds, median wall seconds, queries, bytes) of `repeats` requests after a
    warm-up. CPU time is what the request costs; on a shared machine the wall clock follows the
    load."""
    from django.db import connection

    response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)  # type: ignore[attr-defined]
    cpu, wall = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)  # type: ignore[attr-defined]
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return statistics.median(cpu), statistics.median(wall), len(queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--milestones", type=int, default=300)
    parser.add_argument("--entries", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    django_in_temp_folder()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    owner, plan = build(args.milestones, args.entries)
    client = Client()
    client.force_login(owner)  # type: ignore[arg-type]
    pk = plan.pk  # type: ignore[attr-defined]
    urls = {
        "page": reverse("reports:final", args=[pk]),
        "pdf": reverse("reports:final_pdf", args=[pk]),
        "docx": reverse("reports:final_docx", args=[pk]),
    }
    rows = []
    for name, url in urls.items():
        median, wall, queries, size = measure(client, url, args.repeats)
        target = TARGETS[name]
        rows.append(
            {
                "what": name,
                "median_seconds": round(median, 3),
                "median_wall_seconds": round(wall, 3),
                "target_seconds": target,
                "met": target is None or median < target,
                "queries": queries,
                "bytes": size,
            }
        )
    result = {
        "benchmark": "reports",
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "milestones": args.milestones,
        "activities": args.milestones,
        "entries": args.entries,
        "repeats": args.repeats,
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "python": platform.python_version(),
        "machine": platform.machine(),
        "database": "sqlite",
        "rows": rows,
    }
    lines = [
        f"Eindverslag of a plan with {args.milestones} milestones and {args.entries:,} logbook "
        f"entries, median of {args.repeats} (load average {result['load_average']}):",
        "",
        "| what | CPU (median) | wall (median) | target (CPU) | queries | size |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        target = f"{r['target_seconds']} s" if r["target_seconds"] else ""
        lines.append(
            f"| {r['what']} | {r['median_seconds']} s | {r['median_wall_seconds']} s | {target} "
            f"| {r['queries']} "
            f"| {r['bytes'] // 1024} KiB |"
        )
    table = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stem = f"reports-{result['date']}"
    (out / f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (out / f"{stem}.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()

"""Benchmark of baselines: take one of a plan with 1,000 items, and compare it with the plan.

Run from the repository root: `python bench/bench_baselines.py [--milestones 500] [--repeats 9]`.
Builds a plan in a fresh SQLite database under a temporary folder (500 milestones in 10
workstreams, an activity each, a chain of dependencies), then takes a baseline (the schedule and
the 1,000 rows written) several times, and compares a baseline with the plan after every deadline
moved (the baseline read, the plan scheduled, every item's shift in working days and the summary).
Targets: a baseline under 1 s, a comparison under 0.3 s. Prints one Markdown line and writes
bench/results/baselines-<date>.json.
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
    parser.add_argument("--milestones", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()

    django_in_temp_folder()
    from mijlpaal.decisions.baselines import (
        baseline_schedule,
        baseline_take,
        compare,
        current_schedule,
    )
    from mijlpaal.plans.models import Activity, Dependency, Milestone

    owner, plan, rows = plan_with_milestones(args.milestones, dt.date(2029, 12, 31))
    Dependency.objects.bulk_create(
        Dependency(plan=plan, predecessor_milestone=a, successor_milestone=b)
        for a, b in zip(rows[:-10], rows[10:], strict=True)
    )
    items = Milestone.objects.filter(plan=plan).count() + Activity.objects.filter(plan=plan).count()
    baseline_take(plan=plan, user=owner, name="warm up")  # the school holidays, the calendar

    take_times = []
    for i in range(args.repeats):
        started = time.perf_counter()
        baseline = baseline_take(plan=plan, user=owner, name=f"Vastgesteld {i}")
        take_times.append(time.perf_counter() - started)
    assert baseline.items.count() == items
    Milestone.objects.filter(plan=plan).update(deadline=dt.date(2027, 6, 1))

    compare_times = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        found = compare(plan, baseline_schedule(baseline), current_schedule(plan))
        compare_times.append(time.perf_counter() - started)
    assert found.moved > 0
    take, comparison = statistics.median(take_times), statistics.median(compare_times)
    result = {
        "benchmark": "baselines",
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "items": items,
        "dependencies": len(rows) - 10,
        "repeats": args.repeats,
        "take_median_seconds": round(take, 4),
        "take_target_seconds": 1.0,
        "compare_median_seconds": round(comparison, 4),
        "compare_target_seconds": 0.3,
        "items_moved": found.moved,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "database": "sqlite",
    }
    out = ROOT / "bench" / "results" / f"baselines-{result['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"| baselines | {items} items | take {take * 1000:.0f} ms (target 1000 ms) "
        f"| compare {comparison * 1000:.0f} ms (target 300 ms) | {found.moved} moved |"
    )


if __name__ == "__main__":
    main()

"""Benchmark of the planning engine, and the same plans through TaskJuggler 3 (`make bench`).

Run from the repository root: `python bench/run.py [--quick]` (with `src` importable; the script
adds it to the path). Generated plans of 300, 10,000, 100,000 and 1,000,000 items, about two
dependencies each, over five school years with school holidays, public holidays and closures.
For each: the time of a full `schedule()` (dates and diagnostics; best of a few runs), its peak
memory (tracemalloc, in a separate run), and TaskJuggler's time on the same plan where it
finishes within five minutes, measured in the same run. At 2,000 items the dates of both are
compared item by item. Results go to bench/results/engine-<date>.json and .md
(engine-<date>-quick.* with --quick).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mijlpaal.planning import (  # noqa: E402
    PlanInput,
    dump_plan_file,
    load_school_holidays,
    schedule,
)
from mijlpaal.planning.calendar import WorkCalendar  # noqa: E402
from mijlpaal.planning.synthetic import random_plan, taskjuggler_dates  # noqa: E402
from mijlpaal.planning.tjp import REPORT_FILE, export_tjp, task_ids  # noqa: E402

TJ_TIMEOUT = 300.0
TARGETS = {300: 0.005, 100_000: 1.0, 1_000_000: 10.0}
# `mijlpaal schedule plan.yaml` as a whole process: start-up, reading the file, scheduling,
# printing the table.
COMMAND_TARGETS = {10: 0.25, 2_000: 0.4, 50_000: 3.0, 100_000: 5.0}


def make_plan(n: int) -> PlanInput:
    # Workstreams of 100 items; what TaskJuggler can express, so both get the same plan.
    return random_plan(
        n, seed=n, scheduling="alap", years=5, deps_per_item=1.2, block=100, taskjuggler=True
    )


def time_engine(
    plan: PlanInput,
    holidays: tuple,  # type: ignore[type-arg]
    repeats: int,
) -> tuple[float, int, int, int]:
    best = float("inf")
    result = None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = schedule(plan, school_holidays=holidays)
        best = min(best, time.perf_counter() - start)
    assert result is not None
    errors = sum(1 for d in result.diagnostics if d.severity == "error")
    del result
    gc.collect()
    tracemalloc.start()
    result = schedule(plan, school_holidays=holidays)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak, len(result.diagnostics), errors


def run_tj3(
    plan: PlanInput,
    holidays: tuple,  # type: ignore[type-arg]
    workdir: Path,
) -> tuple[float | None, str]:
    (workdir / "plan.tjp").write_text(export_tjp(plan, school_holidays=holidays), encoding="utf-8")
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            ["tj3", "--silent", "--no-color", "plan.tjp"],
            cwd=workdir, capture_output=True, text=True, timeout=TJ_TIMEOUT, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None, f"did not finish within {TJ_TIMEOUT:.0f} s"
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        return None, "failed: " + (proc.stdout + proc.stderr).strip().splitlines()[-1][:200]
    return elapsed, "ok"


def compare_dates(
    plan: PlanInput,
    holidays: tuple,  # type: ignore[type-arg]
    workdir: Path,
) -> tuple[int, int]:
    cal = WorkCalendar(
        plan.calendar, holidays, plan.start - timedelta(days=400), plan.end + timedelta(days=400)
    )
    ours = schedule(plan, school_holidays=holidays)
    theirs = taskjuggler_dates(
        (workdir / f"{REPORT_FILE}.csv").read_text(encoding="utf-8"),
        cal,
        plan,
        task_ids(plan.items),
    )
    same = sum(1 for k, v in theirs.items() if (ours.items[k].start, ours.items[k].finish) == v)
    return same, len(plan.items)


def time_command(n: int, workdir: Path, repeats: int) -> tuple[float, float]:
    """(best wall time, its CPU time) of `mijlpaal schedule` on a generated plan file of n items."""
    path = workdir / f"plan-{n}.yaml"
    path.write_text(dump_plan_file(make_plan(n)), encoding="utf-8")
    command = Path(sys.executable).with_name("mijlpaal")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "mijlpaal.planning"]
    best = (float("inf"), 0.0)
    for _ in range(repeats):
        before = os.times()
        start = time.perf_counter()
        subprocess.run([*argv, "schedule", str(path)], capture_output=True, check=False)
        wall = time.perf_counter() - start
        after = os.times()
        cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        best = min(best, (wall, cpu))
    return best


def command_table(sizes: list[int]) -> tuple[list[dict[str, object]], list[str]]:
    rows: list[dict[str, object]] = []
    lines = [
        "",
        "`mijlpaal schedule plan.yaml` as a whole process (best of several runs; wall and CPU):",
        "",
        "| items | wall | CPU | target |",
        "|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            wall, cpu = time_command(n, Path(tmp), 5 if n <= 2_000 else 3)
            rows.append({"items": n, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                         "target_s": COMMAND_TARGETS.get(n)})  # fmt: skip
            target = fmt_time(COMMAND_TARGETS[n]) if n in COMMAND_TARGETS else ""
            lines.append(f"| {n:,} | {fmt_time(wall)} | {fmt_time(cpu)} | {target} |")
            print(f"{n:>9} items: mijlpaal schedule {fmt_time(wall)}", file=sys.stderr)
    return rows, lines


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300, 2,000 and 10,000 items only")
    args = parser.parse_args(argv)
    sizes = [300, 2_000, 10_000] if args.quick else [300, 2_000, 10_000, 100_000, 1_000_000]
    holidays = load_school_holidays(None)
    have_tj = shutil.which("tj3") is not None
    rows = []
    tj_gave_up = False
    for n in sizes:
        t0 = time.perf_counter()
        plan = make_plan(n)
        gen = time.perf_counter() - t0
        deps = sum(len(it.depends) for it in plan.items)
        repeats = 20 if n <= 2_000 else 5 if n <= 10_000 else 3 if n <= 100_000 else 1
        seconds, peak, diagnostics, errors = time_engine(plan, holidays, repeats)
        row: dict[str, object] = {
            "items": n, "dependencies": deps, "generate_s": round(gen, 3),
            "engine_s": round(seconds, 6), "engine_peak_mib": round(peak / 2**20, 1),
            "diagnostics": diagnostics, "error_diagnostics": errors,
            "target_s": TARGETS.get(n), "tj3_s": None, "tj3_status": "not run", "ratio": None,
        }  # fmt: skip
        if have_tj and not tj_gave_up:
            with tempfile.TemporaryDirectory() as tmp:
                tj_s, status = run_tj3(plan, holidays, Path(tmp))
                row["tj3_s"] = round(tj_s, 3) if tj_s is not None else None
                row["tj3_status"] = status
                if tj_s is not None:
                    row["ratio"] = round(tj_s / seconds)
                    if n == 2_000:
                        same, total = compare_dates(plan, holidays, Path(tmp))
                        row["identical_dates"] = f"{same}/{total}"
                else:
                    tj_gave_up = True  # a bigger plan will not finish either
        elif not have_tj:
            row["tj3_status"] = "tj3 not installed"
        else:
            row["tj3_status"] = "skipped (a smaller plan did not finish)"
        rows.append(row)
        print(
            f"{n:>9} items: engine {fmt_time(seconds)}, peak {peak / 2**20:.1f} MiB, "
            f"tj3 {row['tj3_status']}",
            file=sys.stderr,
        )

    today = datetime.now(UTC).date().isoformat()
    machine = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "tj3": subprocess.run(
            ["tj3", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if have_tj
        else None,
        "quick": args.quick,
    }
    lines = [
        f"# Planning engine benchmark, {today}",
        "",
        f"Python {machine['python']} on {machine['platform']}, {machine['cpus']} CPUs; "
        f"{machine['tj3'] or 'tj3 not installed'}.",
        "Generated backward (ALAP) plans over five school years (region holidays, public holidays, "
        "closures), workstreams of 100 items, about two dependencies per item. Engine time: a full "
        "`schedule()` with diagnostics, best of several runs; peak memory from tracemalloc in a "
        "separate run.",
        "",
        "| items | dependencies | engine | target | peak memory | diagnostics | TaskJuggler "
        "| TJ / engine | identical dates |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        target = r["target_s"]
        tj3 = r["tj3_s"]
        tj3_cell = fmt_time(tj3) if tj3 is not None else r["tj3_status"]  # type: ignore[arg-type]
        lines.append(
            f"| {r['items']:,} | {r['dependencies']:,} "
            f"| {fmt_time(r['engine_s'])} "  # type: ignore[arg-type]
            f"| {fmt_time(target) if target else ''} "
            f"| {r['engine_peak_mib']} MiB | {r['diagnostics']:,} "
            f"| {tj3_cell} "
            f"| {str(r['ratio']) + '×' if r['ratio'] else ''} | {r.get('identical_dates', '')} |"
        )
    command_sizes = [10, 2_000] if args.quick else [10, 2_000, 50_000, 100_000]
    command_rows, command_lines = command_table(command_sizes)
    lines += command_lines
    table = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stem = f"engine-{today}" + ("-quick" if args.quick else "")
    (out / f"{stem}.json").write_text(
        json.dumps(
            {"date": today, "machine": machine, "rows": rows, "command": command_rows}, indent=2
        )
        + "\n",
        encoding="utf-8",
    )
    (out / f"{stem}.md").write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""`mijlpaal schedule plan.yaml` as a whole process, for two installations side by side.

Run from the repository root: `python bench/command_speed.py [BEFORE_MIJLPAAL]`. Times this
checkout's command (and, if given, another `mijlpaal` executable, e.g. an older checkout's
`.venv/bin/mijlpaal`) on the generated plans of bench/run.py, best of a few runs, wall and CPU
(user + system of the process). On a busy machine the wall time follows the load; the CPU time
does not. Results go to bench/results/command-<date>.json and .md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from run import COMMAND_TARGETS, fmt_time, make_plan  # noqa: E402

from mijlpaal.planning import dump_plan_file  # noqa: E402

SIZES = (10, 2_000, 50_000, 100_000)


def best_of(argv: list[str], path: Path, repeats: int) -> tuple[float, float]:
    """(best wall time, best CPU time) of the command on the plan file."""
    walls, cpus = [], []
    for _ in range(repeats):
        before = os.times()
        start = time.perf_counter()
        subprocess.run([*argv, "schedule", str(path)], capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(
            (after.children_user - before.children_user)
            + (after.children_system - before.children_system)
        )
    return min(walls), min(cpus)


def main() -> None:
    commands = {"this checkout": [str(Path(sys.executable).with_name("mijlpaal"))]}
    if len(sys.argv) > 1:
        commands = {"before": [sys.argv[1]], **commands}
    rows: list[dict[str, Any]] = []
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            path = Path(tmp) / f"plan-{n}.yaml"
            path.write_text(dump_plan_file(make_plan(n)), encoding="utf-8")
            for name, argv in commands.items():
                wall, cpu = best_of(argv, path, 5 if n <= 2_000 else 3)
                rows.append(
                    {"items": n, "command": name, "wall_s": round(wall, 3),
                     "cpu_s": round(cpu, 3), "target_s": COMMAND_TARGETS.get(n)}
                )  # fmt: skip
                print(f"{n:>9} {name}: wall {fmt_time(wall)}, CPU {fmt_time(cpu)}", file=sys.stderr)
    day = datetime.now(UTC).date().isoformat()
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"command-{day}.json").write_text(
        json.dumps({"date": day, "load_average": load, "rows": rows}, indent=1) + "\n",
        encoding="utf-8",
    )
    lines = [
        f"# `mijlpaal schedule` as a whole process, {day}",
        "",
        f"Load average at the start: {load:.1f} on {os.cpu_count()} CPUs (wall times follow it; "
        "CPU is user + system time of the process). Best of 3–5 runs.",
        "",
        "| items | command | wall | CPU | target (wall) |",
        "|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        target = row["target_s"]
        lines.append(
            f"| {row['items']:,} | {row['command']} | {fmt_time(float(row['wall_s']))} | "
            f"{fmt_time(float(row['cpu_s']))} | {fmt_time(float(target)) if target else ''} |"
        )
    (out / f"command-{day}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Benchmark of the Gantt chart renderer: a 500-item plan must render in under 200 ms.

Run from the repository root: `python bench/bench_gantt.py [--items 500] [--repeats 15]`. Builds
the renderer's input directly (no database, no Django request): 20 workstreams, each with
milestones and the activities that lead to them, dependencies between neighbours, the school and
public holidays of region midden, each item's light, at quarter zoom; then renders it several
times and reports the median. Prints one Markdown line and writes bench/results/gantt-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mijlpaal.charts.gantt import (  # noqa: E402
    GanttInput,
    GanttLink,
    GanttRow,
    Shading,
    Zoom,
    render_gantt,
)
from mijlpaal.planning import load_school_holidays, public_holidays  # noqa: E402

TARGET_SECONDS = 0.200
PLAN_START = dt.date(2025, 1, 1)
PLAN_END = dt.date(2028, 12, 31)
LIGHTS = ("green", "orange", "red", "late", "reached", "")  # "": no status update yet


def make_input(items: int, zoom: Zoom = "quarter") -> GanttInput:
    """`items` milestones and activities (one milestone per four activities), in 20 workstreams."""
    rows: list[GanttRow] = []
    links: list[GanttLink] = []
    per_workstream = max(1, items // 20)
    span = (PLAN_END - PLAN_START).days
    made = 0
    workstream = 0
    previous_milestone: str | None = None
    while made < items:
        if made % per_workstream == 0:
            workstream += 1
            rows.append(
                GanttRow(key=f"w{workstream}", kind="workstream", label=f"Deelproject {workstream}")
            )
            previous_milestone = None
        offset = (made * 37) % (span - 120)
        start = PLAN_START + dt.timedelta(days=offset)
        if made % 5 == 4:
            key = f"m{made}"
            rows.append(
                GanttRow(
                    key=key,
                    kind="milestone",
                    label=f"{made}. Mijlpaal {made}: het resultaat is opgeleverd",
                    url=f"/plans/1/milestone/{made}/",
                    start=start,
                    finish=start + dt.timedelta(days=90),
                    slack_start=start - dt.timedelta(days=30),
                    slack_end=start - dt.timedelta(days=1),
                    critical=made % 3 == 0,
                    done=made % 11 == 0,
                    late=made % 13 == 0,
                    light=LIGHTS[made % len(LIGHTS)],
                    light_label=LIGHTS[made % len(LIGHTS)],
                )
            )
            for back in range(1, 5):
                links.append(GanttLink(f"a{made - back}", key, "leads_to"))
            if previous_milestone is not None:
                links.append(GanttLink(previous_milestone, key))
            previous_milestone = key
        else:
            rows.append(
                GanttRow(
                    key=f"a{made}",
                    kind="activity",
                    label=f"Activiteit {made} met een titel van gewone lengte",
                    url=f"/plans/1/activity/{made}/",
                    start=start,
                    finish=start + dt.timedelta(days=20 + made % 40),
                    slack_start=start + dt.timedelta(days=21 + made % 40),
                    slack_end=start + dt.timedelta(days=60),
                    critical=made % 3 == 0,
                    done=made % 7 == 0,
                    light=LIGHTS[made % len(LIGHTS)],
                    light_label=LIGHTS[made % len(LIGHTS)],
                )
            )
        made += 1
    shadings = [
        Shading(h.start, h.end, h.name, "school")
        for h in load_school_holidays()
        if h.region == "midden"
    ]
    for year in range(PLAN_START.year, PLAN_END.year + 1):
        shadings.extend(
            Shading(d, d, names[0], "public") for d, names in sorted(public_holidays(year).items())
        )
    return GanttInput(
        start=PLAN_START,
        end=PLAN_END,
        today=dt.date(2026, 11, 22),
        zoom=zoom,
        rows=rows,
        links=links,
        shadings=shadings,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    results = {}
    for zoom in ("quarter", "month", "year"):
        data = make_input(args.items, zoom)  # type: ignore[arg-type]
        render_gantt(data)  # warm up
        times = []
        for _ in range(args.repeats):
            gc.collect()
            started = time.perf_counter()
            svg = render_gantt(data)
            times.append(time.perf_counter() - started)
        results[zoom] = {
            "median_s": round(statistics.median(times), 5),
            "min_s": round(min(times), 5),
            "max_s": round(max(times), 5),
            "svg_bytes": len(svg.encode()),
        }
    median = results["quarter"]["median_s"]
    verdict = "ok" if median < TARGET_SECONDS else "TOO SLOW"
    print(
        f"| Gantt SVG, {args.items} items (quarter zoom) "
        f"| median {median * 1000:.1f} ms of {args.repeats} runs "
        f"(month {results['month']['median_s'] * 1000:.1f} ms, "
        f"year {results['year']['median_s'] * 1000:.1f} ms) "
        f"| target < {TARGET_SECONDS * 1000:.0f} ms | {verdict} |"
    )
    today = dt.datetime.now(dt.UTC).date().isoformat()
    out = ROOT / "bench" / "results" / f"gantt-{today}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "benchmark": "gantt",
                "date": today,
                "items": args.items,
                "repeats": args.repeats,
                "target_s": TARGET_SECONDS,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "results": results,
                "ok": median < TARGET_SECONDS,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())

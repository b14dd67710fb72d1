"""Benchmark of reading a calendar file (.ics) for the school calendar: the typical file and the
hostile shapes at the limits of `mijlpaal.plans.ics`.

Run from the repository root: `python bench/bench_ics.py [--repeats 5]`. Each shape is read by
`read_calendar_file` as the import page reads it (without a database: the plan is not saved).
Reports the worst time of each shape and whether it was read or refused, prints a Markdown table
and writes bench/results/ics-<date>.json. The target: every shape answered within MAX_SECONDS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def shapes(limits: dict[str, int], outlook: bytes) -> dict[str, bytes]:
    lines, events, parameters = limits["lines"], limits["events"], limits["parameters"]
    event = (
        b"BEGIN:VEVENT\r\nSUMMARY:Toetsweek\r\nDTSTART;VALUE=DATE:20270301\r\n"
        b"DTEND;VALUE=DATE:20270306\r\nEND:VEVENT\r\n"
    )
    head, tail = b"BEGIN:VCALENDAR\r\n", b"END:VCALENDAR\r\n"
    return {
        "Outlook file, 4 events": outlook,
        f"{events} all-day events": head + event * events + tail,
        f"{lines - 2} lines with 2 parameters": head + b"X-A;P=1;Q=2:x\r\n" * (lines - 2) + tail,
        f"{lines - 2} lines of 100 bytes": head
        + (b"X-A;P=" + b"a" * 88 + b":x\r\n") * (lines - 2)
        + tail,
        f"{parameters} parameters on a line": head
        + b"X-A"
        + b";P=1" * parameters
        + b":x\r\n"
        + tail,
        f"{lines - 2} nested components": head + b"BEGIN:VTODO\r\n" * (lines - 2),
        "1 MB line": head + b"X-A:" + b"a" * (1024 * 1024 - 40) + b"\r\n" + tail,
        "60,000 lines (refused)": head + b"X-A;P=1:x\r\n" * 60_000 + tail,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "mijlpaal.settings"
    import django

    django.setup()
    from django.utils import translation
    from tests.test_closures import OUTLOOK

    from mijlpaal.plans import ics
    from mijlpaal.plans.models import Plan

    translation.activate("en")
    plan = Plan(title="Bench", start_date=dt.date(2026, 8, 1), end_date=dt.date(2028, 7, 31))
    limits = {"lines": ics.MAX_LINES, "events": ics.MAX_EVENTS, "parameters": ics.MAX_PARAMETERS}
    rows = []
    for name, data in shapes(limits, OUTLOOK).items():
        worst, outcome = 0.0, ""
        for _ in range(args.repeats):
            start = time.perf_counter()
            try:
                found = ics.read_calendar_file(data, plan)
                outcome = f"read: {len(found.proposals)} periods, {len(found.skipped)} left out"
            except ics.IcsError as refused:
                outcome = f"refused: {refused.message}"
            worst = max(worst, time.perf_counter() - start)
        rows.append(
            {"shape": name, "bytes": len(data), "worst_s": round(worst, 3), "outcome": outcome}
        )
    print(f"| shape | bytes | worst of {args.repeats} | outcome |\n|---|---:|---:|---|")
    for row in rows:
        print(f"| {row['shape']} | {row['bytes']:,} | {row['worst_s']:.3f} s | {row['outcome']} |")
    out = ROOT / "bench" / "results" / f"ics-{dt.date.today().isoformat()}.json"  # noqa: DTZ011
    result = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "limit_s": ics.MAX_SECONDS,
        "limits": limits,
        "rows": rows,
    }
    out.write_text(json.dumps(result, indent=2) + "\n")
    assert all(row["worst_s"] < ics.MAX_SECONDS for row in rows), "a shape took too long"


if __name__ == "__main__":
    main()

"""Benchmark of reading an MS Project file (MSPDI) at the limits of `mijlpaal.msproject.files`.

Run from the repository root: `python bench/bench_msproject.py [--repeats 3]`. Measures the start
of the JVM (once per process, the first file), then for each shape the bounded read as the import
page does it: the defusedxml pre-check, MPXJ's reader and the mapping to Mijlpaal's rows (without
a database). Reports the worst time of each shape and whether it was read or refused, prints a
Markdown table and writes bench/results/msproject-<date>.json. The target: every shape answered
within MAX_SECONDS (the reader's own time budget).
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mijlpaal.settings")

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<Project xmlns="http://schemas.microsoft.com/project"><Name>Bench</Name>'
    "<ScheduleFromStart>1</ScheduleFromStart><StartDate>2027-01-04T08:00:00</StartDate>"
    "<MinutesPerDay>480</MinutesPerDay><CalendarUID>1</CalendarUID>"
)


def task(uid: int, level: int, summary: bool, link: int | None, notes: str = "") -> str:
    pred = (
        f"<PredecessorLink><PredecessorUID>{link}</PredecessorUID><Type>1</Type>"
        "<LinkLag>4800</LinkLag><LagFormat>7</LagFormat></PredecessorLink>"
        if link
        else ""
    )
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>Taak {uid}</Name>"
        f"<OutlineLevel>{level}</OutlineLevel><Summary>{int(summary)}</Summary>"
        f"<Duration>PT{0 if summary else 40}H0M0S</Duration><DurationFormat>7</DurationFormat>"
        f"<Notes>{notes}</Notes>{pred}</Task>"
    )


def project(n: int, notes: str = "", exceptions: int = 0) -> bytes:
    rows = []
    for uid in range(1, n + 1):
        summary = uid % 20 == 1
        link = uid - 1 if not summary and uid % 20 != 2 else None
        rows.append(task(uid, 1 if summary else 2, summary, link, notes))
    days = "".join(
        f"<Exception><TimePeriod><FromDate>{day}T00:00:00</FromDate>"
        f"<ToDate>{day}T23:59:00</ToDate></TimePeriod><Name>Vrij {i}</Name>"
        "<DayWorking>0</DayWorking></Exception>"
        for i, day in enumerate(
            (dt.date(2027, 1, 4) + dt.timedelta(days=i)).isoformat() for i in range(exceptions)
        )
    )
    calendar = (
        "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<Exceptions>{days}</Exceptions></Calendar></Calendars>"
    )
    return (HEAD + calendar + "<Tasks>" + "".join(rows) + "</Tasks></Project>").encode()


def shapes() -> dict[str, bytes]:
    from mijlpaal.msproject.files import MAX_EXCEPTIONS, MAX_TASKS, MAX_XML_BYTES

    big_notes = "x" * ((MAX_XML_BYTES - 200_000) // 200)
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE P [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {c}{i} "{("&" + c + str(i - 1) + ";") * 10}">'.encode()
            for c in "b"
            for i in range(1, 10)
        ).replace(b"&b0;", b"&a;")
        + b']><Project xmlns="http://schemas.microsoft.com/project"><Name>&b9;</Name></Project>'
    )
    return {
        "20 tasks (a small plan)": project(20),
        f"{MAX_TASKS} tasks, 1,900 links": project(MAX_TASKS),
        f"{MAX_TASKS // 10} tasks, {MAX_EXCEPTIONS} calendar exceptions": project(
            MAX_TASKS // 10, exceptions=MAX_EXCEPTIONS
        ),
        "200 tasks with notes, just under 5 MB": project(200, notes=big_notes),
        f"{MAX_TASKS + 1} tasks (refused)": project(MAX_TASKS + 1),
        "entity expansion (refused)": bomb,
    }


def measure(data: bytes, repeats: int) -> dict[str, object]:
    """The worst times of the bounded read (pre-check and MPXJ) and of the mapping."""
    from mijlpaal.msproject.files import FileRefused, read_project
    from mijlpaal.msproject.mapping import read_plan

    worst_read = worst_map = 0.0
    outcome = ""
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            project = read_project(data, mpp=False)
        except FileRefused as refused:
            worst_read = max(worst_read, time.perf_counter() - started)
            outcome = f"refused: {refused.message}"
            continue
        read = time.perf_counter()
        plan = read_plan(project)
        worst_read = max(worst_read, read - started)
        worst_map = max(worst_map, time.perf_counter() - read)
        outcome = f"read: {len(plan.tasks)} tasks, {len(plan.links)} links"
    return {"read": round(worst_read, 3), "map": round(worst_map, 3), "outcome": outcome}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    import django

    django.setup()
    from django.utils import translation

    from mijlpaal.msproject import java
    from mijlpaal.msproject.files import MAX_SECONDS

    translation.activate("nl")
    load = os.getloadavg()
    started = time.perf_counter()
    java.start()
    jvm = time.perf_counter() - started
    first = measure(project(20), 1)  # MPXJ's classes load with the first file (files._warm)
    rows = [{"shape": name, "bytes": len(data), **measure(data, args.repeats)}
            for name, data in shapes().items()]  # fmt: skip
    result = {
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_before": load,
        "load_after": os.getloadavg(),
        "jvm_start_seconds": round(jvm, 3),
        "first_file_seconds": first["read"],
        "max_seconds": MAX_SECONDS,
        "shapes": rows,
    }
    print(f"JVM start {jvm:.2f} s, the first file {first['read']:.2f} s (once per process);")
    print(f"load average {load[0]:.1f} on {os.cpu_count()} CPUs\n")
    print(f"| shape | size | read (worst of {args.repeats}) | mapping | outcome |")
    print("|---|---:|---:|---:|---|")
    for row in rows:
        print(
            f"| {row['shape']} | {row['bytes']:,} B | {row['read']:.2f} s | {row['map']:.2f} s "
            f"| {row['outcome']} |"
        )
    out = ROOT / "bench" / "results" / f"msproject-{result['date']}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if any(float(str(r["read"])) > MAX_SECONDS for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

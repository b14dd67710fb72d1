"""Benchmark of the portfolio page: an organisation of 100 plans with 300 milestones each.

Run from the repository root: `python bench/bench_portfolio.py [--plans 100] [--milestones 300]
[--entries 1000] [--repeats 9]`. Builds the plans in a fresh SQLite database under a temporary
folder (each: 300 milestones in 10 workstreams, an activity each, `--entries` status updates with
lights, knelpunten and forecast dates, a reporting period to come and one passed with its report
submitted and reopened, a budget line per workstream and 200 realisation entries), then requests
the portfolio through Django's test client as the organisation's programmamedewerker:

- warm: the plans' derived rows (lights, forecasts, late, knelpunten, trend) are in the cache
  under their stamp, as on every request after the first once nothing changed; the target is
  300 ms;
- cold: the cache emptied before each request, so every plan's rows are derived again from its
  milestones, activities and logbook (after a change, only the changed plan is);
- the `.xlsx` of the same table, warm.

Prints Markdown lines and writes bench/results/portfolio-<date>.json and .md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from plan_builder import ROOT, django_in_temp_folder

TARGET_SECONDS = 0.3


def build(plans: int, milestones: int, entries: int) -> tuple[Any, Any]:
    """(programmamedewerker, organisation) with `plans` plans of `milestones` milestones."""
    from mijlpaal.accounts.models import User
    from mijlpaal.budget.models import BudgetLine, Spending
    from mijlpaal.monitoring.models import Entry
    from mijlpaal.plans import services
    from mijlpaal.plans.models import Activity, Milestone, Plan, ReportingPeriod, Workstream
    from mijlpaal.portfolio.models import OrganisationMember, OrganisationPlan
    from mijlpaal.portfolio.services import organisation_create
    from mijlpaal.reports.models import Report, ReportState

    owner = User.objects.create_user(email="bench@school.example", password="x", name="Bench")
    staff = User.objects.create_user(email="staf@school.example", password="x", name="Staf")
    organisation = organisation_create(user=owner, name="Programmabureau")
    OrganisationMember.objects.create(organisation=organisation, user=staff)
    lights = ("green", "orange", "red", "green", "green")
    regions = ("noord", "midden", "zuid")
    for p in range(plans):
        plan = services.plan_create(
            user=owner,
            plan=Plan(
                title=f"Regioplan {p:03}", start_date=dt.date(2025, 1, 1),
                end_date=dt.date(2028, 12, 31), region=regions[p % 3],
            ),
        )  # fmt: skip
        OrganisationPlan.objects.create(organisation=organisation, plan=plan)
        streams = Workstream.objects.bulk_create(
            Workstream(plan=plan, name=f"Deelproject {i}", order=i) for i in range(10)
        )
        rows = Milestone.objects.bulk_create(
            Milestone(
                plan=plan, workstream=streams[i % 10], number=i + 1, title=f"Mijlpaal {i}",
                order=i, deadline=dt.date(2026, 1, 5) + dt.timedelta(days=3 * i),
                lead_time="4w",
            )
            for i in range(milestones)
        )  # fmt: skip
        Activity.objects.bulk_create(
            Activity(plan=plan, workstream=m.workstream, milestone=m, title=f"Werk {m.pk}",
                     duration="2w")
            for m in rows
        )  # fmt: skip
        Entry.objects.bulk_create(
            Entry(
                plan=plan, target="milestone", milestone=rows[i % len(rows)],
                subject=rows[i % len(rows)].title, light=lights[(i + p) % 5],
                problems="Knelpunt" if lights[(i + p) % 5] != "green" else "",
                forecast=dt.date(2026, 3, 1) + dt.timedelta(days=(i + p) % 900),
                reported_on=dt.date(2025, 1, 3) + dt.timedelta(days=i // 10), author=owner,
                author_name="Bench",
            )
            for i in range(entries)
        )  # fmt: skip
        ReportingPeriod.objects.create(
            plan=plan, name="Voortgangsrapportage", start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 12, 31), due_date=dt.date(2027, 2, 1) + dt.timedelta(days=p),
        )  # fmt: skip
        passed = ReportingPeriod.objects.create(
            plan=plan, name="Vorige rapportage", start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2025, 12, 31), due_date=dt.date(2026, 2, 1),
        )  # fmt: skip
        Report.objects.bulk_create([
            Report(plan=plan, period=passed, version=1, state=ReportState.SUBMITTED,
                   submitted_on=dt.date(2026, 1, 20)),
            Report(plan=plan, period=passed, version=2),
        ])  # fmt: skip
        BudgetLine.objects.bulk_create(
            BudgetLine(plan=plan, workstream=w, amount=Decimal(40000)) for w in streams
        )
        Spending.objects.bulk_create(
            Spending(plan=plan, workstream=streams[i % 10], spent_on=dt.date(2025, 2, 1)
                     + dt.timedelta(days=i), hours=Decimal(8), amount=Decimal(600))
            for i in range(200)
        )  # fmt: skip
    return staff, organisation


def timed(
    get: Callable[[], Any], repeats: int, before: Callable[[], None]
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each request (the machine is shared: CPU time is what the
    request itself costs, SQLite included, as in bench_pages.py)."""
    wall, cpu = [], []
    for _ in range(repeats):
        before()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = get()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, response.status_code
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--milestones", type=int, default=300)
    parser.add_argument("--entries", type=int, default=1000, help="status updates per plan")
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--cold-repeats", type=int, default=2)
    args = parser.parse_args()

    django_in_temp_folder()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    started = time.perf_counter()
    staff, organisation = build(args.plans, args.milestones, args.entries)
    built = time.perf_counter() - started
    client = Client()
    client.force_login(staff)
    page = reverse("portfolio:portfolio", args=[organisation.pk])
    xlsx = reverse("portfolio:xlsx", args=[organisation.pk])
    response = client.get(page)  # warm up: the templates, and the cache filled
    assert response.status_code == 200
    assert response.content.count(b"data-plan=") == args.plans
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(page)
    warm_queries = len(queries)
    queries.clear()
    cache.clear()
    with connection.execute_wrapper(count):
        client.get(page)
    cold_queries = len(queries)

    def nothing() -> None:
        pass

    warm, warm_cpu = timed(lambda: client.get(page), args.repeats, nothing)
    cold, cold_cpu = timed(lambda: client.get(page), args.cold_repeats, cache.clear)
    client.get(page)
    download, download_cpu = timed(lambda: client.get(xlsx), max(3, args.repeats // 3), nothing)
    median = statistics.median
    result = {
        "benchmark": "portfolio",
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "plans": args.plans,
        "milestones_per_plan": args.milestones,
        "activities_per_plan": args.milestones,
        "entries_per_plan": args.entries,
        "build_seconds": round(built, 1),
        "warm_median_seconds": round(median(warm), 4),
        "warm_median_cpu_seconds": round(median(warm_cpu), 4),
        "warm_min_seconds": round(min(warm), 4),
        "cold_median_seconds": round(median(cold), 4),
        "cold_median_cpu_seconds": round(median(cold_cpu), 4),
        "xlsx_median_seconds": round(median(download), 4),
        "xlsx_median_cpu_seconds": round(median(download_cpu), 4),
        "load_average": os.getloadavg()[0],
        "warm_queries": warm_queries,
        "cold_queries": cold_queries,
        "page_kib": round(len(response.content) / 1024),
        "target_seconds": TARGET_SECONDS,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "database": "sqlite",
    }
    size = f"{args.plans} plans × {args.milestones} milestones, {args.entries} entries each"
    lines = [
        f"# Portfolio benchmark, {result['date']}",
        "",
        f"{size}; Django test client, SQLite, median of {args.repeats} (cold: of "
        f"{len(cold)}); target for the page: {TARGET_SECONDS * 1000:.0f} ms (cached).",
        "",
        f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measured.",
        "",
        "| request | CPU time | wall clock | queries |",
        "|---|---:|---:|---:|",
        f"| portfolio page, derived rows cached | {median(warm_cpu) * 1000:.0f} ms "
        f"| {median(warm) * 1000:.0f} ms | {warm_queries} |",
        f"| portfolio page, every plan derived again | {median(cold_cpu) * 1000:.0f} ms "
        f"| {median(cold) * 1000:.0f} ms | {cold_queries} |",
        f"| portfolio .xlsx, cached | {median(download_cpu) * 1000:.0f} ms "
        f"| {median(download) * 1000:.0f} ms | |",
    ]
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stem = f"portfolio-{result['date']}"
    (out / f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (out / f"{stem}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

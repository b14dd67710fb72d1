"""The school holidays a plan is scheduled with: the shipped ones, those `mijlpaal calendar import`
keeps in MIJLPAAL_DATA_DIR, and those the plan's owners imported in the web app (the database, so
that every app server sees them); later imports replace earlier dates of the same holiday."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from mijlpaal.planning import SchoolHoliday, load_school_holidays
from mijlpaal.planning.school_holidays import (
    DATA_FILE,
    coverage,
    holidays_from_rows,
    merge_school_holidays,
    missing_schoolyears,
)
from mijlpaal.plans.models import Plan, SchoolHolidayImport

_CACHE = "_mijlpaal_school_holidays"


def plan_school_holidays(plan: Plan) -> tuple[SchoolHoliday, ...]:
    """The plan's school holidays. One query, once per plan object (the pages of one request
    schedule the same plan object several times), read again when the data file changes."""
    stamp = _file_stamp()
    cached: tuple[int | None, tuple[SchoolHoliday, ...]] | None = plan.__dict__.get(_CACHE)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    merged = list(load_school_holidays(settings.MIJLPAAL_DATA_DIR))
    if plan.pk is not None:
        imports = SchoolHolidayImport.objects.filter(plan=plan).order_by("uploaded_at", "id")
        for rows in imports.values_list("holidays", flat=True):
            merged, _counts = merge_school_holidays(merged, holidays_from_rows(rows))
    holidays = tuple(sorted(merged))
    plan.__dict__[_CACHE] = (stamp, holidays)
    return holidays


def _file_stamp() -> int | None:
    """When `mijlpaal calendar import` last wrote its data file (None: there is none)."""
    try:
        return (Path(settings.MIJLPAAL_DATA_DIR) / DATA_FILE).stat().st_mtime_ns
    except OSError:
        return None


def forget_school_holidays(plan: Plan) -> None:
    """After an import: the next schedule of this plan object reads them again."""
    plan.__dict__.pop(_CACHE, None)


def shown(schoolyear: str) -> str:
    """`2026–2027` for the data's `2026-2027`."""
    return schoolyear.replace("-", "–")


@dataclass(frozen=True)
class Coverage:
    """Which school years the plan's school holidays cover in its region (none: no region)."""

    region: str
    known: tuple[str, ...]
    missing: tuple[str, ...]  # the school years of the plan's period that are not known


def plan_coverage(plan: Plan) -> Coverage:
    if not plan.region:
        return Coverage("", (), ())
    holidays = plan_school_holidays(plan)
    known = coverage(holidays).get(plan.region, [])
    end = max(plan.end_date, plan.start_date)
    missing = missing_schoolyears(holidays, plan.region, plan.start_date, end)
    return Coverage(plan.region, tuple(map(shown, known)), tuple(map(shown, missing)))

"""An MS Project file as the new content of a plan: what the preview shows, and the import.

`read_upload` bounds and reads the file (files.py), takes what fits (mapping.py) and turns it
into `PlanContent` for `plans.replace.plan_import`, the service the plan file and the workbook
use: the plan's rows are matched by their stable key (which Mijlpaal writes into Text1) or by
their name, so what MS Project does not know of them stays: the parties and their VERI letters,
an activity's why, result, phase and domain, a milestone's result and marks, the goals. The
plan's own settings (title, period, region, direction) stay as they are.

The content travels to the confirmation signed, with the version of the plan (the last entry of
its history): a preview confirmed after the plan changed, or twice, imports nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mijlpaal import planning
from mijlpaal.i18n import current_language
from mijlpaal.msproject.files import read_project
from mijlpaal.msproject.mapping import MsPlan, Period, Task, read_plan
from mijlpaal.planning.text import format_date
from mijlpaal.plans.content import (
    ActivityData,
    CellData,
    ClosureData,
    DependencyData,
    MilestoneData,
    PartyData,
    PlanContent,
    WorkstreamData,
)
from mijlpaal.plans.durations import duration_words
from mijlpaal.plans.holiday_data import plan_school_holidays
from mijlpaal.plans.ics import guess_kind
from mijlpaal.plans.models import (
    CLOSURE_MARGIN_DAYS,
    CLOSURE_MAX_DAYS,
    Activity,
    ChangeRecord,
    Closure,
    ClosurePolicy,
    Party,
    Plan,
    SchedulingMode,
)
from mijlpaal.plans.replace import KeyResolver
from mijlpaal.responsibilities.models import Assignment

PREVIEW_SALT = "mijlpaal.msproject.preview"
PREVIEW_MAX_AGE = 60 * 60  # seconds a preview may be confirmed after it was shown
NAME_LENGTH = 200  # of a workstream (plans.models.Workstream.name)
DATE_FIELDS = {"deadline", "reached_on", "actual_start", "actual_finish", "start_date", "end_date"}


class PreviewRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PreviewRow:
    """One task of the file: what it becomes in the plan, and what of it is not taken."""

    number: str
    name: str
    becomes: str
    detail: str
    notes: tuple[str, ...]
    level: int  # 1 for a workstream and what has none, 2 under a workstream


@dataclass(frozen=True)
class Reading:
    content: PlanContent
    rows: list[PreviewRow]
    notes: list[str]  # of the file as a whole: calendar, resources, direction

    def count(self, kind: str) -> int:
        return len(getattr(self.content, kind))


def read_upload(data: bytes, file_name: str, plan: Plan) -> Reading:
    """The file as the new content of `plan`. Raises files.FileRefused or java.JavaMissing."""
    project = read_project(data, mpp=file_name.lower().endswith(".mpp"))
    return plan_content(read_plan(project), plan)


def _origin(task: Task) -> str:
    return _("task %(number)s") % {"number": task.number or task.uid}


def plan_content(ms: MsPlan, plan: Plan) -> Reading:
    """`ms` as PlanContent for `plan`, the preview rows and the notes of the file as a whole."""
    resolver = KeyResolver(plan)
    by_kind = {k: [t for t in ms.tasks if t.kind == k] for k in ("workstream", "milestone")}
    by_kind["activity"] = [t for t in ms.tasks if t.kind == "activity"]
    names = {t.uid: t.name for t in by_kind["workstream"]}
    by_uid = {t.uid: t for t in ms.tasks}
    keys: dict[int, str] = {}
    for kind, tasks in by_kind.items():
        rows: list[tuple[str | None, Any]] = [
            (t.key, t.name if kind == "workstream" else (names.get(t.workstream or -1, ""), t.name))
            for t in tasks
        ]
        keys.update(zip([t.uid for t in tasks], resolver.keys(kind, rows), strict=True))
    content = PlanContent(
        plan=None,
        workstreams=[
            WorkstreamData(keys[t.uid], name=t.name[:NAME_LENGTH], origin=_origin(t))
            for t in by_kind["workstream"]
        ],
        milestones=[_milestone(t, keys) for t in by_kind["milestone"]],
        activities=_activities(plan, by_kind["activity"], keys),
        parties=[PartyData(p.key, name=p.name) for p in Party.objects.filter(plan=plan)],
        dependencies=[
            DependencyData(
                (by_uid[link.predecessor].kind, keys[link.predecessor]),
                (by_uid[link.successor].kind, keys[link.successor]),
                link.type,
                link.lag,
                origin=_origin(by_uid[link.successor]),
            )
            for link in ms.links
        ],
        cells=_cells(plan),
        closures=None,
    )
    notes = list(ms.notes)
    closures = _closures(plan, ms.periods, notes)
    content = dataclasses.replace(content, closures=closures)
    if ms.from_finish != (plan.scheduling == SchedulingMode.ALAP):
        notes.append(
            _(
                "The file is planned in another direction than this plan; the plan keeps its "
                "own (see its settings)."
            )
        )
    return Reading(content, [_row(t, keys, names) for t in ms.tasks], notes)


def _milestone(task: Task, keys: dict[int, str]) -> MilestoneData:
    return MilestoneData(
        keys[task.uid],
        title=task.name,
        workstream=keys.get(task.workstream or -1),
        number=task.milestone_number,
        deadline=task.deadline,
        lead_time=task.duration,
        lead_time_calendar=task.calendar,
        reached_on=task.actual_finish,
        origin=_origin(task),
    )


def _activities(plan: Plan, tasks: list[Task], keys: dict[int, str]) -> list[ActivityData]:
    """The activities; a row the plan has keeps what MS Project does not know of it."""
    kept = {a.key: a for a in Activity.objects.filter(plan=plan).select_related("phase", "domain")}
    made = []
    for task in tasks:
        old = kept.get(keys[task.uid])
        made.append(
            ActivityData(
                keys[task.uid],
                title=task.name,
                duration=task.duration,
                duration_calendar=task.calendar,
                workstream=keys.get(task.workstream or -1),
                milestone=keys.get(task.leads_to or -1),
                why=old.why if old else "",
                result=old.result if old else "",
                phase=old.phase.name if old and old.phase else None,
                domain=old.domain.name if old and old.domain else None,
                actual_start=task.actual_start,
                actual_finish=task.actual_finish,
                origin=_origin(task),
            )
        )
    return made


def _cells(plan: Plan) -> list[CellData]:
    """The plan's VERI letters, kept on the rows that stay."""
    cells = Assignment.objects.filter(plan=plan).select_related(
        "party", "workstream", "milestone", "activity"
    )
    made = []
    for cell in cells:
        row = cell.workstream or cell.milestone or cell.activity
        kind = cell.row_key[0]
        if row is not None:
            made.append(CellData(cell.party.key, (kind, row.key), cell.letters))
    return made


def _closures(plan: Plan, periods: list[Period], notes: list[str]) -> list[ClosureData]:
    """The calendar's exceptions as periods of the school calendar; those on days the plan does
    not work anyway (holidays) are left out. The plan's periods that only warn stay."""
    kept = [
        ClosureData(c.key, c.name, c.kind, c.start_date, c.end_date, c.policy, c.note)
        for c in Closure.objects.filter(plan=plan, policy=ClosurePolicy.WARN)
    ]
    margin = dt.timedelta(days=CLOSURE_MARGIN_DAYS)
    holidays = planning.build_calendar(
        planning.CalendarSpec(region=str(plan.region) or None),  # type: ignore[arg-type]
        plan_school_holidays(plan),
        first=plan.start_date - margin,
        last=plan.end_date + margin,
    )
    free = 0
    language = current_language()
    for period in periods:
        words = {"name": period.name, "start": format_date(period.start, language)}
        if (period.end - period.start).days >= CLOSURE_MAX_DAYS:
            notes.append(_("“%(name)s” (%(start)s) lasts longer than a year; not taken.") % words)
            continue
        if period.end < plan.start_date - margin or period.start > plan.end_date + margin:
            notes.append(_("“%(name)s” (%(start)s) is far outside the plan; not taken.") % words)
            continue
        days = [period.start + dt.timedelta(n) for n in range((period.end - period.start).days + 1)]
        if not any(holidays.is_working_day(day) for day in days):
            free += 1
            continue
        kind = guess_kind(period.name)
        kept.append(ClosureData(None, period.name, kind, period.start, period.end))
    if free:
        notes.append(
            ngettext(
                "%(n)s calendar exception falls on days this plan does not work anyway (public "
                "and school holidays); it is not added to the school calendar.",
                "%(n)s calendar exceptions fall on days this plan does not work anyway (public "
                "and school holidays); they are not added to the school calendar.",
                free,
            )
            % {"n": free}
        )
    return kept


def _row(task: Task, keys: dict[int, str], names: dict[int, str]) -> PreviewRow:
    labels = {
        "workstream": _("workstream"),
        "milestone": _("milestone"),
        "activity": _("activity"),
        "": _("not taken"),
    }
    parts = []
    if task.duration:
        parts.append(duration_words(task.duration, task.calendar))
    if task.deadline is not None:
        parts.append(
            _("deadline %(date)s") % {"date": format_date(task.deadline, current_language())}
        )
    return PreviewRow(
        number=task.number,
        name=task.name,
        becomes=str(labels[task.kind]),
        detail=", ".join(parts),
        notes=tuple(task.notes),
        level=2 if task.workstream is not None and task.kind != "workstream" else 1,
    )


# --- the signed preview --------------------------------------------------------------------------


def plan_version(plan: Plan) -> int:
    """The last entry of the plan's history: any change of its content makes a new one."""
    return ChangeRecord.objects.filter(plan=plan).aggregate(last=Max("id"))["last"] or 0


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def sign_preview(plan: Plan, content: PlanContent) -> str:
    rows = {
        name: [_plain(dataclasses.asdict(row)) for row in getattr(content, name) or ()]
        for name in PARTS
    }
    data = {"plan": plan.pk, "version": plan_version(plan), "rows": rows}
    return signing.dumps(data, salt=PREVIEW_SALT, compress=True)


def _row_of(cls: type, data: dict[str, Any]) -> Any:
    fields = {}
    for name, value in data.items():
        if name in DATE_FIELDS and value is not None:
            value = dt.date.fromisoformat(value)
        elif isinstance(value, list):
            value = tuple(value)
        fields[name] = value
    return cls(**fields)


PARTS: dict[str, type] = {
    "workstreams": WorkstreamData,
    "milestones": MilestoneData,
    "activities": ActivityData,
    "parties": PartyData,
    "dependencies": DependencyData,
    "cells": CellData,
    "closures": ClosureData,
}


def read_preview(plan: Plan, payload: str) -> tuple[int, PlanContent]:
    """The plan version and content a signed preview holds; PreviewRefused when it is not one
    this server made for this plan within the hour."""
    try:
        data = signing.loads(payload, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
        if data["plan"] != plan.pk:
            raise ValueError("another plan")
        parts = {
            name: [_row_of(cls, row) for row in data["rows"][name]] for name, cls in PARTS.items()
        }
        return int(data["version"]), PlanContent(plan=None, **parts)
    except (signing.BadSignature, ValueError, KeyError, TypeError) as error:
        raise PreviewRefused(
            _("This preview has expired or is not valid; upload the file again.")
        ) from error

"""Shared helpers for the workbook tests."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from mijlpaal.plans import services
from mijlpaal.plans.models import Party, Plan
from mijlpaal.plans.scheduling import compute_schedule
from mijlpaal.responsibilities.services import assignment_set
from mijlpaal.spreadsheets import workbook_bytes
from mijlpaal.workbook import layout as L
from mijlpaal.workbook.export import build_workbook, load_rows
from tests.helpers import Actors, SamplePlan

SCHEDULE_DAY = dt.date(2025, 1, 6)


def export(plan: Plan, *, today: dt.date = SCHEDULE_DAY) -> Workbook:
    return build_workbook(load_rows(plan), compute_schedule(plan, today=SCHEDULE_DAY), today=today)


def export_bytes(plan: Plan, *, today: dt.date = SCHEDULE_DAY) -> bytes:
    return workbook_bytes(export(plan, today=today))


def reopen(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def to_bytes(workbook: Workbook) -> bytes:
    """The workbook as a person's spreadsheet program saves it: formulas stay formulas."""
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def add_roles(sample: SamplePlan, actors: Actors) -> Party:
    """A second party, and VERI cells on the workstream and the first milestone."""
    plan = sample.plan
    roc = services.item_save(
        plan=plan, user=actors.owner, instance=Party(name="ROC Rivor", kind="mbo")
    )
    assignment_set(
        plan=plan, user=actors.owner, party=sample.party, row=sample.milestone, letters="V"
    )
    assignment_set(plan=plan, user=actors.owner, party=roc, row=sample.milestone, letters="E")
    assignment_set(plan=plan, user=actors.owner, party=roc, row=sample.workstream, letters="EV")
    return roc


def cells(workbook: Workbook) -> dict[str, list[tuple[str, Any, str | None]]]:
    """Every cell with a value or a fill, per sheet: (coordinate, value, fill colour). The
    milestones' lights are left out: they come from the logbook, which a workbook does not carry,
    so a plan made from a workbook starts without them. So is the "Begroting" sheet: the importer
    does not read it (a plan file carries the budget)."""
    return {
        ws.title: [
            (c.coordinate, c.value, c.fill.fgColor.rgb if c.fill.fill_type else None)
            for row in ws.iter_rows()
            for c in row
            if (c.value not in (None, "") or c.fill.fill_type) and c.column not in _lights(ws)
        ]
        for ws in workbook.worksheets
        if ws.title != "Begroting"
    }


def _lights(ws: Any) -> set[int]:
    """The column of the lights (header "Status") in the Mijlpalenplan sheet."""
    if ws.title != L.PLAN_SHEET:
        return set()
    header = ws[L.PLAN_HEADER_ROW]
    return {c.column for c in header if c.value == L.STATUS_HEADER}


def row_values(workbook: Workbook, sheet: str, row: int) -> list[Any]:
    ws = workbook[sheet]
    return [ws.cell(row=row, column=c).value for c in range(1, ws.max_column + 1)]


def clear_key(workbook: Workbook, sheet: str, row: int) -> None:
    """Forget the hidden key of a row, as deleting the row and typing a new one there would."""
    ws = workbook[sheet]
    header = L.PLAN_HEADER_ROW if sheet == L.PLAN_SHEET else L.ACTIVITY_HEADER_ROW
    for column in range(1, ws.max_column + 1):
        if ws.cell(row=header, column=column).value == L.KEY_HEADER:
            ws.cell(row=row, column=column).value = None


def move_rows(ws: Worksheet, rows: list[int]) -> None:
    """Put these rows, whole, in this order where the first of them is (cut and paste in Excel)."""
    width = ws.max_column
    values = [[ws.cell(row=r, column=c).value for c in range(1, width + 1)] for r in rows]
    for row, row_values in enumerate(values, min(rows)):
        for column, value in enumerate(row_values, 1):
            ws.cell(row=row, column=column).value = value

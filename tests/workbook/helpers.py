"""Shared helpers for the workbook tests."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mijlpaal.plans import services
from mijlpaal.plans.models import Activity, Milestone, Party, Plan, Workstream
from mijlpaal.plans.scheduling import compute_schedule
from mijlpaal.responsibilities.services import assignment_set
from mijlpaal.workbook import layout as L
from mijlpaal.workbook.export import build_workbook, load_rows, workbook_bytes
from mijlpaal.workbook.reader import (
    DEPENDENCY_KEY_COLUMNS,
    DETAILS_KEY_COLUMN,
    KEY_HEADER,
    PARTY_KEY_COLUMN,
)
from tests.conftest import Actors, SamplePlan

SCHEDULE_DAY = dt.date(2025, 1, 6)


def export(plan: Plan, *, today: dt.date = SCHEDULE_DAY) -> Workbook:
    return build_workbook(load_rows(plan), compute_schedule(plan, today=SCHEDULE_DAY), today=today)


def export_bytes(plan: Plan, *, today: dt.date = SCHEDULE_DAY) -> bytes:
    return workbook_bytes(export(plan, today=today))


def reopen(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def to_bytes(workbook: Workbook) -> bytes:
    return workbook_bytes(workbook)


def add_roles(sample: SamplePlan, actors: Actors) -> Party:
    """A second party, and VERI cells on the workstream and the first milestone."""
    plan = sample.plan
    roc = services.item_save(
        plan=plan, user=actors.owner, instance=Party(name="ROC Rivor", kind="mbo")
    )
    assert isinstance(roc, Party)
    assignment_set(
        plan=plan, user=actors.owner, party=sample.party, row=sample.milestone, letters="V"
    )
    assignment_set(plan=plan, user=actors.owner, party=roc, row=sample.milestone, letters="E")
    assignment_set(plan=plan, user=actors.owner, party=roc, row=sample.workstream, letters="EV")
    return roc


def cells(workbook: Workbook) -> dict[str, list[tuple[str, Any, str | None]]]:
    """Every cell with a value or a fill, per sheet: (coordinate, value, fill colour)."""
    return {
        ws.title: [
            (c.coordinate, c.value, c.fill.fgColor.rgb if c.fill.fill_type else None)
            for row in ws.iter_rows()
            for c in row
            if c.value not in (None, "") or c.fill.fill_type
        ]
        for ws in workbook.worksheets
    }


def row_values(workbook: Workbook, sheet: str, row: int) -> list[Any]:
    ws = workbook[sheet]
    return [ws.cell(row=row, column=c).value for c in range(1, ws.max_column + 1)]


def with_keys(workbook: Workbook, plan: Plan) -> Workbook:
    """The workbook with each row's stable key where the export writes it: a hidden column
    ‘Sleutel’ after the roles of the milestone plan and after the activity plan's columns, and
    the keys of parties, milestone details and dependencies in Gegevens. A workbook that has the
    column already is left as it is."""
    plan_sheet = workbook[L.PLAN_SHEET]
    roles = next(
        c
        for c in range(1, plan_sheet.max_column + 1)
        if plan_sheet.cell(row=L.PLAN_HEADER_ROW, column=c).value == L.ROLES_HEADER
    )
    if plan_sheet.cell(row=L.PLAN_HEADER_ROW, column=roles + 1).value == KEY_HEADER:
        return workbook
    _plan_keys(plan_sheet, plan, roles + 1)
    _activity_keys(workbook[L.ACTIVITY_SHEET], plan)
    _data_keys(workbook[L.DATA_SHEET], plan)
    return workbook


def _plan_keys(ws: Worksheet, plan: Plan, column: int) -> None:
    ws.cell(row=L.PLAN_HEADER_ROW, column=column, value=KEY_HEADER)
    ws.column_dimensions[get_column_letter(column)].hidden = True
    workstream = ""
    for row in range(L.PLAN_HEADER_ROW + 1, ws.max_row + 1):
        first, title = ws.cell(row=row, column=1).value, ws.cell(row=row, column=2).value
        if str(first or "").startswith(L.WORKSTREAM_PREFIX):
            workstream = str(first)[len(L.WORKSTREAM_PREFIX) :].strip()
            key = Workstream.objects.get(plan=plan, name=workstream).key
        elif title:
            key = _item(Milestone, plan, workstream, str(title)).key
        else:
            continue
        ws.cell(row=row, column=column, value=key)


def _activity_keys(ws: Worksheet, plan: Plan) -> None:
    column = len(L.ACTIVITY_HEADERS) + 1
    ws.cell(row=L.ACTIVITY_HEADER_ROW, column=column, value=KEY_HEADER)
    ws.column_dimensions[get_column_letter(column)].hidden = True
    for row in range(L.ACTIVITY_HEADER_ROW + 1, ws.max_row + 1):
        title = ws.cell(row=row, column=3).value
        if title:
            workstream = str(ws.cell(row=row, column=7).value or "")
            key = _item(Activity, plan, workstream, str(title)).key
            ws.cell(row=row, column=column, value=key)


def _data_keys(ws: Worksheet, plan: Plan) -> None:
    for row in range(2, ws.max_row + 1):
        entry, values = _text(ws, row, 1), [_text(ws, row, c) for c in range(1, 8)]
        if entry == "partij":
            key = Party.objects.get(plan=plan, name=values[1]).key
            ws.cell(row=row, column=PARTY_KEY_COLUMN, value=key)
        elif entry == "mijlpaal":
            key = _item(Milestone, plan, values[1], values[2]).key
            ws.cell(row=row, column=DETAILS_KEY_COLUMN, value=key)
        elif entry == "afhankelijkheid":
            for first, column in zip((1, 4), DEPENDENCY_KEY_COLUMNS, strict=True):
                model = Milestone if values[first] == "mijlpaal" else Activity
                key = _item(model, plan, values[first + 1], values[first + 2]).key
                ws.cell(row=row, column=column, value=key)


def _text(ws: Worksheet, row: int, column: int) -> str:
    return str(ws.cell(row=row, column=column).value or "")


def _item(model: type[Milestone] | type[Activity], plan: Plan, workstream: str, title: str) -> Any:
    found = model.objects.filter(plan=plan, title=title)
    return found.get(workstream__name=workstream) if workstream else found.get(workstream=None)


def clear_key(workbook: Workbook, sheet: str, row: int) -> None:
    """Forget the hidden key of a row, as deleting the row and typing a new one there would."""
    ws = workbook[sheet]
    header = L.PLAN_HEADER_ROW if sheet == L.PLAN_SHEET else L.ACTIVITY_HEADER_ROW
    for column in range(1, ws.max_column + 1):
        if ws.cell(row=header, column=column).value == KEY_HEADER:
            ws.cell(row=row, column=column).value = None


def move_rows(ws: Worksheet, rows: list[int]) -> None:
    """Put these rows, whole, in this order where the first of them is (cut and paste in Excel)."""
    width = ws.max_column
    values = [[ws.cell(row=r, column=c).value for c in range(1, width + 1)] for r in rows]
    for row, row_values in enumerate(values, min(rows)):
        for column, value in enumerate(row_values, 1):
            ws.cell(row=row, column=column).value = value

"""The portfolio as an `.xlsx`: the rows the page shows, in Dutch like the other downloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from mijlpaal.monitoring.status import LATE, NONE
from mijlpaal.portfolio.summary import PortfolioRow

DATE_FORMAT = "DD-MM-YYYY"
# (header, column width in characters)
COLUMNS = (
    ("Plan", 44),
    ("Regio", 10),
    ("Soort plan", 16),
    ("Status", 14),
    ("Einddatum", 12),
    ("Prognose einddatum", 18),
    ("Dagen later", 12),
    ("Mijlpalen te laat", 16),
    ("Open knelpunten", 16),
    ("Besluiten wachtend", 18),
    ("Volgende rapportage", 30),
    ("Uiterlijk in", 12),
    ("Laatste rapportage", 30),
    ("Ingediend op", 14),
    ("Begroting", 14),
    ("Gerealiseerd", 14),
    ("Gerealiseerd %", 14),
)
LIGHTS_NL = {
    LATE: "te laat",
    "red": "rood",
    "orange": "oranje",
    "green": "groen",
    "reached": "bereikt",
    NONE: "nog geen update",
}
KINDS_NL = {
    "regioplan": "regioplan",
    "schoolplan": "schoolplan",
    "instellingsplan": "instellingsplan",
    "overig": "overig plan",
}
DATE_COLUMNS = (5, 6, 12, 14)
MONEY_COLUMNS = (15, 16)
MONEY_FORMAT = "€ #,##0.00"
NOT_SUBMITTED = "niet ingediend"


def _report_and_budget(row: PortfolioRow) -> list[object]:
    """The last report due (name, day submitted) and the budget (euros, realised %)."""
    last, budget = row.last_report, row.budget
    return [
        last.period.name if last else None,
        (last.submitted_on or NOT_SUBMITTED) if last else None,
        budget.planned if budget else None,
        budget.realised if budget else None,
        budget.share if budget else None,
    ]


def portfolio_workbook(rows: Sequence[PortfolioRow], today: dt.date) -> Workbook:
    """One sheet "Portfolio", a row per plan; the caller writes it through `workbook_bytes`."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "Portfolio"
    ws.append([header for header, _width in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index, (_header, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        report = row.next_report
        ws.append(
            [
                row.plan.title,
                row.plan.region,
                KINDS_NL.get(row.kind, row.kind),
                LIGHTS_NL[row.light],
                row.plan.end_date,
                row.forecast,
                row.slip_days,
                row.derived.late,
                row.derived.problems,
                row.waiting,
                report.name if report else None,
                report.due_date if report else None,
                *_report_and_budget(row),
            ]
        )
    for column in DATE_COLUMNS:
        for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = DATE_FORMAT
    for column in MONEY_COLUMNS:
        for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = MONEY_FORMAT
    ws.freeze_panes = "B2"
    ws.append([])
    ws.append([f"Stand op {today:%d-%m-%Y}"])
    return workbook

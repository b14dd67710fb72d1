"""The "Begroting" sheet of the plan's workbook: the budget lines, the funding, and planned
against realised per workstream, party and reporting period.

In Dutch whatever the user's language, like the rest of the workbook; amounts are numbers with
a euro format, so the spreadsheet can add them up. The workbook passes every cell through
`spreadsheets.no_formulas` after all sheets are written.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from mijlpaal.budget.summary import BudgetSummary, Row

SHEET = "Begroting"
EUROS = '"€" #,##0.00'
HOURS = "#,##0.0"
LINE_HEADERS = ("Deelproject", "Mijlpaal", "Kostensoort", "Omschrijving", "Bedrag (€)")
FUNDING_HEADERS = ("Bron", "Partij", "Omschrijving", "Bedrag (€)")
TOTAL_HEADERS = ("", "Begroot (€)", "Gerealiseerd (€)", "Uren gepland", "Uren gerealiseerd")


class _Writer:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1

    def title(self, text: str, *, size: int = 12) -> None:
        self.ws.cell(row=self.row, column=1, value=text).font = Font(bold=True, size=size)
        self.row += 1

    def header(self, names: Sequence[str]) -> None:
        for column, name in enumerate(names, 1):
            self.ws.cell(row=self.row, column=column, value=name).font = Font(bold=True)
        self.row += 1

    def values(
        self, values: Sequence[object], formats: dict[int, str], *, bold: bool = False
    ) -> None:
        for column, value in enumerate(values, 1):
            # Decimals are written as numbers (openpyxl takes them as they are, no float between).
            cell = self.ws.cell(row=self.row, column=column, value=None if value == "" else value)
            if column in formats:
                cell.number_format = formats[column]
            if bold:
                cell.font = Font(bold=True)
        self.row += 1

    def gap(self) -> None:
        self.row += 1


def _totals(writer: _Writer, heading: str, name: str, rows: list[Row]) -> None:
    writer.title(heading)
    writer.header((name, *TOTAL_HEADERS[1:]))
    formats = {2: EUROS, 3: EUROS, 4: HOURS, 5: HOURS}
    for row in rows:
        t = row.totals
        writer.values((row.name, t.planned, t.realised, t.planned_hours, t.realised_hours), formats)
    writer.gap()


def budget_sheet(ws: Worksheet, budget: BudgetSummary) -> None:
    """Write the budget into `ws` (named "Begroting")."""
    ws.title = SHEET
    writer = _Writer(ws)
    writer.title(f"Begroting: {budget.plan.title}", size=14)
    writer.gap()
    with translation.override("nl"):
        writer.title("Begrotingsregels")
        writer.header(LINE_HEADERS)
        for line in budget.lines:
            milestone = line.milestone.label if line.milestone else ""
            writer.values(
                (
                    line.workstream.name,
                    milestone,
                    str(line.get_category_display()),
                    line.description,
                    line.amount,
                ),
                {5: EUROS},
            )
        writer.values(("Totaal", "", "", "", budget.total.planned), {5: EUROS}, bold=True)
        writer.gap()
        writer.title("Financiering")
        writer.header(FUNDING_HEADERS)
        for source in budget.funding:
            party = source.party.name if source.party else ""
            kind = str(source.get_kind_display())
            writer.values((kind, party, source.description, source.amount), {4: EUROS})
        writer.values(("Totaal", "", "", budget.funding_total), {4: EUROS}, bold=True)
        writer.gap()
    _totals(writer, "Per deelproject", "Deelproject", budget.workstreams)
    _totals(writer, "Per partij (gerealiseerd)", "Partij", budget.parties)
    _totals(writer, "Per rapportageperiode", "Rapportageperiode", budget.periods)
    for column, width in zip("ABCDE", (40, 32, 20, 36, 18), strict=True):
        ws.column_dimensions[column].width = width

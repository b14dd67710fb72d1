"""What every spreadsheet and CSV file we write shares: no cell is ever a formula.

Text that people typed (a milestone called "=1+1", an organisation "=HYPERLINK(…)") must reach
the reader as text. In a workbook the cell is stored as a string, so the text stays exactly as
typed and imports back unchanged; a CSV file has no types, so a leading quote marks it as text.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

# What makes a spreadsheet program read a CSV value as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def no_formulas(workbook: Workbook) -> None:
    """Every cell that openpyxl would write as a formula (text starting with "=") stays text."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as an .xlsx file, every cell that would be a formula kept as text."""
    no_formulas(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_text(value: Any) -> Any:
    """A CSV value that a spreadsheet program shows as the text it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value

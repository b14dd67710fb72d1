"""What every spreadsheet and CSV file we write shares: no cell is ever a formula.

Text that people typed (a milestone called "=1+1", an organisation "=HYPERLINK(…)") must reach
the reader as text. In a workbook the cell is stored as a string, so the text stays exactly as
typed and imports back unchanged; a CSV file has no types, so a leading quote marks it as text.
"""

from __future__ import annotations

import io
import weakref
from copy import copy
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill

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


class CellStyles:
    """Styles cells of one workbook fast: the first cell with a combination of font, fill, border,
    alignment and number format gets them one by one, every next cell gets a copy of its style.

    openpyxl hashes each style object set on a cell to find it in the workbook (a border hashes its
    four sides and their colours), which made a big plan's workbook take a second. The style
    objects are keyed by identity, so pass the same objects (constants, or cached) for the same
    look; they are kept alive here so an identity is never reused. For fresh cells: the copy
    replaces all of a cell's style.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[int, int, int, int, str | None], tuple[Any, tuple[object, ...]]]
        self._known = {}

    def apply(
        self,
        cell: Cell,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        border: Border | None = None,
        alignment: Alignment | None = None,
        number_format: str | None = None,
    ) -> None:
        key = (id(font), id(fill), id(border), id(alignment), number_format)
        known = self._known.get(key)
        if known is not None:
            cell._style = copy(known[0])
            return
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if border is not None:
            cell.border = border
        if alignment is not None:
            cell.alignment = alignment
        if number_format is not None:
            cell.number_format = number_format
        self._known[key] = (copy(cell._style), (font, fill, border, alignment))


_STYLES: weakref.WeakKeyDictionary[Workbook, CellStyles] = weakref.WeakKeyDictionary()


def style(
    cell: Cell,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    border: Border | None = None,
    alignment: Alignment | None = None,
    number_format: str | None = None,
) -> None:
    """Style a fresh cell through its workbook's CellStyles (the same objects for the same look)."""
    workbook = cell.parent.parent
    styles = _STYLES.get(workbook)
    if styles is None:
        styles = _STYLES[workbook] = CellStyles()
    styles.apply(
        cell, font=font, fill=fill, border=border, alignment=alignment, number_format=number_format
    )

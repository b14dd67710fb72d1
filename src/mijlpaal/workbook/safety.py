"""What an uploaded file may be before openpyxl opens it (issue 15.1).

openpyxl builds every cell, and every cell of a merged range, in memory, and inflates whatever the
zip holds. So a hostile file is refused from what is cheap to read: the size of the upload, the
zip's directory (entries, their sizes and compression ratios, a macro project) and one streaming
pass over the sheets' XML that counts rows, columns and cells without building them. What passes
is small enough for openpyxl and for the reader within the time budget.

Nothing here touches the database, nor Django: a refusal is an `Unsafe` with the user's message.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable
from typing import IO
from xml.parsers import expat

from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # what the form says
MAX_ENTRIES = 200  # an export has 12 entries; a workbook saved by Excel about 20
MAX_DIRECTORY_BYTES = 1024 * 1024  # the zip's central directory
MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # all entries together, inflated
MAX_RATIO = 100  # inflated / compressed per entry: sheets compress about 7 times, a bomb 1,000
RATIO_FROM_BYTES = 64 * 1024  # tiny entries may have any ratio, they cannot hurt
MAX_ROWS = 10_000  # per sheet
MAX_COLUMNS = 300  # per sheet: the VERI matrix has a column per party
MAX_CELLS = 250_000  # the whole workbook, merged cells included (openpyxl makes each one)
MAX_STRINGS = 250_000  # shared strings
READ_SECONDS = 20.0  # the time budget of reading one workbook

ZIP_END = b"PK\x05\x06"  # the end of central directory record
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any workbook with a password
CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


class Unsafe(Exception):
    """A file that is refused before it is opened; the message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def not_a_workbook() -> Unsafe:
    return Unsafe(
        _(
            "this is not an Excel workbook (.xlsx); "
            "save the file in Excel as ‘Excel Workbook (.xlsx)’"
        )
    )


def macros() -> Unsafe:
    return Unsafe(
        _(
            "the workbook contains macros (.xlsm); Mijlpaal does not read them: "
            "save it in Excel as ‘Excel Workbook (.xlsx)’"
        )
    )


class Budget:
    """The time one import may take to read; `check` between steps refuses when it is spent."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = READ_SECONDS if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise Unsafe(
                _("reading the workbook takes longer than %(seconds)d seconds; make it smaller")
                % {"seconds": self.seconds}
            )


def check_file(data: bytes, budget: Budget) -> None:
    """Refuse what openpyxl should not open: raise Unsafe, or return for a file that may be read."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise Unsafe(_("the file is larger than 10 MB"))
    if data.startswith(OLE2):
        raise Unsafe(
            _(
                "this is an old Excel file (.xls) or a workbook with a password; "
                "save it in Excel as ‘Excel Workbook (.xlsx)’ without a password"
            )
        )
    _check_directory_record(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_entries(entries)
            cells = _Cells(budget)
            for info in entries:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    cells.row = cells.column = 0
                    with archive.open(info) as stream:
                        _parse(stream, cells.start)
                elif info.filename == "xl/sharedStrings.xml":
                    _scan_strings(archive, info, budget)
    except Unsafe:
        raise
    except Exception as error:  # truncated, corrupt, not XML: not a workbook to the user
        raise not_a_workbook() from error


def _check_directory_record(data: bytes) -> None:
    """Before zipfile reads the directory: how many entries it says there are, and its size."""
    end = data.rfind(ZIP_END, max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        raise not_a_workbook()
    entries = int.from_bytes(data[end + 10 : end + 12], "little")
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    if entries > MAX_ENTRIES or size > MAX_DIRECTORY_BYTES:  # zip64 has 0xFFFF here: refused too
        raise _too_many_entries()


def _too_many_entries() -> Unsafe:
    return Unsafe(
        _("the workbook consists of more than %(count)d parts; this is not a Mijlpaal workbook")
        % {"count": MAX_ENTRIES}
    )


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    """From the directory alone: no entry is inflated before it has passed."""
    if len(entries) > MAX_ENTRIES:
        raise _too_many_entries()
    names = {info.filename.lower() for info in entries}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise macros()
    if "xl/workbook.xml" not in names:
        raise not_a_workbook()
    too_large = Unsafe(
        _("the workbook is too large when unpacked (more than %(size)d MB)")
        % {"size": MAX_UNPACKED_BYTES // (1024 * 1024)}
    )
    if sum(info.file_size for info in entries) > MAX_UNPACKED_BYTES:
        raise too_large
    for info in entries:
        packed = max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and info.file_size / packed > MAX_RATIO:
            raise Unsafe(
                _(
                    "the part ‘%(name)s’ of the workbook unpacks to %(ratio)d times its size; "
                    "this is not a workbook a spreadsheet program saves"
                )
                % {"name": info.filename[:100], "ratio": info.file_size // packed}
            )


def _parse(stream: IO[bytes], start: Callable[[str, dict[str, str]], None]) -> None:
    """Stream the XML to `start` per element (name without its prefix); no DTD, no entities."""
    parser = expat.ParserCreate()

    def doctype(*_args: object) -> None:
        raise not_a_workbook()

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = lambda name, attributes: start(name.rpartition(":")[2], attributes)
    parser.ParseFile(stream)


def _scan_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> None:
    count = 0

    def start(name: str, _attributes: dict[str, str]) -> None:
        nonlocal count
        if name == "si":
            count += 1
            if count > MAX_STRINGS:
                raise Unsafe(
                    _("the workbook holds more than %(count)d texts") % {"count": MAX_STRINGS}
                )
            if count % 10_000 == 0:
                budget.check()

    with archive.open(info) as stream:
        _parse(stream, start)


class _Cells:
    """Rows and columns of each sheet and the cells of all, as openpyxl would build them, counted
    as they come: one sheet after the other, each starting at row and column 0."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.row = 0
        self.column = 0
        self.cells = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "row":
            self.row = _number(attributes.get("r"), self.row + 1)
            self.column = 0
        elif name == "c":
            reference = CELL_REF.fullmatch(attributes.get("r", ""))
            if reference:
                self.column = _column(reference.group(1))
                self.row = int(reference.group(2))
            else:
                self.column += 1
            self.count(self.row, self.column, 1)
        elif name == "mergeCell":
            first, _colon, last = attributes.get("ref", "").partition(":")
            top, bottom = CELL_REF.fullmatch(first), CELL_REF.fullmatch(last or first)
            if top is None or bottom is None:
                raise not_a_workbook()
            rows = abs(int(bottom.group(2)) - int(top.group(2))) + 1
            columns = abs(_column(bottom.group(1)) - _column(top.group(1))) + 1
            self.count(int(bottom.group(2)), _column(bottom.group(1)), rows * columns)

    def count(self, row: int, column: int, cells: int) -> None:
        if row > MAX_ROWS or column > MAX_COLUMNS:
            raise Unsafe(
                _(
                    "a sheet is larger than %(rows)d rows or %(columns)d columns "
                    "(it has a cell in row %(row)d, column %(column)d)"
                )
                % {"rows": MAX_ROWS, "columns": MAX_COLUMNS, "row": row, "column": column}
            )
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise Unsafe(_("the workbook has more than %(count)d cells") % {"count": MAX_CELLS})
        if self.cells % 10_000 < cells:
            self.budget.check()


def _number(text: str | None, default: int) -> int:
    return int(text) if text and text.isascii() and text.isdigit() else default


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number

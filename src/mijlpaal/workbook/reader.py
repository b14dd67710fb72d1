"""Read an uploaded workbook into plain rows, collecting every problem with its sheet, row, column.

Nothing here touches the database. A workbook with problems raises WorkbookError listing them all.

A workbook may carry each row's stable key (docs/plan-format.md) in a hidden column ‘Sleutel’ of
the milestone plan and the activity plan, and in ‘Gegevens’ on the rows of parties, milestone
details and dependencies. A workbook without keys reads the same; its rows then have none.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mijlpaal.planning.text import parse_human_duration
from mijlpaal.plans.content import ClosureData, MilestoneDetails
from mijlpaal.plans.models import (
    ClosureKind,
    ClosurePolicy,
    PartyKind,
    Region,
    SchedulingMode,
    is_duration,
)
from mijlpaal.responsibilities.letters import LetterError, parse
from mijlpaal.workbook import layout as L
from mijlpaal.workbook.safety import (
    MAX_UPLOAD_BYTES,
    Budget,
    Unsafe,
    check_file,
    not_a_workbook,
)

MAX_PROBLEMS = 100

__all__ = ["MAX_UPLOAD_BYTES", "Content", "Problem", "WorkbookError", "read_workbook"]


@dataclass(frozen=True)
class Problem:
    sheet: str | None
    row: int | None
    column: str | None
    message: str

    @property
    def location(self) -> str:
        if self.sheet is None:
            return ""
        if self.row is None:
            return _("Sheet ‘%(sheet)s’") % {"sheet": self.sheet}
        if self.column is None:
            return _("Sheet ‘%(sheet)s’, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        return _("Sheet ‘%(sheet)s’, row %(row)s, column %(column)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }

    def __str__(self) -> str:
        if self.sheet is None:  # about the whole file
            return self.message[:1].upper() + self.message[1:]
        return f"{self.location}: {self.message}"


class WorkbookError(Exception):
    """A workbook that cannot be imported; nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass(frozen=True)
class Where:
    sheet: str
    row: int


# ("milestone" | "activity" | "workstream", workstream name or "", title)
ItemKey = tuple[str, str, str]


@dataclass
class ItemRow:
    """A milestone or an activity as its sheet has it; other rows refer to it by `key`."""

    KIND: ClassVar[str]
    where: Where
    workstream: str | None
    title: str
    stable_key: str | None = field(default=None, kw_only=True)

    @property
    def key(self) -> ItemKey:
        return (self.KIND, self.workstream or "", self.title)


@dataclass
class MilestoneRow(ItemRow):
    KIND = "milestone"
    number: int | None
    deadline: dt.date | None
    lead_time: str
    reached_on: dt.date | None
    details: MilestoneDetails | None = None  # from Gegevens; None: a milestone keeps its own
    lead_time_calendar: bool = False


@dataclass
class ActivityRow(ItemRow):
    KIND = "activity"
    why: str
    result: str
    phase: str | None
    domain: str | None
    milestone: ItemKey | None
    duration: str
    actual_start: dt.date | None
    actual_finish: dt.date | None
    duration_calendar: bool = False


@dataclass
class PartyRow:
    name: str
    kind: str = PartyKind.OTHER
    role_title: str = ""
    email: str = ""
    described: bool = False  # has a row in Gegevens; otherwise an existing party keeps its details
    stable_key: str | None = None


@dataclass
class DependencyRow:
    where: Where
    predecessor: ItemKey
    successor: ItemKey
    type: str
    lag: str
    keys: tuple[str | None, str | None] = (None, None)  # stable keys: they win over the names


@dataclass
class Content:
    """What a workbook says the plan is."""

    title: str = ""
    organisation: str = ""
    vision: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    region: str = ""
    scheduling: str = SchedulingMode.ALAP
    phases: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    parties: list[PartyRow] = field(default_factory=list)
    workstreams: list[str] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    # (row key, party name) -> letters, from the VERI matrix
    assignments: dict[tuple[ItemKey, str], str] = field(default_factory=dict)
    assignment_rows: dict[ItemKey, Where] = field(default_factory=dict)
    dependencies: list[DependencyRow] = field(default_factory=list)
    workstream_descriptions: dict[str, str] = field(default_factory=dict)
    # A row ‘deelproject’ of Gegevens: the name of the party that leads it ("" for none), and where.
    workstream_owners: dict[str, tuple[str, Where]] = field(default_factory=dict)
    workstream_keys: dict[str, str] = field(default_factory=dict)
    # Rows ‘mijlpaal’ of Gegevens, by their stable key, or by their name when they have none.
    details_by_key: dict[str, MilestoneDetails] = field(default_factory=dict)
    details_by_name: dict[ItemKey, MilestoneDetails] = field(default_factory=dict)
    # Rows ‘sluiting’ of Gegevens: the school calendar.
    closures: list[ClosureData] = field(default_factory=list)
    # Rows ‘projectrol’ of Gegevens: (role, party name, where); None: the workbook has none.
    project_roles: list[tuple[str, str, Where]] | None = None


def _value(ws: Worksheet, row: int, column: int) -> Any:
    """The value of a cell; unlike `ws.cell`, it does not make the cells it is asked for."""
    cell = ws._cells.get((row, column))
    return None if cell is None else cell.value


class _Reader:
    def __init__(self, budget: Budget | None = None) -> None:
        self.problems: list[Problem] = []
        self.more = 0  # problems not kept: a hostile workbook may have one in every cell
        self.budget = budget or Budget()

    def rows(self, ws: Worksheet, first: int) -> Iterator[int]:
        """The rows from `first` to the sheet's last; the time budget is checked as they go."""
        for row in range(first, ws.max_row + 1):
            if row % 200 == 0:
                self.budget.check()
            yield row

    def problem(self, sheet: str | None, row: int | None, column: int | None, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        self.problems.append(
            Problem(sheet, row, get_column_letter(column) if column else None, message)
        )

    def fail(self) -> None:
        """Raise WorkbookError when there are problems; nothing more is read then."""
        if not self.problems:
            return
        more = []
        if self.more:
            message = ngettext(
                "and %(count)d more problem; the first %(shown)d are shown above",
                "and %(count)d more problems; the first %(shown)d are shown above",
                self.more,
            )
            more = [
                Problem(None, None, None, message % {"count": self.more, "shown": MAX_PROBLEMS})
            ]
        raise WorkbookError(self.problems + more)

    def at(self, where: Where, column: int | None, message: str) -> None:
        self.problem(where.sheet, where.row, column, message)

    # --- cell values -----------------------------------------------------------------------------

    def text(self, ws: Worksheet, row: int, column: int) -> str:
        value = _value(ws, row, column)
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def date(self, ws: Worksheet, row: int, column: int, what: str) -> dt.date | None:
        value = _value(ws, row, column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            self.problem(
                ws.title,
                row,
                column,
                _("%(what)s ‘%(value)s’ is text, not a date")
                % {"what": what, "value": value.strip()},
            )
        else:
            self.problem(
                ws.title,
                row,
                column,
                _("%(what)s ‘%(value)s’ is a number, not a date") % {"what": what, "value": value},
            )
        return None

    def duration(
        self, ws: Worksheet, row: int, column: int, what: str, required: bool
    ) -> tuple[str, bool]:
        """A lead time as the sheet writes it ("6 weken", "2 kalenderweken", or "6w"): the plan
        file's form and whether it is calendar time."""
        value = self.text(ws, row, column).strip()
        if not value:
            if required:
                self.problem(
                    ws.title,
                    row,
                    column,
                    _("%(what)s is empty; write for example 6 weeks, 10 working days or 3 months")
                    % {"what": what},
                )
            return "", False
        try:
            parsed = parse_human_duration(value)
        except ValueError:
            parsed = None
        text = f"{parsed.amount}{parsed.unit}" if parsed else ""
        if parsed is None or not is_duration(text, lead_time=True):
            self.problem(
                ws.title,
                row,
                column,
                _(
                    "%(what)s ‘%(value)s’ is not a duration; write for example 6 weeks, "
                    "10 working days or 3 months"
                )
                % {"what": what, "value": value},
            )
            return "", False
        return text, parsed.calendar

    def empty_row(self, ws: Worksheet, row: int, hidden: int | None = None) -> bool:
        """Nothing in the row, apart from the `hidden` column (a key the user cannot see)."""
        return all(
            _value(ws, row, c) in (None, "") for c in range(1, ws.max_column + 1) if c != hidden
        )

    def key(self, ws: Worksheet, row: int, column: int | None) -> str | None:
        return (self.text(ws, row, column) or None) if column else None

    # --- structure -------------------------------------------------------------------------------

    def header(self, ws: Worksheet, row: int, expected: tuple[str, ...]) -> bool:
        ok = True
        for column, name in enumerate(expected, 1):
            found = self.text(ws, row, column)
            if found.lower() != name.lower():
                self.problem(
                    ws.title,
                    row,
                    column,
                    _(
                        "expected the column ‘%(expected)s’, found ‘%(found)s’; "
                        "this is not the layout of a Mijlpaal workbook"
                    )
                    % {"expected": name, "found": found},
                )
                ok = False
        return ok

    def check_cells(self, ws: Worksheet, first_data_row: int) -> None:
        """No formulas anywhere, no merged cells where the data is."""
        for _place, cell in sorted(ws._cells.items()):  # the cells there are, none made
            if cell.data_type == "f":
                formula = cell.value if isinstance(cell.value, str) else "="
                self.problem(
                    ws.title,
                    cell.row,
                    cell.column,
                    _("the cell holds a formula (%(formula)s); type the value itself")
                    % {"formula": formula[:100]},
                )
        for merged in ws.merged_cells.ranges:
            if merged.max_row >= first_data_row:
                self.problem(
                    ws.title,
                    merged.min_row,
                    merged.min_col,
                    _("merged cells (%(range)s) in the data; unmerge them")
                    % {"range": merged.coord},
                )


def _open(data: bytes, budget: Budget) -> Any:
    """The workbook, once `safety` has seen that openpyxl may open it."""
    try:
        check_file(data, budget)
        book = load_workbook(io.BytesIO(data), data_only=False)
        budget.check()
        return book
    except Unsafe as unsafe:
        raise WorkbookError([Problem(None, None, None, unsafe.message)]) from unsafe
    except Exception as error:  # any file openpyxl cannot read is "not a workbook" to the user
        message = not_a_workbook().message
        raise WorkbookError([Problem(None, None, None, message)]) from error


ROLE_RE = re.compile(r"\s*([^,()]+?)\s*\(([^()]*)\)\s*(?:,|$)")


def read_workbook(data: bytes) -> Content:
    """The plan a workbook describes, or WorkbookError with every problem (the first hundred)."""
    budget = Budget()
    book = _open(data, budget)
    r = _Reader(budget)
    try:
        content = _read(r, book)
    except Unsafe as unsafe:
        raise WorkbookError([Problem(None, None, None, unsafe.message)]) from unsafe
    r.fail()
    return content


def _read(r: _Reader, book: Any) -> Content:
    missing = [name for name in L.SHEETS if name not in book.sheetnames]
    for name in missing:
        r.problem(
            None,
            None,
            None,
            _(
                "the workbook has no sheet ‘%(sheet)s’; "
                "this is not the layout of a Mijlpaal workbook (export a plan to see it)"
            )
            % {"sheet": name},
        )
    r.fail()
    plan_ws, veri_ws, act_ws, data_ws = (book[name] for name in L.SHEETS)
    for ws, first in (
        (plan_ws, L.PLAN_HEADER_ROW + 1),
        (veri_ws, L.VERI_HEADER_ROW + 1),
        (act_ws, L.ACTIVITY_HEADER_ROW + 1),
        (data_ws, 2),
    ):
        r.check_cells(ws, first)
    r.header(plan_ws, L.PLAN_HEADER_ROW, L.PLAN_FIXED)
    r.header(veri_ws, L.VERI_HEADER_ROW, L.VERI_FIXED)
    r.header(act_ws, L.ACTIVITY_HEADER_ROW, L.ACTIVITY_HEADERS)
    r.header(data_ws, 1, L.DATA_HEADERS)
    r.fail()
    content = Content()
    _read_data(r, data_ws, content)
    roles = _read_plan(r, plan_ws, content)
    _read_veri(r, veri_ws, content)
    _read_activities(r, act_ws, content)
    _follow_keys(content)
    _cross_check(r, content, roles)
    return content


DataReader = Callable[[_Reader, Worksheet, int, Content], None]


def _read_data(r: _Reader, ws: Worksheet, content: Content) -> None:
    """The rows of Gegevens, each read by the reader of its name (DATA_ROWS)."""
    seen_format = False
    for row in r.rows(ws, 2):
        name = r.text(ws, row, 1).lower()
        if not name:
            continue
        read = DATA_ROWS.get(name)
        if read is None or (name in NAMED_ROWS and not r.text(ws, row, 2)):
            r.problem(
                ws.title, row, 1, _("unknown entry ‘%(value)s’") % {"value": r.text(ws, row, 1)}
            )
            continue
        read(r, ws, row, content)
        seen_format = seen_format or name == "formaat"
    _check_plan_fields(r, ws, content, seen_format)


def _check_plan_fields(r: _Reader, ws: Worksheet, content: Content, seen_format: bool) -> None:
    if not seen_format:
        r.problem(
            ws.title,
            None,
            None,
            _("the row ‘formaat’ is missing; this is not the layout of a Mijlpaal workbook"),
        )
    if content.start is None or content.end is None:
        r.problem(
            ws.title,
            None,
            None,
            _("the plan needs a start date and an end date (rows ‘start’ and ‘eind’)"),
        )
    elif content.end < content.start:
        r.problem(ws.title, None, None, _("the end date of the plan is before its start date"))
    if not content.title:
        r.problem(ws.title, None, None, _("the plan needs a title (row ‘titel’)"))


def _data_format(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    value = r.text(ws, row, 2)
    if value != L.FORMAT:
        r.problem(
            ws.title,
            row,
            2,
            _("unknown format ‘%(value)s’; expected ‘%(format)s’")
            % {"value": value, "format": L.FORMAT},
        )


def _data_text(attribute: str) -> DataReader:
    def read(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
        setattr(content, attribute, r.text(ws, row, 2))

    return read


def _data_start(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    content.start = r.date(ws, row, 2, _("the start date of the plan"))


def _data_end(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    content.end = r.date(ws, row, 2, _("the end date of the plan"))


def _data_region(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    value = r.text(ws, row, 2)
    if value not in Region.values:
        r.problem(
            ws.title,
            row,
            2,
            _("unknown school holiday region ‘%(value)s’; use noord, midden or zuid")
            % {"value": value},
        )
    content.region = value


def _data_scheduling(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    value = r.text(ws, row, 2)
    if value in SchedulingMode.values:
        content.scheduling = value
        return
    r.problem(
        ws.title,
        row,
        2,
        _("unknown planning direction ‘%(value)s’; use alap or asap") % {"value": value},
    )


def _data_phase(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    content.phases.append(r.text(ws, row, 2))


def _data_domain(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    content.domains.append(r.text(ws, row, 2))


def _data_party(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    kind = r.text(ws, row, 3) or PartyKind.OTHER
    if kind not in PartyKind.values:
        r.problem(ws.title, row, 3, _("unknown kind of party ‘%(value)s’") % {"value": kind})
    party = PartyRow(r.text(ws, row, 2), kind, r.text(ws, row, 4), r.text(ws, row, 5), True)
    party.stable_key = r.key(ws, row, L.PARTY_KEY_COLUMN)
    content.parties.append(party)


def _data_workstream(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    content.workstream_descriptions[r.text(ws, row, 2)] = r.text(ws, row, 3)
    content.workstream_owners[r.text(ws, row, 2)] = (r.text(ws, row, 4), Where(ws.title, row))


def _data_milestone(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    effort = r.text(ws, row, 5)
    if effort and not (effort.isascii() and effort.isdigit()):
        r.problem(
            ws.title,
            row,
            5,
            _("the effort ‘%(value)s’ is not a whole number of hours") % {"value": effort},
        )
    details = MilestoneDetails(
        r.text(ws, row, 4),
        int(effort) if effort.isascii() and effort.isdigit() else None,
        r.text(ws, row, 6).lower() == "ja",
        r.text(ws, row, 7).lower() == "ja",
    )
    key = r.key(ws, row, L.DETAILS_KEY_COLUMN)
    if key:
        content.details_by_key[key] = details
    else:
        name = ("milestone", r.text(ws, row, 2), r.text(ws, row, 3))
        content.details_by_name[name] = details


def _data_dependency(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    refs = _item_refs(r, ws, row)
    dep_type = r.text(ws, row, 8) or "FS"
    if dep_type not in ("FS", "SS", "FF"):
        r.problem(
            ws.title,
            row,
            8,
            _("unknown kind of dependency ‘%(value)s’; use FS, SS or FF") % {"value": dep_type},
        )
    lag = r.text(ws, row, 9) or "0d"
    if not is_duration(lag):
        r.problem(
            ws.title,
            row,
            9,
            _("the lag ‘%(value)s’ is not a duration; write for example 0d, 5d or -2w")
            % {"value": lag},
        )
    if refs is not None:
        keys = (
            r.key(ws, row, L.DEPENDENCY_KEY_COLUMNS[0]),
            r.key(ws, row, L.DEPENDENCY_KEY_COLUMNS[1]),
        )
        content.dependencies.append(
            DependencyRow(Where(ws.title, row), refs[0], refs[1], dep_type, lag, keys)
        )


def _item_refs(r: _Reader, ws: Worksheet, row: int) -> tuple[ItemKey, ItemKey] | None:
    """The predecessor and successor of a row ‘afhankelijkheid’: kind, workstream and title."""
    refs = []
    for column in (2, 5):
        kind_label = r.text(ws, row, column)
        if kind_label not in L.KIND_OF_ITEM:
            r.problem(
                ws.title,
                row,
                column,
                _("expected ‘mijlpaal’ or ‘activiteit’, found ‘%(value)s’") % {"value": kind_label},
            )
            return None
        kind = L.KIND_OF_ITEM[kind_label]
        refs.append((kind, r.text(ws, row, column + 1), r.text(ws, row, column + 2)))
    return refs[0], refs[1]


def _data_closure(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    """A row ‘sluiting’: name, kind, first day, last day, policy, note, and its key in H."""
    kind = r.text(ws, row, 3) or ClosureKind.OTHER
    if kind not in ClosureKind.values:
        r.problem(
            ws.title,
            row,
            3,
            _("unknown kind of period ‘%(value)s’; use toetsweek, examen, studiedag, "
              "projectweek or other") % {"value": kind},
        )  # fmt: skip
    policy = r.text(ws, row, 6) or ClosurePolicy.NO_WORK
    if policy not in ClosurePolicy.values:
        r.problem(
            ws.title,
            row,
            6,
            _("unknown effect ‘%(value)s’; use no_work or warn") % {"value": policy},
        )
    start = r.date(ws, row, 4, _("the first day"))
    end = r.date(ws, row, 5, _("the last day"))
    if start is None or end is None:
        r.problem(ws.title, row, 4, _("a period needs its first and its last day"))
        return
    key = r.key(ws, row, L.CLOSURE_KEY_COLUMN)
    content.closures.append(
        ClosureData(
            key, r.text(ws, row, 2), kind, start, end, policy, r.text(ws, row, 7),
            origin=Where(ws.title, row),
        )
    )  # fmt: skip


PROJECT_ROLES = ("opdrachtgever", "projectleider", "stuurgroep")


def _data_project_role(r: _Reader, ws: Worksheet, row: int, content: Content) -> None:
    """A row ‘projectrol’: opdrachtgever, projectleider or stuurgroep, and the party's name."""
    kind = r.text(ws, row, 2).lower()
    if kind not in PROJECT_ROLES:
        r.problem(
            ws.title,
            row,
            2,
            _("unknown project role ‘%(value)s’; use opdrachtgever, projectleider or stuurgroep")
            % {"value": r.text(ws, row, 2)},
        )
        return
    party = r.text(ws, row, 3)
    if not party:
        r.problem(ws.title, row, 3, _("a project role needs the name of a party"))
        return
    if content.project_roles is None:
        content.project_roles = []
    content.project_roles.append((kind, party, Where(ws.title, row)))


DATA_ROWS: dict[str, DataReader] = {
    "formaat": _data_format,
    "titel": _data_text("title"),
    "organisatie": _data_text("organisation"),
    "visie": _data_text("vision"),
    "start": _data_start,
    "eind": _data_end,
    "regio": _data_region,
    "planning": _data_scheduling,
    "fase": _data_phase,
    "domein": _data_domain,
    "partij": _data_party,
    "deelproject": _data_workstream,
    "mijlpaal": _data_milestone,
    "afhankelijkheid": _data_dependency,
    "sluiting": _data_closure,
    "projectrol": _data_project_role,
}
NAMED_ROWS = {
    "fase",
    "domein",
    "partij",
    "deelproject",
    "sluiting",
    "projectrol",
}  # without a name: an unknown entry


def _split_roles(text: str, names: Collection[str]) -> dict[str, str] | None:
    """The parties and letters of a roles cell (‘Party (V), Other party (E)’), each party read as
    one of `names` whatever its name holds (brackets, commas, quotes); None when it is not that.

    Forward over the positions where an entry may start, so a long cell costs no recursion.
    """
    ordered = sorted(set(names), key=len, reverse=True)
    came_from: dict[
        int, tuple[int, str, str]
    ] = {}  # where an entry ends -> (its start, party, letters)
    starts = [0]
    end = len(text)
    for start in starts:  # grows while we go; positions only move forward
        position = _skip_space(text, start)
        for name in ordered:
            if not text.startswith(name, position):
                continue
            entry = _letters_after(text, position + len(name))
            if entry is None:
                continue
            letters, after = entry
            if after not in came_from and (after == end or text[after - 1] in ",;"):
                came_from[after] = (start, name, letters)
                if after == end:
                    return _follow_back(came_from, end)
                starts.append(after)
    return None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _letters_after(text: str, position: int) -> tuple[str, int] | None:
    """‘ (VE), ’ after a party's name: its letters, and where the next entry starts (or the end)."""
    position = _skip_space(text, position)
    if not text.startswith("(", position):
        return None
    close = text.find(")", position)
    if close < 0 or "(" in text[position + 1 : close]:
        return None
    after = _skip_space(text, close + 1)
    if after < len(text):
        if text[after] not in ",;":
            return None
        after += 1
    return text[position + 1 : close], after


def _follow_back(came_from: dict[int, tuple[int, str, str]], end: int) -> dict[str, str]:
    entries: list[tuple[str, str]] = []
    while end:
        end, name, letters = came_from[end]
        entries.append((name, letters))
    return dict(reversed(entries))


def _typed_roles(text: str) -> dict[str, str] | None:
    """A roles cell read by its brackets alone: to name a party that is not in the workbook."""
    out: dict[str, str] = {}
    position = 0
    for match in ROLE_RE.finditer(text):
        if match.start() != position:
            break
        position = match.end()
        out[match.group(1)] = match.group(2)
    return out if position == len(text) else None


Roles = dict[ItemKey, tuple[Where, int, str]]  # the roles cell as typed


def _read_plan(r: _Reader, ws: Worksheet, content: Content) -> Roles:
    """Workstreams and milestones; the roles column per row, to check against the VERI matrix."""
    columns = _plan_columns(r, ws)
    if columns is None:
        return {}
    roles_column, key_column = columns
    roles: Roles = {}
    workstream: str | None = None
    seen: set[ItemKey] = set()
    for row in r.rows(ws, L.PLAN_HEADER_ROW + 1):
        key: ItemKey | None = None
        if r.text(ws, row, 1).upper().startswith(L.WORKSTREAM_PREFIX):
            workstream, known = _workstream_row(r, ws, row, content, key_column)
            key = ("workstream", workstream, workstream) if known else None
        elif any(r.text(ws, row, c) for c in (1, 2, 3, 4, 5, roles_column)):
            milestone = _milestone_row(r, ws, row, workstream, key_column)
            message = _("the milestone ‘%(title)s’ appears twice in the same workstream")
            if milestone is not None and _first_time(r, seen, milestone, 2, message):
                content.milestones.append(milestone)
                key = milestone.key
        # else an empty row, or only bar cells: the bar is computed, not read
        if key is not None:
            roles[key] = (Where(ws.title, row), roles_column, r.text(ws, row, roles_column))
    return roles


def _plan_columns(r: _Reader, ws: Worksheet) -> tuple[int, int | None] | None:
    """The column of the roles, and the hidden key column when the workbook has one."""
    for column in range(len(L.PLAN_FIXED) + 1, ws.max_column + 1):
        name = r.text(ws, L.PLAN_HEADER_ROW, column)
        if name.lower() == L.ROLES_HEADER.lower():
            return column, _key_column(r, ws, L.PLAN_HEADER_ROW, column + 1)
        if not re.fullmatch(r"[QH]\d", name):
            r.problem(
                ws.title,
                L.PLAN_HEADER_ROW,
                column,
                _(
                    "expected a quarter (Q1–Q4), a half year (H1, H2) or ‘%(roles)s’, "
                    "found ‘%(found)s’"
                )
                % {"roles": L.ROLES_HEADER, "found": name},
            )
            return None
    r.problem(
        ws.title,
        L.PLAN_HEADER_ROW,
        None,
        _("the column ‘%(roles)s’ is missing") % {"roles": L.ROLES_HEADER},
    )
    return None


def _key_column(r: _Reader, ws: Worksheet, header_row: int, first: int) -> int | None:
    for column in range(first, ws.max_column + 1):
        if r.text(ws, header_row, column).lower() == L.KEY_HEADER.lower():
            return column
    return None


def _workstream_row(
    r: _Reader, ws: Worksheet, row: int, content: Content, key_column: int | None
) -> tuple[str, bool]:
    """The workstream a row ‘DEELPROJECT: name’ starts, and whether it is a new, named one."""
    name = r.text(ws, row, 1)[len(L.WORKSTREAM_PREFIX) :].strip()
    if not name:
        r.problem(ws.title, row, 1, _("the workstream has no name"))
        return name, False
    if name in content.workstreams:
        r.problem(ws.title, row, 1, _("the workstream ‘%(name)s’ appears twice") % {"name": name})
        return name, False
    content.workstreams.append(name)
    key = r.key(ws, row, key_column)
    if key:
        content.workstream_keys[name] = key
    return name, True


def _milestone_row(
    r: _Reader, ws: Worksheet, row: int, workstream: str | None, key_column: int | None
) -> MilestoneRow | None:
    first = r.text(ws, row, 1)
    number: int | None = None
    if first.isascii() and first.isdigit():
        number = int(first)
    elif first:
        r.problem(
            ws.title,
            row,
            1,
            _("the number ‘%(value)s’ is not a whole number") % {"value": first},
        )
    title = r.text(ws, row, 2)
    if not title:
        r.problem(ws.title, row, 2, _("the milestone has no title"))
        return None
    lead_time, calendar = r.duration(ws, row, 4, _("the lead time"), required=False)
    return MilestoneRow(
        Where(ws.title, row),
        workstream,
        title,
        number=number,
        deadline=r.date(ws, row, 3, _("the deadline")),
        lead_time=lead_time,
        lead_time_calendar=calendar,
        reached_on=r.date(ws, row, 5, _("the date reached")),
        stable_key=r.key(ws, row, key_column),
    )


def _first_time(r: _Reader, seen: set[ItemKey], row: ItemRow, column: int, message: str) -> bool:
    """Whether this is the first row with its name; the second is a problem (`message`)."""
    if row.key in seen:
        r.at(row.where, column, message % {"title": row.title})
        return False
    seen.add(row.key)
    return True


def _read_veri(r: _Reader, ws: Worksheet, content: Content) -> None:
    parties: list[tuple[int, str]] = []
    details = {p.name: p for p in content.parties}
    for column in range(len(L.VERI_FIXED) + 1, ws.max_column + 1):
        name = r.text(ws, L.VERI_HEADER_ROW, column)
        if not name:
            continue
        if name in (p for _c, p in parties):
            r.problem(
                ws.title,
                L.VERI_HEADER_ROW,
                column,
                _("the party ‘%(name)s’ appears twice") % {"name": name},
            )
            continue
        parties.append((column, name))
    content.parties = [details.get(name, PartyRow(name)) for _c, name in parties]
    for row in r.rows(ws, L.VERI_HEADER_ROW + 1):
        label = r.text(ws, row, 1)
        if label.lower() == L.LEGEND.lower():
            break
        if r.empty_row(ws, row):
            continue
        kind = L.KIND_OF_ROW.get(label.lower())
        if kind is None:
            r.problem(
                ws.title,
                row,
                1,
                _("expected Deelproject, Mijlpaal or Activiteit, found ‘%(value)s’")
                % {"value": label},
            )
            continue
        workstream, title = r.text(ws, row, 2), r.text(ws, row, 3)
        if kind == "workstream":
            workstream = title = workstream or title
        key: ItemKey = (kind, workstream, title)
        if key in content.assignment_rows:
            r.problem(ws.title, row, 3, _("this row appears twice in the VERI matrix"))
            continue
        content.assignment_rows[key] = Where(ws.title, row)
        for column, party in parties:
            typed = r.text(ws, row, column)
            try:
                letters = parse(typed, "nl")
            except LetterError as error:
                r.problem(ws.title, row, column, _letter_message(error))
                continue
            if letters:
                content.assignments[(key, party)] = letters


def _letter_message(error: LetterError) -> str:
    if error.code == "o_combined":
        return _("O (out of the loop) cannot be combined with other letters")
    return _("unknown letter(s) %(letters)s: use V, E, R, I, S or O") % {"letters": error.bad}


def _kind_label(kind: str) -> str:
    labels = {"workstream": _("workstream"), "milestone": _("milestone"), "activity": _("activity")}
    return labels[kind]


def _read_activities(r: _Reader, ws: Worksheet, content: Content) -> None:
    titles: dict[str, list[ItemKey]] = {}
    for m in content.milestones:
        titles.setdefault(m.title, []).append(m.key)
    key_column = _key_column(r, ws, L.ACTIVITY_HEADER_ROW, L.ACTIVITY_KEY_COLUMN)
    seen: set[ItemKey] = set()
    message = _("the activity ‘%(title)s’ appears twice in the same workstream")
    for row in r.rows(ws, L.ACTIVITY_HEADER_ROW + 1):
        if _phase_row(r, ws, row) or r.empty_row(ws, row, hidden=key_column):
            continue
        activity = _activity_row(r, ws, row, content, titles)
        if activity is not None and _first_time(r, seen, activity, 3, message):
            activity.stable_key = r.key(ws, row, key_column)
            content.activities.append(activity)


def _phase_row(r: _Reader, ws: Worksheet, row: int) -> bool:
    """A row ‘FASE: name’ above the activities of a phase: for reading, not read."""
    return r.text(ws, row, 1).upper().startswith(L.PHASE_PREFIX) and all(
        not r.text(ws, row, c) for c in range(2, len(L.ACTIVITY_HEADERS) + 1)
    )


def _activity_row(
    r: _Reader, ws: Worksheet, row: int, content: Content, titles: dict[str, list[ItemKey]]
) -> ActivityRow | None:
    title = r.text(ws, row, 3)
    if not title:
        r.problem(ws.title, row, 3, _("the activity has no title"))
        return None
    not_a_phase = _("the phase ‘%(value)s’ is not one of the plan’s phases (%(names)s)")
    phase = _one_of(r, ws, row, 1, content.phases, not_a_phase)
    not_a_domain = _("the domain ‘%(value)s’ is not one of the plan’s domains (%(names)s)")
    domain = _one_of(r, ws, row, 2, content.domains, not_a_domain)
    workstream = r.text(ws, row, 7) or None
    if workstream and workstream not in content.workstreams:
        r.problem(
            ws.title,
            row,
            7,
            _("there is no workstream ‘%(value)s’ in the sheet ‘%(sheet)s’")
            % {"value": workstream, "sheet": L.PLAN_SHEET},
        )
    milestone = _milestone_of(r, ws, row, titles, workstream)
    duration, calendar = r.duration(ws, row, 8, _("the duration"), required=True)
    return ActivityRow(
        Where(ws.title, row),
        workstream,
        title,
        why=r.text(ws, row, 4),
        result=r.text(ws, row, 5),
        phase=phase,
        domain=domain,
        milestone=milestone,
        duration=duration,
        duration_calendar=calendar,
        actual_start=r.date(ws, row, 11, _("the start date")),
        actual_finish=r.date(ws, row, 12, _("the finish date")),
    )


def _one_of(
    r: _Reader, ws: Worksheet, row: int, column: int, names: list[str], message: str
) -> str | None:
    """The name in the cell, which must be one of `names`; `message` says it is not."""
    value = r.text(ws, row, column) or None
    if value and value not in names:
        r.problem(ws.title, row, column, message % {"value": value, "names": ", ".join(names)})
    return value


def _milestone_of(
    r: _Reader, ws: Worksheet, row: int, titles: dict[str, list[ItemKey]], workstream: str | None
) -> ItemKey | None:
    """The milestone an activity leads to, by its title (and workstream, when titles repeat)."""
    title = r.text(ws, row, 6)
    if not title:
        return None
    candidates = titles.get(title, [])
    if len(candidates) > 1:
        candidates = [c for c in candidates if c[1] == (workstream or "")] or candidates
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        message = _("there is no milestone ‘%(value)s’ in the sheet ‘%(sheet)s’")
    else:
        message = _("there are several milestones ‘%(value)s’; give them different titles")
    r.problem(ws.title, row, 6, message % {"value": title, "sheet": L.PLAN_SHEET})
    return None


def _follow_keys(content: Content) -> None:
    """What Gegevens names by a stable key follows that row through a rename or a move."""
    by_key: dict[str, ItemKey] = {}
    items: list[ItemRow] = [*content.milestones, *content.activities]
    for item in items:
        if item.stable_key:
            by_key.setdefault(item.stable_key, item.key)
    for milestone in content.milestones:
        details = content.details_by_key.get(milestone.stable_key or "")
        milestone.details = details or content.details_by_name.get(milestone.key)
    for dep in content.dependencies:
        predecessor, successor = dep.keys
        dep.predecessor = by_key.get(predecessor or "", dep.predecessor)
        dep.successor = by_key.get(successor or "", dep.successor)


def _cross_check(r: _Reader, content: Content, roles: Roles) -> None:
    """What one sheet says about another's rows: they must be there, and roles must agree."""
    items = {m.key for m in content.milestones} | {a.key for a in content.activities}
    items |= {("workstream", w, w) for w in content.workstreams}
    not_there = _("there is no %(kind)s ‘%(title)s’ in the workbook")
    for key, where in content.assignment_rows.items():
        if key not in items:
            r.at(where, 3, not_there % {"kind": _kind_label(key[0]), "title": key[2]})
    _check_roles(r, content, roles)
    party_names = {p.name for p in content.parties}
    for owner, where in content.workstream_owners.values():
        if owner and owner not in party_names:
            r.at(where, 4, not_there % {"kind": _("party"), "title": owner})
    for dep in content.dependencies:
        for ref, column in ((dep.predecessor, 4), (dep.successor, 7)):
            if ref not in items:
                r.at(dep.where, column, not_there % {"kind": _kind_label(ref[0]), "title": ref[2]})


def _check_roles(r: _Reader, content: Content, roles: Roles) -> None:
    """The roles column of the milestone plan says what the VERI matrix says."""
    party_names = {p.name for p in content.parties}
    expected: dict[ItemKey, dict[str, str]] = {key: {} for key in roles}
    for (row_key, party), letters in content.assignments.items():
        if row_key in expected:
            expected[row_key][party] = letters
    for key, (where, column, text) in roles.items():
        typed = _roles_of(r, where, column, text, party_names)
        if typed is None:
            continue
        found: dict[str, str] = {}
        for party, letters in typed.items():
            try:
                found[party] = parse(letters, "nl")
            except LetterError as error:
                r.at(where, column, _letter_message(error))
        if found != expected[key] and len(found) == len(typed):
            message = _(
                "the roles differ from the VERI matrix; change them in both places or in neither"
            )
            r.at(where, column, message)


def _roles_of(
    r: _Reader, where: Where, column: int, text: str, party_names: set[str]
) -> dict[str, str] | None:
    """The parties and their letters in a roles cell; None after saying why it cannot be read."""
    if not text:
        return {}
    typed = _split_roles(text, party_names)
    if typed is not None:
        return typed
    typed = _typed_roles(text)
    unknown = [party for party in typed or {} if party not in party_names]
    for party in unknown:
        message = _("the party ‘%(name)s’ is not a column of the VERI matrix")
        r.at(where, column, message % {"name": party})
    if not unknown:
        message = _("cannot read the roles ‘%(value)s’; write them as ‘Party (V), Other party (E)’")
        r.at(where, column, message % {"value": text})
    return None

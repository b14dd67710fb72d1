"""Read an uploaded workbook into plain rows, collecting every problem with its sheet, row, column.

Nothing here touches the database. A workbook with problems raises WorkbookError listing them all.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mijlpaal.plans.models import PartyKind, Region, SchedulingMode, is_duration
from mijlpaal.responsibilities.letters import LetterError, parse
from mijlpaal.workbook import layout as L

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a small zip may unpack to gigabytes


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


ItemKey = tuple[
    str, str, str
]  # ("milestone" | "activity" | "workstream", workstream name or "", title)


@dataclass
class MilestoneRow:
    where: Where
    workstream: str | None
    number: int | None
    title: str
    deadline: dt.date | None
    lead_time: str
    reached_on: dt.date | None

    @property
    def key(self) -> ItemKey:
        return ("milestone", self.workstream or "", self.title)


@dataclass
class ActivityRow:
    where: Where
    workstream: str | None
    title: str
    why: str
    result: str
    phase: str | None
    domain: str | None
    milestone: ItemKey | None
    duration: str
    actual_start: dt.date | None
    actual_finish: dt.date | None

    @property
    def key(self) -> ItemKey:
        return ("activity", self.workstream or "", self.title)


@dataclass
class PartyRow:
    name: str
    kind: str = PartyKind.OTHER
    role_title: str = ""
    email: str = ""
    described: bool = False  # has a row in Gegevens; otherwise an existing party keeps its details


@dataclass
class MilestoneDetails:
    """What the milestone plan does not show: the tangible result, effort and marks."""

    result: str = ""
    effort_hours: int | None = None
    is_quick_win: bool = False
    is_decision_point: bool = False


@dataclass
class DependencyRow:
    where: Where
    predecessor: ItemKey
    successor: ItemKey
    type: str
    lag: str


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
    milestone_details: dict[ItemKey, MilestoneDetails] = field(default_factory=dict)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, sheet: str | None, row: int | None, column: int | None, message: str) -> None:
        self.problems.append(
            Problem(sheet, row, get_column_letter(column) if column else None, message)
        )

    # --- cell values -----------------------------------------------------------------------------

    def text(self, ws: Worksheet, row: int, column: int) -> str:
        value = ws.cell(row=row, column=column).value
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def date(self, ws: Worksheet, row: int, column: int, what: str) -> dt.date | None:
        value = ws.cell(row=row, column=column).value
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

    def duration(self, ws: Worksheet, row: int, column: int, what: str, required: bool) -> str:
        value = self.text(ws, row, column).replace(" ", "")
        if not value:
            if required:
                self.problem(
                    ws.title,
                    row,
                    column,
                    _("%(what)s is empty; write for example 10d, 3w or 2m") % {"what": what},
                )
            return ""
        if not is_duration(value, lead_time=True):
            self.problem(
                ws.title,
                row,
                column,
                _("%(what)s ‘%(value)s’ is not a duration; write for example 10d, 3w or 2m")
                % {"what": what, "value": value},
            )
            return ""
        return value

    def empty_row(self, ws: Worksheet, row: int) -> bool:
        return all(
            ws.cell(row=row, column=c).value in (None, "") for c in range(1, ws.max_column + 1)
        )

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
                        "expected the column ‘%(expected)s’, found ‘%(found)s’; this is not the layout of a Mijlpaal workbook"
                    )
                    % {"expected": name, "found": found},
                )
                ok = False
        return ok

    def check_cells(self, ws: Worksheet, first_data_row: int) -> None:
        """No formulas anywhere, no merged cells where the data is."""
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formula = cell.value if isinstance(cell.value, str) else "="
                    self.problem(
                        ws.title,
                        cell.row,
                        cell.column,
                        _("the cell holds a formula (%(formula)s); type the value itself")
                        % {"formula": formula},
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


def _open(data: bytes) -> Any:
    if len(data) > MAX_UPLOAD_BYTES:
        raise WorkbookError([Problem(None, None, None, _("the file is larger than 10 MB"))])
    not_a_workbook = Problem(
        None,
        None,
        None,
        _(
            "this is not an Excel workbook (.xlsx); save the file in Excel as ‘Excel Workbook (.xlsx)’"
        ),
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise WorkbookError(
                    [Problem(None, None, None, _("the workbook is too large when unpacked"))]
                )
            if "xl/workbook.xml" not in archive.namelist():
                raise WorkbookError([not_a_workbook])
        return load_workbook(io.BytesIO(data), data_only=False)
    except WorkbookError:
        raise
    except Exception as error:  # any file openpyxl cannot read is "not a workbook" to the user
        raise WorkbookError([not_a_workbook]) from error


ROLE_RE = re.compile(r"\s*([^,()]+?)\s*\(([^()]*)\)\s*(?:,|$)")


def read_workbook(data: bytes) -> Content:
    """The plan a workbook describes, or WorkbookError with every problem."""
    book = _open(data)
    r = _Reader()
    missing = [name for name in L.SHEETS if name not in book.sheetnames]
    for name in missing:
        r.problem(
            None,
            None,
            None,
            _(
                "the workbook has no sheet ‘%(sheet)s’; this is not the layout of a Mijlpaal workbook (export a plan to see it)"
            )
            % {"sheet": name},
        )
    if missing:
        raise WorkbookError(r.problems)
    plan_ws, veri_ws, act_ws, data_ws = (book[name] for name in L.SHEETS)
    for ws, first in (
        (plan_ws, L.PLAN_HEADER_ROW + 1),
        (veri_ws, L.VERI_HEADER_ROW + 1),
        (act_ws, L.ACTIVITY_HEADER_ROW + 1),
        (data_ws, 2),
    ):
        r.check_cells(ws, first)
    layout_ok = all(
        [
            r.header(plan_ws, L.PLAN_HEADER_ROW, L.PLAN_FIXED),
            r.header(veri_ws, L.VERI_HEADER_ROW, L.VERI_FIXED),
            r.header(act_ws, L.ACTIVITY_HEADER_ROW, L.ACTIVITY_HEADERS),
            r.header(data_ws, 1, L.DATA_HEADERS),
        ]
    )
    if r.problems or not layout_ok:
        raise WorkbookError(r.problems)
    content = Content()
    _read_data(r, data_ws, content)
    roles = _read_plan(r, plan_ws, content)
    _read_veri(r, veri_ws, content)
    _read_activities(r, act_ws, content)
    _cross_check(r, content, roles)
    if r.problems:
        raise WorkbookError(r.problems)
    return content


def _read_data(r: _Reader, ws: Worksheet, content: Content) -> None:
    seen_format = False
    for row in range(2, ws.max_row + 1):
        key = r.text(ws, row, 1).lower()
        if not key:
            continue
        value = r.text(ws, row, 2)
        if key == "formaat":
            seen_format = True
            if value != L.FORMAT:
                r.problem(
                    ws.title,
                    row,
                    2,
                    _("unknown format ‘%(value)s’; expected ‘%(format)s’")
                    % {"value": value, "format": L.FORMAT},
                )
        elif key == "titel":
            content.title = value
        elif key == "organisatie":
            content.organisation = value
        elif key == "visie":
            content.vision = value
        elif key == "start":
            content.start = r.date(ws, row, 2, _("the start date of the plan"))
        elif key == "eind":
            content.end = r.date(ws, row, 2, _("the end date of the plan"))
        elif key == "regio":
            if value not in Region.values:
                r.problem(
                    ws.title,
                    row,
                    2,
                    _("unknown school holiday region ‘%(value)s’; use noord, midden or zuid")
                    % {"value": value},
                )
            content.region = value
        elif key == "planning":
            if value not in SchedulingMode.values:
                r.problem(
                    ws.title,
                    row,
                    2,
                    _("unknown planning direction ‘%(value)s’; use alap or asap")
                    % {"value": value},
                )
            else:
                content.scheduling = value
        elif key == "fase" and value:
            content.phases.append(value)
        elif key == "domein" and value:
            content.domains.append(value)
        elif key == "partij" and value:
            kind = r.text(ws, row, 3) or PartyKind.OTHER
            if kind not in PartyKind.values:
                r.problem(
                    ws.title, row, 3, _("unknown kind of party ‘%(value)s’") % {"value": kind}
                )
            content.parties.append(
                PartyRow(value, kind, r.text(ws, row, 4), r.text(ws, row, 5), described=True)
            )
        elif key == "deelproject" and value:
            content.workstream_descriptions[value] = r.text(ws, row, 3)
        elif key == "mijlpaal":
            effort = r.text(ws, row, 5)
            if effort and not effort.isdigit():
                r.problem(
                    ws.title,
                    row,
                    5,
                    _("the effort ‘%(value)s’ is not a whole number of hours") % {"value": effort},
                )
            content.milestone_details[("milestone", value, r.text(ws, row, 3))] = MilestoneDetails(
                r.text(ws, row, 4),
                int(effort) if effort.isdigit() else None,
                r.text(ws, row, 6).lower() == "ja",
                r.text(ws, row, 7).lower() == "ja",
            )
        elif key == "afhankelijkheid":
            refs = []
            for column in (2, 5):
                kind_label = r.text(ws, row, column)
                if kind_label not in L.KIND_OF_ITEM:
                    r.problem(
                        ws.title,
                        row,
                        column,
                        _("expected ‘mijlpaal’ or ‘activiteit’, found ‘%(value)s’")
                        % {"value": kind_label},
                    )
                    break
                refs.append(
                    (
                        L.KIND_OF_ITEM[kind_label],
                        r.text(ws, row, column + 1),
                        r.text(ws, row, column + 2),
                    )
                )
            dep_type = r.text(ws, row, 8) or "FS"
            if dep_type not in ("FS", "SS", "FF"):
                r.problem(
                    ws.title,
                    row,
                    8,
                    _("unknown kind of dependency ‘%(value)s’; use FS, SS or FF")
                    % {"value": dep_type},
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
            if len(refs) == 2:
                content.dependencies.append(
                    DependencyRow(Where(ws.title, row), refs[0], refs[1], dep_type, lag)
                )
        else:
            r.problem(
                ws.title, row, 1, _("unknown entry ‘%(value)s’") % {"value": r.text(ws, row, 1)}
            )
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


def _parse_roles(r: _Reader, ws: Worksheet, row: int, column: int) -> dict[str, str]:
    text = r.text(ws, row, column)
    out: dict[str, str] = {}
    position = 0
    for match in ROLE_RE.finditer(text):
        if match.start() != position:
            break
        position = match.end()
        out[match.group(1)] = match.group(2)
    if position != len(text):
        r.problem(
            ws.title,
            row,
            column,
            _("cannot read the roles ‘%(value)s’; write them as ‘Party (V), Other party (E)’")
            % {"value": text},
        )
    return out


def _read_plan(
    r: _Reader, ws: Worksheet, content: Content
) -> dict[ItemKey, tuple[Where, int, dict[str, str]]]:
    """Workstreams and milestones; the roles column per row, to check against the VERI matrix."""
    width = 0
    for column in range(len(L.PLAN_FIXED) + 1, ws.max_column + 1):
        name = r.text(ws, L.PLAN_HEADER_ROW, column)
        if name.lower() == L.ROLES_HEADER.lower():
            width = column
            break
        if not re.fullmatch(r"[QH]\d", name):
            r.problem(
                ws.title,
                L.PLAN_HEADER_ROW,
                column,
                _(
                    "expected a quarter (Q1–Q4), a half year (H1, H2) or ‘%(roles)s’, found ‘%(found)s’"
                )
                % {"roles": L.ROLES_HEADER, "found": name},
            )
            return {}
    if not width:
        r.problem(
            ws.title,
            L.PLAN_HEADER_ROW,
            None,
            _("the column ‘%(roles)s’ is missing") % {"roles": L.ROLES_HEADER},
        )
        return {}
    roles: dict[ItemKey, tuple[Where, int, dict[str, str]]] = {}
    workstream: str | None = None
    seen: set[ItemKey] = set()
    for row in range(L.PLAN_HEADER_ROW + 1, ws.max_row + 1):
        first = r.text(ws, row, 1)
        if first.upper().startswith(L.WORKSTREAM_PREFIX):
            workstream = first[len(L.WORKSTREAM_PREFIX) :].strip()
            if not workstream:
                r.problem(ws.title, row, 1, _("the workstream has no name"))
            elif workstream in content.workstreams:
                r.problem(
                    ws.title,
                    row,
                    1,
                    _("the workstream ‘%(name)s’ appears twice") % {"name": workstream},
                )
            else:
                content.workstreams.append(workstream)
                roles[("workstream", workstream, workstream)] = (
                    Where(ws.title, row),
                    width,
                    _parse_roles(r, ws, row, width),
                )
            continue
        if all(not r.text(ws, row, c) for c in (1, 2, 3, 4, 5, width)):
            continue  # an empty row, or only bar cells: the bar is computed, not read
        number: int | None = None
        if first:
            if first.isdigit():
                number = int(first)
            else:
                r.problem(
                    ws.title,
                    row,
                    1,
                    _("the number ‘%(value)s’ is not a whole number") % {"value": first},
                )
        title = r.text(ws, row, 2)
        if not title:
            r.problem(ws.title, row, 2, _("the milestone has no title"))
            continue
        milestone = MilestoneRow(
            Where(ws.title, row),
            workstream,
            number,
            title,
            r.date(ws, row, 3, _("the deadline")),
            r.duration(ws, row, 4, _("the lead time"), required=False),
            r.date(ws, row, 5, _("the date reached")),
        )
        if milestone.key in seen:
            r.problem(
                ws.title,
                row,
                2,
                _("the milestone ‘%(title)s’ appears twice in the same workstream")
                % {"title": title},
            )
            continue
        seen.add(milestone.key)
        content.milestones.append(milestone)
        roles[milestone.key] = (Where(ws.title, row), width, _parse_roles(r, ws, row, width))
    return roles


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
    for row in range(L.VERI_HEADER_ROW + 1, ws.max_row + 1):
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
    seen: set[ItemKey] = set()
    for row in range(L.ACTIVITY_HEADER_ROW + 1, ws.max_row + 1):
        first = r.text(ws, row, 1)
        if first.upper().startswith(L.PHASE_PREFIX) and all(
            not r.text(ws, row, c) for c in range(2, len(L.ACTIVITY_HEADERS) + 1)
        ):
            continue
        if r.empty_row(ws, row):
            continue
        title = r.text(ws, row, 3)
        if not title:
            r.problem(ws.title, row, 3, _("the activity has no title"))
            continue
        phase, domain = r.text(ws, row, 1) or None, r.text(ws, row, 2) or None
        if phase and phase not in content.phases:
            r.problem(
                ws.title,
                row,
                1,
                _("the phase ‘%(value)s’ is not one of the plan’s phases (%(names)s)")
                % {"value": phase, "names": ", ".join(content.phases)},
            )
        if domain and domain not in content.domains:
            r.problem(
                ws.title,
                row,
                2,
                _("the domain ‘%(value)s’ is not one of the plan’s domains (%(names)s)")
                % {"value": domain, "names": ", ".join(content.domains)},
            )
        workstream = r.text(ws, row, 7) or None
        if workstream and workstream not in content.workstreams:
            r.problem(
                ws.title,
                row,
                7,
                _("there is no workstream ‘%(value)s’ in the sheet ‘%(sheet)s’")
                % {"value": workstream, "sheet": L.PLAN_SHEET},
            )
        milestone_title = r.text(ws, row, 6)
        milestone: ItemKey | None = None
        if milestone_title:
            candidates = titles.get(milestone_title, [])
            if len(candidates) > 1:
                candidates = [c for c in candidates if c[1] == (workstream or "")] or candidates
            if not candidates:
                r.problem(
                    ws.title,
                    row,
                    6,
                    _("there is no milestone ‘%(value)s’ in the sheet ‘%(sheet)s’")
                    % {"value": milestone_title, "sheet": L.PLAN_SHEET},
                )
            elif len(candidates) > 1:
                r.problem(
                    ws.title,
                    row,
                    6,
                    _("there are several milestones ‘%(value)s’; give them different titles")
                    % {"value": milestone_title},
                )
            else:
                milestone = candidates[0]
        activity = ActivityRow(
            Where(ws.title, row),
            workstream,
            title,
            r.text(ws, row, 4),
            r.text(ws, row, 5),
            phase,
            domain,
            milestone,
            r.duration(ws, row, 8, _("the duration"), required=True),
            r.date(ws, row, 11, _("the start date")),
            r.date(ws, row, 12, _("the finish date")),
        )
        if activity.key in seen:
            r.problem(
                ws.title,
                row,
                3,
                _("the activity ‘%(title)s’ appears twice in the same workstream")
                % {"title": title},
            )
            continue
        seen.add(activity.key)
        content.activities.append(activity)


def _cross_check(
    r: _Reader, content: Content, roles: dict[ItemKey, tuple[Where, int, dict[str, str]]]
) -> None:
    items = {m.key for m in content.milestones} | {a.key for a in content.activities}
    items |= {("workstream", w, w) for w in content.workstreams}
    for key, where in content.assignment_rows.items():
        if key not in items:
            r.problem(
                where.sheet,
                where.row,
                3,
                _("there is no %(kind)s ‘%(title)s’ in the workbook")
                % {"kind": _kind_label(key[0]), "title": key[2]},
            )
    party_names = {p.name for p in content.parties}
    for key, (where, column, typed) in roles.items():
        expected = {
            party: letters
            for (row_key, party), letters in content.assignments.items()
            if row_key == key
        }
        found: dict[str, str] = {}
        for party, text in typed.items():
            if party not in party_names:
                r.problem(
                    where.sheet,
                    where.row,
                    column,
                    _("the party ‘%(name)s’ is not a column of the VERI matrix") % {"name": party},
                )
                continue
            try:
                found[party] = parse(text, "nl")
            except LetterError as error:
                r.problem(where.sheet, where.row, column, _letter_message(error))
        if found != expected and all(p in party_names for p in typed):
            r.problem(
                where.sheet,
                where.row,
                column,
                _(
                    "the roles differ from the VERI matrix; change them in both places or in neither"
                ),
            )
    for dep in content.dependencies:
        for ref in (dep.predecessor, dep.successor):
            if ref not in items:
                r.problem(
                    dep.where.sheet,
                    dep.where.row,
                    4 if ref is dep.predecessor else 7,
                    _("there is no %(kind)s ‘%(title)s’ in the workbook")
                    % {"kind": _kind_label(ref[0]), "title": ref[2]},
                )

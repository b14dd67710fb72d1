"""A plan as an Excel workbook: the milestone plan, the VERI matrix and the activity plan.

The export reads the rows of a plan (a fixed number of queries) and a schedule computed by the
caller; it never schedules on its own. Rows come in display order, so a plan exported, imported
as a new plan and exported again gives the same cells, but for the milestones' lights ("Status"):
they come from the logbook, which the workbook does not carry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from django.db.models import prefetch_related_objects
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mijlpaal.budget.sheet import SHEET as BUDGET_SHEET
from mijlpaal.budget.sheet import budget_sheet
from mijlpaal.budget.summary import BudgetSummary, plan_budget
from mijlpaal.charts.table import (
    Period,
    PeriodKind,
    Roles,
    TableRow,
    periods,
    table_groups,
    years,
)
from mijlpaal.decisions.models import RoleKind
from mijlpaal.decisions.roles import load_roles
from mijlpaal.monitoring.models import Entry, Light
from mijlpaal.monitoring.status import AWAITING, LATE, LIGHT_LABELS, NONE, SHOWN_ORDER, derive
from mijlpaal.plans.durations import duration_words
from mijlpaal.plans.models import (
    Activity,
    Closure,
    Dependency,
    Domain,
    Milestone,
    Party,
    Phase,
    Plan,
    Workstream,
)
from mijlpaal.plans.scheduling import PlanSchedule
from mijlpaal.responsibilities.queries import roles_for_plan
from mijlpaal.spreadsheets import no_formulas, style
from mijlpaal.workbook import layout as L

# Colours of the bars: planned (blue), late or infeasible (red), reached (green); (bar, deadline).
PLANNED_COLOURS = ("BDD7EE", "2F5597")
LATE_COLOURS = ("F4CCCC", "C00000")
REACHED_COLOURS = ("C6E0B4", "548235")
HEADER_FILL = "D9E1F2"
GROUP_FILL = "E7E6E6"
DIAMOND = "◆"
# Each light's (fill, text colour) in the Status column; no fill before the first update.
LIGHT_COLOURS = {
    LATE: ("C00000", "FFFFFF"),
    Light.RED: ("F4A6A6", "000000"),
    Light.ORANGE: ("F8CB8C", "000000"),
    Light.GREEN: ("A9D18E", "000000"),
    Light.REACHED: ("E2EFDA", "375623"),
    AWAITING: ("FFFFFF", "375623"),  # reported reached, awaiting the E party's approval
}
FIRST_PERIOD = len(L.PLAN_FIXED) + 1  # the Mijlpalenplan's first period column

_thin = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


# One object per look, so that spreadsheets.style copies a cell's style instead of hashing it.
@cache
def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


@cache
def _font(*, bold: bool = False, italic: bool = False, color: str | None = None) -> Font:
    return Font(bold=bold or None, italic=italic or None, color=color)


@cache
def _align(
    *, horizontal: str | None = None, vertical: str | None = None, wrap_text: bool | None = None
) -> Alignment:
    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap_text)


@dataclass(frozen=True)
class PlanRows:
    """Everything the workbook shows of a plan, in display order."""

    plan: Plan
    workstreams: list[Workstream]
    milestones: list[Milestone]
    activities: list[Activity]
    parties: list[Party]
    phases: list[Phase]
    domains: list[Domain]
    dependencies: list[Dependency]
    roles: dict[tuple[str, int], list[tuple[str, str]]]
    entries: list[Entry] = field(default_factory=list)  # the logbook, for the milestones' lights
    closures: list[Closure] = field(default_factory=list)  # the school calendar
    budget: BudgetSummary | None = None  # the begroting, for the "Begroting" sheet


def load_rows(plan: Plan) -> PlanRows:
    """The plan's rows, its logbook and its budget: eighteen queries, whatever the size of the
    plan."""
    workstreams = list(
        Workstream.objects.filter(plan=plan).select_related("owner").order_by("order", "id")
    )
    index = {w.pk: i for i, w in enumerate(workstreams)}

    def place(item: Milestone | Activity) -> tuple[int, int, int]:
        # Items without a workstream come first, above the first "DEELPROJECT:" row.
        return (index.get(item.workstream_id or 0, -1), item.order, item.pk)

    milestones = sorted(Milestone.objects.filter(plan=plan).select_related("workstream"), key=place)
    activities = sorted(
        Activity.objects.filter(plan=plan).select_related(
            "workstream", "milestone", "phase", "domain"
        ),
        key=place,
    )
    return PlanRows(
        plan=plan,
        workstreams=workstreams,
        milestones=milestones,
        activities=activities,
        parties=list(Party.objects.filter(plan=plan).order_by("order", "name", "id")),
        phases=list(Phase.objects.filter(plan=plan).order_by("order", "id")),
        domains=list(Domain.objects.filter(plan=plan).order_by("order", "id")),
        dependencies=list(Dependency.objects.filter(plan=plan).order_by("id")),
        roles=roles_for_plan(plan),
        entries=list(Entry.objects.filter(plan=plan).defer("answers")),
        closures=_closures(plan),
        budget=plan_budget(plan),
    )


def _closures(plan: Plan) -> list[Closure]:
    """The school calendar; no query when the schedule has read it already (plan_closures)."""
    prefetch_related_objects([plan], "closures")
    return list(plan.closures.all())


def roles_text(roles: Sequence[tuple[str, str]]) -> str:
    """ "Maaswaal College (V), ROC (E)": each party with its VERI letters."""
    return ", ".join(f"{name} ({letters})" for name, letters in roles)


def _dmy(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def _escape(text: str) -> str:
    return text.replace("&", "&&")  # '&' starts a code in Excel's header and footer


def _print_setup(ws: Worksheet, plan: Plan, title_rows: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddHeader.left.text = _escape(plan.title)
    ws.oddHeader.right.text = ws.title
    ws.oddFooter.left.text = _escape(plan.organisation)
    ws.oddFooter.right.text = "Pagina &P van &N"


def _title(ws: Worksheet, text: str, subtitle: str) -> None:
    ws["A1"] = text
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = subtitle
    ws["A2"].font = Font(italic=True, color="595959")


def _header(ws: Worksheet, row: int, names: Sequence[str]) -> None:
    for col, name in enumerate(names, 1):
        cell = ws.cell(row=row, column=col, value=name)
        cell.font = Font(bold=True)
        cell.fill = _fill(HEADER_FILL)
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _fit_heights(
    ws: Worksheet, first_row: int, widths: Sequence[float], last_row: int | None = None
) -> None:
    """Row heights for wrapped text: spreadsheets do not grow a row that a program wrote."""
    for row in range(first_row, (last_row or ws.max_row) + 1):
        lines = 1
        for col, width in enumerate(widths, 1):
            value = ws.cell(row=row, column=col).value
            if isinstance(value, str) and width > 8:
                lines = max(lines, -(-len(value) // max(int(width * 1.2) - 2, 1)))
        if lines > 1:
            ws.row_dimensions[row].height = 15 * lines


def _colours(row: TableRow) -> tuple[str, str]:
    if row.done:
        return REACHED_COLOURS
    if row.late or row.infeasible:
        return LATE_COLOURS
    return PLANNED_COLOURS


def light_word(light: str) -> str:
    """The light's word in Dutch, as every sheet is: groen, oranje, rood, te laat, bereikt."""
    with translation.override("nl"):
        return str(LIGHT_LABELS[light])


def duration_word(text: str, calendar: bool) -> str | None:
    """A lead time in Dutch words, as every sheet is: "6 weken", "10 werkdagen"."""
    if not text:
        return None
    with translation.override("nl"):
        return duration_words(text, calendar)


def milestone_lights(rows: PlanRows, today: dt.date) -> dict[int, str]:
    """Each milestone's shown light, by the one rule (`monitoring.status.derive`)."""
    status = derive(
        rows.plan, rows.milestones, rows.activities, rows.workstreams, rows.entries, today=today
    )
    return {pk: item.shown for pk, item in status.milestones.items()}


def _milestone_sheet(
    ws: Worksheet, rows: PlanRows, schedule: PlanSchedule, today: dt.date, kind: PeriodKind
) -> None:
    """The milestone plan: the same rows as the web page's table, milestones without a
    workstream above the first "DEELPROJECT:" row; each milestone's light in "Status"."""
    plan = rows.plan
    columns = periods(plan.start_date.year, plan.end_date.year, kind)
    lights = ", ".join(light_word(light) for light in SHOWN_ORDER)
    legend = (
        f"balk = doorlooptijd, {DIAMOND} = deadline; blauw gepland, groen bereikt, rood te laat"
        f"; status = licht van de laatste update: {lights}"
    )
    period = f"{_dmy(plan.start_date)} t/m {_dmy(plan.end_date)}"
    subtitle = " · ".join(p for p in (plan.organisation, period, legend) if p)
    _title(ws, f"Mijlpalenplan: {plan.title}", subtitle)
    labels = [
        *L.PLAN_FIXED,
        *(p.label for p in columns),
        L.ROLES_HEADER,
        L.STATUS_HEADER,
        L.KEY_HEADER,
    ]
    _header(ws, L.PLAN_HEADER_ROW, labels)
    _year_row(ws, columns)
    groups = table_groups(
        rows.workstreams,
        rows.milestones,
        schedule,
        rows.roles,
        columns,
        today,
        lights=milestone_lights(rows, today),
    )
    row = L.PLAN_HEADER_ROW + 1
    for group in groups:
        if group.workstream is not None:
            _workstream_row(ws, row, group.workstream, rows.roles, len(columns))
            row += 1
        for table_row in group.rows:
            _milestone_row(ws, row, table_row, len(columns))
            row += 1
    widths = [6, 44, 12, 12, 12, *([5.5] * len(columns)), 42, 16]
    _widths(ws, widths)
    _fit_heights(ws, L.PLAN_HEADER_ROW + 1, widths)
    ws.row_dimensions[L.PLAN_HEADER_ROW].height = 30
    ws.freeze_panes = ws.cell(row=L.PLAN_HEADER_ROW + 1, column=FIRST_PERIOD).coordinate
    _print_setup(ws, plan, f"{L.PLAN_YEAR_ROW}:{L.PLAN_HEADER_ROW}")
    _hide_keys(ws, FIRST_PERIOD + len(columns) + 2)  # right after the roles and the status


def _year_row(ws: Worksheet, columns: list[Period]) -> None:
    """Above the period columns: each year once, across its columns."""
    col = FIRST_PERIOD
    for year, count in years(columns):
        cell = ws.cell(row=L.PLAN_YEAR_ROW, column=col, value=year)
        if count > 1:
            ws.merge_cells(
                start_row=L.PLAN_YEAR_ROW,
                start_column=col,
                end_row=L.PLAN_YEAR_ROW,
                end_column=col + count - 1,
            )
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        for c in range(col, col + count):
            ws.cell(row=L.PLAN_YEAR_ROW, column=c).fill = _fill(HEADER_FILL)
            ws.cell(row=L.PLAN_YEAR_ROW, column=c).border = BORDER
        col += count


def _workstream_row(
    ws: Worksheet, row: int, workstream: Workstream, roles: Roles, periods_count: int
) -> None:
    """ "DEELPROJECT: name" across the row, with the workstream's roles."""
    roles_col = FIRST_PERIOD + periods_count
    ws.cell(row=row, column=1, value=f"{L.WORKSTREAM_PREFIX} {workstream.name}")
    ws.cell(
        row=row,
        column=roles_col,
        value=roles_text(roles.get(("workstream", workstream.pk), [])) or None,
    )
    ws.cell(row=row, column=roles_col + 2, value=workstream.key)
    for c in range(1, roles_col + 2):
        style(
            ws.cell(row=row, column=c),
            font=_font(bold=True),
            fill=_fill(GROUP_FILL),
            border=BORDER,
            alignment=_align(wrap_text=True, vertical="top") if c == roles_col else None,
        )


def _milestone_row(ws: Worksheet, row: int, table_row: TableRow, periods_count: int) -> None:
    """The milestone's own fields, its bar and deadline mark in the periods, its roles."""
    m = table_row.milestone
    lead_time = duration_word(m.lead_time, m.lead_time_calendar)
    values: list[object] = [m.number, m.title, m.deadline, lead_time, m.reached_on]
    for c, value in enumerate(values, 1):
        style(
            ws.cell(row=row, column=c, value=value),
            border=BORDER,
            alignment=_align(
                vertical="top", wrap_text=c == 2, horizontal=None if c == 2 else "center"
            ),
            number_format=L.DATE_FORMAT if isinstance(value, dt.date) else None,
        )
    bar, mark = _colours(table_row)
    centred = _align(horizontal="center", vertical="center")
    for c, period_cell in enumerate(table_row.cells, FIRST_PERIOD):
        cell = ws.cell(row=row, column=c)
        if period_cell.deadline:
            cell.value = DIAMOND
            style(
                cell,
                border=BORDER,
                alignment=centred,
                fill=_fill(mark),
                font=_font(bold=True, color="FFFFFF"),
            )
        else:
            fill = _fill(bar) if period_cell.filled else None
            style(cell, border=BORDER, alignment=centred, fill=fill)
    roles_col = FIRST_PERIOD + periods_count
    roles = ws.cell(row=row, column=roles_col, value=roles_text(table_row.roles) or None)
    style(roles, border=BORDER, alignment=_align(wrap_text=True, vertical="top"))
    _status_cell(ws, row, roles_col + 1, table_row.light)
    ws.cell(row=row, column=roles_col + 2, value=m.key)


def _status_cell(ws: Worksheet, row: int, column: int, light: str) -> None:
    """The light's word, the cell filled in the light's colour (the word says it without it)."""
    cell = ws.cell(row=row, column=column, value=light_word(light))
    alignment = _align(horizontal="center", vertical="top")
    if light != NONE:
        fill, ink = LIGHT_COLOURS[light]
        style(
            cell,
            border=BORDER,
            alignment=alignment,
            fill=_fill(fill),
            font=_font(bold=True, color=ink),
        )
    else:
        style(cell, border=BORDER, alignment=alignment, font=_font(italic=True, color="595959"))


def _matrix_rows(rows: PlanRows) -> list[tuple[str, Workstream | Milestone | Activity]]:
    """Workstream, its milestones, its activities; items without a workstream first."""
    out: list[tuple[str, Workstream | Milestone | Activity]] = []
    for workstream in [None, *rows.workstreams]:
        ws_id = workstream.pk if workstream is not None else None
        if workstream is not None:
            out.append(("workstream", workstream))
        out += [("milestone", m) for m in rows.milestones if m.workstream_id == ws_id]
        out += [("activity", a) for a in rows.activities if a.workstream_id == ws_id]
    return out


def _veri_sheet(ws: Worksheet, rows: PlanRows) -> None:
    plan = rows.plan
    _title(
        ws,
        f"VERI-matrix: {plan.title}",
        "Per deelproject, mijlpaal en activiteit: welke partij welke rol heeft",
    )
    parties = [p.name for p in rows.parties]
    _header(ws, L.VERI_HEADER_ROW, [*L.VERI_FIXED, *parties])
    row = L.VERI_HEADER_ROW + 1
    for kind, item in _matrix_rows(rows):
        letters = dict(rows.roles.get((kind, item.pk), []))
        workstream = (
            item.name
            if isinstance(item, Workstream)
            else (item.workstream.name if item.workstream else None)
        )
        name = item.name if isinstance(item, Workstream) else item.title
        values: list[object] = [
            L.ROW_KINDS[kind],
            workstream,
            name,
            *(letters.get(p) for p in parties),
        ]
        for c, value in enumerate(values, 1):
            group = kind == "workstream"
            style(
                ws.cell(row=row, column=c, value=value),
                border=BORDER,
                alignment=_align(
                    vertical="top", wrap_text=c in (2, 3), horizontal="center" if c > 3 else None
                ),
                fill=_fill(GROUP_FILL) if group else None,
                font=_font(bold=True) if group or (c > 3 and value and "E" in str(value)) else None,
            )
        row += 1
    last_row = row - 1
    row += 1
    ws.cell(row=row, column=1, value=L.LEGEND).font = Font(bold=True)
    for letter, meaning in L.VERI_LEGEND:
        row += 1
        ws.cell(row=row, column=1, value=letter).alignment = Alignment(horizontal="center")
        ws.cell(row=row, column=2, value=meaning)
    widths = [13, 26, 44, *([14] * len(parties))]
    _widths(ws, widths)
    _fit_heights(ws, L.VERI_HEADER_ROW + 1, widths[:3], last_row)
    ws.row_dimensions[L.VERI_HEADER_ROW].height = 45
    ws.freeze_panes = ws.cell(row=L.VERI_HEADER_ROW + 1, column=len(L.VERI_FIXED) + 1).coordinate
    _print_setup(ws, plan, f"{L.VERI_HEADER_ROW}:{L.VERI_HEADER_ROW}")


def _activity_sheet(ws: Worksheet, rows: PlanRows, schedule: PlanSchedule) -> None:
    plan = rows.plan
    _title(
        ws,
        f"Activiteitenplan: {plan.title}",
        "Per fase en BOP-domein. Start en Eind berekent de planning; "
        "ze worden bij het inlezen niet gebruikt.",
    )
    _header(ws, L.ACTIVITY_HEADER_ROW, [*L.ACTIVITY_HEADERS, L.KEY_HEADER])
    phase_index = {p.pk: i for i, p in enumerate(rows.phases)}
    domain_index = {d.pk: i for i, d in enumerate(rows.domains)}
    position = {a.pk: i for i, a in enumerate(rows.activities)}
    ordered = sorted(
        rows.activities,
        key=lambda a: (
            phase_index.get(a.phase_id, len(phase_index)) if a.phase_id else len(phase_index),
            domain_index.get(a.domain_id, len(domain_index)) if a.domain_id else len(domain_index),
            position[a.pk],
        ),
    )
    row = L.ACTIVITY_HEADER_ROW + 1
    current: object = object()
    width = len(L.ACTIVITY_HEADERS)
    for a in ordered:
        if a.phase_id != current:
            current = a.phase_id
            ws.cell(
                row=row,
                column=1,
                value=f"{L.PHASE_PREFIX} {a.phase.name if a.phase else L.NO_PHASE}",
            )
            for c in range(1, width + 1):
                style(
                    ws.cell(row=row, column=c),
                    font=_font(bold=True),
                    fill=_fill(GROUP_FILL),
                    border=BORDER,
                )
            row += 1
        dates = schedule.activities.get(a.pk)
        values: list[object] = [
            a.phase.name if a.phase else None,
            a.domain.name if a.domain else None,
            a.title,
            a.why or None,
            a.result or None,
            a.milestone.title if a.milestone else None,
            a.workstream.name if a.workstream else None,
            duration_word(a.duration, a.duration_calendar),
            dates.start if dates else None,
            dates.finish if dates else None,
            a.actual_start,
            a.actual_finish,
        ]
        for c, value in enumerate(values, 1):
            style(
                ws.cell(row=row, column=c, value=value),
                border=BORDER,
                alignment=_align(vertical="top", wrap_text=True),
                number_format=L.DATE_FORMAT if isinstance(value, dt.date) else None,
            )
        ws.cell(row=row, column=L.ACTIVITY_KEY_COLUMN, value=a.key)
        row += 1
    widths = [13, 13, 36, 30, 28, 30, 24, 7, 11, 11, 11, 11]
    _widths(ws, widths)
    _fit_heights(ws, L.ACTIVITY_HEADER_ROW + 1, widths)
    ws.freeze_panes = ws.cell(row=L.ACTIVITY_HEADER_ROW + 1, column=4).coordinate
    _print_setup(ws, plan, f"{L.ACTIVITY_HEADER_ROW}:{L.ACTIVITY_HEADER_ROW}")
    _hide_keys(ws, L.ACTIVITY_KEY_COLUMN)


def _hide_keys(ws: Worksheet, column: int) -> None:
    """The key column is for the importer: hidden, and left out when the sheet is printed."""
    ws.column_dimensions[get_column_letter(column)].hidden = True
    ws.print_area = f"A1:{get_column_letter(column - 1)}{ws.max_row}"


def _keyed(values: list[object], keys: dict[int, str]) -> list[object]:
    """A row of Gegevens: its values, then each stable key in its column."""
    row = values + [None] * (max(keys) - len(values))
    for column, key in keys.items():
        row[column - 1] = key
    return row


def _item_ref(item: Milestone | Activity) -> list[object]:
    kind = "milestone" if isinstance(item, Milestone) else "activity"
    return [L.ITEM_KINDS[kind], item.workstream.name if item.workstream else None, item.title]


def _has_details(m: Milestone) -> bool:
    return bool(m.result or m.effort_hours is not None or m.is_quick_win or m.is_decision_point)


def _details(m: Milestone) -> list[object]:
    """A row ‘mijlpaal’: what the Mijlpalenplan does not show of a milestone, and its key."""
    values: list[object] = [
        "mijlpaal",
        m.workstream.name if m.workstream else None,
        m.title,
        m.result or None,
        m.effort_hours,
        "ja" if m.is_quick_win else None,
        "ja" if m.is_decision_point else None,
    ]
    return _keyed(values, {L.DETAILS_KEY_COLUMN: m.key})


def _data_sheet(ws: Worksheet, rows: PlanRows) -> None:
    """Hidden: the plan's own fields, its phases, domains, party details and dependencies."""
    plan = rows.plan
    _header(ws, 1, L.DATA_HEADERS)
    data: list[list[object]] = [
        ["formaat", L.FORMAT],
        ["titel", plan.title],
        ["organisatie", plan.organisation or None],
        ["visie", plan.vision or None],
        ["start", plan.start_date],
        ["eind", plan.end_date],
        ["regio", plan.region or None],
        ["planning", plan.scheduling],
    ]
    data += [["fase", p.name] for p in rows.phases]
    data += [["domein", d.name] for d in rows.domains]
    data += [
        _keyed(
            ["partij", p.name, p.kind, p.role_title or None, p.email or None],
            {L.PARTY_KEY_COLUMN: p.key},
        )
        for p in rows.parties
    ]
    data += [
        ["deelproject", w.name, w.description or None, w.owner.name if w.owner else None]
        for w in rows.workstreams
        if w.description or w.owner
    ]
    data += [_details(m) for m in rows.milestones if _has_details(m)]
    items: dict[tuple[str, int], Milestone | Activity] = {
        ("milestone", m.pk): m for m in rows.milestones
    }
    items.update((("activity", a.pk), a) for a in rows.activities)
    before, after = L.DEPENDENCY_KEY_COLUMNS
    for d in rows.dependencies:
        pred, succ = items[d.predecessor_ref], items[d.successor_ref]
        values = ["afhankelijkheid", *_item_ref(pred), *_item_ref(succ), d.type, d.lag or "0d"]
        data.append(_keyed(values, {before: pred.key, after: succ.key}))
    data += [
        _keyed(
            ["sluiting", c.name, c.kind, c.start_date, c.end_date, c.policy, c.note or None],
            {L.CLOSURE_KEY_COLUMN: c.key},
        )
        for c in rows.closures
    ]
    data += project_role_rows(rows.plan)
    for r, values in enumerate(data, 2):
        for c, value in enumerate(values, 1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, dt.date):
                cell.number_format = L.DATE_FORMAT
    _widths(ws, [16, 36, 24, 36, 12, 24, 36, 10, 8, 10, 10])
    ws.freeze_panes = "A2"
    ws.sheet_state = "hidden"


def _budget_sheet(workbook: Workbook, rows: PlanRows) -> None:
    """The "Begroting" sheet, after the sheets the importer reads; it does not import it."""
    if rows.budget is not None:
        budget_sheet(workbook.create_sheet(BUDGET_SHEET), rows.budget)


def project_role_rows(plan: Plan) -> list[list[object]]:
    """Rows ‘projectrol’ of Gegevens: opdrachtgever, projectleider and each member of the
    stuurgroep, with the party's name (one query)."""
    roles = load_roles(plan)
    named = [
        (RoleKind.COMMISSIONER, roles.commissioner),
        (RoleKind.PROJECT_LEADER, roles.project_leader),
    ]
    out: list[list[object]] = [
        ["projectrol", str(kind), party.name] for kind, party in named if party
    ]
    out += [["projectrol", str(RoleKind.STEERING), party.name] for party in roles.steering]
    return out


def build_workbook(
    rows: PlanRows, schedule: PlanSchedule, *, today: dt.date, kind: PeriodKind = "quarter"
) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = L.PLAN_SHEET
    _milestone_sheet(sheet, rows, schedule, today, kind)
    _veri_sheet(workbook.create_sheet(L.VERI_SHEET), rows)
    _activity_sheet(workbook.create_sheet(L.ACTIVITY_SHEET), rows, schedule)
    _data_sheet(workbook.create_sheet(L.DATA_SHEET), rows)
    _budget_sheet(workbook, rows)
    no_formulas(workbook)
    workbook.properties.title = rows.plan.title
    workbook.properties.creator = "Mijlpaal"
    return workbook

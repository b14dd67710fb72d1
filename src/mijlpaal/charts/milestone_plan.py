"""The milestone plan page (mijlpalenplan): the plan's rows loaded, the table built and filtered.

The table's rows are the workbook's Mijlpalenplan rows (`charts.table`); the page adds its filters
and shows the roles in the interface language (VERI letters, or RACI in English). Its columns run
from the plan's first quarter to its last; the header marks the school holidays and the closures
(toetsweek, studiedag, …) of the plan's calendar.

Speed: a row's period cells are built here as HTML, once, and its link from one reversed URL;
the template only loops over the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace
from typing import Any

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from mijlpaal import clock, planning
from mijlpaal.charts.table import (
    BAND_NAMES,
    Cell,
    PeriodKind,
    Roles,
    Stretch,
    TableFilter,
    TableGroup,
    TableRow,
    filtered,
    header_bands,
    plan_periods,
    position,
    span_of,
    table_groups,
    years,
)
from mijlpaal.decisions.baselines import baseline_schedule
from mijlpaal.decisions.models import Baseline
from mijlpaal.i18n import current_language
from mijlpaal.monitoring.queries import load_progress
from mijlpaal.monitoring.status import LIGHT_LABELS, SHOWN_ORDER
from mijlpaal.plans import scheduling
from mijlpaal.plans.holiday_data import plan_school_holidays
from mijlpaal.plans.models import Goal, Party, Plan
from mijlpaal.plans.templatetags.mijlpaal import shortdate
from mijlpaal.responsibilities.queries import display_letters, roles_for_plan

# A primary key no plan reaches: reversed once, then replaced by each milestone's own.
_PK = 987654321


def milestone_plan_context(
    plan: Plan, period_kind: PeriodKind, selected: TableFilter, baseline: Baseline | None = None
) -> dict[str, Any]:
    """What the page shows: a fixed number of queries, whatever the size of the plan.

    The rows, the logbook and the schedule are loaded once (`load_progress`); each row shows its
    milestone's light as the progress pages derive it, and with a `baseline` its deadline there
    when that differs from the current one (one query more).
    """
    today = clock.today()
    progress = load_progress(plan, today=today, logbook=False)
    workstreams = progress.workstreams
    parties = list(Party.objects.filter(plan=plan))
    fixed = baseline_deadlines(baseline) if baseline is not None else {}
    first, last = span_of(plan.start_date, plan.end_date, progress.milestones, progress.schedule)
    first, last = min([first, *fixed.values()]), max([last, *fixed.values()])
    columns = plan_periods(first, last, period_kind)
    groups = table_groups(
        workstreams,
        progress.milestones,
        progress.schedule,
        _roles(plan),
        columns,
        today,
        lights={pk: status.shown for pk, status in progress.status.milestones.items()},
    )
    groups = [replace(g, rows=[_with_baseline(row, fixed) for row in g.rows]) for g in groups]
    party_name = next((p.name for p in parties if p.pk == selected.party), None)
    bands = header_bands(columns, _stretches(plan))
    return {
        "groups": _with_html(plan, filtered(groups, selected, party_name), baseline),
        "columns": columns,
        "header": list(zip(columns, bands, strict=True)),
        "band_legend": [
            (kind, BAND_NAMES[kind])
            for kind in BAND_NAMES
            if any(b.kind == kind for column in bands for b in column)
        ],
        "years": years(columns),
        "total_columns": len(columns) + 3,  # and the number, the title and the roles
        "period_kind": period_kind,
        "selected": asdict(selected),
        "filtered": selected.active,
        "workstreams": workstreams,
        "goals": list(Goal.objects.filter(plan=plan).order_by("order", "id")),
        "parties": parties,
        "today": today,
        "light_legend": [(light, LIGHT_LABELS[light]) for light in SHOWN_ORDER],
    }


def baseline_deadlines(baseline: Baseline) -> dict[int, dt.date]:
    """Each milestone's deadline in the baseline, by its primary key (one query)."""
    items = baseline_schedule(baseline).items
    return {
        pk: dates.deadline
        for (kind, pk), dates in items.items()
        if kind == "milestone" and dates.deadline is not None
    }


def _with_baseline(row: TableRow, fixed: dict[int, dt.date]) -> TableRow:
    """The row with its baseline deadline, when that differs from its deadline now."""
    day = fixed.get(row.milestone.pk)
    if day is None or day == row.milestone.deadline:
        return row
    return replace(row, baseline_deadline=day)


def _roles(plan: Plan) -> Roles:
    """Each row's parties with their VERI letters (RACI letters in English)."""
    language = current_language()
    return {
        key: [(name, display_letters(letters, language)) for name, letters in value]
        for key, value in roles_for_plan(plan).items()
    }


def _stretches(plan: Plan) -> list[Stretch]:
    """The school holidays of the plan's region and its closures, from the calendar the schedule
    uses: (kind, title, first day, last day)."""
    school_holidays = plan_school_holidays(plan)
    calendar = scheduling.plan_calendar(plan, school_holidays)
    return calendar_stretches(calendar.school_holidays, calendar.spec.closures)


def calendar_stretches(
    holidays: Iterable[planning.SchoolHoliday], closures: Iterable[planning.Closure]
) -> list[Stretch]:
    """(kind, title, first day, last day) of each school holiday and closure."""

    def dates(start: dt.date, end: dt.date) -> str:
        return shortdate(start) if start == end else f"{shortdate(start)} – {shortdate(end)}"

    out = [
        ("holiday", f"{h.name}: {dates(h.start, h.end)}", h.start, h.end)
        for h in sorted(holidays, key=lambda h: h.start)
    ]
    out += [
        (c.kind, f"{BAND_NAMES[c.kind]}: {c.name}, {dates(c.start, c.end)}", c.start, c.end)
        for c in sorted(closures, key=lambda c: c.start)
    ]
    return out


def _with_html(
    plan: Plan, groups: Sequence[TableGroup], baseline: Baseline | None = None
) -> list[TableGroup]:
    """Each row with its link and its period cells as HTML, built once."""
    pattern = reverse("plans:item_detail", args=[plan.pk, "milestone", _PK])
    deadline = escape(_("deadline"))
    fixed = escape(_("deadline in “%(name)s”") % {"name": baseline.name}) if baseline else ""

    def page_row(row: TableRow) -> TableRow:
        html = timeline_html(row.cells, deadline, (row.baseline_deadline, fixed))
        return replace(
            row,
            url=pattern.replace(str(_PK), str(row.milestone.pk)),
            timeline=mark_safe(html),  # its parts are escaped
        )

    return [replace(g, rows=[page_row(row) for row in g.rows]) for g in groups]


def timeline_html(
    cells: Iterable[Cell], deadline: str, fixed: tuple[dt.date | None, str] = (None, "")
) -> str:
    """The period cells of one row: the bar from and to its place in each cell, the deadline's
    ◆ at its day; a baseline's other deadline as ◇ at its day (`fixed`: the day and the mark's
    escaped label; the row's text says it in words too). `deadline` is the escaped word for the
    mark's label."""
    out = []
    fixed_day, fixed_label = fixed
    for cell in cells:
        p = cell.period
        inner = ""
        if cell.filled:
            inner = f'<span class="bar from-{cell.bar_from} to-{cell.bar_to}"></span>'
        if fixed_day is not None and p.contains(fixed_day):
            at = position(p, fixed_day, 0.5)
            inner += (
                f'<span class="mark baseline-mark at-{at}" title="{fixed_label}" '
                'aria-hidden="true">◇</span>'
            )
        if cell.deadline:
            inner += f'<span class="mark at-{cell.mark_at}" aria-label="{deadline}">◆</span>'
        out.append(f'<td class="{cell.css_class}" title="{p.label} {p.year}">{inner}</td>')
    return "".join(out)

"""The milestone plan table and the Gantt chart: access, the query string, the response.

Both read the computed schedule; neither schedules.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mijlpaal import clock
from mijlpaal.charts import table
from mijlpaal.charts.gantt import ZOOMS, Zoom, render_gantt
from mijlpaal.charts.gantt_rows import counts, gantt_input
from mijlpaal.charts.table import is_infeasible
from mijlpaal.pages import plan_context
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Goal, Membership, Milestone, Party, Plan, Role, Workstream
from mijlpaal.plans.scheduling import compute_schedule
from mijlpaal.responsibilities.queries import display_letters, roles_for_plan


def _roles(plan: Plan, language: str) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """Each row's parties with their VERI letters (RACI letters in English)."""
    return {
        key: [(name, display_letters(letters, language)) for name, letters in value]
        for key, value in roles_for_plan(plan).items()
    }


def _language() -> str:
    return (get_language() or "nl")[:2]


def _ctx(plan: Plan, membership: Membership, **extra: Any) -> dict[str, Any]:
    return {
        "plan": plan,
        "membership": membership,
        "section": "charts",
        "can_edit": membership.has_role(Role.EDITOR),
        "is_owner": membership.has_role(Role.OWNER),
        **extra,
    }


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _milestone_sort_key(m: Milestone) -> tuple[int, int, int, int]:
    # By number as the plan numbers them; unnumbered ones after, in the plan's order.
    return (m.number is None, m.number or 0, m.order, m.pk)


# --- the milestone plan table ---------------------------------------------------------------------


@dataclass
class TableRow:
    number: str
    milestone: Milestone
    cells: list[table.Cell]
    roles: list[tuple[str, str]]
    start: dt.date | None
    late: bool
    infeasible: bool
    done: bool


@dataclass
class TableGroup:
    number: int
    name: str
    workstream_id: int | None
    rows: list[TableRow] = field(default_factory=list)


@login_required
@require_GET
def milestone_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    period_kind: table.PeriodKind = "half" if request.GET.get("period") == "half" else "quarter"
    workstream_filter = _int_param(request, "workstream")
    goal_filter = _int_param(request, "goal")
    party_filter = _int_param(request, "party")
    today = clock.today()
    language = _language()

    workstreams = list(Workstream.objects.filter(plan=plan).order_by("order", "id"))
    milestones = sorted(Milestone.objects.filter(plan=plan), key=_milestone_sort_key)
    goals = list(Goal.objects.filter(plan=plan).order_by("order", "id"))
    parties = list(Party.objects.filter(plan=plan))
    schedule = compute_schedule(plan, today=today)
    roles = _roles(plan, language)
    party_name = next((p.name for p in parties if p.pk == party_filter), None)

    columns = table.periods(plan.start_date.year, plan.end_date.year, period_kind)
    groups = [TableGroup(i + 1, w.name, w.pk) for i, w in enumerate(workstreams)]
    by_workstream = {g.workstream_id: g for g in groups}
    loose = TableGroup(len(groups) + 1, _("Not in a workstream"), None)
    for m in milestones:
        group = by_workstream.get(m.workstream_id, loose)
        dates = schedule.milestones.get(m.pk)
        done = m.reached_on is not None
        row_roles = roles.get(("milestone", m.pk), [])
        # Numbered per workstream before filtering, so a filtered row keeps its number.
        number = f"{group.number}.{len(group.rows) + 1}"
        group.rows.append(
            TableRow(
                number=number,
                milestone=m,
                cells=table.cells(
                    columns,
                    dates.start if dates else None,
                    m.deadline or (dates.finish if dates else None),
                ),
                roles=row_roles,
                start=dates.start if dates else None,
                late=m.is_late(today),
                infeasible=is_infeasible(dates, done),
                done=done,
            )
        )
    if loose.rows:
        groups.append(loose)

    def shown(row: TableRow) -> bool:
        if goal_filter is not None and row.milestone.goal_id != goal_filter:
            return False
        return party_name is None or any(name == party_name for name, _letters in row.roles)

    visible = []
    for group in groups:
        if workstream_filter is not None and group.workstream_id != workstream_filter:
            continue
        group.rows = [r for r in group.rows if shown(r)]
        if group.rows or (goal_filter is None and party_filter is None):
            visible.append(group)

    return render(
        request,
        "charts/milestone_plan.html",
        _ctx(
            plan,
            membership,
            groups=visible,
            columns=columns,
            years=table.years(columns),
            period_kind=period_kind,
            workstreams=workstreams,
            goals=goals,
            parties=parties,
            selected={"workstream": workstream_filter, "goal": goal_filter, "party": party_filter},
            filtered=workstream_filter is not None
            or goal_filter is not None
            or party_filter is not None,
            schedule=schedule,
            today=today,
            total_columns=len(columns) + 3,
        ),
    )


# --- the Gantt chart ------------------------------------------------------------------------------


def _zoom(request: HttpRequest) -> Zoom:
    value = request.GET.get("zoom", "quarter")
    return next((zoom for zoom in ZOOMS if zoom == value), "quarter")


@login_required
@require_GET
def gantt(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    zoom = _zoom(request)
    data = gantt_input(plan, zoom)
    return render(
        request,
        "charts/gantt.html",
        plan_context(
            plan,
            membership,
            "charts",
            svg=render_gantt(data),
            zoom=zoom,
            zooms=ZOOMS,
            counts=counts(data),
        ),
    )


def _download(content: str | bytes, content_type: str, plan: Plan, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = f"gantt-{slugify(plan.title) or plan.pk}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def gantt_svg(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id)
    svg = render_gantt(gantt_input(plan, _zoom(request), heading=True))
    return _download(svg, "image/svg+xml; charset=utf-8", plan, "svg")


def svg_to_pdf(svg: str) -> bytes:
    """A PDF of the chart, through CairoSVG (needs the cairo library: Debian's libcairo2)."""
    cairosvg: Any = importlib.import_module("cairosvg")  # no type stubs
    pdf: bytes = cairosvg.svg2pdf(bytestring=svg.encode("utf-8"))
    return pdf


@login_required
@require_GET
def gantt_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id)
    try:
        pdf = svg_to_pdf(render_gantt(gantt_input(plan, _zoom(request), heading=True)))
    except (ImportError, OSError):  # cairosvg or the cairo library is missing on this server
        messages.error(
            request,
            _(
                "PDF export is not available on this server (the cairo library is missing); "
                "download the SVG instead."
            ),
        )
        return redirect(reverse("charts:gantt", args=[plan.pk]) + f"?zoom={_zoom(request)}")
    return _download(pdf, "application/pdf", plan, "pdf")

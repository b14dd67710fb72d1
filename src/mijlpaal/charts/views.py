"""The milestone plan table and the Gantt chart. Both read the computed schedule; neither schedules."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mijlpaal import clock, planning
from mijlpaal.charts import table
from mijlpaal.charts.gantt import (
    ZOOMS,
    GanttInput,
    GanttLink,
    GanttRow,
    GanttTexts,
    Shading,
    Zoom,
    chart_range,
    render_gantt,
)
from mijlpaal.plans import scheduling
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import (
    Activity,
    Dependency,
    Goal,
    Membership,
    Milestone,
    Party,
    Plan,
    Role,
    Workstream,
)
from mijlpaal.plans.scheduling import ItemDates, PlanSchedule, compute_schedule
from mijlpaal.plans.templatetags.mijlpaal import MONTH_ABBR, shortdate
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


def _is_infeasible(dates: ItemDates | None, done: bool) -> bool:
    return not done and dates is not None and dates.slack is not None and dates.slack < 0


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
                infeasible=_is_infeasible(dates, done),
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
    for zoom in ZOOMS:
        if zoom == value:
            return zoom
    return "quarter"


def _texts() -> GanttTexts:
    return GanttTexts(
        title=_("Gantt chart"),
        today=_("today"),
        legend={
            "normal": _("activity"),
            "lead_time": _("lead time to a milestone"),
            "critical": _("critical path"),
            "done": _("done"),
            "milestone": _("milestone"),
            "deadline": _("deadline"),
            "slack": _("slack"),
            "holiday": _("school holiday"),
            "public_holiday": _("public holiday"),
        },
        months=MONTH_ABBR.get(_language(), MONTH_ABBR["en"]),
    )


def _school_holidays() -> tuple[planning.SchoolHoliday, ...]:
    """Shipped and imported school holidays: the same ones the schedule was computed with."""
    return planning.load_school_holidays(settings.MIJLPAAL_DATA_DIR)


def _shadings(
    plan: Plan, first: dt.date, last: dt.date, school_holidays: tuple[planning.SchoolHoliday, ...]
) -> list[Shading]:
    """School holidays of the plan's region and the public holidays between two dates."""
    out: list[Shading] = []
    if plan.region:
        for holiday in school_holidays:
            if holiday.region == plan.region and holiday.start <= last and first <= holiday.end:
                out.append(Shading(holiday.start, holiday.end, holiday.name, "school"))
    english = _language() == "en"
    for year in range(first.year, last.year + 1):
        for day, (name_nl, name_en) in sorted(planning.public_holidays(year).items()):
            if first <= day <= last:
                out.append(Shading(day, day, name_en if english else name_nl, "public"))
    return out


def gantt_input(plan: Plan, zoom: Zoom, *, heading: bool = False) -> GanttInput:
    """Load the plan's rows, compute the schedule and turn both into the renderer's input."""
    today = clock.today()
    workstreams = list(Workstream.objects.filter(plan=plan).order_by("order", "id"))
    milestones = sorted(Milestone.objects.filter(plan=plan), key=_milestone_sort_key)
    activities = list(Activity.objects.filter(plan=plan).order_by("order", "id"))
    dependencies = list(Dependency.objects.filter(plan=plan))
    schedule = compute_schedule(plan, today=today)
    data = build_gantt_input(
        plan, zoom, today, workstreams, milestones, activities, dependencies, schedule
    )
    if heading:
        data = replace(data, heading=f"{plan.title} — {_('Gantt chart')} · {shortdate(today)}")
    return data


def build_gantt_input(
    plan: Plan,
    zoom: Zoom,
    today: dt.date,
    workstreams: list[Workstream],
    milestones: list[Milestone],
    activities: list[Activity],
    dependencies: list[Dependency],
    schedule: PlanSchedule,
) -> GanttInput:
    """Rows grouped by workstream: each milestone after the activities that lead to it."""
    school_holidays = _school_holidays()
    calendar = scheduling.plan_calendar(plan, school_holidays)

    def slack_span(d: ItemDates | None) -> tuple[dt.date | None, dt.date | None]:
        """The float as dates: after the finish (planned early) or before the start (planned late)."""
        if d is None or d.start is None or d.finish is None or not d.slack or d.slack <= 0:
            return None, None
        if d.late_start is not None and d.late_start > d.start:
            return d.finish + dt.timedelta(days=1), calendar.add_working_days(d.finish, d.slack)
        return calendar.add_working_days(d.start, -d.slack), d.start - dt.timedelta(days=1)

    def milestone_row(m: Milestone) -> GanttRow:
        d = schedule.milestones.get(m.pk)
        done = m.reached_on is not None
        late, infeasible = m.is_late(today), _is_infeasible(d, done)
        note = (
            _("late")
            if late
            else (_("cannot be done in time") if infeasible else (_("reached") if done else ""))
        )
        finish = m.reached_on or (d.finish if d else None) or m.deadline
        start = d.start if d and d.start else finish
        if start is not None and finish is not None and start > finish:
            start = finish
        slack = slack_span(d)
        return GanttRow(
            key=f"m{m.pk}",
            kind="milestone",
            label=m.label,
            url=reverse("plans:item_detail", args=[plan.pk, "milestone", m.pk]),
            start=start,
            finish=finish,
            deadline=m.deadline,
            slack_start=slack[0],
            slack_end=slack[1],
            critical=bool(d and d.critical) and not done,
            done=done,
            late=late,
            infeasible=infeasible,
            note=note,
        )

    def activity_row(a: Activity) -> GanttRow:
        d = schedule.activities.get(a.pk)
        done = a.actual_finish is not None
        infeasible = _is_infeasible(d, done)
        start = a.actual_start or (d.start if d else None)
        finish = a.actual_finish or (d.finish if d else None)
        if start is not None and finish is not None and start > finish:
            start = finish
        slack = slack_span(d)
        return GanttRow(
            key=f"a{a.pk}",
            kind="activity",
            label=a.title,
            url=reverse("plans:item_detail", args=[plan.pk, "activity", a.pk]),
            start=start,
            finish=finish,
            slack_start=slack[0],
            slack_end=slack[1],
            critical=bool(d and d.critical) and not done,
            done=done,
            infeasible=infeasible,
            note=_("finished") if done else (_("cannot be done in time") if infeasible else ""),
        )

    by_milestone: dict[int, list[Activity]] = {}
    milestone_ids = {m.pk for m in milestones}
    for a in activities:
        if a.milestone_id in milestone_ids:
            by_milestone.setdefault(a.milestone_id, []).append(a)

    rows: list[GanttRow] = []
    groups: list[tuple[str, str, int | None]] = [(f"w{w.pk}", w.name, w.pk) for w in workstreams]
    known = {w.pk for w in workstreams}
    groups.append(("w-none", _("Not in a workstream"), None))
    for key, name, workstream_id in groups:
        group_rows: list[GanttRow] = []
        for m in milestones:
            in_group = m.workstream_id == workstream_id or (
                workstream_id is None and m.workstream_id not in known
            )
            if in_group:
                group_rows.extend(activity_row(a) for a in by_milestone.get(m.pk, []))
                group_rows.append(milestone_row(m))
        for a in activities:
            in_group = a.workstream_id == workstream_id or (
                workstream_id is None and a.workstream_id not in known
            )
            if in_group and a.milestone_id not in milestone_ids:
                group_rows.append(activity_row(a))
        if group_rows or workstream_id is not None:
            rows.append(GanttRow(key=key, kind="workstream", label=name))
            rows.extend(group_rows)

    links: list[GanttLink] = []
    for dep in dependencies:
        source = (
            f"m{dep.predecessor_milestone_id}"
            if dep.predecessor_milestone_id
            else f"a{dep.predecessor_activity_id}"
        )
        target = (
            f"m{dep.successor_milestone_id}"
            if dep.successor_milestone_id
            else f"a{dep.successor_activity_id}"
        )
        links.append(GanttLink(source, target, "dependency"))
    for a in activities:
        if a.milestone_id in milestone_ids:
            links.append(GanttLink(f"a{a.pk}", f"m{a.milestone_id}", "leads_to"))

    data = GanttInput(
        start=plan.start_date,
        end=plan.end_date,
        today=today,
        zoom=zoom,
        rows=rows,
        links=links,
        texts=_texts(),
    )
    first, last = chart_range(data)
    return GanttInput(
        start=data.start,
        end=data.end,
        today=today,
        zoom=zoom,
        rows=rows,
        links=links,
        shadings=_shadings(plan, first, last, school_holidays),
        texts=data.texts,
    )


@login_required
@require_GET
def gantt(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    zoom = _zoom(request)
    data = gantt_input(plan, zoom)
    counts = {
        "milestones": sum(1 for r in data.rows if r.kind == "milestone"),
        "activities": sum(1 for r in data.rows if r.kind == "activity"),
        "critical": sum(1 for r in data.rows if r.critical),
    }
    return render(
        request,
        "charts/gantt.html",
        _ctx(plan, membership, svg=render_gantt(data), zoom=zoom, zooms=ZOOMS, counts=counts),
    )


def _filename(plan: Plan, extension: str) -> str:
    return f"gantt-{slugify(plan.title) or plan.pk}.{extension}"


@login_required
@require_GET
def gantt_svg(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id)
    svg = render_gantt(gantt_input(plan, _zoom(request), heading=True))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, "svg")}"'
    return response


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
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, "pdf")}"'
    return response

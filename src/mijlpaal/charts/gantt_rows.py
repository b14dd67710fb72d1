"""From a plan's rows and its computed schedule to the Gantt chart's input (`GanttInput`).

The chart reads the schedule; it never schedules. Rows are grouped and ordered as the milestone
table groups them (`table_groups`), each milestone after the activities that lead to it; the texts
are translated here, so the renderer stays pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.translation import gettext as _

from mijlpaal import clock, planning
from mijlpaal.charts.gantt import (
    GanttInput,
    GanttLink,
    GanttRow,
    GanttTexts,
    RowKind,
    Shading,
    Zoom,
    chart_range,
)
from mijlpaal.charts.table import BAND_NAMES, is_infeasible, table_groups
from mijlpaal.decisions.baselines import Dates, Ref, baseline_schedule
from mijlpaal.decisions.models import Baseline
from mijlpaal.decisions.nogo import critical_without, no_go_roots, stopped_refs
from mijlpaal.i18n import current_language
from mijlpaal.monitoring.models import Light
from mijlpaal.monitoring.queries import load_progress
from mijlpaal.monitoring.status import LATE, LIGHT_LABELS, NONE
from mijlpaal.planning.text import MONTH_ABBR
from mijlpaal.plans import scheduling
from mijlpaal.plans.holiday_data import plan_school_holidays
from mijlpaal.plans.models import Activity, Dependency, Milestone, Plan, Workstream
from mijlpaal.plans.scheduling import ItemDates, PlanSchedule
from mijlpaal.plans.templatetags.mijlpaal import shortdate

Span = tuple[dt.date | None, dt.date | None]
# A primary key no plan reaches: a link reversed once, then given each item's own kind and key.
_PK = 987654321


def chart_key(kind: str, pk: int) -> str:
    """A row's key in the chart: m<pk> for a milestone, a<pk> for an activity, w<pk> for a
    workstream's header."""
    return f"{kind[0]}{pk}"


def gantt_texts(baseline: Baseline | None = None) -> GanttTexts:
    """The chart's words and month names in the language of the request; the legend names the
    baseline the chart is compared with."""
    shown = (LATE, Light.RED, Light.ORANGE, Light.GREEN, Light.REACHED)
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
            "closure": _("closure (test week, study day, …)"),
            "baseline": _("baseline “%(name)s”") % {"name": baseline.name} if baseline else "",
            "stopped": _("stopped by a no-go decision"),
        },
        months=MONTH_ABBR[current_language()],
        lights={str(light): str(LIGHT_LABELS[light]) for light in shown},
        lights_title=_("status"),
    )


def gantt_input(
    plan: Plan, zoom: Zoom, *, heading: bool = False, baseline: Baseline | None = None
) -> GanttInput:
    """Load the plan's rows, its logbook and its schedule (`load_progress`: a fixed number of
    queries) and turn them into the renderer's input, each item with its current light; with a
    `baseline`, each item's dates in it too (one query more), drawn as a shadow bar."""
    today = clock.today()
    progress = load_progress(plan, today=today, logbook=False)
    status = progress.status
    lights = {chart_key("milestone", pk): s.shown for pk, s in status.milestones.items()}
    lights |= {chart_key("activity", pk): s.shown for pk, s in status.activities.items()}
    # No-go: what a decision stopped, and the critical path of the rest (one query more).
    roots = no_go_roots(plan)
    rows = (progress.milestones, progress.activities, progress.dependencies)
    stopped = stopped_refs(roots, progress.dependencies, progress.activities) if roots else set()
    critical = None
    if stopped:
        critical = critical_without(plan, stopped, rows, today=today, forecasts=progress.forecasts)
    data = build_gantt_input(
        plan,
        zoom,
        today,
        progress.workstreams,
        progress.milestones,
        progress.activities,
        progress.dependencies,
        progress.schedule,
        lights=lights,
        baseline=baseline,
        stopped=(frozenset(stopped), None if critical is None else frozenset(critical)),
    )
    if heading:
        title = f"{plan.title} — {data.texts.title} · {shortdate(today)}"
        if baseline is not None:
            title += " · " + _("compared with “%(name)s”") % {"name": baseline.name}
        data = replace(data, heading=title)
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
    lights: Mapping[str, str] | None = None,
    baseline: Baseline | None = None,
    stopped: tuple[frozenset[Ref], frozenset[Ref] | None] = (frozenset(), None),
) -> GanttInput:
    """Rows grouped as the milestone table groups them: each milestone after the activities that
    lead to it. `lights` maps a row's key to its shown light (`PlanStatus`); each row shows its
    dates in `baseline` when there is one. `stopped`: the items a no-go stopped, and the critical
    path without them (None: the schedule's own)."""
    school_holidays = plan_school_holidays(plan)
    calendar = scheduling.plan_calendar(plan, school_holidays)
    maker = RowMaker(
        today,
        schedule,
        calendar,
        reverse("plans:item_detail", args=[plan.pk, "milestone", _PK]),
        lights or {},
        baseline_schedule(baseline).items if baseline is not None else {},
        *stopped,
    )
    data = GanttInput(
        start=plan.start_date,
        end=plan.end_date,
        today=today,
        zoom=zoom,
        rows=_grouped_rows(maker, workstreams, milestones, activities),
        links=_links(dependencies, activities, {m.pk for m in milestones}),
        texts=gantt_texts(baseline),
        baseline=baseline is not None,
    )
    first, last = chart_range(data)
    return replace(
        data,
        shadings=shadings(plan, first, last, school_holidays)
        + closure_shadings(calendar.spec.closures, first, last),
    )


@dataclass(frozen=True)
class RowMaker:
    """Turns a milestone or an activity and its computed dates into a row of the chart."""

    today: dt.date
    schedule: PlanSchedule
    calendar: planning.WorkCalendar
    url_pattern: str  # a milestone's page, for the primary key `_PK`: reversed once
    lights: Mapping[str, str]
    baseline: Mapping[Ref, Dates]  # the compared baseline's dates per item; empty without one
    stopped: frozenset[Ref] = frozenset()  # stopped by a no-go decision
    critical: frozenset[Ref] | None = None  # the critical path without them; None: the schedule's

    def milestone(self, m: Milestone) -> GanttRow:
        d = self.schedule.milestones.get(m.pk)
        done = m.reached_on is not None
        late, infeasible = m.is_late(self.today), is_infeasible(d, done)
        finish = m.reached_on or (d.finish if d else None) or m.deadline
        start = d.start if d and d.start else finish
        if late:
            note = _("late")
        elif infeasible:
            note = _("cannot be done in time")
        else:
            note = _("reached") if done else ""
        row = self._row("milestone", m.pk, m.label, d, (start, finish), done=done)
        if row.stopped:
            return replace(row, deadline=m.deadline, note=_("stopped (no-go)"))
        return replace(
            row,
            deadline=m.deadline,
            late=late,
            infeasible=infeasible,
            note=self._with_light(row, note),
        )

    def activity(self, a: Activity) -> GanttRow:
        d = self.schedule.activities.get(a.pk)
        done = a.actual_finish is not None
        infeasible = is_infeasible(d, done)
        start = a.actual_start or (d.start if d else None)
        finish = a.actual_finish or (d.finish if d else None)
        row = self._row("activity", a.pk, a.title, d, (start, finish), done=done)
        if row.stopped:
            return replace(row, note=_("stopped (no-go)"))
        note = _("finished") if done else (_("cannot be done in time") if infeasible else "")
        return replace(row, infeasible=infeasible, note=self._with_light(row, note))

    @staticmethod
    def _with_light(row: GanttRow, note: str) -> str:
        """The note, after the light in words when the light says more than the note (a red,
        orange or green light; "te laat" and "bereikt" say themselves)."""
        if row.light in (Light.RED, Light.ORANGE, Light.GREEN):
            return f"{row.light_label} · {note}" if note else row.light_label
        return note

    def _row(
        self, kind: RowKind, pk: int, label: str, d: ItemDates | None, span: Span, *, done: bool
    ) -> GanttRow:
        """What milestones and activities have alike: the link, the bar, the slack, critical."""
        start, finish = span
        if start is not None and finish is not None and start > finish:
            start = finish
        slack_start, slack_end = self._slack(d)
        key = chart_key(kind, pk)
        light = self.lights.get(key, NONE)
        fixed = self.baseline.get((kind, pk))
        stopped = (kind, pk) in self.stopped
        on_path = bool(d and d.critical) if self.critical is None else (kind, pk) in self.critical
        return GanttRow(
            key=key,
            kind=kind,
            label=label,
            url=self.url_pattern.replace(f"/milestone/{_PK}/", f"/{kind}/{pk}/"),
            light="" if light == NONE else light,
            light_label="" if light == NONE else str(LIGHT_LABELS[light]),
            start=start,
            finish=finish,
            slack_start=slack_start,
            slack_end=slack_end,
            critical=on_path and not done and not stopped,
            done=done,
            stopped=stopped and not done,
            baseline_start=(fixed.start or fixed.finish) if fixed else None,
            baseline_finish=(fixed.finish or fixed.start) if fixed else None,
        )

    def _slack(self, d: ItemDates | None) -> Span:
        """The float as dates: after the finish (planned early) or before the start (late)."""
        if d is None or d.start is None or d.finish is None or not d.slack or d.slack <= 0:
            return None, None
        if d.late_start is not None and d.late_start > d.start:
            after = self.calendar.add_working_days(d.finish, d.slack)
            return d.finish + dt.timedelta(days=1), after
        before = self.calendar.add_working_days(d.start, -d.slack)
        return before, d.start - dt.timedelta(days=1)


def _grouped_rows(
    maker: RowMaker,
    workstreams: Sequence[Workstream],
    milestones: Sequence[Milestone],
    activities: Sequence[Activity],
) -> list[GanttRow]:
    """A header row per group of the milestone table (the items without a workstream first, then
    each workstream in the plan's order), then the group's milestones in the table's order, each
    after the activities that lead to it, then its activities that lead to no milestone."""
    known = {w.pk for w in workstreams}
    milestone_ids = {m.pk for m in milestones}
    leading: dict[int, list[Activity]] = {}
    unattached: dict[int | None, list[Activity]] = {}
    for a in activities:
        if a.milestone_id in milestone_ids:
            leading.setdefault(a.milestone_id, []).append(a)
        else:
            group = a.workstream_id if a.workstream_id in known else None
            unattached.setdefault(group, []).append(a)
    groups = _milestone_groups(maker, workstreams, milestones)
    if unattached.get(None) and not (groups and groups[0][0] is None):
        groups.insert(0, (None, []))  # activities without a workstream, but no such milestones
    rows: list[GanttRow] = []
    for workstream, group_milestones in groups:
        if workstream is None:
            rows.append(GanttRow(key="w-none", kind="workstream", label=_("Not in a workstream")))
        else:
            key = chart_key("workstream", workstream.pk)
            rows.append(GanttRow(key=key, kind="workstream", label=workstream.name))
        for m in group_milestones:
            rows.extend(maker.activity(a) for a in leading.get(m.pk, []))
            rows.append(maker.milestone(m))
        rest = unattached.get(workstream.pk if workstream else None, [])
        rows.extend(maker.activity(a) for a in rest)
    return rows


def _milestone_groups(
    maker: RowMaker, workstreams: Sequence[Workstream], milestones: Sequence[Milestone]
) -> list[tuple[Workstream | None, list[Milestone]]]:
    """The milestone table's groups and order; the chart needs its rows, not its cells or roles."""
    groups = table_groups(
        workstreams, milestones, maker.schedule, roles={}, columns=[], today=maker.today
    )
    return [(g.workstream, [row.milestone for row in g.rows]) for g in groups]


def _links(
    dependencies: Iterable[Dependency], activities: Iterable[Activity], milestone_ids: set[int]
) -> list[GanttLink]:
    """The dependencies, then an arrow from each activity to the milestone it leads to."""
    links = [
        GanttLink(chart_key(*dep.predecessor_ref), chart_key(*dep.successor_ref), "dependency")
        for dep in dependencies
    ]
    links += [
        GanttLink(f"a{a.pk}", f"m{a.milestone_id}", "leads_to")
        for a in activities
        if a.milestone_id in milestone_ids
    ]
    return links


def shadings(
    plan: Plan, first: dt.date, last: dt.date, school_holidays: Iterable[planning.SchoolHoliday]
) -> list[Shading]:
    """School holidays of the plan's region and the public holidays between two dates."""
    out = [
        Shading(holiday.start, holiday.end, holiday.name, "school")
        for holiday in school_holidays
        if plan.region
        and holiday.region == plan.region
        and holiday.start <= last
        and first <= holiday.end
    ]
    english = current_language() == "en"
    for year in range(first.year, last.year + 1):
        for day, (name_nl, name_en) in sorted(planning.public_holidays(year).items()):
            if first <= day <= last:
                out.append(Shading(day, day, name_en if english else name_nl, "public"))
    return out


def closure_shadings(
    closures: Iterable[planning.Closure], first: dt.date, last: dt.date
) -> list[Shading]:
    """The plan's closures (toetsweek, studiedag, …) from its calendar, between two dates."""
    return [
        Shading(c.start, c.end, f"{BAND_NAMES[c.kind]}: {c.name}", "closure")
        for c in closures
        if c.start <= last and first <= c.end
    ]


def counts(data: GanttInput) -> dict[str, int]:
    """How many milestones and activities the chart shows, and how many are critical."""
    return {
        "milestones": sum(1 for r in data.rows if r.kind == "milestone"),
        "activities": sum(1 for r in data.rows if r.kind == "activity"),
        "critical": sum(1 for r in data.rows if r.critical),
        "stopped": sum(1 for r in data.rows if r.stopped),
    }

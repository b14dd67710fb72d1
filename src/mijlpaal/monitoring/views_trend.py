"""The milestone trend analysis (mijlpaaltrendanalyse) and the lights over time: a page, two SVGs.

Five queries whatever the size of the plan: milestones, activities, workstreams, the status
updates and the plan's baselines, and one more for the milestones' deadlines in the baseline the
trend starts from (?baseline=<id>); `trend.py` draws from those rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mijlpaal import clock
from mijlpaal.decisions.models import Baseline, BaselineItem
from mijlpaal.i18n import current_language
from mijlpaal.monitoring.models import Entry, EntryKind
from mijlpaal.monitoring.status import LIGHT_LABELS, SHOWN_ORDER
from mijlpaal.monitoring.trend import (
    LightsTexts,
    MonthLights,
    TrendInput,
    TrendStart,
    TrendTexts,
    lights_over_time,
    render_lights,
    render_trend,
    trend_lines,
)
from mijlpaal.pages import plan_context
from mijlpaal.planning.text import MONTH_ABBR
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Activity, Milestone, Plan, Workstream


@dataclass(frozen=True)
class TrendData:
    """The rows both charts read, narrowed to one workstream when asked."""

    plan: Plan
    today: dt.date
    milestones: list[Milestone]
    activities: list[Activity]
    workstreams: list[Workstream]  # all of the plan's, for the filter
    entries: list[Entry]  # status updates only
    workstream: Workstream | None
    baselines: list[Baseline] = field(default_factory=list)  # the plan's, for the choice
    baseline: Baseline | None = None  # the one the trend starts from
    start: TrendStart | None = None

    def lights(self) -> list[MonthLights]:
        shown = [self.workstream] if self.workstream else self.workstreams
        return lights_over_time(
            self.plan, self.milestones, self.activities, shown, self.entries, today=self.today
        )


def load_trend(plan: Plan, workstream_param: str) -> TrendData:
    """Four queries. `workstream_param` is the ?workstream= value: not a number is ignored, a number
    that is not one of this plan's workstreams is a 404."""
    today = clock.today()
    milestones = list(Milestone.objects.filter(plan=plan).order_by("order", "id"))
    activities = list(Activity.objects.filter(plan=plan).order_by("order", "id"))
    workstreams = list(Workstream.objects.filter(plan=plan).order_by("order", "id"))
    entries = list(
        Entry.objects.filter(plan=plan, kind=EntryKind.STATUS).defer(
            "answers", "explanation", "problems", "measures"
        )
    )
    chosen = None
    if workstream_param.isdecimal():  # not isdigit(): int("²") fails
        chosen = next((w for w in workstreams if w.pk == int(workstream_param)), None)
        if chosen is None:
            raise Http404
        milestones = [m for m in milestones if m.workstream_id == chosen.pk]
        activities = [a for a in activities if a.workstream_id == chosen.pk]
        keep_m, keep_a = {m.pk for m in milestones}, {a.pk for a in activities}
        entries = [e for e in entries if e.milestone_id in keep_m or e.activity_id in keep_a]
    return TrendData(plan, today, milestones, activities, workstreams, entries, chosen)


def with_baseline(data: TrendData, baseline_param: str) -> TrendData:
    """The data with the plan's baselines (one query) and, when ?baseline= names one of them, the
    start of the trend: its milestones' deadlines (one query more). Anything else: no start."""
    baselines = list(Baseline.objects.filter(plan=data.plan).only("pk", "name", "taken_on"))
    chosen = next((b for b in baselines if str(b.pk) == baseline_param), None)
    if chosen is None:
        return replace(data, baselines=baselines)
    rows = BaselineItem.objects.filter(baseline=chosen, kind="milestone").values_list(
        "item_id", "deadline", "finish"
    )
    deadlines = {pk: day for pk, deadline, finish in rows if (day := deadline or finish)}
    start = TrendStart(chosen.taken_on, deadlines)
    return replace(data, baselines=baselines, baseline=chosen, start=start)


def _trend_svg(data: TrendData, *, heading: bool = False) -> str:
    texts = TrendTexts(
        title=_("Milestone trend analysis"),
        x_axis=_("Reporting date"),
        y_axis=_("Forecast"),
        diagonal=_("Forecast = reporting date: reached"),
        reached=_("reached"),
        today=_("today"),
        empty=_("No status updates on milestones yet."),
        months=MONTH_ABBR[current_language()],
    )
    lines = trend_lines(data.milestones, data.entries, data.start)
    title = f"{data.plan.title} — {texts.title}" if heading else ""
    if title and data.baseline is not None:
        title += " · " + _("from “%(name)s”") % {"name": data.baseline.name}
    return render_trend(TrendInput(lines, data.today, texts, heading=title))


def _lights_svg(data: TrendData, months: list[MonthLights], *, heading: bool = False) -> str:
    texts = LightsTexts(
        title=_("Lights over time"),
        y_axis=_("Milestones and activities"),
        labels={light: str(LIGHT_LABELS[light]) for light in SHOWN_ORDER},
        empty=_("No milestones or activities yet."),
        months=MONTH_ABBR[current_language()],
    )
    title = f"{data.plan.title} — {texts.title}" if heading else ""
    return render_lights(months, texts, heading=title)


def _query(data: TrendData) -> str:
    """The page's choices for the downloads' links."""
    params = [("workstream", data.workstream), ("baseline", data.baseline)]
    query = "&".join(f"{name}={chosen.pk}" for name, chosen in params if chosen is not None)
    return f"?{query}" if query else ""


def _svg_response(svg: str) -> HttpResponse:
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@login_required
@require_GET
def trend(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    data = load_trend(plan, request.GET.get("workstream", ""))
    data = with_baseline(data, request.GET.get("baseline", ""))
    months = data.lights()
    return render(
        request,
        "monitoring/trend.html",
        plan_context(
            plan,
            membership,
            "monitoring",
            data=data,
            trend_svg=_trend_svg(data),
            lights_svg=_lights_svg(data, months),
            months=months,
            light_columns=[(light, LIGHT_LABELS[light]) for light in SHOWN_ORDER],
            query=_query(data),
        ),
    )


@login_required
@require_GET
def trend_svg(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id)
    data = load_trend(plan, request.GET.get("workstream", ""))
    data = with_baseline(data, request.GET.get("baseline", ""))
    return _svg_response(_trend_svg(data, heading=True))


@login_required
@require_GET
def lights_svg(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id)
    data = load_trend(plan, request.GET.get("workstream", ""))
    return _svg_response(_lights_svg(data, data.lights(), heading=True))

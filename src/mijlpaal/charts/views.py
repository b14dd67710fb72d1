"""The milestone plan table and the Gantt chart: access, the query string, the response.

Both read the computed schedule; neither schedules.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from mijlpaal.charts.gantt import ZOOMS, Zoom, for_pdf, render_gantt
from mijlpaal.charts.gantt_rows import counts, gantt_input
from mijlpaal.charts.milestone_plan import milestone_plan_context
from mijlpaal.charts.table import PeriodKind, TableFilter
from mijlpaal.decisions.models import Baseline
from mijlpaal.downloads import as_attachment, file_name
from mijlpaal.monitoring.status import LIGHT_LABELS, NONE, SHOWN_ORDER
from mijlpaal.pages import plan_context
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Plan


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def plan_baselines(plan: Plan) -> list[Baseline]:
    """The plan's baselines for the "compare with" choice, newest first (one query)."""
    return list(Baseline.objects.filter(plan=plan).only("pk", "name", "taken_on", "end_date"))


def chosen_baseline(request: HttpRequest, baselines: list[Baseline]) -> Baseline | None:
    """The baseline of ?baseline=<id> when it is one of the plan's; otherwise none."""
    wanted = _int_param(request, "baseline")
    return next((b for b in baselines if b.pk == wanted), None)


@login_required
@require_GET
def milestone_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    period_kind: PeriodKind = "half" if request.GET.get("period") == "half" else "quarter"
    selected = TableFilter(
        workstream=_int_param(request, "workstream"),
        goal=_int_param(request, "goal"),
        party=_int_param(request, "party"),
    )
    baselines = plan_baselines(plan)
    baseline = chosen_baseline(request, baselines)
    context = milestone_plan_context(plan, period_kind, selected, baseline)
    return render(
        request,
        "charts/milestone_plan.html",
        plan_context(plan, membership, "charts", baselines=baselines, baseline=baseline, **context),
    )


# The Gantt page's zoom buttons, in order.
ZOOM_BUTTONS = {
    "month": gettext_lazy("Months"),
    "quarter": gettext_lazy("Quarters"),
    "year": gettext_lazy("Years"),
}


def _zoom(request: HttpRequest) -> Zoom:
    value = request.GET.get("zoom", "quarter")
    return next((zoom for zoom in ZOOMS if zoom == value), "quarter")


def _download_baseline(request: HttpRequest, plan: Plan) -> Baseline | None:
    """The downloads' baseline: one query when asked for, none otherwise."""
    wanted = _int_param(request, "baseline")
    if wanted is None:
        return None
    return Baseline.objects.filter(plan=plan, pk=wanted).only("pk", "name", "end_date").first()


def _query(zoom: Zoom, baseline: Baseline | None) -> str:
    return f"?zoom={zoom}" + (f"&baseline={baseline.pk}" if baseline else "")


@login_required
@require_GET
def gantt(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    zoom = _zoom(request)
    baselines = plan_baselines(plan)
    baseline = chosen_baseline(request, baselines)
    data = gantt_input(plan, zoom, baseline=baseline)
    return render(
        request,
        "charts/gantt.html",
        plan_context(
            plan,
            membership,
            "charts",
            svg=render_gantt(data),
            zoom=zoom,
            zooms=ZOOM_BUTTONS.items(),
            counts=counts(data),
            light_legend=[(light, LIGHT_LABELS[light]) for light in SHOWN_ORDER if light != NONE],
            today=data.today,
            baselines=baselines,
            baseline=baseline,
            keep=[("zoom", zoom)],
            baseline_query=f"&baseline={baseline.pk}" if baseline else "",
            query=_query(zoom, baseline),
        ),
    )


def _download(content: str | bytes, content_type: str, plan: Plan, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    return as_attachment(response, file_name(plan.title, extension, prefix="Gantt "))


@login_required
@require_GET
def gantt_svg(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id)
    baseline = _download_baseline(request, plan)
    svg = render_gantt(gantt_input(plan, _zoom(request), heading=True, baseline=baseline))
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
    baseline = _download_baseline(request, plan)
    data = gantt_input(plan, _zoom(request), heading=True, baseline=baseline)
    try:
        pdf = svg_to_pdf(for_pdf(render_gantt(data)))
    except (ImportError, OSError):  # cairosvg or the cairo library is missing on this server
        messages.error(
            request,
            _(
                "PDF export is not available on this server (the cairo library is missing); "
                "download the SVG instead."
            ),
        )
        return redirect(reverse("charts:gantt", args=[plan.pk]) + _query(_zoom(request), baseline))
    return _download(pdf, "application/pdf", plan, "pdf")

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
from mijlpaal.downloads import as_attachment, file_name
from mijlpaal.monitoring.status import LIGHT_LABELS, NONE, SHOWN_ORDER
from mijlpaal.pages import plan_context
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Plan


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


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
    context = milestone_plan_context(plan, period_kind, selected)
    return render(
        request, "charts/milestone_plan.html", plan_context(plan, membership, "charts", **context)
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
            zooms=ZOOM_BUTTONS.items(),
            counts=counts(data),
            light_legend=[(light, LIGHT_LABELS[light]) for light in SHOWN_ORDER if light != NONE],
            today=data.today,
        ),
    )


def _download(content: str | bytes, content_type: str, plan: Plan, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    return as_attachment(response, file_name(plan.title, extension, prefix="Gantt "))


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
        pdf = svg_to_pdf(for_pdf(render_gantt(gantt_input(plan, _zoom(request), heading=True))))
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

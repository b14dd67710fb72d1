"""The pages of a goal's indicator: the chart and its measurements, the indicator form, and the
form to add (or correct) a measurement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mijlpaal.indicators import services
from mijlpaal.indicators.forms import IndicatorForm, MeasurementForm
from mijlpaal.indicators.models import Indicator, Measurement
from mijlpaal.indicators.summary import indicator_of, progress_of
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Goal, Plan, Role
from mijlpaal.plans.versions import EditConflict


def _goal(plan: Plan, goal_id: int) -> Goal:
    return get_object_or_404(Goal.objects.select_related("indicator_detail"), plan=plan, pk=goal_id)


@login_required
@require_GET
def indicator_page(request: HttpRequest, plan_id: int, goal_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    goal = _goal(plan, goal_id)
    indicator = indicator_of(goal)
    measurements: list[Measurement] = []
    progress = None
    if indicator is not None:
        measurements = list(indicator.measurements.select_related("corrects"))
        progress = progress_of(indicator, measurements)
    corrected = {m.corrects_id for m in measurements if m.corrects_id is not None}
    return render_plan_page(
        request,
        "indicators/indicator.html",
        plan,
        membership,
        "goals",
        goal=goal,
        indicator=indicator,
        progress=progress,
        measurements=measurements,
        corrected=corrected,
        can_report=membership.has_role(Role.CONTRIBUTOR),
    )


@login_required
def indicator_edit(request: HttpRequest, plan_id: int, goal_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    goal = _goal(plan, goal_id)
    instance = indicator_of(goal) or Indicator(goal=goal, plan=plan)
    if instance.pk is None and goal.target_date is not None:
        instance.target_date = goal.target_date
    form = IndicatorForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        indicator = form.save(commit=False)
        try:
            services.indicator_save(
                plan=plan,
                user=current_user(request),
                indicator=indicator,
                version=form.cleaned_data.get("version"),
            )
        except EditConflict as conflict:
            form.explain_conflict(conflict)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("indicators:indicator", plan.pk, goal.pk)
    return render_plan_page(
        request, "indicators/indicator_form.html", plan, membership, "goals", goal=goal, form=form
    )


def _measurement_page(
    request: HttpRequest, plan_id: int, goal_id: int, measurement_id: int | None
) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.CONTRIBUTOR)
    goal = _goal(plan, goal_id)
    indicator = indicator_of(goal)
    if indicator is None:
        messages.error(request, _("This goal has no indicator yet; an editor sets it first."))
        return redirect("indicators:indicator", plan.pk, goal.pk)
    corrects = None
    initial = {}
    if measurement_id is not None:
        corrects = get_object_or_404(Measurement, indicator=indicator, pk=measurement_id)
        initial = {f: getattr(corrects, f) for f in MeasurementForm.Meta.fields}
    form = MeasurementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        measurement = form.save(commit=False)
        measurement.indicator = indicator
        measurement.corrects = corrects
        measurement.request_key = form.cleaned_data.get("request_key")
        try:
            services.measurement_add(plan=plan, user=current_user(request), measurement=measurement)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Measurement saved."))
            return redirect("indicators:indicator", plan.pk, goal.pk)
    return render_plan_page(
        request,
        "indicators/measurement_form.html",
        plan,
        membership,
        "goals",
        goal=goal,
        indicator=indicator,
        form=form,
        corrects=corrects,
    )


@login_required
def measurement_new(request: HttpRequest, plan_id: int, goal_id: int) -> HttpResponse:
    return _measurement_page(request, plan_id, goal_id, None)


@login_required
def measurement_correct(
    request: HttpRequest, plan_id: int, goal_id: int, measurement_id: int
) -> HttpResponse:
    return _measurement_page(request, plan_id, goal_id, measurement_id)

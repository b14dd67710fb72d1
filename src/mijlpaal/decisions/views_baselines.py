"""Baselines: take one ("Planning vaststellen") and compare one with the plan or another."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mijlpaal import clock
from mijlpaal.decisions.baselines import (
    baseline_schedule,
    baseline_take,
    compare,
    current_schedule,
)
from mijlpaal.decisions.forms import BaselineForm
from mijlpaal.decisions.models import Baseline
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Role

SECTION = "overview"


@login_required
@require_http_methods(["GET", "POST"])
def baselines(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    if request.method == "POST" and not membership.has_role(Role.EDITOR):
        raise PermissionDenied
    initial = {"name": _("Planning of %(date)s") % {"date": clock.today().isoformat()}}
    form = BaselineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        taken = baseline_take(plan=plan, user=current_user(request), name=form.cleaned_data["name"])
        messages.success(request, _("The planning is adopted as “%(name)s”.") % {"name": taken})
        return redirect("decisions:baseline", plan.pk, taken.pk)
    found = Baseline.objects.filter(plan=plan).select_related("taken_by", "decision")
    return render_plan_page(
        request,
        "decisions/baselines.html",
        plan,
        membership,
        SECTION,
        baselines=list(found),
        form=form,
    )


@login_required
@require_GET
def baseline(request: HttpRequest, plan_id: int, baseline_id: int) -> HttpResponse:
    """The baseline against the plan now, or (?with=<id>) against another baseline."""
    plan, membership = get_plan_for_user(request, plan_id)
    found = get_object_or_404(Baseline.objects.filter(plan=plan), pk=baseline_id)
    others = list(Baseline.objects.filter(plan=plan).exclude(pk=found.pk))
    wanted = request.GET.get("with", "")
    other = next((b for b in others if str(b.pk) == wanted), None)
    after = baseline_schedule(other) if other is not None else current_schedule(plan)
    comparison = compare(plan, baseline_schedule(found), after)
    return render_plan_page(
        request,
        "decisions/baseline.html",
        plan,
        membership,
        SECTION,
        baseline=found,
        other=other,
        others=others,
        comparison=comparison,
    )

"""The budget's pages: the overview (totals, chart, warnings), the forms of the begroting
(editors), and the realisation log with its form (contributors add, nothing is edited)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mijlpaal import clock
from mijlpaal.budget import money, services
from mijlpaal.budget.chart import ChartPoint, ChartWords, chart_svg
from mijlpaal.budget.forms import BudgetLineForm, BudgetSettingsForm, FundingForm, SpendingForm
from mijlpaal.budget.models import BudgetLine, BudgetSettings, FundingSource, Spending
from mijlpaal.budget.summary import BudgetSummary, Step, plan_budget, steps
from mijlpaal.i18n import current_language
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.plans import services as plan_services
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Membership, Plan, Role
from mijlpaal.plans.versions import EditConflict

PER_PAGE = 50


def _charts(summary: BudgetSummary, rows: list[Step]) -> dict[str, str]:
    language = current_language()
    money_words = ChartWords(
        title=_("Money planned and realised, cumulative: %(realised)s of %(planned)s")
        % {
            "realised": money.euros(summary.total.realised, language),
            "planned": money.euros(summary.total.planned, language),
        },
        planned=_("Planned"),
        realised=_("Realised"),
        value=lambda v: money.euros(v.quantize(money.CENTS), language),
    )
    hour_words = ChartWords(
        title=_("Hours planned and realised, cumulative: %(realised)s of %(planned)s hours")
        % {
            "realised": money.hours(summary.total.realised_hours, language),
            "planned": money.hours(summary.total.planned_hours, language),
        },
        planned=_("Planned"),
        realised=_("Realised"),
        value=lambda v: money.hours(v, language),
    )
    return {
        # The charts escape their own text.
        "money": mark_safe(
            chart_svg([ChartPoint(s.on, s.planned, s.realised) for s in rows], money_words)
        ),
        "hours": mark_safe(
            chart_svg(
                [ChartPoint(s.on, s.planned_hours, s.realised_hours) for s in rows], hour_words
            )
        ),
    }


@login_required
@require_GET
def budget_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    today = clock.today()
    summary = plan_budget(plan, today=today)
    rows = steps(summary, today)
    return render_plan_page(
        request,
        "budget/budget.html",
        plan,
        membership,
        "monitoring",
        budget=summary,
        charts=_charts(summary, rows),
        today_step=next((s for s in rows if s.on == today), None),
        can_report=membership.has_role(Role.CONTRIBUTOR),
    )


def _saved(request: HttpRequest, form: Any, save: Any) -> bool:
    """Save through `save(version)`; False (with the conflict in the form) when someone else
    saved first, or the model refused it."""
    try:
        save(form.cleaned_data.get("version"))
    except EditConflict as conflict:
        form.explain_conflict(conflict)
        return False
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _edit(
    request: HttpRequest, plan_id: int, model: type[models.Model], pk: int | None, form_class: Any
) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    instance = get_object_or_404(model, plan=plan, pk=pk) if pk is not None else model(plan=plan)
    form = form_class(request.POST or None, instance=instance, plan=plan)
    return _form_page(request, plan, membership, form, instance)


def _form_page(
    request: HttpRequest, plan: Plan, membership: Membership, form: Any, instance: models.Model
) -> HttpResponse:
    """Save a valid budget form (in the history, against lost updates) or show it again."""
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        user = current_user(request)
        if _saved(
            request,
            form,
            lambda v: plan_services.item_save(plan=plan, user=user, instance=item, version=v),
        ):
            messages.success(request, _("Budget saved."))
            return redirect("budget:budget", plan.pk)
    return render_plan_page(
        request,
        "budget/item_form.html",
        plan,
        membership,
        "monitoring",
        form=form,
        item=instance,
        kind=instance._meta.model_name,
    )


@login_required
def line_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _edit(request, plan_id, BudgetLine, None, BudgetLineForm)


@login_required
def line_edit(request: HttpRequest, plan_id: int, line_id: int) -> HttpResponse:
    return _edit(request, plan_id, BudgetLine, line_id, BudgetLineForm)


@login_required
def funding_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _edit(request, plan_id, FundingSource, None, FundingForm)


@login_required
def funding_edit(request: HttpRequest, plan_id: int, funding_id: int) -> HttpResponse:
    return _edit(request, plan_id, FundingSource, funding_id, FundingForm)


def _delete(request: HttpRequest, plan_id: int, model: type[models.Model], pk: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    instance = get_object_or_404(model, plan=plan, pk=pk)
    plan_services.item_delete(plan=plan, user=current_user(request), instance=instance)
    messages.success(request, _("Removed from the budget: %(item)s.") % {"item": instance})
    return redirect("budget:budget", plan.pk)


@login_required
@require_POST
def line_delete(request: HttpRequest, plan_id: int, line_id: int) -> HttpResponse:
    return _delete(request, plan_id, BudgetLine, line_id)


@login_required
@require_POST
def funding_delete(request: HttpRequest, plan_id: int, funding_id: int) -> HttpResponse:
    return _delete(request, plan_id, FundingSource, funding_id)


@login_required
def settings_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    instance = BudgetSettings.objects.filter(plan=plan).first() or BudgetSettings(plan=plan)
    form = BudgetSettingsForm(request.POST or None, instance=instance)
    return _form_page(request, plan, membership, form, instance)


# --- realisation ---------------------------------------------------------------------------------


@login_required
@require_GET
def spending_log(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    entries = Spending.objects.filter(plan=plan).select_related(
        "party", "workstream", "milestone", "corrects"
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    shown = [e.pk for e in page.object_list]
    corrected = set(
        Spending.objects.filter(plan=plan, corrects_id__in=shown).values_list(
            "corrects_id", flat=True
        )
    )
    return render_plan_page(
        request,
        "budget/log.html",
        plan,
        membership,
        "monitoring",
        page=page,
        corrected=corrected,
        can_report=membership.has_role(Role.CONTRIBUTOR),
    )


def _spending_page(request: HttpRequest, plan_id: int, spending_id: int | None) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.CONTRIBUTOR)
    corrects = None
    initial: dict[str, Any] = {}
    if spending_id is not None:
        corrects = get_object_or_404(Spending, plan=plan, pk=spending_id)
        initial = {f: getattr(corrects, f) for f in SpendingForm.Meta.fields}
    form = SpendingForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        spending = form.save(commit=False)
        spending.corrects = corrects
        spending.request_key = form.cleaned_data.get("request_key")
        try:
            services.spending_add(plan=plan, user=current_user(request), spending=spending)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Hours and costs saved in the log."))
            return redirect("budget:log", plan.pk)
    return render_plan_page(
        request,
        "budget/spending_form.html",
        plan,
        membership,
        "monitoring",
        form=form,
        corrects=corrects,
    )


@login_required
def spending_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _spending_page(request, plan_id, None)


@login_required
def spending_correct(request: HttpRequest, plan_id: int, spending_id: int) -> HttpResponse:
    return _spending_page(request, plan_id, spending_id)

"""Approved changes (wijzigingen): every change of an adopted date with its reason, and the
requests that wait for the decider, who approves or rejects them here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mijlpaal.decisions.changes import (
    change_decide,
    changes_of,
    decider_of,
    may_decide,
    needs_reason,
)
from mijlpaal.decisions.forms import ChangeDecisionForm
from mijlpaal.decisions.models import ChangeRequest, ChangeState
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Role

SECTION = "overview"


@login_required
@require_GET
def changes(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    user_id = current_user(request).pk
    rows = list(changes_of(plan))
    waiting = [c for c in rows if c.state == ChangeState.PENDING]
    pending = [(c, may_decide(c, user_id, membership)) for c in waiting]
    return render_plan_page(
        request,
        "decisions/changes.html",
        plan,
        membership,
        SECTION,
        pending=pending,
        done=[c for c in rows if c.state != ChangeState.PENDING],
        decider=decider_of(plan),
        adopted=needs_reason(plan),
        form=ChangeDecisionForm(),
        states=ChangeState,
    )


@login_required
@require_POST
def change_decision(request: HttpRequest, plan_id: int, change_id: int) -> HttpResponse:
    """Only the decider's member account, or an owner for them (recorded as such), decides."""
    plan, membership = get_plan_for_user(request, plan_id)
    change = get_object_or_404(
        ChangeRequest.objects.filter(plan=plan).select_related("decider"), pk=change_id
    )
    user = current_user(request)
    decider = change.decider
    if not (decider and decider.user_id == user.pk) and not membership.has_role(Role.OWNER):
        raise PermissionDenied
    form = ChangeDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject; a note is at most 2000 characters."))
        return redirect("decisions:changes", plan.pk)
    approve = form.cleaned_data["action"] == "approve"
    try:
        change_decide(
            plan=plan,
            user=user,
            membership=membership,
            change=change,
            approve=approve,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The change is approved and applied.")
            if approve
            else _("The change is rejected; the plan stays as it was."),
        )
    return redirect("decisions:changes", plan.pk)

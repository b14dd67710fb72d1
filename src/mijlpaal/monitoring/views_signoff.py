"""Aftekenen: the E party's member, or an owner for them, approves or rejects a reported
"bereikt" (`monitoring.signoff`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mijlpaal.i18n import current_language
from mijlpaal.monitoring import signoff
from mijlpaal.monitoring.forms import SignOffForm
from mijlpaal.monitoring.models import Entry, Light, SignOff
from mijlpaal.monitoring.status import LIGHT_LABELS
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.planning.text import format_date
from mijlpaal.plans.access import get_plan_for_user


@login_required
@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, plan_id: int, awaiting_id: int) -> HttpResponse:
    """The report with its approve and reject buttons; members who may not sign off get 403."""
    plan, membership = get_plan_for_user(request, plan_id)
    report = get_object_or_404(
        Entry.objects.select_related("milestone"),
        plan=plan,
        pk=awaiting_id,
        sign_off=SignOff.REQUESTED,
        light=Light.REACHED,
    )
    user = current_user(request)
    on_behalf = signoff.approver_role(report, user.pk, membership)
    if on_behalf is None:
        raise PermissionDenied
    milestone = report.milestone
    if milestone is None:
        messages.error(request, _("This report no longer awaits approval."))
        return redirect("monitoring:dashboard", plan.pk)
    back = redirect("plans:item_detail", plan.pk, "milestone", milestone.pk)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["verdict"] == SignOffForm.APPROVE:
                signoff.sign_off_approve(
                    plan=plan, user=user, membership=membership, entry_id=report.pk
                )
                assert report.reached_on is not None
                messages.success(
                    request,
                    _("Approved: the milestone is reached on %(date)s.")
                    % {"date": format_date(report.reached_on, current_language())},
                )
            else:
                signoff.sign_off_reject(
                    plan=plan,
                    user=user,
                    membership=membership,
                    entry_id=report.pk,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("Rejected: the milestone keeps its previous status; the reporter is told."),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return back
    decided = report.corrections.exists()
    return render_plan_page(
        request,
        "monitoring/sign_off.html",
        plan,
        membership,
        "monitoring",
        form=form,
        report=report,
        milestone=milestone,
        parties=signoff.accountable_parties(milestone.pk),
        on_behalf=on_behalf,
        decided=decided,
        light_labels=LIGHT_LABELS,
        corrected={report.pk} if decided else set(),
    )

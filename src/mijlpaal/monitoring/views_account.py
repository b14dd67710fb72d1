"""The member's own e-mail settings: which plans send them the weekly digest. Outside any plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mijlpaal.accounts.models import User
from mijlpaal.monitoring import notify
from mijlpaal.plans.models import Membership


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        chosen = {int(value) for value in request.POST.getlist("digest") if value.isdigit()}
        notify.digest_choices_save(user=user, plan_ids=chosen)
        messages.success(request, _("Your e-mail settings have been saved."))
        return redirect("notifications:settings")
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("plan")
        .order_by("plan__title", "plan_id")
    )
    return render(request, "monitoring/notifications.html", {"memberships": memberships})

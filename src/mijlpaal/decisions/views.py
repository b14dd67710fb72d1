"""Decision pages: the project roles, the decision documents and their decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mijlpaal.decisions.forms import RolesForm
from mijlpaal.decisions.roles import RolesConflict, load_roles, roles_set
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Role


@login_required
@require_http_methods(["GET", "POST"])
def roles(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Who is opdrachtgever, projectleider and in the stuurgroep; owners change it."""
    plan, membership = get_plan_for_user(request, plan_id)
    is_owner = membership.has_role(Role.OWNER)
    if request.method == "POST" and not is_owner:
        raise PermissionDenied
    current = load_roles(plan)
    initial = {
        "commissioner": current.commissioner,
        "project_leader": current.project_leader,
        "steering": current.steering,
        "version": current.version,
    }
    form = RolesForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            roles_set(
                plan=plan,
                user=current_user(request),
                commissioner=data["commissioner"],
                project_leader=data["project_leader"],
                steering=list(data["steering"]),
                version=data["version"] or None,
            )
        except RolesConflict:
            form.add_error(
                None,
                _(
                    "Someone else changed the project roles after you opened this page. "
                    "Check them and save again."
                ),
            )
            shown = form.data.copy()  # type: ignore[attr-defined]
            shown["version"] = current.version
            form.data = shown
        else:
            messages.success(request, _("The project roles are saved."))
            return redirect("decisions:roles", plan.pk)
    return render_plan_page(
        request,
        "decisions/roles.html",
        plan,
        membership,
        "overview",
        roles=current,
        form=form,
    )

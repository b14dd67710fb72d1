"""Who may see and change a plan. An outsider gets a 404, so a plan's existence does not leak."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from mijlpaal.plans.models import Membership, Plan, Role


def get_plan_for_user(
    request: HttpRequest, plan_id: int, minimum: str = Role.VIEWER
) -> tuple[Plan, Membership]:
    """The plan and the user's membership; 404 for non-members, 403 for members without the role."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("plan").filter(plan_id=plan_id, user_id=user.pk).first()
    )
    if membership is None:
        raise Http404
    if not membership.has_role(minimum):
        raise PermissionDenied
    return membership.plan, membership

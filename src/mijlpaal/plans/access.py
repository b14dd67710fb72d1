"""Who may see and change a plan. An outsider gets a 404, so a plan's existence does not leak.

Besides the plan's members, the members of the organisation the plan belongs to (portfolio: a
beheerder or a programmamedewerker) read it as a viewer would: they get a membership that is not
saved (its pk is None) with the viewer role, so every write view refuses them as it refuses a
viewer.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from mijlpaal.plans.models import Membership, Plan, Role
from mijlpaal.portfolio.models import OrganisationPlan


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
        membership = organisation_reader(plan_id, user.pk)
    if membership is None:
        raise Http404
    if not membership.has_role(minimum):
        raise PermissionDenied
    return membership.plan, membership


def organisation_reader(plan_id: int, user_id: int) -> Membership | None:
    """A read-only membership for a member of the plan's organisation (one query), else None."""
    found = (
        OrganisationPlan.objects.select_related("plan")
        .filter(plan_id=plan_id, organisation__members__user_id=user_id)
        .first()
    )
    if found is None:
        return None
    return Membership(plan=found.plan, user_id=user_id, role=Role.VIEWER)


def reads_through_organisation(membership: Membership) -> bool:
    """Whether the membership is the organisation's read-only one, not a plan membership."""
    return membership.pk is None

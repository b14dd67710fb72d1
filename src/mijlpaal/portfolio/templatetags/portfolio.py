"""`{% my_organisations as found %}`: the organisations of the logged-in user, for the plan list."""

from __future__ import annotations

from typing import Any

from django import template

from mijlpaal.portfolio.models import OrganisationMember

register = template.Library()


@register.simple_tag(takes_context=True)
def my_organisations(context: dict[str, Any]) -> list[OrganisationMember]:
    """One query; none for a page without a logged-in user."""
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return list(
        OrganisationMember.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )

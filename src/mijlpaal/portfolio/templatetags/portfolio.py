"""`{% my_organisations as found %}`: the organisations of the logged-in user, for the plan list;
`|unbroken_euros`: an amount for the portfolio's narrow budget column."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from mijlpaal.budget import money
from mijlpaal.i18n import current_language
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


@register.filter
def unbroken_euros(value: Any) -> str:
    """An amount in the user's language that never breaks between the euro sign and the number
    (a no-break space): € 424.000,00 stays on one line in a narrow column."""
    if not isinstance(value, Decimal):
        return "—"
    return money.euros(value, current_language()).replace(" ", "\u00a0")

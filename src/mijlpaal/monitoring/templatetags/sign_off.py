"""A block that the plan overview includes: how many reported "bereikt"s wait for the member's
approval (`monitoring.signoff`)."""

from __future__ import annotations

from typing import Any

from django import template

from mijlpaal.monitoring.signoff import waiting_count

register = template.Library()


@register.inclusion_tag("monitoring/_sign_off_waiting.html", takes_context=True)
def sign_off_waiting(context: template.Context) -> dict[str, Any]:
    """One query; nothing is shown when nothing waits for this member."""
    plan, membership = context["plan"], context["membership"]
    return {"plan": plan, "count": waiting_count(plan, membership)}

"""Blocks that other apps' pages include: the project roles on the plan overview."""

from __future__ import annotations

from typing import Any

from django import template

from mijlpaal.decisions.roles import load_roles

register = template.Library()


@register.inclusion_tag("decisions/_roles_block.html", takes_context=True)
def project_roles_block(context: template.Context) -> dict[str, Any]:
    """The plan's project roles (one query)."""
    plan = context["plan"]
    return {"plan": plan, "is_owner": context.get("is_owner"), "roles": load_roles(plan)}

"""Blocks that other apps' pages include: the project roles on the plan overview, the decisions
on a milestone's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from mijlpaal.decisions.models import DocumentState
from mijlpaal.decisions.queries import documents, stopped_by
from mijlpaal.decisions.roles import load_roles
from mijlpaal.decisions.situation import light_label
from mijlpaal.plans.models import Activity, Milestone
from mijlpaal.plans.templatetags.mijlpaal import shortdate

register = template.Library()


@register.inclusion_tag("decisions/_roles_block.html", takes_context=True)
def project_roles_block(context: template.Context) -> dict[str, Any]:
    """The plan's project roles (one query)."""
    plan = context["plan"]
    return {"plan": plan, "is_owner": context.get("is_owner"), "roles": load_roles(plan)}


@register.filter
def isodate(value: str) -> str:
    """An ISO date kept in a frozen document, written as the pages write dates."""
    if not value:
        return ""
    try:
        return shortdate(dt.date.fromisoformat(value))
    except ValueError:
        return value


@register.filter
def light_name(light: str) -> str:
    """What the pages call a light (green, late, …), in the current language."""
    return light_label(light or "none")


@register.inclusion_tag("decisions/_item_card.html", takes_context=True)
def decision_card(context: template.Context) -> dict[str, Any]:
    """On a milestone's or activity's page: its decision documents, a way to start one, and the
    no-go banner when a decision stopped it."""
    plan, item = context["plan"], context.get("object")
    kind = "milestone" if isinstance(item, Milestone) else "activity"
    if not isinstance(item, Milestone | Activity):
        return {"show": False}
    found = documents(plan).filter(**{kind: item}).exclude(state=DocumentState.REPLACED)
    stopped = stopped_by(plan).get((kind, item.pk))
    return {
        "show": True,
        "plan": plan,
        "item": item,
        "kind": kind,
        "documents": list(found.order_by("-created_at", "-id")),
        "stopped": stopped,
        "can_edit": context.get("can_edit"),
    }

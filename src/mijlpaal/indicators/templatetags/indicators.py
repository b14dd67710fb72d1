from __future__ import annotations

from typing import Any

from django import template

from mijlpaal.indicators.summary import indicator_of, progress_of, shown_value
from mijlpaal.plans.models import Goal

register = template.Library()


@register.inclusion_tag("indicators/_progress.html", takes_context=True)
def goal_progress(context: Any, goal: Goal) -> dict[str, Any]:
    """A goal's chart and whether it is on course. Load the goals with
    `select_related("indicator_detail")` and
    `prefetch_related("indicator_detail__measurements")`: no query per goal."""
    indicator = indicator_of(goal)
    progress = None
    if indicator is not None:
        progress = progress_of(indicator, indicator.measurements.all())
    return {"goal": goal, "progress": progress, "plan": context.get("plan")}


@register.inclusion_tag("indicators/_course.html", takes_context=True)
def goal_course(context: Any, goal: Goal) -> dict[str, Any]:
    """A goal's progress in a few words, for the plan's overview; nothing without an indicator.
    Load the goals as for `goal_progress`."""
    indicator = indicator_of(goal)
    progress = None
    if indicator is not None:
        progress = progress_of(indicator, indicator.measurements.all(), chart=False)
    return {"goal": goal, "progress": progress, "plan": context.get("plan")}


@register.filter
def number(value: Any, unit: str = "") -> str:
    """A decimal value in the user's language (1.234,5 in Dutch), with its unit."""
    return shown_value(value, unit) if value is not None else "—"

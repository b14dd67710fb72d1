"""What every plan page shares: the logged-in user and the context of the plan's header and tabs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mijlpaal.accounts.models import User
from mijlpaal.plans.models import Membership, Plan, Role

# Form fields that take the whole width of a form.
WIDE_FIELDS = ("title", "result", "why", "description", "vision", "name")


def current_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind login_required."""
    assert isinstance(request.user, User)
    return request.user


def plan_context(plan: Plan, membership: Membership, section: str, **extra: Any) -> dict[str, Any]:
    """The plan, the member's rights and the active tab, for the plan's header and tabs."""
    return {
        "plan": plan,
        "membership": membership,
        "section": section,
        "can_edit": membership.has_role(Role.EDITOR),
        "is_owner": membership.has_role(Role.OWNER),
        "wide_fields": WIDE_FIELDS,
        **extra,
    }


def render_plan_page(
    request: HttpRequest,
    template: str,
    plan: Plan,
    membership: Membership,
    section: str,
    **extra: Any,
) -> HttpResponse:
    """Render a page of the plan, with its header and the tab `section` active."""
    return render(request, template, plan_context(plan, membership, section, **extra))


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx made the request (django-htmx's middleware sets `request.htmx`)."""
    return bool(getattr(request, "htmx", False))

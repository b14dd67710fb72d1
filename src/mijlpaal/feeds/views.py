"""The calendar feed of a member's plans, its secret address, and a plan's one-off .ics download.

The feed addresses (/feeds/<token>/...) need no login: calendar programs (Outlook, Google
Calendar, Apple Calendar) fetch them without cookies and cannot log in. The token in the address
is the credential: 32 random bytes, stored only as a hash, shown to the member once. A wrong,
revoked or replaced token and a plan the token's member is not in all give the same bare 404, and
the 404 is not written to Django's log, so a valid token does not end up in it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.feeds import services
from mijlpaal.feeds.calendar import plan_events, render_ics
from mijlpaal.feeds.models import FeedToken
from mijlpaal.i18n import current_language
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Membership, Plan


def _not_found() -> HttpResponse:
    response = HttpResponseNotFound(b"Not found", content_type="text/plain; charset=utf-8")
    # Django logs every 4xx with its path; the path holds the token.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _calendar(
    request: HttpRequest, plans: QuerySet[Plan] | list[Plan], *, name: str, filename: str
) -> HttpResponse:
    body = render_ics(plan_events(plans, request.build_absolute_uri), name=name, stamp=clock.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def feed_all(request: HttpRequest, token: str) -> HttpResponse:
    found = services.feed_token_find(token)
    if found is None:
        return _not_found()
    plans = list(Plan.objects.filter(memberships__user_id=found.user_id).order_by("title", "id"))
    with translation.override(found.language):
        return _calendar(request, plans, name=_("Mijlpaal: my plans"), filename="mijlpaal.ics")


@require_GET
def feed_plan(request: HttpRequest, token: str, plan_id: int) -> HttpResponse:
    found = services.feed_token_find(token)
    if found is None:
        return _not_found()
    plans = list(Plan.objects.filter(pk=plan_id, memberships__user_id=found.user_id))
    if not plans:
        return _not_found()
    with translation.override(found.language):
        return _calendar(
            request, plans, name=f"Mijlpaal: {plans[0].title}", filename=f"plan-{plan_id}.ics"
        )


@login_required
@require_GET
def plan_download(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan's dates once, as a file to import, for a logged-in member (no subscription)."""
    plan, _membership = get_plan_for_user(request, plan_id)
    return _calendar(
        request, [plan], name=f"Mijlpaal: {plan.title}", filename=f"plan-{plan_id}.ics"
    )


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request: HttpRequest) -> HttpResponse:
    """The member's calendar subscription: make, replace or revoke the secret address."""
    user = request.user
    assert isinstance(user, User)
    token: str | None = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            if services.feed_token_revoke(user=user):
                messages.success(request, _("Your calendar address has been revoked."))
            return redirect("feeds:settings")
        if action != "create":
            return redirect("feeds:settings")
        # Shown on this response only: the database keeps just its hash.
        token = services.feed_token_create(user=user, language=current_language())
    memberships = list(
        Membership.objects.filter(user=user).select_related("plan").order_by("plan__title", "id")
    )
    feed = FeedToken.objects.filter(user=user).first()
    addresses = []
    if token is not None:
        addresses = [(_("All my plans"), _address(request, "feeds:all", token))] + [
            (m.plan.title, _address(request, "feeds:plan", token, m.plan_id)) for m in memberships
        ]
    return render(
        request,
        "feeds/settings.html",
        {"feed": feed, "addresses": addresses, "memberships": memberships},
    )


def _address(request: HttpRequest, name: str, *args: object) -> str:
    return request.build_absolute_uri(reverse(name, args=args))

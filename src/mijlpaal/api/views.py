"""The member's API tokens on the account page: make one (the secret is shown once), see them,
revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mijlpaal.accounts.models import User
from mijlpaal.api import services
from mijlpaal.api.models import ApiToken, Scope


@login_required
@require_http_methods(["GET", "POST"])
def token_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    secret: str | None = None
    made: ApiToken | None = None
    errors: list[str] = []
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            token_id = request.POST.get("token", "")
            if token_id.isdigit() and services.api_token_revoke(user=user, token_id=int(token_id)):
                messages.success(request, _("The token has been revoked."))
            return redirect("api_tokens:settings")
        try:
            made, secret = services.api_token_create(
                user=user,
                name=request.POST.get("name", ""),
                scope=request.POST.get("scope", ""),
            )
        except ValidationError as error:
            errors = list(error.messages)
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=user),
            "secret": secret,
            "made": made,
            "errors": errors,
            "scopes": Scope.choices,
            "name": request.POST.get("name", "") if errors else "",
            "example": request.build_absolute_uri("/api/v1/plans"),
        },
        status=422 if errors else 200,
    )

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from mijlpaal.accounts.forms import SignupForm
from mijlpaal.accounts.models import User
from mijlpaal.plans import services


def locked_out(request: HttpRequest, *args: object) -> HttpResponse:
    """What django-axes answers while logins for an account or from an address are paused."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link from the invitation e-mail: join the plan, making an account if needed."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        other_address = not services.invitation_is_for(invitation, request.user)
        error = ""
        if request.method == "POST":
            try:
                services.invitation_accept(
                    invitation=invitation,
                    user=request.user,
                    confirmed_other_address=request.POST.get("meant_for_me") == "yes",
                )
            except ValidationError as problem:
                if problem.code != "other_address":
                    return render(request, "accounts/invitation_invalid.html", status=404)
                error = _("Confirm that this invitation is meant for you.")
            else:
                messages.success(
                    request, _("Welcome to “%(plan)s”.") % {"plan": invitation.plan.title}
                )
                return redirect("plans:overview", invitation.plan_id)
        return render(
            request,
            "accounts/invitation_accept.html",
            {"invitation": invitation, "other_address": other_address, "error": error},
        )
    if User.objects.filter(email__iexact=invitation.email).exists():
        messages.info(request, _("Log in to accept the invitation."))
        return redirect(reverse("login") + "?" + urlencode({"next": request.path}))
    form = SignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = User.objects.create_user(
                email=invitation.email,
                password=form.cleaned_data["password1"],
                name=form.cleaned_data["name"],
            )
            services.invitation_accept(invitation=invitation, user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to “%(plan)s”.") % {"plan": invitation.plan.title})
        return redirect("plans:overview", invitation.plan_id)
    return render(request, "accounts/signup.html", {"invitation": invitation, "form": form})

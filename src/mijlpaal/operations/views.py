"""Pages outside any plan: the health check, the privacy statement, a member's own data."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mijlpaal import clock
from mijlpaal.operations import privacy
from mijlpaal.operations.health import health_report
from mijlpaal.pages import current_user


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    report, status = health_report()
    return JsonResponse(report, status=status)


@require_safe
def privacy_statement(request: HttpRequest) -> HttpResponse:
    context = {
        "session_days": settings.SESSION_COOKIE_AGE // (24 * 3600),
        "idle_hours": settings.SESSION_IDLE_SECONDS // 3600,
    }
    return render(request, "operations/privacy.html", context)


@login_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    return render(request, "operations/my_data.html", {"summary": privacy.person_summary(user)})


@never_cache
@login_required
@require_safe
def my_data_download(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    response = HttpResponse(privacy.person_export(user), content_type="application/zip")
    name = f"mijlpaal-{slugify(user.email.replace('@', '-'))}-{clock.today():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

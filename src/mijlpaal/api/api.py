"""The REST API under /api/v1/: its token authentication, ETags and JSON errors.

No session authentication: a browser's login cookie does not open the API, so it needs no CSRF
token and a page cannot be tricked into calling it. Every request carries a personal token
(`Authorization: Bearer mp_...`, made on /account/api-tokens/) and acts as its member, with the
member's role in each plan (`plans.access.get_plan_for_user`): a plan the member is not in is 404,
the same as one that does not exist.

The language of messages is the request's Accept-Language (Dutch unless it asks for English):
unlike a shared school browser, a program says what it means.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from mijlpaal.api.endpoints import router
from mijlpaal.api.models import ApiToken
from mijlpaal.api.reports import router as reports_router
from mijlpaal.api.services import api_token_find

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> ApiToken | None:
        # Ninja's own logs a header it does not understand; that header may hold a secret.
        scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_find(token)
        if found is not None:
            request.user = found.user  # plans.access reads the member from the request
        return found


def with_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = translation.get_language_from_request(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Accept-Language"])
        response.headers["Content-Language"] = language
        return response

    return wrapped


class MijlpaalApi(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method == "GET" and response.status_code == 200:
            return _with_etag(request, response)
        return response


def _with_etag(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A weak ETag from the body: the same answer again is a bodiless 304. The body says every
    field, so any change of what the member may see changes the tag."""
    tag = 'W/"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = tag
    response["Cache-Control"] = "private, no-cache"
    sent = request.headers.get("If-None-Match", "")
    if tag in {t.strip() for t in sent.split(",")} or sent.strip() == "*":
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = tag
        not_modified["Cache-Control"] = "private, no-cache"
        return not_modified
    return response


api = MijlpaalApi(
    title="Mijlpaal API",
    version="1",
    description=(
        "Plans, their content, schedule, logbook, reports and budget. Send a personal API token "
        "(made on the account page) as `Authorization: Bearer <token>`."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
)
api.add_decorator(with_language, mode="view")
api.add_router("", router)
api.add_router("", reports_router)


def _error(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found."))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or _("Your role in this plan does not allow this."))


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(request, 401, _("Send a valid API token: Authorization: Bearer <token>."))
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        if loc and loc[0] in {"body", "query", "path"}:
            loc = loc[1:]  # say "limit", not "query.limit"
        if loc and loc[0] in {"body", "paging"}:
            loc = loc[1:]
        where = ".".join(str(part) for part in loc)
        errors.setdefault(where or "__all__", []).append(str(error.get("msg", "")))
    return _error(request, 422, _("The request is not valid."), errors=errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja's only one: a body that is not JSON
        return _error(request, 400, _("The request body is not valid JSON."))
    return _error(request, exc.status_code, str(exc.message))


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Never a traceback to the client: it is in the server's log.
    logger.exception("API error on %s %s", request.method, request.path)
    return _error(request, 500, _("Something went wrong on our side; it has been logged."))

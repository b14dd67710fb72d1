"""Request middleware: the interface language, how long a login lasts, the client's address."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from mijlpaal import clock

# Session keys: when the login began and when its user was last seen (seconds since the epoch).
STARTED = "mijlpaal.started"
SEEN = "mijlpaal.seen"
# "Last seen" is written at most this often, so a busy user does not write the session on every
# request.
TOUCH_SECONDS = 60


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's, but the browser's Accept-Language does not decide: schools share computers
    with English-language browsers, and the product speaks Dutch unless asked otherwise."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def _seconds() -> int:
    return int(clock.now().timestamp())


def session_started(session: SessionBase) -> None:
    """Mark a session as logged in now (on `user_logged_in`)."""
    session[STARTED] = session[SEEN] = _seconds()


def session_expired(session: SessionBase) -> bool:
    """Whether the login is older than SESSION_COOKIE_AGE or idle for SESSION_IDLE_SECONDS.

    A live session is marked as seen now, at most once every TOUCH_SECONDS."""
    now = _seconds()
    started = session.setdefault(STARTED, now)
    seen = session.setdefault(SEEN, now)
    if now - started > settings.SESSION_COOKIE_AGE or now - seen > settings.SESSION_IDLE_SECONDS:
        return True
    if now - seen >= TOUCH_SECONDS:
        session[SEEN] = now
    return False


class SessionTimeoutMiddleware:
    """Log out a user whose login is too old or who has been away too long.

    The cookie's own expiry is not enough: it is renewed whenever the session is written, and a
    stolen cookie knows no idle time. After the messages middleware, so it can say why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and session_expired(request.session):
            auth.logout(request)
            messages.info(request, _("Your session has ended. Please log in again."))
        return self.get_response(request)


def client_address(request: HttpRequest, *args: Any) -> str | None:
    """The client's address, for the login throttle (django-axes) and other rate limits.

    Behind TRUSTED_PROXY_COUNT proxies, each appending the address it saw to X-Forwarded-For,
    the client is that many entries from the end; entries further left are the client's own say.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None

"""The suite's fixtures: a frozen clock, test settings, named actors, a small plan, a browser.

The helpers they are built from live in tests/helpers.py; test files import from there.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from pytest_django import Settings
from time_machine import TimeMachineFixture

from mijlpaal.accounts.models import User
from mijlpaal.plans.models import Activity, Goal, Membership, Milestone, Party, Role, Workstream
from tests.helpers import (
    PASSWORD,
    SUITE_TODAY,
    Actors,
    OpenPage,
    SamplePlan,
    build_plan,
    client_for,
    make_user,
    morning_of,
    saved,
    session_cookie,
)

if TYPE_CHECKING:
    from playwright._impl._api_structures import SetCookieParam
    from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize
    from pytest_django.live_server_helper import LiveServer

# Still imported from here by test files that have not moved to tests.helpers yet: test_concurrency,
# test_hostile_users, test_lost_updates, test_replace, replace_story and
# monitoring/test_digest_lights.
__all__ = ["PASSWORD", "Actors", "SamplePlan", "client_for"]

# Debian's chromium (make test installs it); Playwright's own browser download does not work here.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous for a busy machine; a test that waits this long fails anyway, it does not pass slowly.
BROWSER_TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine: TimeMachineFixture) -> None:
    # The clock keeps ticking from there, so entries made one after the other keep their order.
    time_machine.move_to(morning_of(SUITE_TODAY))


@pytest.fixture
def travel(time_machine: TimeMachineFixture) -> Callable[[dt.date], None]:
    """Move the clock (mijlpaal.clock and everything else) to the morning of a day."""

    def to(day: dt.date) -> None:
        time_machine.move_to(morning_of(day))

    return to


@pytest.fixture(autouse=True)
def _session_cookies(settings: Settings) -> None:
    # A browser drops a cookie whose expiry lies before its own (real) clock: with the server's
    # clock in the past, cookies must last for the browser session instead of a fixed time.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Settings) -> None:
    # Background tasks (the e-mails) run when queued; django_tasks resets its backends on change.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    # What one test left in the cache (the portfolio's derived rows, under a stamp of ids and
    # times that the next test's fresh rows may repeat on the frozen clock) is not the next one's.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def actors(db: None) -> Actors:
    return Actors(
        owner=make_user("owner@school.example", "Olga Owner"),
        editor=make_user("editor@school.example", "Eddy Editor"),
        contributor=make_user("contributor@school.example", "Cor Contributor"),
        viewer=make_user("viewer@school.example", "Vera Viewer"),
        outsider=make_user("outsider@school.example", "Otto Outsider"),
    )


@pytest.fixture
def sample(actors: Actors) -> SamplePlan:
    plan = build_plan(actors.owner)
    for user, role in (
        (actors.editor, Role.EDITOR),
        (actors.contributor, Role.CONTRIBUTOR),
        (actors.viewer, Role.VIEWER),
    ):
        Membership.objects.create(plan=plan, user=user, role=role)
    owner = actors.owner
    goal = saved(
        plan,
        owner,
        Goal(
            description="Vijf procent minder uitval in vmbo 3 in 2028",
            indicator="uitval",
            target_value="-5%",
        ),
    )
    workstream = saved(plan, owner, Workstream(name="Modern techniekonderwijs"))
    milestone = saved(
        plan,
        owner,
        Milestone(
            workstream=workstream,
            goal=goal,
            title="XR-lesmateriaal ontwikkeld",
            deadline=dt.date(2025, 12, 19),
            lead_time="3m",
        ),
    )
    second = saved(
        plan,
        owner,
        Milestone(
            workstream=workstream,
            title="XR in alle techniekprofielen",
            deadline=dt.date(2026, 6, 30),
        ),
    )
    activity = saved(
        plan,
        owner,
        Activity(
            workstream=workstream,
            milestone=milestone,
            title="Inventarisatie XR-toepassingen",
            duration="4w",
        ),
    )
    party = saved(plan, owner, Party(name="Maaswaal College", kind="school"))
    return SamplePlan(plan, goal, workstream, milestone, second, activity, party)


# --- the browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, driven by Playwright, for the tests of one module.

    Per module, not per session: while Playwright runs, its event loop counts as running in this
    thread, and the other tests should not run inside it.
    """
    from playwright.sync_api import expect, sync_playwright  # only browser tests pay for it

    # Playwright's sync API runs an event loop in this thread; the test itself only touches the
    # database between browser steps, never concurrently.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        expect.set_options(timeout=BROWSER_TIMEOUT_MS)  # for expect(); actions: see page
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) in Dutch, with one page."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def open_page(browser: Browser, live_server: LiveServer) -> Iterator[OpenPage]:
    """Open a page in a fresh context at a size, in a language, logged in as a user if given.

    The language is the cookie the language switch sets; the user's session cookie is made on the
    server, without the login form. Every context is closed after the test.
    """
    contexts: list[BrowserContext] = []

    def open_(
        *, language: str = "nl", viewport: ViewportSize | None = None, user: User | None = None
    ) -> Page:
        context = browser.new_context(
            locale="nl-NL",
            viewport=viewport or {"width": 1280, "height": 900},
            bypass_csp=True,  # axe-core is injected as an inline script
        )
        cookies: list[SetCookieParam] = [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
        ]
        if user is not None:
            cookies.append(session_cookie(user, live_server.url))
        context.add_cookies(cookies)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(BROWSER_TIMEOUT_MS)
        return page

    yield open_
    for context in contexts:
        context.close()

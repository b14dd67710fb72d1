"""The users of `make load`: members of the demo plan who read its pages and post status updates.

Each simulated user logs in with its own account through the login form (CSRF token, the real
password: no failed logins, so django-axes has nothing to count), then, with a pause of a few
seconds between clicks, opens the pages of the mix below. A status update opens the form of a
milestone, posts it as a browser would (every field of the form, its CSRF token and its
`request_key`) with a unique marker in the explanation, and follows the redirect back to the
milestone. Markers the server confirmed, and every request's time, go to the file in $LOAD_OUT
when locust quits; bench/load.py checks the markers against the logbook.

The server is the production server behind a proxy that ends TLS: the requests say
`X-Forwarded-Proto: https`, and the secure cookies are sent back over the loopback connection.

Run by bench/load.py (`make load`), which writes $LOAD_PLAN: the plan, its open milestones and
the accounts.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from http.cookiejar import Cookie, DefaultCookiePolicy
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from urllib.request import Request

from formfields import entry_form  # bench/, next to this file: locust imports from there
from locust import FastHttpUser, between, events, task

# What a member does, in tasks. A status update is three requests (the form, the post, the
# milestone page it returns to), so its 5 in 40 tasks are 5 in 50 requests: 10% of all requests
# post a status update. README.md ("Speed under load") shows the same mix.
WEIGHTS = {
    "dashboard": 10,
    "overview": 9,
    "milestone plan": 9,
    "VERI matrix": 7,
    "status update": 5,
}
REQUESTS_PER_TASK = {"status update": 3}
# Seconds a person looks at a page before the next click.
THINK_TIME = (2, 8)

_accounts = itertools.count()
_confirmed: list[dict[str, Any]] = []
_samples: list[tuple[str, float, bool, float]] = []
_times: dict[str, float] = {}


class ProxiedHttps(DefaultCookiePolicy):
    """The cookie policy of a browser that talks HTTPS to the proxy in front of the server: the
    secure cookies go back over the plain loopback connection."""

    def return_ok_secure(self, cookie: Cookie, request: Request) -> bool:
        return True


def plan() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
    return found


class Member(FastHttpUser):
    """A contributor of the demo plan."""

    wait_time = between(*THINK_TIME)
    default_headers = {"X-Forwarded-Proto": "https", "Accept-Language": "nl"}

    def on_start(self) -> None:
        self.plan = plan()
        self.number = next(_accounts) % len(self.plan["accounts"])
        self.updates = itertools.count(1)
        self.origin = "https://" + urlsplit(self.host).netloc
        self.client.cookiejar.set_policy(ProxiedHttps())
        self.log_in()

    def log_in(self) -> None:
        page = self.client.get("/login/", name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text or "")
        assert token is not None, "no CSRF token on the login page"
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "username": self.plan["accounts"][self.number],
            "password": self.plan["password"],
        }
        with self.client.post(
            "/login/", data=urlencode(form), name="login", headers=self._posting("/login/"),
            allow_redirects=False, catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 302:
                answer.failure(f"login refused ({answer.status_code})")

    def _posting(self, path: str) -> dict[str, str]:
        return {
            "Origin": self.origin,
            "Referer": self.origin + path,
            "Content-Type": "application/x-www-form-urlencoded",
        }

    def page(self, name: str, path: str, expect: str) -> None:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as answer:
            if answer.status_code != 200:
                where = answer.headers.get("Location", "") if answer.headers else ""
                answer.failure(f"status {answer.status_code} {where}".strip())
            elif expect not in (answer.text or ""):
                answer.failure(f"{expect!r} not on the page")

    @task(WEIGHTS["dashboard"])
    def dashboard(self) -> None:
        self.page("dashboard", f"/plans/{self.plan['id']}/monitoring/", "</main>")

    @task(WEIGHTS["overview"])
    def overview(self) -> None:
        self.page("overview", f"/plans/{self.plan['id']}/", "</main>")

    @task(WEIGHTS["milestone plan"])
    def milestone_plan(self) -> None:
        self.page("milestone plan", f"/plans/{self.plan['id']}/charts/milestone-plan/", "</main>")

    @task(WEIGHTS["VERI matrix"])
    def veri_matrix(self) -> None:
        self.page("VERI matrix", f"/plans/{self.plan['id']}/veri/", "</main>")

    @task(WEIGHTS["status update"])
    def status_update(self) -> None:
        milestone = random.choice(self.plan["milestones"])
        path = f"/plans/{self.plan['id']}/monitoring/update/milestone/{milestone}/"
        with self.client.get(
            path, name="status update form", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 200 or "request_key" not in (answer.text or ""):
                answer.failure(f"no form (status {answer.status_code})")
                return
            form = entry_form(answer.text or "")
        marker = f"[{self.plan['run']}-u{self.number:02d}-{next(self.updates):04d}]"
        orange = random.random() < 0.2
        form["light"] = "orange" if orange else "green"
        form["explanation"] = (
            f"Wacht op de offerte van de leverancier. {marker}" if orange
            else f"Loopt volgens planning. {marker}"
        )  # fmt: skip
        # A browser that gets no answer sends the form again, with the same request_key.
        body = urlencode(form)
        for attempt in (1, 2):
            with self.client.post(
                path, data=body, name="status update (post)", headers=self._posting(path),
                allow_redirects=False, catch_response=True,
            ) as answer:  # fmt: skip
                if answer.status_code == 302:
                    _confirmed.append({"marker": marker, "attempts": attempt})
                    self.page("milestone (after update)", answer.headers["Location"], "</main>")
                    return
                answer.failure(f"status {answer.status_code}")
                if answer.status_code == 200:
                    return  # the form came back with an error: sending it again changes nothing


@events.request.add_listener
def _sample(
    name: str, response_time: float, exception: Exception | None, start_time: float, **_: Any
) -> None:
    _samples.append((name, response_time, exception is not None, start_time))


@events.test_start.add_listener
def _started(**_: Any) -> None:
    _times["started"] = time.time()


@events.test_stop.add_listener
def _stopped(**_: Any) -> None:
    _times["stopped"] = time.time()


@events.quitting.add_listener
def _write_results(**_: Any) -> None:
    if "LOAD_OUT" not in os.environ:
        return
    result = {
        **_times,
        "think_time_s": THINK_TIME,
        "weights": WEIGHTS,
        "confirmed": _confirmed,
        "samples": _samples,
    }
    Path(os.environ["LOAD_OUT"]).write_text(json.dumps(result), encoding="utf-8")

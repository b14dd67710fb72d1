"""Many people at once: every accepted write is stored exactly once, and nobody gets a 500.

Threads post to the live test server, each through its own connection, on SQLite (a file, as
in production) or PostgreSQL, whichever the suite runs on.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.test import Client

from mijlpaal.monitoring.models import Entry
from mijlpaal.plans.models import Activity
from tests.conftest import Actors, SamplePlan

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="request_key" value="([^"]+)"')


class Browser:
    """One person's session: its cookies sent along, redirects not followed."""

    def __init__(self, base: str, session: str) -> None:
        self.base = base
        self.cookies = {"sessionid": session}
        self.opener = urllib.request.build_opener(NoRedirect())

    def _send(self, request: urllib.request.Request) -> tuple[int, str]:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with self.opener.open(request, timeout=60) as response:
                status, body, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), error.headers
        for header in headers.get_all("Set-Cookie") or []:
            name, _eq, rest = header.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return int(status), body.decode()

    def get(self, path: str) -> str:
        status, body = self._send(urllib.request.Request(self.base + path))
        assert status == 200, (path, status)
        return body

    def post(self, path: str, data: dict[str, str]) -> int:
        request = urllib.request.Request(
            self.base + path, data=urllib.parse.urlencode(data).encode()
        )
        request.add_header("Referer", self.base + path)
        return self._send(request)[0]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def session_of(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return str(client.cookies["sessionid"].value)


def form_fields(page: str) -> dict[str, str]:
    token = TOKEN.search(page)
    assert token is not None
    fields = {"csrfmiddlewaretoken": token.group(1)}
    key = KEY.search(page)
    if key is not None:
        fields["request_key"] = key.group(1)
    return fields


def test_thirty_status_updates_and_ten_edits_at_once_each_stored_once(
    live_server: Any, sample: SamplePlan, actors: Actors
) -> None:
    plan = sample.plan
    activities = [
        Activity.objects.create(plan=plan, workstream=sample.workstream, title=f"Stap {n}")
        for n in range(10)
    ]
    update = f"/plans/{plan.pk}/monitoring/update/milestone/{sample.milestone.pk}/"
    people = [Browser(live_server.url, session_of(actors.contributor)) for _n in range(30)]
    editors = [Browser(live_server.url, session_of(actors.editor)) for _n in range(10)]
    # Each person opens the form first (its key and token), then all press save at once.
    forms = [form_fields(p.get(update)) for p in people]
    edits = [(a, f"/plans/{plan.pk}/activity/{a.pk}/edit/") for a in activities]
    edit_forms = [form_fields(e.get(path)) for e, (_a, path) in zip(editors, edits, strict=True)]

    def report(n: int) -> int:
        fields = {**forms[n], "light": "orange", "problems": f"Knelpunt {n}"}
        return people[n].post(update, fields)

    def edit(n: int) -> int:
        _activity, path = edits[n]
        fields = {**edit_forms[n], "title": f"Stap {n} (herzien)", "duration": "3w"}
        return editors[n].post(path, fields)

    with ThreadPoolExecutor(max_workers=16) as pool:
        reported = list(pool.map(report, range(30)))
        edited = list(pool.map(edit, range(10)))
        # The same thirty forms sent again (a double click): nothing new is stored.
        again = list(pool.map(report, range(30)))

    assert reported == [302] * 30
    assert edited == [302] * 10
    assert again == [302] * 30
    problems = sorted(Entry.objects.filter(plan=plan).values_list("problems", flat=True))
    assert problems == sorted(f"Knelpunt {n}" for n in range(30))
    titles = sorted(
        Activity.objects.filter(pk__in=[a.pk for a in activities]).values_list("title", flat=True)
    )
    assert titles == sorted(f"Stap {n} (herzien)" for n in range(10))

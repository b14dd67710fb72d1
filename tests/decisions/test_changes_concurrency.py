"""A change request under many clicks at once: asked once, decided once, nobody gets a 500."""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from mijlpaal.decisions.baselines import baseline_take
from mijlpaal.decisions.models import ChangeRequest
from mijlpaal.monitoring.models import Entry
from mijlpaal.plans.models import Milestone
from tests.decisions.conftest import Governed
from tests.helpers import Actors
from tests.test_concurrency import Browser, form_fields, session_of
from tests.test_lost_updates import milestone_form

pytestmark = pytest.mark.django_db(transaction=True)

VERSION = re.compile(r'name="version" value="([0-9a-f]+)"')
KEY = re.compile(r'name="change_request_key" value="([0-9a-f-]+)"')


def test_one_request_and_one_decision_under_a_burst_of_submits(
    live_server: Any, governed: Governed, actors: Actors
) -> None:
    plan, m = governed.sample.plan, governed.sample.milestone
    baseline_take(plan=plan, user=actors.owner, name="Vastgesteld")
    edit = f"/plans/{plan.pk}/milestone/{m.pk}/edit/"
    editor = Browser(live_server.url, session_of(actors.editor))
    page = editor.get(edit)
    version, key = VERSION.search(page), KEY.search(page)
    assert version is not None and key is not None
    fields = {
        **form_fields(page),
        **milestone_form(m, deadline="2026-02-27"),
        "version": version.group(1),
        "change_request_key": key.group(1),
        "change_reason": "De XR-brillen worden later geleverd.",
    }
    with ThreadPoolExecutor(max_workers=6) as pool:
        asked = list(pool.map(lambda _n: editor.post(edit, fields), range(6)))
    assert asked == [302] * 6
    change = ChangeRequest.objects.get()
    assert change.state == "pending"

    deciders = [Browser(live_server.url, session_of(u)) for u in [governed.boss, actors.owner] * 4]
    changes_page = f"/plans/{plan.pk}/decisions/changes/"
    tokens = [form_fields(d.get(changes_page))["csrfmiddlewaretoken"] for d in deciders]
    decide = f"/plans/{plan.pk}/decisions/changes/{change.pk}/"

    def press(n: int) -> int:
        action = "approve" if n % 2 == 0 else "reject"
        data = {"csrfmiddlewaretoken": tokens[n], "action": action}
        return deciders[n].post(decide, data)

    with ThreadPoolExecutor(max_workers=8) as pool:
        pressed = list(pool.map(press, range(8)))
    assert pressed == [302] * 8
    change.refresh_from_db()
    assert change.state in {"approved", "rejected"}
    expected = dt.date(2026, 2, 27) if change.state == "approved" else dt.date(2025, 12, 19)
    assert Milestone.objects.get(pk=m.pk).deadline == expected
    word = "goedgekeurd door" if change.state == "approved" else "afgewezen door"
    assert Entry.objects.filter(explanation__contains=word).count() == 1

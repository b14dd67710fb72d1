"""The same preview of a calendar file confirmed many times at once is imported once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.urls import reverse

from mijlpaal.plans.closures import calendar_version
from mijlpaal.plans.forms_closures import sign_preview
from mijlpaal.plans.ics import read_calendar_file
from mijlpaal.plans.models import Closure
from tests.helpers import Actors, SamplePlan
from tests.test_closures import OUTLOOK
from tests.test_concurrency import Browser, form_fields, session_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_confirms_of_one_preview_at_once_import_it_once(
    live_server: Any, sample: SamplePlan, actors: Actors
) -> None:
    plan = sample.plan
    proposals = read_calendar_file(OUTLOOK, plan).proposals
    payload = sign_preview(plan, calendar_version(plan), proposals)
    path = reverse("plans:closure_import", args=[plan.pk])
    editors = [Browser(live_server.url, session_of(actors.editor)) for _n in range(8)]
    fields = [form_fields(e.get(path)) for e in editors]
    choices = {f"kind-{i}": p.kind for i, p in enumerate(proposals)}
    choices |= {f"policy-{i}": "no_work" for i in range(len(proposals))}

    def confirm(n: int) -> int:
        return editors[n].post(path, {**fields[n], "payload": payload, **choices})

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(confirm, range(8)))
    assert statuses == [302] * 8
    assert sorted(Closure.objects.filter(plan=plan).values_list("name", flat=True)) == [
        "Projectdag bovenbouw",
        "Studiedag team techniek",
        "Toetsweek 3 havo/vwo (alle leerjaren, ook de examenklassen met een PTA-toets)",
    ]

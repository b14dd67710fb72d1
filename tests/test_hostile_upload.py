"""Hostile plan files uploaded: a page with the problems, never a 500 and never a partial write."""

from __future__ import annotations

import random
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mijlpaal.plans.models import (
    Activity,
    ChangeRecord,
    Dependency,
    Goal,
    Membership,
    Milestone,
    Party,
    Plan,
    Workstream,
)
from mijlpaal.responsibilities.models import Assignment
from tests.helpers import Actors, client_for, text
from tests.planning.hostile_plans import alias_bomb, hostile_upload

MODELS = (Plan, Membership, Goal, Workstream, Milestone, Activity, Party, Dependency,
          ChangeRecord, Assignment)  # fmt: skip
BOUND_S = 10.0  # per case: a bound on hostile input, not a speed test


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def upload(client: Client, content: str) -> tuple[int, str]:
    response = client.post(
        reverse("plans:upload"), {"file": SimpleUploadedFile("plan.yaml", content.encode())}
    )
    return response.status_code, text(response) if response.status_code == 200 else ""


def test_an_alias_bomb_upload_is_refused_with_the_message(actors: Actors) -> None:
    before = row_counts()
    status, page = upload(client_for(actors.owner), "plan: {title: T}\n" + alias_bomb(9))
    assert status == 200
    assert (
        "regel 2 Het planbestand gebruikt YAML-ankers of -verwijzingen (& en *); "
        "schrijf elk onderdeel voluit." in page
    )
    assert row_counts() == before


def test_a_deeply_nested_upload_is_refused_with_the_message(actors: Actors) -> None:
    status, page = upload(client_for(actors.owner), "items: " + "[" * 5000 + "]" * 5000)
    assert status == 200
    assert "regel 1 Het planbestand is dieper genest dan 20 niveaus" in page


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.randoms(use_true_random=False))
def test_hostile_uploads_give_a_page_not_a_500_nor_a_partial_write(
    actors: Actors, rng: random.Random
) -> None:
    client = client_for(actors.owner)
    before = row_counts()
    started = time.monotonic()
    status, _page = upload(client, hostile_upload(rng))
    assert time.monotonic() - started < BOUND_S
    assert status in (200, 302)
    after = row_counts()
    if status == 200:
        assert after == before
    else:
        assert after["Plan"] == before["Plan"] + 1

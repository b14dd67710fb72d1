"""Logins that fail too often, password resets, and invitations opened by someone else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from mijlpaal.plans.models import ChangeRecord, Membership, Role
from mijlpaal.plans.services import invitation_create
from tests.conftest import PASSWORD, Actors, SamplePlan, client_for
from tests.test_views import text


def log_in(client: Client, password: str, email: str = "owner@school.example") -> int:
    return client.post(reverse("login"), {"username": email, "password": password}).status_code


def test_ten_wrong_passwords_pause_the_account_with_a_way_back_in(
    actors: Actors, travel: Callable[[dt.date], None]
) -> None:
    client = Client()
    assert [log_in(client, f"wrong {n}") for n in range(9)] == [200] * 9
    locked = client.post(reverse("login"), {"username": "owner@school.example", "password": "x"})

    assert locked.status_code == 429
    page = text(locked)
    assert "Te veel pogingen" in page
    assert "gepauzeerd voor 15 minuten" in page
    assert reverse("password_reset") in locked.content.decode()
    # The right password does not help while the pause lasts, from another address neither.
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert log_in(other, PASSWORD) == 429
    travel(dt.date(2026, 12, 2))  # the next morning
    assert log_in(Client(), PASSWORD) == 302


def test_one_address_trying_many_accounts_is_paused_too(actors: Actors) -> None:
    client = Client(REMOTE_ADDR="192.0.2.7")
    for n in range(10):
        log_in(client, "wrong", email=f"nobody{n}@school.example")

    assert log_in(client, PASSWORD) == 429
    assert log_in(Client(REMOTE_ADDR="192.0.2.8"), PASSWORD) == 302


def test_password_reset_answers_known_and_unknown_addresses_alike(
    actors: Actors, settings: object
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    known = Client().post(reverse("password_reset"), {"email": "owner@school.example"})
    unknown = Client().post(reverse("password_reset"), {"email": "niemand@school.example"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert mail.outbox == []  # nothing is sent during the request: the worker sends it
    assert DBTaskResult.objects.count() == 2  # the same work for both


def test_password_reset_is_rate_limited_per_address_and_per_client(actors: Actors) -> None:
    client = Client(REMOTE_ADDR="198.51.100.1")
    for _n in range(5):
        assert (
            client.post(reverse("password_reset"), {"email": "owner@school.example"}).status_code
            == 302
        )
    assert len(mail.outbox) == 5

    sixth = client.post(reverse("password_reset"), {"email": "owner@school.example"})
    assert sixth.status_code == 429
    assert "Probeer het over een uur opnieuw" in text(sixth)
    # Another client asking for the same address gets the usual page, and no more mail.
    elsewhere = Client(REMOTE_ADDR="198.51.100.2")
    assert (
        elsewhere.post(reverse("password_reset"), {"email": "owner@school.example"}).status_code
        == 302
    )
    assert len(mail.outbox) == 5


def test_an_invitation_for_another_address_needs_confirmation_and_records_both(
    sample: SamplePlan, actors: Actors
) -> None:
    _invitation, token = invitation_create(
        plan=sample.plan, user=actors.owner, email="nieuw@school.example", role=Role.VIEWER,
        language="nl",
    )  # fmt: skip
    url = reverse("invitation_accept", args=[token])
    client = client_for(actors.outsider)

    page = text(client.get(url))
    assert "Deze uitnodiging is gestuurd naar nieuw@school.example" in page
    assert "outsider@school.example" in page
    refused = client.post(url)
    assert "Bevestig dat deze uitnodiging voor u bedoeld is." in text(refused)
    assert not Membership.objects.filter(plan=sample.plan, user=actors.outsider).exists()

    accepted = client.post(url, {"meant_for_me": "yes"})
    assert accepted.status_code == 302
    membership = Membership.objects.get(plan=sample.plan, user=actors.outsider)
    assert membership.role == Role.VIEWER
    record = ChangeRecord.objects.get(object_type="membership", object_id=membership.pk)
    assert record.changes["email"] == [None, "outsider@school.example"]
    assert record.changes["invited"] == [None, "nieuw@school.example"]


def test_an_invitation_for_ones_own_address_is_accepted_at_once(
    sample: SamplePlan, actors: Actors
) -> None:
    _invitation, token = invitation_create(
        plan=sample.plan, user=actors.owner, email="Outsider@School.example", role=Role.VIEWER,
        language="nl",
    )  # fmt: skip
    response = client_for(actors.outsider).post(reverse("invitation_accept", args=[token]))
    assert response.status_code == 302
    assert Membership.objects.filter(plan=sample.plan, user=actors.outsider).exists()


def test_behind_a_proxy_the_reset_limit_counts_each_client(
    actors: Actors, settings: Settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1

    def reset(client_ip: str, email: str) -> int:
        browser = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_ip)
        return browser.post(reverse("password_reset"), {"email": email}).status_code

    assert [reset("198.51.100.9", f"a{n}@x.example") for n in range(5)] == [302] * 5
    assert reset("198.51.100.9", "b@x.example") == 429
    # Another client behind the same proxy is not held back by the first one's requests.
    assert reset("203.0.113.4", "c@x.example") == 302

"""A login lasts 14 days at most and ends after 8 hours without a request (the frozen clock)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from mijlpaal import clock
from mijlpaal.middleware import SEEN, STARTED
from tests.conftest import Actors, client_for

pytestmark = pytest.mark.django_db


def later(time_machine: TimeMachineFixture, **delta: float) -> None:
    time_machine.move_to(clock.now() + dt.timedelta(**delta))


def logged_in(client: Client) -> bool:
    response = client.get(reverse("plans:list"))
    return response.status_code == 200


def test_the_defaults_are_fourteen_days_and_eight_idle_hours() -> None:
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
    assert settings.SESSION_IDLE_SECONDS == 8 * 3600


def test_a_login_ends_after_eight_idle_hours(
    actors: Actors, time_machine: TimeMachineFixture
) -> None:
    client = client_for(actors.owner)
    assert logged_in(client)
    later(time_machine, hours=7, minutes=59)
    assert logged_in(client), "7 hours 59 minutes away is not idle for too long"
    later(time_machine, hours=7, minutes=59)
    assert logged_in(client), "each request starts the idle time again"
    later(time_machine, hours=8, minutes=1)
    response = client.get(reverse("plans:list"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Uw sessie is verlopen" in response.content.decode()
    assert not logged_in(client)


def test_a_login_ends_after_fourteen_days_however_busy(
    actors: Actors, time_machine: TimeMachineFixture
) -> None:
    client = client_for(actors.owner)
    for _day in range(13):
        later(time_machine, hours=7)
        assert logged_in(client)
        later(time_machine, hours=7)
        assert logged_in(client)
        later(time_machine, hours=7)
        assert logged_in(client)
        later(time_machine, hours=3)
        assert logged_in(client)
    for hours in (7, 7, 7, 2):
        later(time_machine, hours=hours)
        assert logged_in(client), "up to 13 days and 23 hours after logging in"
    later(time_machine, hours=1, minutes=1)
    assert not logged_in(client)


def test_last_seen_is_written_at_most_once_a_minute(
    actors: Actors, time_machine: TimeMachineFixture
) -> None:
    client = client_for(actors.owner)
    started = client.session[STARTED]
    assert client.session[SEEN] == started, "set when logging in"
    later(time_machine, seconds=30)
    assert logged_in(client)
    assert client.session[SEEN] == started, "not written again within the minute"
    later(time_machine, seconds=31)
    assert logged_in(client)
    assert client.session[SEEN] == int(clock.now().timestamp())
    assert client.session[STARTED] == started


def test_logging_in_with_the_form_starts_the_clock(actors: Actors) -> None:
    client = Client()
    response = client.post(
        reverse("login"),
        {"username": actors.viewer.email, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert client.session[STARTED] == int(clock.now().timestamp())


def test_anonymous_requests_get_no_session(db: None) -> None:
    client = Client()
    client.get(reverse("login"))
    assert STARTED not in client.session

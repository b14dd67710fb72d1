"""Behind a proxy: the login throttle counts the client's address from X-Forwarded-For, as many
entries from the end as there are trusted proxies, never an address the client wrote itself."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.test import Client, RequestFactory
from django.urls import reverse

from mijlpaal.middleware import client_address
from tests.conftest import Actors


def address(settings: Any, proxies: int, forwarded: str | None) -> str | None:
    settings.TRUSTED_PROXY_COUNT = proxies
    factory = RequestFactory()
    if forwarded is None:
        request = factory.get("/", REMOTE_ADDR="10.0.0.2")
    else:
        request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    return client_address(request)


def test_without_trusted_proxies_the_connection_counts(settings: Any) -> None:
    assert address(settings, 0, "198.51.100.7") == "10.0.0.2"


def test_one_proxy_adds_the_client_at_the_end(settings: Any) -> None:
    assert address(settings, 1, "198.51.100.7") == "198.51.100.7"
    assert address(settings, 1, "6.6.6.6, 198.51.100.7") == "198.51.100.7", "not the spoofed one"


def test_two_proxies(settings: Any) -> None:
    assert address(settings, 2, "6.6.6.6, 198.51.100.7, 10.0.0.9") == "198.51.100.7"


def test_a_missing_header_falls_back_to_the_connection(settings: Any) -> None:
    assert address(settings, 1, None) == "10.0.0.2"
    assert address(settings, 2, "198.51.100.7") == "10.0.0.2"


@pytest.mark.django_db
def test_the_login_throttle_records_the_client_behind_the_proxy(
    settings: Any, actors: Actors
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7").post(
        reverse("login"), {"username": actors.viewer.email, "password": "wrong"}
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]

"""Making, listing and revoking API tokens on the account page."""

from __future__ import annotations

from django.urls import reverse

from mijlpaal.api.models import ApiToken
from mijlpaal.feeds.services import token_hash
from tests.helpers import Actors, client_for, english_client, text


def test_a_token_is_shown_once_and_listed(actors: Actors) -> None:
    client = client_for(actors.viewer)
    url = reverse("api_tokens:settings")
    assert "U hebt geen API-tokens." in text(client.get(url))
    response = client.post(url, {"action": "create", "name": "Power BI", "scope": "read"})
    page = text(response)
    assert "Uw nieuwe token “Power BI”" in page
    assert "Kopieer het token nu: het wordt alleen deze ene keer getoond." in page
    token = ApiToken.objects.get()
    secret = response.content.decode().split('id="api-token" type="text" readonly value="')[1]
    secret = secret.split('"')[0]
    assert token.token_hash == token_hash(secret)
    assert (token.name, token.scope, token.user) == ("Power BI", "read", actors.viewer)
    again = text(client.get(url))
    assert secret not in again
    assert "Power BI · lezen · gemaakt op 1 december 2026" in again


def test_a_token_needs_a_name_and_is_revoked_by_its_owner_only(actors: Actors) -> None:
    client = english_client(actors.viewer)
    url = reverse("api_tokens:settings")
    response = client.post(url, {"action": "create", "name": "  ", "scope": "write"})
    assert response.status_code == 422
    assert "Give the token a name, such as the program using it." in text(response)
    assert not ApiToken.objects.exists()
    client.post(url, {"action": "create", "name": "Sync", "scope": "write"})
    token = ApiToken.objects.get()
    assert "Sync · read and write · made on 1 December 2026" in text(client.get(url))
    other = client_for(actors.outsider)
    other.post(url, {"action": "revoke", "token": str(token.pk)})
    assert ApiToken.objects.filter(pk=token.pk).exists()
    response = client.post(url, {"action": "revoke", "token": str(token.pk)}, follow=True)
    assert "The token has been revoked." in text(response)
    assert not ApiToken.objects.exists()


def test_the_page_needs_a_login(db: None) -> None:
    from django.test import Client

    response = Client().get(reverse("api_tokens:settings"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")

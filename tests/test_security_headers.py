"""Every page says which scripts and styles may run: only the site's own files."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.helpers import Actors, SamplePlan, client_for


def test_pages_carry_a_content_security_policy_without_inline_code(
    sample: SamplePlan, actors: Actors
) -> None:
    for response in (
        Client().get(reverse("login")),
        client_for(actors.owner).get(reverse("plans:overview", args=[sample.plan.pk])),
    ):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy


def test_the_footer_links_the_privacy_statement(sample: SamplePlan, actors: Actors) -> None:
    page = client_for(actors.owner).get(reverse("plans:overview", args=[sample.plan.pk]))
    html = page.content.decode()
    assert f'href="{reverse("operations:privacy")}">Privacy</a>' in html
    assert f'href="{reverse("operations:my_data")}">Mijn gegevens</a>' in html

import pytest
from django.urls import reverse
from pytest_django.live_server_helper import LiveServer

from mijlpaal.demo import load_demo
from mijlpaal.portfolio.models import Organisation
from tests.helpers import LAPTOP, PHONE, OpenPage, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shots(open_page: OpenPage, live_server: LiveServer) -> None:
    demo = load_demo()
    org = Organisation.objects.get()
    found = []
    for language in ("nl", "en"):
        for vname, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
            page = open_page(language=language, viewport=viewport, user=demo.user)
            for name in ("portfolio:list", "portfolio:portfolio", "portfolio:manage", "plans:list"):
                args = [] if name in ("portfolio:list", "plans:list") else [org.pk]
                page.goto(live_server.url + reverse(name, args=args))
                found += [f"{language} {name}: {v}" for v in axe_violations(page)]
                page.screenshot(path=f"/tmp/pf-{language}-{vname}-{name.replace(':','-')}.png", full_page=True)
    assert found == [], found

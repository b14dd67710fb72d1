"""The demo's decisions send no e-mail to its invented addresses."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage

from mijlpaal.decisions.models import Baseline, DecisionDocument
from mijlpaal.demo import STO_TITLE, load_demo


def test_the_demo_decides_without_mail(
    db: None, django_capture_on_commit_callbacks: Any, mailoutbox: list[EmailMessage]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    assert not [m for m in mailoutbox if "besluit" in m.subject.lower()]
    states = sorted(
        DecisionDocument.objects.filter(plan__title=STO_TITLE).values_list("state", "verdict")
    )
    assert states == [("besloten", "go_voorwaarden"), ("voorgelegd", "")]
    assert Baseline.objects.filter(plan__title=STO_TITLE).count() == 2

"""Shared bits of the VERI tests: the visible text of a page, clients in a language, a small matrix."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.test import Client
from django.urls import reverse

from mijlpaal.accounts.models import User
from mijlpaal.plans.models import Party
from mijlpaal.responsibilities.models import Assignment
from tests.conftest import SamplePlan, client_for


def text(response: object) -> str:
    """The visible text of a page, whitespace collapsed, tags removed."""
    html = response.content.decode()  # type: ignore[attr-defined]
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def element_text(response: object, element_id: str) -> str:
    """The visible text of the element with this id (its tag must not nest in itself)."""
    html = response.content.decode()  # type: ignore[attr-defined]
    match = re.search(
        rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', html, flags=re.S
    )
    assert match, f"no element #{element_id}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(2))).strip()


def english_client(user: User) -> Client:
    client = client_for(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


@dataclass
class Matrix:
    sample: SamplePlan
    school: Party  # "Maaswaal College", linked to nobody
    mbo: Party  # "ROC Rivor"
    person: Party  # "Eddy Editor", linked to the editor's account
    company: Party  # "Bouwbedrijf Van Wijk", no role anywhere


def fill(sample: SamplePlan, editor: User) -> Matrix:
    """Workstream: E+V fine; milestone 1: E, no V (warning); milestone 2: two E's (error); activity: nothing."""
    plan = sample.plan
    mbo = Party.objects.create(plan=plan, name="ROC Rivor", kind="mbo", order=1)
    person = Party.objects.create(
        plan=plan,
        name="Eddy Editor",
        kind="person",
        user=editor,
        order=2,
        role_title="Projectleider",
    )
    company = Party.objects.create(plan=plan, name="Bouwbedrijf Van Wijk", kind="company", order=3)
    cells = [
        (sample.party, {"workstream": sample.workstream}, "VE"),
        (mbo, {"workstream": sample.workstream}, "I"),
        (sample.party, {"milestone": sample.milestone}, "E"),
        (mbo, {"milestone": sample.milestone}, "R"),
        (sample.party, {"milestone": sample.second_milestone}, "E"),
        (person, {"milestone": sample.second_milestone}, "VE"),
    ]
    for party, row, letters in cells:
        Assignment.objects.create(plan=plan, party=party, letters=letters, **row)
    return Matrix(sample, sample.party, mbo, person, company)

"""The public helpers that the milestone plan table and the exports use."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mijlpaal.plans.models import Party
from mijlpaal.responsibilities.models import Assignment
from mijlpaal.responsibilities.queries import display_letters, roles_for_plan
from tests.helpers import SamplePlan


@pytest.mark.parametrize(
    ("letters", "language", "shown"),
    [
        ("VE", "nl", "VE"),
        ("EV", "nl", "VE"),
        ("VERISO", "nl", "VERISO"),
        # VERI in English too: RACI would give R two meanings on one plan.
        ("VE", "en", "VE"),
        ("R", "en", "R"),
        ("IR", "en", "RI"),
        ("O", "en", "O"),
        ("VERIS", "en", "VERIS"),
        ("RI", "en-gb", "RI"),
        ("", "nl", ""),
    ],
)
def test_display_letters(letters: str, language: str, shown: str) -> None:
    assert display_letters(letters, language) == shown


def test_roles_for_plan_maps_rows_to_parties_in_party_order(sample: SamplePlan) -> None:
    plan = sample.plan
    late = Party.objects.create(plan=plan, name="Aa Bedrijf", order=5)
    first = sample.party  # order 0, "Maaswaal College"
    Assignment.objects.create(plan=plan, party=late, milestone=sample.milestone, letters="I")
    Assignment.objects.create(plan=plan, party=first, milestone=sample.milestone, letters="EV")
    Assignment.objects.create(plan=plan, party=first, workstream=sample.workstream, letters="E")
    Assignment.objects.create(plan=plan, party=late, activity=sample.activity, letters="SR")
    with CaptureQueriesContext(connection) as queries:
        roles = roles_for_plan(plan)
    assert len(queries) <= 2
    assert roles == {
        ("milestone", sample.milestone.pk): [("Maaswaal College", "VE"), ("Aa Bedrijf", "I")],
        ("workstream", sample.workstream.pk): [("Maaswaal College", "E")],
        ("activity", sample.activity.pk): [("Aa Bedrijf", "RS")],
    }
    assert ("milestone", sample.second_milestone.pk) not in roles


def test_roles_for_plan_of_an_empty_plan_is_empty(sample: SamplePlan) -> None:
    assert roles_for_plan(sample.plan) == {}

"""A plan with an opdrachtgever who has a member account, and a decision point without an E."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from mijlpaal.accounts.models import User
from mijlpaal.decisions.roles import roles_set
from mijlpaal.plans.models import Dependency, Membership, Milestone, Party, Role
from tests.helpers import Actors, Matrix, SamplePlan, fill, make_user, saved


@dataclass
class Governed:
    sample: SamplePlan
    matrix: Matrix
    boss: User  # the opdrachtgever's member account (a viewer of the plan)
    commissioner: Party
    point: Milestone  # a decision point without an E in the VERI matrix


@pytest.fixture
def governed(sample: SamplePlan, actors: Actors) -> Governed:
    matrix = fill(sample, actors.editor)
    boss = make_user("bestuurder@school.example", "Bea Bestuurder")
    Membership.objects.create(plan=sample.plan, user=boss, role=Role.VIEWER)
    commissioner = Party.objects.create(
        plan=sample.plan, name="Bea Bestuurder", kind="person", user=boss, order=4
    )
    roles_set(
        plan=sample.plan,
        user=actors.owner,
        commissioner=commissioner,
        project_leader=matrix.person,
        steering=[],
    )
    point = saved(
        sample.plan,
        actors.owner,
        Milestone(
            workstream=sample.workstream,
            title="Besluit over opschaling",
            deadline=dt.date(2027, 3, 1),
            lead_time="2w",
            is_decision_point=True,
        ),
    )
    # The second milestone waits for the first: a no-go on the first stops the second.
    Dependency.objects.create(
        plan=sample.plan,
        predecessor_milestone=sample.milestone,
        successor_milestone=sample.second_milestone,
    )
    return Governed(sample, matrix, boss, commissioner, point)

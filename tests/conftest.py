"""Named actors and a small plan, shared by the web tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from mijlpaal.accounts.models import User
from mijlpaal.plans import services
from mijlpaal.plans.models import (
    Activity,
    Goal,
    Membership,
    Milestone,
    Party,
    Plan,
    Role,
    Workstream,
)

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: object) -> None:
    # Background tasks (the e-mails) run when queued; django_tasks resets its backends on the change.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # type: ignore[attr-defined]


@dataclass
class Actors:
    owner: User
    editor: User
    contributor: User
    viewer: User
    outsider: User


@dataclass
class SamplePlan:
    plan: Plan
    goal: Goal
    workstream: Workstream
    milestone: Milestone
    second_milestone: Milestone
    activity: Activity
    party: Party


def make_user(email: str, name: str) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, name=name)


@pytest.fixture
def actors(db: None) -> Actors:
    return Actors(
        owner=make_user("owner@school.example", "Olga Owner"),
        editor=make_user("editor@school.example", "Eddy Editor"),
        contributor=make_user("contributor@school.example", "Cor Contributor"),
        viewer=make_user("viewer@school.example", "Vera Viewer"),
        outsider=make_user("outsider@school.example", "Otto Outsider"),
    )


def build_plan(owner: User, title: str = "Regioplan Techniek 2025–2028") -> Plan:
    return services.plan_create(
        user=owner,
        plan=Plan(
            title=title,
            organisation="STO Rivierenland",
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2028, 12, 31),
            region="midden",
        ),
    )


@pytest.fixture
def sample(actors: Actors) -> SamplePlan:
    plan = build_plan(actors.owner)
    for user, role in (
        (actors.editor, Role.EDITOR),
        (actors.contributor, Role.CONTRIBUTOR),
        (actors.viewer, Role.VIEWER),
    ):
        Membership.objects.create(plan=plan, user=user, role=role)
    owner = actors.owner
    goal = services.item_save(
        plan=plan,
        user=owner,
        instance=Goal(
            description="Vijf procent minder uitval in vmbo 3 in 2028",
            indicator="uitval",
            target_value="-5%",
        ),
    )
    workstream = services.item_save(
        plan=plan, user=owner, instance=Workstream(name="Modern techniekonderwijs")
    )
    milestone = services.item_save(
        plan=plan,
        user=owner,
        instance=Milestone(
            workstream=workstream,
            goal=goal,
            title="XR-lesmateriaal ontwikkeld",
            deadline=dt.date(2025, 12, 19),
            lead_time="3m",
        ),
    )
    second = services.item_save(
        plan=plan,
        user=owner,
        instance=Milestone(
            workstream=workstream,
            title="XR in alle techniekprofielen",
            deadline=dt.date(2026, 6, 30),
        ),
    )
    activity = services.item_save(
        plan=plan,
        user=owner,
        instance=Activity(
            workstream=workstream,
            milestone=milestone,
            title="Inventarisatie XR-toepassingen",
            duration="4w",
        ),
    )
    party = services.item_save(
        plan=plan, user=owner, instance=Party(name="Maaswaal College", kind="school")
    )
    assert isinstance(goal, Goal) and isinstance(workstream, Workstream)
    assert isinstance(milestone, Milestone) and isinstance(second, Milestone)
    assert isinstance(activity, Activity) and isinstance(party, Party)
    return SamplePlan(plan, goal, workstream, milestone, second, activity, party)


def client_for(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)
    return client

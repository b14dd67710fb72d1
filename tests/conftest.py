"""Named actors and a small plan, shared by the web tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

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
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The suite's today: every test runs on this day unless it travels, so it passes next year too.
SUITE_TODAY = dt.date(2026, 12, 1)


def morning_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine: TimeMachineFixture) -> None:
    # The clock keeps ticking from there, so entries made one after the other keep their order.
    time_machine.move_to(morning_of(SUITE_TODAY))


@pytest.fixture
def travel(time_machine: TimeMachineFixture) -> Callable[[dt.date], None]:
    """Move the clock (mijlpaal.clock and everything else) to the morning of a day."""

    def to(day: dt.date) -> None:
        time_machine.move_to(morning_of(day))

    return to


@pytest.fixture(autouse=True)
def _session_cookies(settings: object) -> None:
    # A browser drops a cookie whose expiry lies before its own (real) clock: with the server's
    # clock in the past, cookies must last for the browser session instead of a fixed time.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # type: ignore[attr-defined]
    settings.CSRF_COOKIE_AGE = None  # type: ignore[attr-defined]


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

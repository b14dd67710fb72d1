"""The write functions: one transaction each, and a history record of what changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mijlpaal.plans import services
from mijlpaal.plans.history import describe
from mijlpaal.plans.models import (
    ChangeRecord,
    Dependency,
    Membership,
    Milestone,
    Phase,
    Role,
    Workstream,
    validate_duration,
)
from tests.helpers import Actors, SamplePlan, saved


def test_snapshot_uses_labels_for_related_items_and_iso_dates(sample: SamplePlan) -> None:
    values = services.snapshot(sample.milestone)
    assert values["workstream"] == "Modern techniekonderwijs"
    assert values["deadline"] == "2025-12-19"
    assert values["lead_time"] == "3m"
    assert "plan" not in values and "order" not in values


def test_history_describes_a_change_in_dutch(sample: SamplePlan, actors: Actors) -> None:
    sample.milestone.is_decision_point = True
    sample.milestone.deadline = dt.date(2026, 2, 6)
    services.item_save(plan=sample.plan, user=actors.editor, instance=sample.milestone)
    record = ChangeRecord.objects.filter(object_type="milestone").first()
    assert record is not None
    assert describe(record) == [
        ("Deadline", "19 december 2025", "6 februari 2026"),
        ("Beslismoment (go/no-go)", "nee", "ja"),
    ]


def test_failed_validation_saves_nothing_and_records_nothing(
    sample: SamplePlan, actors: Actors
) -> None:
    before = ChangeRecord.objects.count()
    sample.milestone.lead_time = "-2w"
    with pytest.raises(ValidationError) as error:
        services.item_save(plan=sample.plan, user=actors.editor, instance=sample.milestone)
    assert error.value.message_dict["lead_time"] == ["Een doorlooptijd kan niet negatief zijn."]
    assert Milestone.objects.get(pk=sample.milestone.pk).lead_time == "3m"
    assert ChangeRecord.objects.count() == before


def test_new_milestones_are_numbered_per_workstream(sample: SamplePlan, actors: Actors) -> None:
    other = saved(sample.plan, actors.owner, Workstream(name="LOB"))
    first = services.item_save(
        plan=sample.plan, user=actors.owner, instance=Milestone(workstream=other, title="A")
    )
    third = services.item_save(
        plan=sample.plan,
        user=actors.owner,
        instance=Milestone(workstream=sample.workstream, title="C"),
    )
    assert isinstance(first, Milestone) and isinstance(third, Milestone)
    assert (first.number, third.number) == (1, 3)


def test_move_swaps_neighbours_and_stops_at_the_ends(sample: SamplePlan, actors: Actors) -> None:
    services.item_move(
        plan=sample.plan, user=actors.owner, instance=sample.milestone, direction="up"
    )
    titles = list(Milestone.objects.order_by("order").values_list("title", flat=True))
    assert titles == ["XR-lesmateriaal ontwikkeld", "XR in alle techniekprofielen"]
    services.item_move(
        plan=sample.plan, user=actors.owner, instance=sample.milestone, direction="down"
    )
    titles = list(Milestone.objects.order_by("order").values_list("title", flat=True))
    assert titles == ["XR in alle techniekprofielen", "XR-lesmateriaal ontwikkeld"]


def test_delete_keeps_a_record_with_the_old_values(sample: SamplePlan, actors: Actors) -> None:
    pk = sample.second_milestone.pk
    services.item_delete(plan=sample.plan, user=actors.editor, instance=sample.second_milestone)
    record = ChangeRecord.objects.get(object_type="milestone", object_id=pk, action="delete")
    assert record.object_label == "XR in alle techniekprofielen"
    assert record.changes["deadline"] == ["2026-06-30", None]


def test_dependency_on_itself_is_refused(sample: SamplePlan, actors: Actors) -> None:
    with pytest.raises(ValidationError):
        services.dependency_create(
            plan=sample.plan,
            user=actors.editor,
            predecessor=sample.milestone,
            successor=sample.milestone,
            type="FS",
            lag="0d",
        )
    dependency = services.dependency_create(
        plan=sample.plan,
        user=actors.editor,
        predecessor=sample.activity,
        successor=sample.milestone,
        type="FF",
        lag="-1w",
    )
    assert Dependency.objects.get(pk=dependency.pk).predecessor == sample.activity


def test_renaming_phases_keeps_activities_on_kept_phases(
    sample: SamplePlan, actors: Actors
) -> None:
    analyse = Phase.objects.get(plan=sample.plan, name="analyse")
    sample.activity.phase = analyse
    sample.activity.save()
    services.plan_update_settings(
        user=actors.owner, plan=sample.plan, phases=["Analyse", "uitvoering"], domains=["ICT"]
    )
    sample.activity.refresh_from_db()
    assert sample.activity.phase_id == analyse.pk
    assert list(Phase.objects.filter(plan=sample.plan).values_list("name", flat=True)) == [
        "Analyse",
        "uitvoering",
    ]


def test_last_owner_cannot_leave(sample: SamplePlan, actors: Actors) -> None:
    owner = Membership.objects.get(plan=sample.plan, user=actors.owner)
    with pytest.raises(ValidationError):
        services.membership_remove(plan=sample.plan, user=actors.owner, membership=owner)
    editor = Membership.objects.get(plan=sample.plan, user=actors.editor)
    services.membership_change_role(
        plan=sample.plan, user=actors.owner, membership=editor, role=Role.OWNER
    )
    services.membership_remove(plan=sample.plan, user=actors.owner, membership=owner)
    assert not Membership.objects.filter(pk=owner.pk).exists()


def test_invitation_tokens_work_once_and_expire(sample: SamplePlan, actors: Actors) -> None:
    invitation, token = services.invitation_create(
        plan=sample.plan,
        user=actors.owner,
        email="Nieuw@School.example",
        role="editor",
        language="nl",
    )
    assert invitation.email == "nieuw@school.example"
    assert token not in invitation.token_hash
    assert services.invitation_for_token("not-a-token") is None
    assert services.invitation_for_token(token) == invitation
    invitation.expires_at = timezone.now() - dt.timedelta(minutes=1)
    invitation.save()
    assert services.invitation_for_token(token) is None


@pytest.mark.parametrize("value", ["10d", "3w", "2m", "-5d", "0d"])
def test_durations_accepted(value: str) -> None:
    validate_duration(value)


@pytest.mark.parametrize("value", ["3", "3 weken", "w3", "1.5w", "3y"])
def test_durations_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_duration(value)

"""A plan with a history to replace: shared by the plan file's and the workbook's tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mijlpaal.monitoring.models import Entry
from mijlpaal.monitoring.services import entry_post
from mijlpaal.plans import services
from mijlpaal.plans.models import (
    Activity,
    ChangeRecord,
    Dependency,
    Milestone,
    Party,
    Plan,
    Workstream,
)
from mijlpaal.responsibilities.models import Assignment
from mijlpaal.responsibilities.services import assignment_set
from tests.conftest import Actors, SamplePlan
from tests.workbook.helpers import add_roles


@dataclass
class Story:
    """The sample plan with VERI cells, a second workstream, a dependency and a logbook entry."""

    sample: SamplePlan
    roc: Party
    lob: Workstream
    entry: Entry


def tell_story(sample: SamplePlan, actors: Actors) -> Story:
    roc = add_roles(sample, actors)
    lob = services.item_save(plan=sample.plan, user=actors.owner, instance=Workstream(name="LOB"))
    assert isinstance(lob, Workstream)
    assignment_set(
        plan=sample.plan, user=actors.owner, party=roc, row=sample.second_milestone, letters="I"
    )
    services.dependency_create(
        plan=sample.plan,
        user=actors.owner,
        predecessor=sample.milestone,
        successor=sample.second_milestone,
        type="FS",
        lag="1w",
    )
    entry = entry_post(
        plan=sample.plan,
        user=actors.owner,
        subject=sample.milestone,
        entry=Entry(light="orange", explanation="De ontwikkelaar is ziek."),
    )
    return Story(sample, roc, lob, entry)


def counts() -> dict[str, int]:
    models: list[Any] = [Plan, Workstream, Milestone, Activity, Party, Assignment, Dependency]
    return {model.__name__: model.objects.count() for model in [*models, ChangeRecord, Entry]}


def records(plan: Plan, since: int, **where: object) -> list[tuple[str, str]]:
    found = ChangeRecord.objects.filter(plan=plan, id__gt=since, **where).order_by("id")
    return [(r.object_type, r.action) for r in found]


def last_record() -> int:
    return ChangeRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0

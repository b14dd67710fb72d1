"""Replacing a plan's content (plans.replace): rows matched by their stable key keep their
logbook, VERI cells and history; what is gone is deleted and recorded; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from mijlpaal.monitoring.models import Entry
from mijlpaal.plans.content import ContentError, MilestoneData, PlanContent, WorkstreamData
from mijlpaal.plans.models import (
    ChangeRecord,
    Dependency,
    Milestone,
    Party,
)
from mijlpaal.plans.planfile import PlanImportError, export_plan, import_plan
from mijlpaal.plans.replace import KeyResolver, plan_import
from mijlpaal.responsibilities.models import Assignment
from tests.conftest import Actors, SamplePlan
from tests.replace_story import Story, counts, last_record, records, tell_story


@pytest.fixture
def story(sample: SamplePlan, actors: Actors) -> Story:
    return tell_story(sample, actors)


def edited(text: str, edit: Any) -> str:
    """The plan file after `edit` changed its data (dates stay dates, ids stay ids)."""
    data = yaml.safe_load(text)
    edit(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


# --- the plan file -------------------------------------------------------------------------------


def test_a_renamed_and_moved_milestone_keeps_its_logbook_cells_and_history(
    story: Story, actors: Actors
) -> None:
    plan, milestone = story.sample.plan, story.sample.milestone
    cells = set(Assignment.objects.filter(milestone=milestone).values_list("pk", "letters"))

    def rename_and_move(data: dict[str, Any]) -> None:
        for item in data["items"]:
            if item["id"] in (milestone.key, f"{milestone.key}.work"):
                item["title"], item["workstream"] = "XR-lessen klaar", story.lob.key

    since = last_record()
    import_plan(user=actors.owner, text=edited(export_plan(plan), rename_and_move), into=plan)
    moved = Milestone.objects.get(pk=milestone.pk)
    assert (moved.title, moved.workstream) == ("XR-lessen klaar", story.lob)
    assert Entry.objects.get(pk=story.entry.pk).milestone == moved
    assert set(Assignment.objects.filter(milestone=moved).values_list("pk", "letters")) == cells
    assert records(plan, since) == [("milestone", "update")]
    change = ChangeRecord.objects.get(plan=plan, id__gt=since)
    assert (change.object_id, change.user) == (milestone.pk, actors.owner)
    assert change.changes == {
        "title": ["XR-lesmateriaal ontwikkeld", "XR-lessen klaar"],
        "workstream": ["Modern techniekonderwijs", "LOB"],
    }
    assert Dependency.objects.get(plan=plan).predecessor == moved


def test_a_removed_milestone_is_deleted_with_its_cells_and_dependency_on_record(
    story: Story, actors: Actors
) -> None:
    plan, second = story.sample.plan, story.sample.second_milestone

    def remove(data: dict[str, Any]) -> None:
        data["items"] = [item for item in data["items"] if item["id"] != second.key]
        data["mijlpaal"]["milestones"].pop(second.key, None)

    since = last_record()
    import_plan(user=actors.owner, text=edited(export_plan(plan), remove), into=plan)
    assert not Milestone.objects.filter(pk=second.pk).exists()
    assert records(plan, since) == [
        ("assignment", "delete"),
        ("dependency", "delete"),
        ("milestone", "delete"),
    ]
    cell = ChangeRecord.objects.get(plan=plan, id__gt=since, object_type="assignment")
    assert cell.object_label == "ROC Rivor: I (2. XR in alle techniekprofielen)"
    assert ChangeRecord.objects.get(plan=plan, id__gt=since, object_type="milestone").changes[
        "title"
    ] == ["XR in alle techniekprofielen", None]


def test_its_own_file_changes_nothing_and_a_copy_gives_the_same_file(
    story: Story, actors: Actors
) -> None:
    plan = story.sample.plan
    text = export_plan(plan)
    roles = f"      roles:\n        {story.sample.party.key}: V\n        {story.roc.key}: E\n"
    assert roles in text
    before = counts()
    import_plan(user=actors.owner, text=text, into=plan)
    assert counts() == before
    copy = import_plan(user=actors.owner, text=text)
    assert export_plan(copy) == text
    assert (
        Assignment.objects.filter(plan=copy).count() == Assignment.objects.filter(plan=plan).count()
    )


def test_a_refused_value_changes_nothing_and_names_its_line(story: Story, actors: Actors) -> None:
    plan, milestone = story.sample.plan, story.sample.milestone

    def too_long(data: dict[str, Any]) -> None:
        data["items"][1]["title"] = "x" * 301
        data["mijlpaal"]["workstreams"].pop()  # LOB goes: a delete that must not happen either

    text = edited(export_plan(plan), too_long)
    before = counts()
    with pytest.raises(PlanImportError) as error:
        import_plan(user=actors.owner, text=text, into=plan)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "x" * 301 in row)
    assert [p.line for p in error.value.problems] == [line]
    assert "300" in error.value.problems[0].message
    assert counts() == before
    assert Milestone.objects.get(pk=milestone.pk).title == "XR-lesmateriaal ontwikkeld"


def test_a_file_from_before_keys_matches_parties_by_name(story: Story, actors: Actors) -> None:
    plan, party = story.sample.plan, story.sample.party

    def without_party_ids(data: dict[str, Any]) -> None:
        keys = {p.pop("id"): p["name"] for p in data["mijlpaal"]["parties"]}
        for section in ("workstreams", "milestones"):
            rows = data["mijlpaal"][section]
            for row in rows if isinstance(rows, list) else rows.values():
                row["roles"] = {keys[k]: v for k, v in (row.get("roles") or {}).items()}

    since = last_record()
    import_plan(user=actors.owner, text=edited(export_plan(plan), without_party_ids), into=plan)
    assert records(plan, since) == []
    assert Party.objects.get(pk=party.pk).key == party.key


def test_roles_name_known_parties_and_valid_letters(story: Story, actors: Actors) -> None:
    plan = story.sample.plan
    text = export_plan(plan).replace(f"{story.roc.key}: E\n", "gemeente: EX\n", 1)
    with pytest.raises(PlanImportError) as error:
        import_plan(user=actors.owner, text=text, into=plan)
    assert [p.message for p in error.value.problems] == [
        "Er is geen partij ‘gemeente’ in ‘mijlpaal.parties’.",
        "‘EX’ zijn geen VERI-letters: gebruik V, E, R, I, S of O (O alleen).",
    ]


# --- the service and the keys --------------------------------------------------------------------


def test_the_service_refuses_everything_it_cannot_save_and_saves_nothing(
    sample: SamplePlan, actors: Actors
) -> None:
    content = PlanContent(
        plan=None,
        workstreams=[WorkstreamData("w-new", "")],
        milestones=[
            MilestoneData(sample.milestone.key, "x" * 301, origin="first"),
            MilestoneData("m-new", "Nieuw", lead_time="-3w", origin="second"),
        ],
    )
    before = counts()
    with pytest.raises(ContentError) as error:
        plan_import(user=actors.owner, content=content, into=sample.plan)
    assert [(p.origin, p.model, p.field) for p in error.value.problems] == [
        (None, "Workstream", "name"),
        ("first", "Milestone", "title"),
        ("second", "Milestone", "lead_time"),
    ]
    assert counts() == before


def test_keys_known_first_then_names_then_the_sources_own(sample: SamplePlan) -> None:
    resolver = KeyResolver(sample.plan)
    first, second = sample.milestone, sample.second_milestone
    workstream = sample.workstream.name
    keys = resolver.keys(
        "milestone",
        [
            (None, (workstream, second.title)),  # by name
            (first.key, (workstream, "Hernoemd")),  # by key, whatever its name
            (first.key, (workstream, "Kopie")),  # a copied row: a new one
            ("m-eigen", (workstream, first.title)),  # its name's row is taken: its own id
        ],
    )
    assert keys[:2] == [second.key, first.key]
    assert keys[2] not in (first.key, second.key) and keys[2].startswith("m")
    assert keys[3] == "m-eigen"
    # Milestones and activities share the plan file's ids: an activity cannot take "m-eigen".
    assert resolver.keys("activity", [("m-eigen", ("", "Nieuw"))]) != ["m-eigen"]


def test_a_new_plan_keeps_the_ids_of_its_file(actors: Actors) -> None:
    text = """plan:
  title: Klein plan
  start: 2026-01-05
  end: 2026-06-30
items:
- {id: inv, title: Inventarisatie, kind: activity, workstream: XR, duration: 3w}
- {id: xr, title: XR klaar, kind: milestone, workstream: XR, deadline: 2026-03-27, depends: [inv]}
"""
    plan = import_plan(user=actors.owner, text=text)
    assert list(plan.workstreams.values_list("key", "name")) == [("XR", "XR")]
    assert list(plan.milestones.values_list("key", flat=True)) == ["xr"]
    assert list(plan.activities.values_list("key", flat=True)) == ["inv"]
    assert Dependency.objects.get(plan=plan).successor_milestone.key == "xr"  # type: ignore[union-attr]
    assert plan.start_date == dt.date(2026, 1, 5)

"""A workbook imported into its plan matches rows by their stable key (the hidden column
‘Sleutel’), so a renamed and moved milestone keeps its logbook, VERI cells and history."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from mijlpaal.monitoring.models import Entry
from mijlpaal.plans.models import Activity, ChangeRecord, Milestone
from mijlpaal.responsibilities.models import Assignment
from mijlpaal.workbook.importer import workbook_import
from mijlpaal.workbook.reader import WorkbookError, read_workbook
from tests.helpers import Actors, SamplePlan, client_for, text
from tests.replace_story import Story, counts, last_record, records, tell_story
from tests.workbook.helpers import export, move_rows, reopen, to_bytes

NEW_TITLE = "XR-lessen klaar"


@pytest.fixture
def story(sample: SamplePlan, actors: Actors) -> Story:
    return tell_story(sample, actors)


def _workbook(story: Story) -> Workbook:
    return export(story.sample.plan)


def _rename_and_move(workbook: Workbook) -> None:
    """The first milestone (row 6) renamed, and cut and pasted under DEELPROJECT: LOB (row 8)."""
    plan = workbook["Mijlpalenplan"]
    assert plan["B6"].value == "XR-lesmateriaal ontwikkeld" and plan["A8"].value.endswith("LOB")
    plan["B6"] = NEW_TITLE
    move_rows(plan, [7, 8, 6])
    veri = workbook["VERI-matrix"]
    veri["B5"], veri["C5"] = "LOB", NEW_TITLE
    workbook["Activiteitenplan"]["F5"] = NEW_TITLE  # the activity still leads to it


def _import(story: Story, actors: Actors, workbook: Workbook) -> None:
    content = read_workbook(to_bytes(workbook))
    workbook_import(user=actors.owner, content=content, into=story.sample.plan)


def test_a_renamed_and_moved_milestone_keeps_its_logbook_cells_and_history(
    story: Story, actors: Actors
) -> None:
    plan, milestone = story.sample.plan, story.sample.milestone
    cells = set(Assignment.objects.filter(milestone=milestone).values_list("pk", "letters"))
    workbook = _workbook(story)
    _rename_and_move(workbook)
    since = last_record()
    _import(story, actors, workbook)
    moved = Milestone.objects.get(pk=milestone.pk)
    assert (moved.title, moved.workstream) == (NEW_TITLE, story.lob)
    assert Entry.objects.get(pk=story.entry.pk).milestone == moved
    assert set(Assignment.objects.filter(milestone=moved).values_list("pk", "letters")) == cells
    assert Activity.objects.get(pk=story.sample.activity.pk).milestone == moved
    assert records(plan, since) == [("milestone", "update")]
    change = ChangeRecord.objects.get(plan=plan, id__gt=since)
    assert change.object_id == milestone.pk
    assert change.changes == {
        "title": ["XR-lesmateriaal ontwikkeld", NEW_TITLE],
        "workstream": ["Modern techniekonderwijs", "LOB"],
    }


def test_the_round_trip_through_the_pages_keeps_a_moved_milestone_s_logbook_and_cells(
    story: Story, actors: Actors
) -> None:
    """Download, rename and move a milestone in the workbook, upload it into the same plan."""
    plan, milestone = story.sample.plan, story.sample.milestone
    cells = set(Assignment.objects.filter(milestone=milestone).values_list("pk", "letters"))
    client = client_for(actors.owner)
    workbook = reopen(client.get(reverse("workbook:export", args=[plan.pk])).content)
    _rename_and_move(workbook)
    upload = SimpleUploadedFile("plan.xlsx", to_bytes(workbook))
    preview = client.post(reverse("workbook:import", args=[plan.pk]), {"file": upload})
    assert "Gewijzigd (1) Mijlpaal: XR-lessen klaar" in text(client.get(preview["Location"]))
    assert client.post(preview["Location"])["Location"] == reverse("plans:overview", args=[plan.pk])
    moved = Milestone.objects.get(pk=milestone.pk)
    assert (moved.title, moved.workstream_id) == (NEW_TITLE, story.lob.pk)
    assert list(Entry.objects.filter(milestone=moved).values_list("explanation", flat=True)) == [
        "De ontwikkelaar is ziek."
    ]
    assert set(Assignment.objects.filter(milestone=moved).values_list("pk", "letters")) == cells
    assert set(
        Assignment.objects.filter(milestone=moved).values_list("party__name", "letters")
    ) == {("Maaswaal College", "V"), ("ROC Rivor", "E")}


def test_a_removed_milestone_is_deleted_with_its_cells_on_record(
    story: Story, actors: Actors
) -> None:
    plan, second = story.sample.plan, story.sample.second_milestone
    workbook = _workbook(story)
    workbook["Mijlpalenplan"].delete_rows(7)
    workbook["VERI-matrix"].delete_rows(6)
    workbook["Gegevens"].delete_rows(21)  # its dependency
    since = last_record()
    _import(story, actors, workbook)
    assert not Milestone.objects.filter(pk=second.pk).exists()
    assert records(plan, since) == [
        ("assignment", "delete"),
        ("dependency", "delete"),
        ("milestone", "delete"),
    ]
    assert Entry.objects.get(pk=story.entry.pk).milestone == story.sample.milestone


def test_a_workbook_with_a_problem_changes_nothing(story: Story, actors: Actors) -> None:
    workbook = _workbook(story)
    _rename_and_move(workbook)
    workbook["Mijlpalenplan"]["B6"] = workbook["VERI-matrix"]["C6"] = "x" * 301
    before = counts()
    with pytest.raises(WorkbookError) as error:
        _import(story, actors, workbook)
    assert [(p.sheet, p.row, p.column) for p in error.value.problems] == [("Mijlpalenplan", 6, "B")]
    assert counts() == before
    assert Milestone.objects.get(pk=story.sample.milestone.pk).title == "XR-lesmateriaal ontwikkeld"


def test_a_copied_row_is_a_new_milestone(story: Story, actors: Actors) -> None:
    """A row copied with its hidden key: the first row keeps the key, the copy is new."""
    copy = "Kopie van de eerste mijlpaal"
    workbook = _workbook(story)
    plan = workbook["Mijlpalenplan"]
    move_rows(plan, [6, 6, 7, 8])  # the first milestone copied and pasted below itself
    plan["B7"], plan["V7"] = copy, None  # renamed, without roles yet
    veri = workbook["VERI-matrix"]
    veri.insert_rows(6)
    veri["A6"], veri["B6"], veri["C6"] = "Mijlpaal", "Modern techniekonderwijs", copy
    since = last_record()
    _import(story, actors, workbook)
    first = Milestone.objects.get(pk=story.sample.milestone.pk)
    assert first.title == "XR-lesmateriaal ontwikkeld"
    assert records(story.sample.plan, since) == [("milestone", "create")]
    created = Milestone.objects.get(title=copy)
    assert created.key != first.key

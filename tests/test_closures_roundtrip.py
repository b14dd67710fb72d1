"""The school calendar travels with the plan: in the plan file and in the workbook's hidden sheet
‘Gegevens’, out and back in without a change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mijlpaal.planning.planfile import load_plan_file
from mijlpaal.plans.closures import closure_save
from mijlpaal.plans.models import ChangeRecord, Closure, Plan
from mijlpaal.plans.planfile import WEB_SECTION, PlanImportError, export_plan, import_plan
from mijlpaal.workbook.importer import workbook_import
from mijlpaal.workbook.reader import WorkbookError, read_workbook
from tests.helpers import Actors, SamplePlan, client_for, text
from tests.workbook.helpers import export, row_values, to_bytes


@pytest.fixture
def calendar(sample: SamplePlan, actors: Actors) -> list[Closure]:
    rows = [
        Closure(name="Toetsweek 3", kind="toetsweek", start_date=dt.date(2027, 3, 1),
                end_date=dt.date(2027, 3, 5)),
        Closure(name="Studiedag", kind="studiedag", start_date=dt.date(2027, 2, 10),
                end_date=dt.date(2027, 2, 10), note="Hele school; geen lessen."),
        Closure(name="Projectweek techniek", kind="projectweek", start_date=dt.date(2027, 4, 12),
                end_date=dt.date(2027, 4, 16), policy="warn"),
    ]  # fmt: skip
    return [closure_save(plan=sample.plan, user=actors.owner, closure=c) for c in rows]


def periods(plan: Plan) -> list[tuple[object, ...]]:
    return [
        (c.key, c.name, c.kind, c.start_date, c.end_date, c.policy, c.note)
        for c in Closure.objects.filter(plan=plan)
    ]


def last_record() -> int:
    return ChangeRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- the plan file --------------------------------------------------------------------------------


def test_the_plan_file_has_the_closures_in_the_engines_own_keys(
    sample: SamplePlan, calendar: list[Closure]
) -> None:
    content = export_plan(sample.plan)
    assert (
        "  closures:\n"
        "  - name: Studiedag\n    kind: studiedag\n    start: 2027-02-10\n    end: 2027-02-10\n"
        "    policy: no_work\n"
        "  - name: Toetsweek 3\n    kind: toetsweek\n    start: 2027-03-01\n    end: 2027-03-05\n"
        "    policy: no_work\n"
        "  - name: Projectweek techniek\n    kind: projectweek\n    start: 2027-04-12\n"
        "    end: 2027-04-16\n    policy: warn\n"
    ) in content
    studiedag = calendar[1]
    assert (
        f"  closures:\n  - id: {studiedag.key}\n    name: Studiedag\n    start: '2027-02-10'\n"
        "    note: Hele school; geen lessen.\n"
    ) in content
    # The command line reads the same file and the same closures.
    engine = load_plan_file(content, ignore_keys={WEB_SECTION})
    assert [(c.name, c.start, c.end, c.policy) for c in engine.calendar.closures] == [
        ("Studiedag", dt.date(2027, 2, 10), dt.date(2027, 2, 10), "no_work"),
        ("Toetsweek 3", dt.date(2027, 3, 1), dt.date(2027, 3, 5), "no_work"),
        ("Projectweek techniek", dt.date(2027, 4, 12), dt.date(2027, 4, 16), "warn"),
    ]


def test_a_plan_file_round_trip_keeps_the_closures_and_changes_nothing(
    sample: SamplePlan, actors: Actors, calendar: list[Closure]
) -> None:
    plan = sample.plan
    before, content = periods(plan), export_plan(plan)
    since = last_record()
    import_plan(user=actors.owner, text=content, into=plan)
    assert periods(plan) == before
    assert not ChangeRecord.objects.filter(id__gt=since).exclude(object_type="plan").exists()
    copy = import_plan(user=actors.owner, text=content)
    assert [p[1:] for p in periods(copy)] == [p[1:] for p in before]
    assert export_plan(copy) == content


def test_a_plan_file_changes_deletes_and_adds_closures(
    sample: SamplePlan, actors: Actors, calendar: list[Closure]
) -> None:
    plan = sample.plan
    content = export_plan(plan)
    content = content.replace("    end: 2027-03-05\n", "    end: 2027-03-08\n")  # toetsweek
    content = content.replace(
        "  - name: Projectweek techniek\n    kind: projectweek\n    start: 2027-04-12\n"
        "    end: 2027-04-16\n    policy: warn\n",
        "  - name: Examens\n    kind: examen\n    start: 2027-05-12\n    end: 2027-05-28\n",
    )
    since = last_record()
    import_plan(user=actors.owner, text=content, into=plan)
    assert [(c.name, c.start_date, c.end_date, c.policy) for c in Closure.objects.filter(plan=plan)
            ] == [
        ("Studiedag", dt.date(2027, 2, 10), dt.date(2027, 2, 10), "no_work"),
        ("Toetsweek 3", dt.date(2027, 3, 1), dt.date(2027, 3, 8), "no_work"),
        ("Examens", dt.date(2027, 5, 12), dt.date(2027, 5, 28), "no_work"),
    ]  # fmt: skip
    # The toetsweek is the same period, changed in place: its key and history stay.
    assert Closure.objects.get(pk=calendar[0].pk).end_date == dt.date(2027, 3, 8)
    changes = ChangeRecord.objects.filter(id__gt=since, object_type="closure")
    assert sorted((r.action, r.object_label) for r in changes) == [
        ("create", "Examens"),
        ("delete", "Projectweek techniek"),
        ("update", "Toetsweek 3"),
    ]


def test_a_closure_far_outside_the_plan_is_refused_with_its_line(
    sample: SamplePlan, actors: Actors, calendar: list[Closure]
) -> None:
    far = "start: 2035-02-10\n    end: 2035-02-10"
    content = export_plan(sample.plan).replace("start: 2027-02-10\n    end: 2027-02-10", far)
    with pytest.raises(PlanImportError) as refused:
        import_plan(user=actors.owner, text=content, into=sample.plan)
    (problem,) = refused.value.problems
    assert "meer dan een jaar buiten het plan" in problem.message
    assert content.splitlines()[problem.line - 1].startswith("  - name: Studiedag")
    assert Closure.objects.get(pk=calendar[1].pk).start_date == dt.date(2027, 2, 10)


# --- the workbook ---------------------------------------------------------------------------------


def test_gegevens_has_a_row_per_closure_with_its_key(
    sample: SamplePlan, calendar: list[Closure]
) -> None:
    workbook = export(sample.plan)
    ws = workbook["Gegevens"]
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "sluiting"]
    assert [row_values(workbook, "Gegevens", r)[:8] for r in rows] == [
        ["sluiting", "Studiedag", "studiedag", dt.date(2027, 2, 10),
         dt.date(2027, 2, 10), "no_work", "Hele school; geen lessen.", calendar[1].key],
        ["sluiting", "Toetsweek 3", "toetsweek", dt.date(2027, 3, 1),
         dt.date(2027, 3, 5), "no_work", None, calendar[0].key],
        ["sluiting", "Projectweek techniek", "projectweek", dt.date(2027, 4, 12),
         dt.date(2027, 4, 16), "warn", None, calendar[2].key],
    ]  # fmt: skip


def test_a_workbook_round_trip_keeps_the_closures_and_changes_nothing(
    sample: SamplePlan, actors: Actors, calendar: list[Closure]
) -> None:
    plan = sample.plan
    before = periods(plan)
    data = to_bytes(export(plan))
    since = last_record()
    workbook_import(user=actors.owner, content=read_workbook(data), into=plan)
    assert periods(plan) == before
    assert not ChangeRecord.objects.filter(id__gt=since, object_type="closure").exists()
    copy = workbook_import(user=actors.owner, content=read_workbook(data))
    assert [p[1:] for p in periods(copy)] == [p[1:] for p in before]


def test_a_changed_closure_row_changes_that_period(
    sample: SamplePlan, actors: Actors, calendar: list[Closure]
) -> None:
    workbook = export(sample.plan)
    ws = workbook["Gegevens"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Studiedag")
    ws.cell(row=row, column=2, value="Studiedag (middag)")
    ws.cell(row=row, column=6, value="warn")
    workbook_import(user=actors.owner, content=read_workbook(to_bytes(workbook)), into=sample.plan)
    studiedag = Closure.objects.get(pk=calendar[1].pk)  # the same row, by its key
    assert (studiedag.name, studiedag.policy) == ("Studiedag (middag)", "warn")
    ws.cell(row=row, column=3, value="vakantie")
    with pytest.raises(WorkbookError) as refused:
        read_workbook(to_bytes(workbook))
    assert [str(p) for p in refused.value.problems] == [
        "Blad ‘Gegevens’, rij "
        f"{row}, kolom C: onbekende soort periode ‘vakantie’; gebruik toetsweek, examen, "
        "studiedag, projectweek of other"
    ]


@pytest.mark.parametrize("section", ["closures: 5", "closures: [3, 4]", "closures: {a: b}"])
def test_a_malformed_closures_section_is_refused_with_its_line(
    sample: SamplePlan, actors: Actors, calendar: list[Closure], section: str
) -> None:
    content = export_plan(sample.plan)
    start = content.index("  closures:\n  - id:")  # the last entry of the web section
    broken = content[:start] + "  " + section + "\n"
    with pytest.raises(PlanImportError) as refused:
        import_plan(user=actors.owner, text=broken, into=sample.plan)
    (problem,) = refused.value.problems
    assert problem.message.startswith("‘mijlpaal.closures’ moet een lijst zijn")
    assert broken.splitlines()[problem.line - 1] == "  " + section
    assert periods(sample.plan)[0][1] == "Studiedag"


def test_the_workbook_preview_shows_what_changes_in_the_school_calendar(
    sample: SamplePlan, actors: Actors, calendar: list[Closure]
) -> None:
    workbook = export(sample.plan)
    ws = workbook["Gegevens"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Studiedag")
    ws.cell(row=row, column=5, value=dt.datetime(2027, 2, 11))
    client = client_for(actors.owner)
    response = client.post(
        reverse("workbook:import", args=[sample.plan.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", to_bytes(workbook))},
    )
    page = text(client.get(response["Location"]))
    assert "Schoolkalender 0 1 0" in page
    assert "Gewijzigd (1) Schoolkalender: Studiedag · Laatste dag: 10 februari 2027 → 11 " in page
    assert Closure.objects.get(pk=calendar[1].pk).end_date == dt.date(2027, 2, 10)

"""Hostile workbooks (issue 15.1): each is refused with a Dutch message, before openpyxl builds
it, and nothing is written."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mijlpaal.plans.models import ChangeRecord, Milestone, Plan
from mijlpaal.responsibilities.models import Assignment
from mijlpaal.workbook import safety
from mijlpaal.workbook.models import PendingWorkbook
from mijlpaal.workbook.reader import WorkbookError, read_workbook
from tests.helpers import Actors, SamplePlan, client_for, text
from tests.workbook import hostile
from tests.workbook.helpers import export_bytes, reopen, to_bytes


def _state() -> tuple[int, ...]:
    return (
        Plan.objects.count(),
        Milestone.objects.count(),
        Assignment.objects.count(),
        ChangeRecord.objects.count(),
        PendingWorkbook.objects.count(),
    )


def _refused(sample: SamplePlan, actors: Actors, data: bytes, name: str = "plan.xlsx") -> str:
    """The page after uploading `data`: refused, nothing written, within a few seconds."""
    before = _state()
    started = time.monotonic()
    response = client_for(actors.owner).post(
        reverse("workbook:import", args=[sample.plan.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    assert _state() == before
    page = text(response)
    assert "er is niets veranderd" in page
    return page


def test_a_zip_bomb_is_refused_from_the_directory(sample: SamplePlan, actors: Actors) -> None:
    page = _refused(sample, actors, hostile.zip_bomb())
    assert (
        "Het onderdeel ‘xl/worksheets/sheet1.xml’ van de werkmap pakt uit tot 1028 keer zijn "
        "grootte; zo slaat een spreadsheetprogramma geen werkmap op" in page
    )


def test_a_directory_that_claims_gigabytes_is_refused(sample: SamplePlan, actors: Actors) -> None:
    page = _refused(sample, actors, hostile.forged_sizes(export_bytes(sample.plan)))
    assert "De werkmap is uitgepakt te groot (meer dan 40 MB)" in page


def test_a_directory_that_lies_small_stops_at_what_it_says(
    sample: SamplePlan, actors: Actors
) -> None:
    # zipfile inflates no more than the directory says, and the checksum then fails.
    page = _refused(sample, actors, hostile.forged_sizes(export_bytes(sample.plan), size=100))
    assert "Dit is geen Excel-werkmap (.xlsx)" in page


def test_too_many_parts(sample: SamplePlan, actors: Actors) -> None:
    page = _refused(sample, actors, hostile.many_entries())
    assert "De werkmap bestaat uit meer dan 200 delen; dit is geen Mijlpaal-werkmap" in page


def test_macros_are_refused(sample: SamplePlan, actors: Actors) -> None:
    message = (
        "De werkmap bevat macro’s (.xlsm); Mijlpaal leest die niet: sla hem in Excel op als "
        "‘Excel-werkmap (.xlsx)’"
    )
    assert message in _refused(sample, actors, hostile.with_macros(export_bytes(sample.plan)))
    assert message in _refused(sample, actors, export_bytes(sample.plan), name="plan.xlsm")


def test_a_sheet_far_too_large_is_refused_before_it_is_built(
    sample: SamplePlan, actors: Actors
) -> None:
    page = _refused(sample, actors, hostile.far_cell(export_bytes(sample.plan)))
    assert (
        "Een blad is groter dan 10000 rijen of 300 kolommen (er staat een cel in rij 1048576, "
        "kolom 16384)" in page
    )
    page = _refused(sample, actors, hostile.huge_merge(export_bytes(sample.plan)))
    assert "De werkmap heeft meer dan 250000 cellen" in page


def test_truncated_random_and_old_files(sample: SamplePlan, actors: Actors) -> None:
    data = export_bytes(sample.plan)
    not_a_workbook = (
        "Dit is geen Excel-werkmap (.xlsx); sla het bestand in Excel op als ‘Excel-werkmap (.xlsx)’"
    )
    for broken in (data[: len(data) // 2], data[:-30], bytes(range(256)) * 4):
        assert not_a_workbook in _refused(sample, actors, broken)
    assert not_a_workbook in _refused(sample, actors, hostile.entity_bomb(data))
    page = _refused(sample, actors, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert (
        "Dit is een oud Excel-bestand (.xls) of een werkmap met een wachtwoord; sla het in Excel "
        "op als ‘Excel-werkmap (.xlsx)’ zonder wachtwoord" in page
    )


def test_a_workbook_that_takes_too_long_is_refused(
    sample: SamplePlan, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "READ_SECONDS", -1.0)
    page = _refused(sample, actors, export_bytes(sample.plan))
    assert "Het inlezen van de werkmap duurt langer dan -1 seconden; maak hem kleiner" in page


def test_a_formula_in_every_cell_gives_the_first_hundred_problems(sample: SamplePlan) -> None:
    workbook = reopen(export_bytes(sample.plan))
    for row in range(10, 40):
        for column in range(1, 6):
            workbook["Activiteitenplan"].cell(row=row, column=column, value="=1+1")
    with pytest.raises(WorkbookError) as refused:
        read_workbook(to_bytes(workbook))
    assert len(refused.value.problems) == 101
    assert str(refused.value.problems[0]) == (
        "Blad ‘Activiteitenplan’, rij 10, kolom A: de cel bevat een formule (=1+1); typ de "
        "waarde zelf"
    )
    assert str(refused.value.problems[-1]) == ("En nog 50 problemen; de eerste 100 staan hierboven")


def test_odd_cell_types_are_read_or_refused_with_a_message(sample: SamplePlan) -> None:
    workbook = reopen(export_bytes(sample.plan))
    plan = workbook["Mijlpalenplan"]
    plan["A6"] = "²"  # a digit to Python, not a whole number to a person
    plan["B7"] = workbook["VERI-matrix"]["C6"] = 2026  # a number where text is expected: its text
    plan["C7"] = True
    with pytest.raises(WorkbookError) as refused:
        read_workbook(to_bytes(workbook))
    assert [str(p) for p in refused.value.problems] == [
        "Blad ‘Mijlpalenplan’, rij 6, kolom A: het nummer ‘²’ is geen geheel getal",
        "Blad ‘Mijlpalenplan’, rij 7, kolom C: de deadline ‘True’ is een getal, geen datum",
    ]

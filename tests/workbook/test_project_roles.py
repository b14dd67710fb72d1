"""Project roles (opdrachtgever, projectleider, stuurgroep) in the workbook: rows ‘projectrol’
of the hidden sheet Gegevens, written on export and read back on import."""

from __future__ import annotations

import pytest

from mijlpaal.decisions.roles import load_roles, roles_set
from mijlpaal.plans import services
from mijlpaal.plans.models import ChangeRecord, Party, Plan
from mijlpaal.workbook import layout as L
from mijlpaal.workbook.importer import workbook_import
from mijlpaal.workbook.reader import WorkbookError, read_workbook
from tests.helpers import Actors, SamplePlan
from tests.workbook.helpers import add_roles, export, to_bytes


def _governed(sample: SamplePlan, actors: Actors) -> tuple[Party, Party, Party]:
    """ROC Rivor is opdrachtgever, the sample's party projectleider; both and a company in the
    stuurgroep."""
    roc = add_roles(sample, actors)
    company = services.item_save(
        plan=sample.plan, user=actors.owner, instance=Party(name="Bouwbedrijf Van Wijk")
    )
    roles_set(
        plan=sample.plan,
        user=actors.owner,
        commissioner=roc,
        project_leader=sample.party,
        steering=[company, roc],
    )
    return roc, sample.party, company


def _role_rows(plan: Plan) -> list[list[object]]:
    ws = export(plan)[L.DATA_SHEET]
    return [
        [cell.value for cell in row[:3]]
        for row in ws.iter_rows(min_row=2)
        if row[0].value == "projectrol"
    ]


def _names(plan: Plan) -> tuple[str | None, str | None, list[str]]:
    roles = load_roles(plan)
    return (
        roles.commissioner.name if roles.commissioner else None,
        roles.project_leader.name if roles.project_leader else None,
        sorted(p.name for p in roles.steering),
    )


def test_the_roles_are_rows_of_gegevens_and_come_back_in_a_new_plan(
    sample: SamplePlan, actors: Actors
) -> None:
    _governed(sample, actors)
    party = sample.party.name
    assert _role_rows(sample.plan) == [
        ["projectrol", "opdrachtgever", "ROC Rivor"],
        ["projectrol", "projectleider", party],
        ["projectrol", "stuurgroep", "ROC Rivor"],  # in the plan's order of parties
        ["projectrol", "stuurgroep", "Bouwbedrijf Van Wijk"],
    ]
    copy = workbook_import(user=actors.owner, content=read_workbook(to_bytes(export(sample.plan))))
    assert copy.pk != sample.plan.pk
    assert _names(copy) == ("ROC Rivor", party, ["Bouwbedrijf Van Wijk", "ROC Rivor"])


def test_importing_into_the_plan_restores_the_roles_and_an_unchanged_one_changes_nothing(
    sample: SamplePlan, actors: Actors
) -> None:
    roc, leader, company = _governed(sample, actors)
    data = to_bytes(export(sample.plan))
    roles_set(
        plan=sample.plan, user=actors.owner, commissioner=company, project_leader=None, steering=[]
    )
    workbook_import(user=actors.owner, content=read_workbook(data), into=sample.plan)
    assert _names(sample.plan) == (roc.name, leader.name, [company.name, roc.name])
    before = ChangeRecord.objects.count()
    workbook_import(user=actors.owner, content=read_workbook(data), into=sample.plan)
    assert ChangeRecord.objects.count() == before


def test_a_workbook_without_role_rows_keeps_the_roles(sample: SamplePlan, actors: Actors) -> None:
    roc, leader, company = _governed(sample, actors)
    workbook = export(sample.plan)
    ws = workbook[L.DATA_SHEET]
    for row in reversed(range(2, ws.max_row + 1)):
        if ws.cell(row=row, column=1).value == "projectrol":
            ws.delete_rows(row)
    workbook_import(user=actors.owner, content=read_workbook(to_bytes(workbook)), into=sample.plan)
    assert _names(sample.plan) == (roc.name, leader.name, [company.name, roc.name])


def test_bad_role_rows_are_refused_with_their_cell(sample: SamplePlan, actors: Actors) -> None:
    _governed(sample, actors)
    workbook = export(sample.plan)
    ws = workbook[L.DATA_SHEET]
    last = ws.max_row
    ws.append(["projectrol", "voorzitter", "ROC Rivor"])
    ws.append(["projectrol", "stuurgroep", None])
    with pytest.raises(WorkbookError) as refused:
        read_workbook(to_bytes(workbook))
    assert [str(p) for p in refused.value.problems] == [
        f"Blad ‘Gegevens’, rij {last + 1}, kolom B: onbekende projectrol ‘voorzitter’; gebruik "
        "opdrachtgever, projectleider of stuurgroep",
        f"Blad ‘Gegevens’, rij {last + 2}, kolom C: een projectrol heeft de naam van een partij "
        "nodig",
    ]
    workbook = export(sample.plan)
    workbook[L.DATA_SHEET].append(["projectrol", "opdrachtgever", "Gemeente Tiel"])
    before = ChangeRecord.objects.count()
    with pytest.raises(WorkbookError) as unknown:
        workbook_import(
            user=actors.owner, content=read_workbook(to_bytes(workbook)), into=sample.plan
        )
    assert [str(p) for p in unknown.value.problems] == [
        f"Blad ‘Gegevens’, rij {last + 1}, kolom C: er is geen partij met de naam ‘Gemeente Tiel’"
    ]
    assert ChangeRecord.objects.count() == before

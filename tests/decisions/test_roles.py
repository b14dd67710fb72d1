"""Project roles: opdrachtgever, projectleider and stuurgroep, parties of the plan."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mijlpaal.decisions.models import ProjectRole
from mijlpaal.decisions.roles import load_roles, roles_set
from mijlpaal.plans.models import ChangeRecord, Party
from mijlpaal.plans.planfile import PlanImportError, export_plan, import_plan
from tests.helpers import Actors, SamplePlan, build_plan, client_for, english_client, fill, text


def _parties(sample: SamplePlan, actors: Actors) -> tuple[Party, Party, Party]:
    matrix = fill(sample, actors.editor)
    return matrix.school, matrix.person, matrix.mbo


def test_owner_names_the_roles_and_the_overview_shows_them(
    sample: SamplePlan, actors: Actors
) -> None:
    school, person, mbo = _parties(sample, actors)
    client = client_for(actors.owner)
    url = reverse("decisions:roles", args=[sample.plan.pk])
    version = load_roles(sample.plan).version
    response = client.post(
        url,
        {
            "commissioner": school.pk,
            "project_leader": person.pk,
            "steering": [school.pk, mbo.pk],
            "version": version,
        },
    )
    assert response.status_code == 302
    roles = load_roles(sample.plan)
    assert roles.commissioner == school and roles.project_leader == person
    assert roles.steering == [school, mbo]
    records = ChangeRecord.objects.filter(plan=sample.plan, object_type="projectrole")
    assert sorted(r.object_label for r in records) == [
        "opdrachtgever: Maaswaal College",
        "projectleider: Eddy Editor",
        "stuurgroep: Maaswaal College",
        "stuurgroep: ROC Rivor",
    ]
    assert records.count() == 4
    overview = text(client.get(reverse("plans:overview", args=[sample.plan.pk])))
    assert "Projectrollen" in overview
    assert "Opdrachtgever Maaswaal College" in overview
    assert "Projectleider Eddy Editor (Projectleider) · account: Eddy Editor" in overview
    assert "Stuurgroep Maaswaal College ROC Rivor" in overview


def test_the_roles_page_in_english(sample: SamplePlan, actors: Actors) -> None:
    school, _person, _mbo = _parties(sample, actors)
    roles_set(
        plan=sample.plan, user=actors.owner, commissioner=school, project_leader=None, steering=[]
    )
    page = text(
        english_client(actors.viewer).get(reverse("decisions:roles", args=[sample.plan.pk]))
    )
    assert "Project roles" in page
    assert "Commissioner (opdrachtgever) Maaswaal College" in page
    assert "Change the project roles" not in page  # only owners change them


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_owners_change_the_roles(sample: SamplePlan, actors: Actors, role: str) -> None:
    school, _person, _mbo = _parties(sample, actors)
    client = client_for(getattr(actors, role))
    url = reverse("decisions:roles", args=[sample.plan.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"commissioner": school.pk}).status_code == 403
    assert not ProjectRole.objects.exists()


def test_a_party_of_another_plan_is_refused(sample: SamplePlan, actors: Actors) -> None:
    other = build_plan(actors.owner, "Ander plan")
    stranger = Party.objects.create(plan=other, name="Vreemde partij")
    response = client_for(actors.owner).post(
        reverse("decisions:roles", args=[sample.plan.pk]), {"commissioner": stranger.pk}
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in text(response)
    assert not ProjectRole.objects.exists()


def test_a_change_by_someone_else_in_between_is_not_overwritten(
    sample: SamplePlan, actors: Actors
) -> None:
    school, person, _mbo = _parties(sample, actors)
    shown = load_roles(sample.plan).version
    roles_set(
        plan=sample.plan, user=actors.owner, commissioner=school, project_leader=None, steering=[]
    )
    response = client_for(actors.owner).post(
        reverse("decisions:roles", args=[sample.plan.pk]),
        {"commissioner": person.pk, "version": shown},
    )
    assert response.status_code == 200
    assert "Iemand anders heeft de projectrollen gewijzigd" in text(response)
    assert load_roles(sample.plan).commissioner == school


def test_the_roles_page_makes_a_fixed_number_of_queries(
    sample: SamplePlan, actors: Actors, django_assert_num_queries: Any
) -> None:
    school, person, mbo = _parties(sample, actors)
    roles_set(
        plan=sample.plan,
        user=actors.owner,
        commissioner=school,
        project_leader=person,
        steering=[mbo],
    )
    client = client_for(actors.owner)
    url = reverse("decisions:roles", args=[sample.plan.pk])
    client.get(url)
    # session, user, membership, roles, the parties of the three fields, "are there parties"
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    Party.objects.bulk_create(Party(plan=sample.plan, name=f"School {i}") for i in range(30))
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_the_plan_file_keeps_the_roles(sample: SamplePlan, actors: Actors) -> None:
    school, person, mbo = _parties(sample, actors)
    roles_set(
        plan=sample.plan,
        user=actors.owner,
        commissioner=school,
        project_leader=person,
        steering=[school, mbo],
    )
    content = export_plan(sample.plan)
    assert (
        f"  project_roles:\n    opdrachtgever: {school.key}\n    projectleider: {person.key}\n"
        f"    stuurgroep:\n    - {school.key}\n    - {mbo.key}\n" in content
    )
    copy = import_plan(user=actors.owner, text=content)
    roles = load_roles(copy)
    assert roles.commissioner is not None and roles.commissioner.name == "Maaswaal College"
    assert roles.project_leader is not None and roles.project_leader.name == "Eddy Editor"
    assert [p.name for p in roles.steering] == ["Maaswaal College", "ROC Rivor"]
    assert export_plan(copy) == content


def test_a_plan_file_naming_an_unknown_party_is_refused(sample: SamplePlan, actors: Actors) -> None:
    content = export_plan(sample.plan) + "  project_roles:\n    opdrachtgever: niemand\n"
    with pytest.raises(PlanImportError) as error:
        import_plan(user=actors.owner, text=content)
    assert [p.message for p in error.value.problems] == [
        "Er is geen partij ‘niemand’ in ‘mijlpaal.parties’."
    ]

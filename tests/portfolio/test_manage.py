"""A beheerder manages the organisation's members and plans; only plans they own go in."""

from __future__ import annotations

from django.urls import reverse

from mijlpaal.plans.models import ChangeRecord, Membership
from mijlpaal.portfolio.models import OrganisationMember, OrganisationPlan
from mijlpaal.portfolio.services import organisation_create
from tests.helpers import Actors, SamplePlan, build_plan, client_for, text


def test_a_manager_adds_members_and_the_plans_they_own(sample: SamplePlan, actors: Actors) -> None:
    organisation = organisation_create(user=actors.owner, name="Programmabureau")
    client = client_for(actors.owner)
    url = reverse("portfolio:manage", args=[organisation.pk])
    other = build_plan(actors.outsider, "Plan van een ander")
    page = text(client.get(url))
    assert "Regioplan Techniek 2025–2028" in page
    assert "Plan van een ander" not in page  # not the manager's: not offered

    for _twice in range(2):
        response = client.post(
            url, {"email": "VIEWER@school.example", "role": "programmamedewerker"}
        )
        assert response.status_code == 302
    assert OrganisationMember.objects.filter(organisation=organisation).count() == 2
    response = client.post(url, {"email": "niemand@school.example", "role": "beheerder"})
    assert "Er is geen account met het adres niemand@school.example." in text(response)

    for _twice in range(2):
        client.post(url, {"plan": sample.plan.pk, "kind": "regioplan"})
    assert list(OrganisationPlan.objects.values_list("plan_id", flat=True)) == [sample.plan.pk]
    record = ChangeRecord.objects.filter(plan=sample.plan, object_type="organisationplan").get()
    assert record.changes == {
        "kind": [None, "regioplan"],
        "organisation": [None, "Programmabureau"],
    }
    response = client.post(url, {"plan": other.pk, "kind": "regioplan"})
    assert "Selecteer een geldige keuze" in text(response)
    assert not OrganisationPlan.objects.filter(plan=other).exists()


def test_an_organisation_keeps_a_manager(sample: SamplePlan, actors: Actors) -> None:
    organisation = organisation_create(user=actors.owner, name="Programmabureau")
    me = OrganisationMember.objects.get(user=actors.owner)
    client = client_for(actors.owner)
    change = reverse("portfolio:member_change", args=[organisation.pk, me.pk])
    response = client.post(change, {"remove": "1"}, follow=True)
    assert "Een organisatie heeft minstens één beheerder nodig." in text(response)
    response = client.post(change, {"role": "programmamedewerker"}, follow=True)
    assert "Een organisatie heeft minstens één beheerder nodig." in text(response)
    assert OrganisationMember.objects.get(pk=me.pk).role == "beheerder"


def test_a_plan_is_in_one_organisation_at_most(sample: SamplePlan, actors: Actors) -> None:
    first = organisation_create(user=actors.owner, name="Bestuur")
    second = organisation_create(user=actors.owner, name="Regiokantoor")
    client = client_for(actors.owner)
    client.post(
        reverse("portfolio:manage", args=[first.pk]), {"plan": sample.plan.pk, "kind": "schoolplan"}
    )
    page = text(client.get(reverse("portfolio:manage", args=[second.pk])))
    assert "U kunt de plannen toevoegen waarvan u eigenaar bent" in page
    # A plan owner who is no organisation member still sees only the plan's own pages.
    assert Membership.objects.filter(plan=sample.plan, user=actors.owner).exists()

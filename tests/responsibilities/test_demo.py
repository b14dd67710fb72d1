"""The demo plans get a realistic VERI matrix with a few deliberate gaps; loading twice is safe."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from mijlpaal.demo import load_demo
from mijlpaal.plans.demo import OKE_TITLE, STO_TITLE
from mijlpaal.plans.models import ChangeRecord, Plan
from mijlpaal.responsibilities.demo import load_demo_assignments
from mijlpaal.responsibilities.matrix import load_matrix
from mijlpaal.responsibilities.models import Assignment
from tests.helpers import Actors, SamplePlan, client_for, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_plans() -> dict[str, Plan]:
    return {plan.title: plan for plan in load_demo().plans}


def test_the_demo_matrices(demo_plans: dict[str, Plan]) -> None:
    sto, oke = demo_plans[STO_TITLE], demo_plans[OKE_TITLE]
    # load_demo fills the matrices; filling again is idempotent: a matrix with cells is left alone.
    assert Assignment.objects.filter(plan=oke).count() == 102
    assert load_demo_assignments(sto) == 0
    assert load_demo_assignments(oke) == 0
    assert Assignment.objects.filter(plan=sto).count() == 250
    assert (
        ChangeRecord.objects.filter(plan=sto, object_type="assignment", action="create").count()
        == 250
    )

    matrix = load_matrix(sto, "nl")
    assert len(matrix.rows) == 81
    assert [(p.severity, p.message) for p in matrix.messages()] == [
        (
            "error",
            "“Afspraken over beheer en uitleen van de XR-brillen” heeft 2 eindverantwoordelijken "
            "(E): Waalzicht College vmbo en Marieke Jansen; er mag er maar één zijn.",
        ),
        (
            "error",
            "Niemand is eindverantwoordelijk (E) voor “Lesmodules duurzaamheid en energietransitie "
            "zijn samen met het bedrijfsleven ontwikkeld”: geef één partij een E.",
        ),
        (
            "warning",
            "Niemand voert “Collegiale consultatie: docenten bezoeken elkaars XR-lessen” uit: "
            "geef een partij een V (dat mag de E zijn).",
        ),
        ("warning", "Metaalbewerking Betuwe B.V. heeft nergens een rol in de VERI-matrix."),
    ]
    # Mostly exactly one E per row.
    accountable = Counter(
        cell.row_key for cell in Assignment.objects.filter(plan=sto) if "E" in cell.letters
    )
    assert sum(1 for row in matrix.rows if accountable[row.key] == 1) == 79

    oke_matrix = load_matrix(oke, "en")
    assert [(p.severity, p.message) for p in oke_matrix.messages()] == [
        (
            "warning",
            "Nobody carries out “Dagelijkse monitoring en afhandeling van foutmeldingen”: give a "
            "party a V, responsible (it may be the E).",
        ),
        (
            "hint",
            "Ingrid Smits is accountable (E) for 15 of the 35 rows; consider handing some over.",
        ),
    ]
    assert Assignment.objects.filter(plan=oke, letters="O").count() == 1


def test_the_demo_matrix_on_screen(demo_plans: dict[str, Plan]) -> None:
    sto = demo_plans[STO_TITLE]
    load_demo_assignments(sto)
    owner = sto.memberships.get(role="owner").user
    body = text(client_for(owner).get(reverse("responsibilities:matrix", args=[sto.pk])))
    assert "81 rijen 14 partijen 2 fouten 2 waarschuwingen 0 tips" in body
    assert "Mijn rollen als Jeroen de Vries" in body
    mine = text(
        client_for(owner).get(reverse("responsibilities:party_pick", args=[sto.pk]), follow=True)
    )
    assert "Jeroen de Vries dat bent u" in mine


def test_other_plans_get_the_same_pattern(sample: SamplePlan, actors: Actors) -> None:
    # One party, so it steers, owns and carries out: V and E on the workstream, both milestones
    # and the activity.
    assert load_demo_assignments(sample.plan) == 4
    assert list(Assignment.objects.values_list("letters", flat=True)) == ["VE", "VE", "VE", "VE"]
    assert load_demo_assignments(sample.plan) == 0

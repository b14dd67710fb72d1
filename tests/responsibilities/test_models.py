"""The VERI cell: its letters, its one row, one cell per party and row; the service that writes
it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from mijlpaal.plans.models import ChangeRecord, Party, Workstream
from mijlpaal.responsibilities import services
from mijlpaal.responsibilities.models import Assignment
from tests.helpers import Actors, SamplePlan, build_plan


def cell(sample: SamplePlan, letters: str, **row: object) -> Assignment:
    return Assignment(
        plan=sample.plan,
        party=sample.party,
        letters=letters,
        **(row or {"milestone": sample.milestone}),
    )


def messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def test_letters_are_kept_in_canonical_order(sample: SamplePlan) -> None:
    assignment = cell(sample, "ISEV")
    assignment.full_clean()
    assignment.save()
    assert Assignment.objects.get(pk=assignment.pk).letters == "VEIS"
    assert str(assignment) == "Maaswaal College: VEIS (1. XR-lesmateriaal ontwikkeld)"
    saved_directly = Assignment.objects.create(
        plan=sample.plan, party=sample.party, activity=sample.activity, letters="RV"
    )
    assert Assignment.objects.get(pk=saved_directly.pk).letters == "VR"


@pytest.mark.parametrize(
    ("letters", "dutch", "english"),
    [
        ("", "Dit veld kan niet leeg zijn", "This field cannot be blank."),
        (
            "OV",
            "O (out of the loop) kan niet samen met andere letters.",
            "O (out of the loop) cannot be combined with other letters.",
        ),
        (
            "VX",
            "Onbekende letter(s) X: gebruik V, E, R, I, S of O.",
            "Unknown letter(s) X: use V, E, R, I, S or O.",
        ),
    ],
)
def test_bad_letters_are_refused_with_a_clear_message(
    sample: SamplePlan, letters: str, dutch: str, english: str
) -> None:
    for language, expected in (("nl", dutch), ("en", english)):
        with translation.override(language):
            with pytest.raises(ValidationError) as error:
                cell(sample, letters).full_clean()
            assert messages(error.value) == [expected]


def test_only_o_is_fine(sample: SamplePlan) -> None:
    cell(sample, "O").full_clean()


def test_a_cell_belongs_to_exactly_one_row(sample: SamplePlan) -> None:
    with translation.override("nl"):
        with pytest.raises(ValidationError) as error:
            cell(sample, "E", milestone=sample.milestone, activity=sample.activity).full_clean()
        assert messages(error.value) == [
            "Een cel van de VERI-matrix hoort bij precies één deelproject, mijlpaal of activiteit."
        ]
    with pytest.raises(ValidationError):
        Assignment(plan=sample.plan, party=sample.party, letters="E").full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Assignment.objects.create(
            plan=sample.plan,
            party=sample.party,
            letters="E",
            milestone=sample.milestone,
            workstream=sample.workstream,
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        Assignment.objects.create(plan=sample.plan, party=sample.party, letters="E")


def test_one_cell_per_party_and_row(sample: SamplePlan) -> None:
    Assignment.objects.create(
        plan=sample.plan, party=sample.party, milestone=sample.milestone, letters="E"
    )
    for language, expected in (
        ("nl", "Deze partij heeft al een rol in deze rij; pas die cel aan."),
        ("en", "This party already has a role on this row; change that cell instead."),
    ):
        with translation.override(language):
            with pytest.raises(ValidationError) as error:
                cell(sample, "V").full_clean()
            assert messages(error.value) == [expected]
    with transaction.atomic(), pytest.raises(IntegrityError):
        Assignment.objects.create(
            plan=sample.plan, party=sample.party, milestone=sample.milestone, letters="V"
        )
    # The same party on another row, and another party on this row, are fine.
    Assignment.objects.create(
        plan=sample.plan, party=sample.party, milestone=sample.second_milestone, letters="V"
    )
    other = Party.objects.create(plan=sample.plan, name="ROC Rivor")
    Assignment.objects.create(
        plan=sample.plan, party=other, milestone=sample.milestone, letters="V"
    )
    assert Assignment.objects.count() == 3


def test_empty_letters_are_refused_by_the_database_too(sample: SamplePlan) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        Assignment.objects.create(
            plan=sample.plan, party=sample.party, milestone=sample.milestone, letters=""
        )


def test_party_and_row_must_belong_to_the_plan(sample: SamplePlan, actors: Actors) -> None:
    other = build_plan(actors.owner, "Ander plan")
    foreign = Workstream.objects.create(plan=other, name="Elders")
    with translation.override("nl"):
        with pytest.raises(ValidationError) as error:
            cell(sample, "E", workstream=foreign).full_clean()
        assert messages(error.value) == ["De partij en de rij moeten bij dit plan horen."]
    with pytest.raises(ValidationError):
        services.assignment_set(
            plan=sample.plan, user=actors.owner, party=sample.party, row=foreign, letters="E"
        )
    assert not Assignment.objects.exists()


def test_the_service_creates_changes_and_removes_in_the_history(
    sample: SamplePlan, actors: Actors
) -> None:
    plan, owner = sample.plan, actors.owner
    made = services.assignment_set(
        plan=plan, user=owner, party=sample.party, row=sample.activity, letters="EV"
    )
    assert made is not None and made.letters == "VE" and made.activity == sample.activity
    changed = services.assignment_set(
        plan=plan, user=owner, party=sample.party, row=sample.activity, letters="V"
    )
    assert changed is not None and changed.pk == made.pk and changed.letters == "V"
    same = services.assignment_set(
        plan=plan, user=owner, party=sample.party, row=sample.activity, letters="V"
    )
    assert same is not None and same.pk == made.pk
    assert (
        services.assignment_set(
            plan=plan, user=owner, party=sample.party, row=sample.activity, letters=""
        )
        is None
    )
    assert (
        services.assignment_set(
            plan=plan, user=owner, party=sample.party, row=sample.activity, letters=""
        )
        is None
    )
    assert not Assignment.objects.exists()
    records = list(ChangeRecord.objects.filter(plan=plan, object_type="assignment").order_by("id"))
    assert [(r.action, r.changes.get("letters"), r.user) for r in records] == [
        ("create", [None, "VE"], owner),
        ("update", ["VE", "V"], owner),
        ("delete", ["V", None], owner),
    ]
    assert {r.object_label for r in records} == {
        "Maaswaal College: VE (Inventarisatie XR-toepassingen)",
        "Maaswaal College: V (Inventarisatie XR-toepassingen)",
    }


def test_a_refused_write_changes_nothing(sample: SamplePlan, actors: Actors) -> None:
    services.assignment_set(
        plan=sample.plan, user=actors.owner, party=sample.party, row=sample.milestone, letters="E"
    )
    before = ChangeRecord.objects.count()
    with pytest.raises(ValidationError):
        services.assignment_set(
            plan=sample.plan,
            user=actors.owner,
            party=sample.party,
            row=sample.milestone,
            letters="OE",
        )
    assert Assignment.objects.get().letters == "E"
    assert ChangeRecord.objects.count() == before


def test_cells_go_with_their_row_and_party(sample: SamplePlan) -> None:
    Assignment.objects.create(
        plan=sample.plan, party=sample.party, milestone=sample.milestone, letters="E"
    )
    Assignment.objects.create(
        plan=sample.plan, party=sample.party, activity=sample.activity, letters="V"
    )
    sample.milestone.delete()
    assert list(Assignment.objects.values_list("letters", flat=True)) == ["V"]
    sample.party.delete()
    assert not Assignment.objects.exists()

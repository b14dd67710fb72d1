"""Dependencies that close a loop are refused, naming the chain, in the web form and imports."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mijlpaal.plans import services
from mijlpaal.plans.models import ChangeRecord, Dependency, Plan
from tests.helpers import Actors, SamplePlan, client_for, text

LOOP = """\
plan: {title: Rondje, start: 2025-08-01, end: 2026-07-31, region: null}
items:
  - {id: a, title: Leerlijn schrijven, kind: activity, duration: 2w, depends: [b]}
  - {id: b, title: Lessen maken, kind: activity, duration: 2w, depends: [a]}
  - {id: m, title: Leerlijn klaar, kind: milestone, deadline: 2026-06-30, depends: [b]}
"""


def test_a_dependency_that_closes_a_loop_is_refused_with_the_chain(
    sample: SamplePlan, actors: Actors
) -> None:
    # The activity leads to the milestone; letting it wait for that milestone closes a loop.
    # The form does not offer it; a request made by hand meets the service's refusal.
    before = ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.dependency_create(
            plan=sample.plan, user=actors.editor, predecessor=sample.milestone,
            successor=sample.activity, type="FS", lag="0d",
        )  # fmt: skip

    message = refused.value.messages[0]
    assert message.startswith("Deze onderdelen wachten op elkaar, zodat er geen volgorde")
    assert "Inventarisatie XR-toepassingen → XR-lesmateriaal ontwikkeld" in message
    assert not Dependency.objects.filter(plan=sample.plan).exists()
    assert ChangeRecord.objects.count() == before


def test_a_plan_file_with_a_loop_changes_nothing(actors: Actors) -> None:
    before = (Plan.objects.count(), ChangeRecord.objects.count())
    response = client_for(actors.owner).post(
        reverse("plans:upload"), {"file": SimpleUploadedFile("plan.yaml", LOOP.encode())}
    )

    page = text(response)
    assert "er is niets veranderd" in page
    assert "Leerlijn schrijven → Lessen maken → Leerlijn schrijven" in page
    assert (Plan.objects.count(), ChangeRecord.objects.count()) == before


def test_the_waits_for_choice_starts_empty_and_offers_no_loop(
    sample: SamplePlan, actors: Actors
) -> None:
    from mijlpaal.plans.forms import DependencyForm

    form = DependencyForm(plan=sample.plan, successor=sample.activity)
    choices = form.fields["predecessor"].choices  # type: ignore[attr-defined]

    assert choices[0] == ("", "— kies waar het op wacht —")
    offered = [label for _group, options in choices[1:] for _key, label in options]
    # The activity leads to "XR-lesmateriaal ontwikkeld": waiting for it would close a loop.
    assert offered == ["XR in alle techniekprofielen"]
    page = client_for(actors.editor).get(
        reverse("plans:item_detail", args=[sample.plan.pk, "activity", sample.activity.pk])
    )
    assert '<option value="" selected>' in page.content.decode()

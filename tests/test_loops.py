"""Dependencies that close a loop are refused, naming the chain, in the web form and imports."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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
    add = reverse("plans:dependency_add", args=[sample.plan.pk, "activity", sample.activity.pk])
    before = ChangeRecord.objects.count()
    response = client_for(actors.editor).post(
        add, {"predecessor": f"m{sample.milestone.pk}", "type": "FS", "lag": "0d"}, follow=True
    )

    page = text(response)
    assert "Deze onderdelen wachten op elkaar, zodat er geen volgorde mogelijk is:" in page
    assert "Inventarisatie XR-toepassingen → XR-lesmateriaal ontwikkeld" in page
    assert "De afhankelijkheid is toegevoegd" not in page
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

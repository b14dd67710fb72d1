"""A plan downloaded as a plan file and uploaded again, unchanged; bad files change nothing."""

from __future__ import annotations

import datetime as dt
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mijlpaal.demo import STO_TITLE, load_demo
from mijlpaal.planning import schedule
from mijlpaal.planning.planfile import load_plan_file
from mijlpaal.plans.models import ChangeRecord, Milestone, Plan
from mijlpaal.plans.planfile import WEB_SECTION, export_plan, import_plan
from tests.helpers import Actors, SamplePlan, client_for, text


def test_export_is_the_engines_plan_file_with_a_web_section(sample: SamplePlan) -> None:
    content = export_plan(sample.plan)
    # The ids are the stable keys the items got when they were made: m, w, g and seven characters.
    m1, w1, g1 = sample.milestone.key, sample.workstream.key, sample.goal.key
    assert re.fullmatch("m[a-z2-9]{7}", m1) and w1.startswith("w") and g1.startswith("g")
    assert (
        "  title: Regioplan Techniek 2025–2028\n"
        "  start: 2025-01-01\n  end: 2028-12-31\n  region: midden\n" in content
    )
    assert (
        f"- id: {m1}.work\n  title: XR-lesmateriaal ontwikkeld\n  kind: activity\n"
        f"  workstream: {w1}\n  duration: 3m\n" in content
    )
    assert (
        f"- id: {m1}\n  title: XR-lesmateriaal ontwikkeld\n  kind: milestone\n"
        f"  workstream: {w1}\n  deadline: 2025-12-19\n" in content
    )
    assert (
        f"  milestones:\n    {m1}:\n      number: 1\n      lead_time: 3m\n      goal: {g1}\n"
        in content
    )
    assert "&id" not in content, "no YAML anchors: people read and edit this file"
    engine = load_plan_file(content, ignore_keys={WEB_SECTION})
    result = schedule(engine)
    # The same dates as on the web pages (see test_scheduling): 60 working days up to 19 Dec 2025.
    assert result.items[f"{m1}.work"].late_start == dt.date(2025, 9, 22)
    assert result.items[m1].finish == dt.date(2025, 12, 19)


def test_demo_plan_round_trip_is_unchanged(actors: Actors) -> None:
    load_demo()
    demo = Plan.objects.get(title=STO_TITLE)
    first = export_plan(demo)
    assert "&id" not in first and "*id" not in first
    copy = import_plan(user=actors.owner, text=first)
    assert copy.pk != demo.pk
    assert export_plan(copy) == first
    assert copy.milestones.count() == demo.milestones.count() == 23
    assert copy.dependencies.count() == demo.dependencies.count()


def test_upload_makes_a_new_plan(sample: SamplePlan, actors: Actors) -> None:
    content = export_plan(sample.plan).replace(
        "Regioplan Techniek 2025–2028", "Kopie van het regioplan"
    )
    client = client_for(actors.outsider)
    response = client.post(
        reverse("plans:upload"), {"file": SimpleUploadedFile("plan.yaml", content.encode())}
    )
    plan = Plan.objects.get(title="Kopie van het regioplan")
    assert response["Location"] == reverse("plans:overview", args=[plan.pk])
    assert plan.memberships.get().user == actors.outsider
    milestone = Milestone.objects.get(plan=plan, title="XR-lesmateriaal ontwikkeld")
    assert (milestone.deadline, milestone.lead_time, milestone.number) == (
        dt.date(2025, 12, 19),
        "3m",
        1,
    )
    assert milestone.activities.get().title == "Inventarisatie XR-toepassingen"


BROKEN = """plan:
  title: Kapot plan
  start: 2026-01-05
  end: 2026-13-01
items:
- id: m1
  title: Klaar
  kind: milestone
  depends: [x9]
mijlpaal:
  phases: [analyse]
"""


def test_upload_with_errors_lists_them_with_lines_and_changes_nothing(actors: Actors) -> None:
    client = client_for(actors.owner)
    before = (Plan.objects.count(), ChangeRecord.objects.count())
    response = client.post(
        reverse("plans:upload"), {"file": SimpleUploadedFile("plan.yaml", BROKEN.encode())}
    )
    page = text(response)
    assert "Het bestand heeft 2 fouten; er is niets veranderd." in page
    assert "regel 4" in page
    assert "regel 9 Er is geen onderdeel met de id ‘x9’." in page
    assert (Plan.objects.count(), ChangeRecord.objects.count()) == before


def test_web_section_errors_have_lines_too(sample: SamplePlan, actors: Actors) -> None:
    content = export_plan(sample.plan).replace("phase: analyse", "phase: ontwerpen")
    a1 = sample.activity.key
    content = content.replace(
        f"  activities:\n    {a1}:\n", f"  activities:\n    {a1}:\n      phase: onbekend\n"
    )
    response = client_for(actors.owner).post(
        reverse("plans:upload"), {"file": SimpleUploadedFile("plan.yaml", content.encode())}
    )
    lines = content.splitlines()
    line = next(i for i, row in enumerate(lines, 1) if "phase: onbekend" in row)
    assert f"regel {line} De fase ‘onbekend’ staat niet in ‘mijlpaal.phases’." in text(response)
    assert Plan.objects.count() == 1


def test_not_a_text_file_is_refused_in_dutch(actors: Actors) -> None:
    response = client_for(actors.owner).post(
        reverse("plans:upload"),
        {"file": SimpleUploadedFile("plan.xlsx", b"PK\x03\x04\xff\xfe\x00binary")},
    )
    assert "Dit is geen tekstbestand in UTF-8; upload een planbestand (.yaml)." in text(response)


def test_owner_replaces_a_plan_and_the_history_keeps_the_old_content(
    sample: SamplePlan, actors: Actors
) -> None:
    other = import_plan(
        user=actors.owner,
        text=export_plan(sample.plan).replace("XR-lesmateriaal", "VR-lesmateriaal"),
    )
    content = export_plan(other)
    client = client_for(actors.owner)
    url = reverse("plans:replace", args=[sample.plan.pk])
    refused = client.post(url, {"file": SimpleUploadedFile("plan.yaml", content.encode())})
    assert "Dit veld is verplicht." in text(refused)
    client.post(url, {"file": SimpleUploadedFile("plan.yaml", content.encode()), "confirm": "on"})
    titles = set(Milestone.objects.filter(plan=sample.plan).values_list("title", flat=True))
    assert titles == {"VR-lesmateriaal ontwikkeld", "XR in alle techniekprofielen"}
    # The copy kept the file's ids, so the milestone is the same one, renamed in place.
    changed = ChangeRecord.objects.get(
        plan=sample.plan, action="update", object_type="milestone", object_id=sample.milestone.pk
    )
    assert changed.changes["title"] == ["XR-lesmateriaal ontwikkeld", "VR-lesmateriaal ontwikkeld"]
    assert changed.user == actors.owner
    assert (
        client_for(actors.editor)
        .post(url, {"file": SimpleUploadedFile("p.yaml", content.encode()), "confirm": "on"})
        .status_code
        == 403
    )


def test_download_is_a_yaml_attachment(sample: SamplePlan, actors: Actors) -> None:
    response = client_for(actors.viewer).get(reverse("plans:download", args=[sample.plan.pk]))
    # The title as the user wrote it, en dash included; a plain hyphen for old clients.
    assert response["Content-Disposition"] == (
        'attachment; filename="Regioplan Techniek 2025-2028.yaml"; '
        "filename*=UTF-8''Regioplan%20Techniek%202025%E2%80%932028.yaml"
    )
    # The header comment is in Dutch and says what the `<id>.work` items are.
    content = response.content.decode()
    assert content.startswith(
        "# Planbestand van Mijlpaal. Het formaat staat in docs/plan-format.md."
    )
    assert "# '<id>.work' is de doorlooptijd van de mijlpaal '<id>'" in content


def test_the_command_line_schedules_a_downloaded_plan(sample: SamplePlan, tmp_path: object) -> None:
    import io
    import json
    from pathlib import Path

    from mijlpaal.planning.cli import main

    path = Path(str(tmp_path)) / "plan.yaml"
    path.write_text(export_plan(sample.plan), encoding="utf-8")
    out = io.StringIO()
    assert main(["schedule", str(path), "--format", "json"], stdout=out) == 0
    items = {row["id"]: row for row in json.loads(out.getvalue())["items"]}
    m1 = sample.milestone.key
    assert items[m1]["finish"] == "2025-12-19"
    assert items[f"{m1}.work"]["late_start"] == "2025-09-22"

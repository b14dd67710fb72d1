"""Two people edit the same item: the second save does not silently undo the first."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from mijlpaal.plans.models import Milestone
from tests.conftest import Actors, SamplePlan, client_for
from tests.test_views import text

VERSION = re.compile(r'name="version" value="([0-9a-f]+)"')


def open_form(client: Client, url: str) -> dict[str, str]:
    page = client.get(url).content.decode()
    version = VERSION.search(page)
    assert version is not None
    return {"version": version.group(1)}


def milestone_form(m: Milestone, **changes: str) -> dict[str, str]:
    fields = {
        "workstream": str(m.workstream_id or ""),
        "goal": str(m.goal_id or ""),
        "number": str(m.number or ""),
        "title": m.title,
        "result": m.result,
        "deadline": m.deadline.isoformat() if m.deadline else "",
        "lead_time": m.lead_time,
    }
    return {**fields, **changes}


def test_the_second_save_gets_a_conflict_with_both_values_and_keeps_its_input(
    sample: SamplePlan, actors: Actors
) -> None:
    m = sample.milestone
    url = reverse("plans:item_edit", args=[sample.plan.pk, "milestone", m.pk])
    anna, bert = client_for(actors.owner), client_for(actors.editor)
    anna_form, bert_form = open_form(anna, url), open_form(bert, url)

    saved = anna.post(url, {**milestone_form(m, title="XR-lespakket klaar"), **anna_form})
    assert saved.status_code == 302
    conflict = bert.post(url, {**milestone_form(m, deadline="2026-01-30"), **bert_form})

    assert conflict.status_code == 200
    page = text(conflict)
    assert "Iemand anders heeft dit onderdeel opgeslagen nadat u het opende." in page
    assert "nu opgeslagen: “XR-lespakket klaar”; uw invoer: “XR-lesmateriaal ontwikkeld”" in page
    assert 'value="2026-01-30"' in conflict.content.decode()  # Bert's input is kept
    stored = Milestone.objects.get(pk=m.pk)
    assert (stored.title, str(stored.deadline)) == ("XR-lespakket klaar", "2025-12-19")

    # Saving again, with the version the conflict page carries, is a knowing choice.
    again = {**milestone_form(stored, deadline="2026-01-30"), **open_form_from(conflict)}
    assert bert.post(url, again).status_code == 302
    stored = Milestone.objects.get(pk=m.pk)
    assert (stored.title, str(stored.deadline)) == ("XR-lespakket klaar", "2026-01-30")


def open_form_from(response: object) -> dict[str, str]:
    version = VERSION.search(response.content.decode())  # type: ignore[attr-defined]
    assert version is not None
    return {"version": version.group(1)}


def test_the_inline_edit_in_the_list_gets_the_conflict_too(
    sample: SamplePlan, actors: Actors
) -> None:
    m = sample.milestone
    url = reverse("plans:item_edit", args=[sample.plan.pk, "milestone", m.pk])
    client = client_for(actors.editor)
    stale = open_form(client, url)
    Milestone.objects.filter(pk=m.pk).update(title="Intussen hernoemd")

    response = client.post(url, {**milestone_form(m), **stale}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "Iemand anders heeft dit onderdeel opgeslagen" in text(response)
    assert Milestone.objects.get(pk=m.pk).title == "Intussen hernoemd"


def test_a_veri_cell_changed_in_the_meantime_is_not_overwritten_silently(
    sample: SamplePlan, actors: Actors
) -> None:
    from mijlpaal.responsibilities.models import Assignment
    from mijlpaal.responsibilities.services import assignment_set

    url = reverse(
        "responsibilities:cell",
        args=[sample.plan.pk, "milestone", sample.milestone.pk, sample.party.pk],
    )
    client = client_for(actors.editor)
    page = client.get(url).content.decode()
    assert 'type="hidden" name="seen"' in page  # the letters the editor saw: none
    assignment_set(
        plan=sample.plan, user=actors.owner, party=sample.party, row=sample.milestone, letters="E"
    )

    refused = client.post(url, {"letters": "V", "seen": ""})
    assert refused.status_code == 200
    assert (
        "Iemand anders heeft hier intussen “E” ingevuld; uw invoer is “V”. "
        "Sla opnieuw op om uw invoer te bewaren." in text(refused)
    )
    assert Assignment.objects.get(party=sample.party, milestone=sample.milestone).letters == "E"

    assert client.post(url, {"letters": "V", "seen": "E"}).status_code == 302
    assert Assignment.objects.get(party=sample.party, milestone=sample.milestone).letters == "V"


def settings_form(**changes: str) -> dict[str, str]:
    data = {
        "title": "Regioplan Techniek 2025–2028",
        "organisation": "STO Rivierenland",
        "vision": "",
        "start_date": "2025-01-01",
        "end_date": "2028-12-31",
        "region": "midden",
        "scheduling": "alap",
        "update_interval_weeks": "4",
        "phases": "analyse\nontwerp\ninrichting\nuitvoering\nborging",
        "domains": "processen\norganisatie\nbeleid\nICT",
        "periods-TOTAL_FORMS": "0",
        "periods-INITIAL_FORMS": "0",
        "periods-MIN_NUM_FORMS": "0",
        "periods-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


def test_plan_settings_saved_by_two_owners_at_once_conflict(
    sample: SamplePlan, actors: Actors
) -> None:
    from mijlpaal.plans.models import Membership, Plan, Role

    Membership.objects.filter(plan=sample.plan, user=actors.editor).update(role=Role.OWNER)
    url = reverse("plans:settings", args=[sample.plan.pk])
    anna, bert = client_for(actors.owner), client_for(actors.editor)
    anna_form, bert_form = open_form(anna, url), open_form(bert, url)

    assert (
        anna.post(url, {**settings_form(phases="analyse\nuitvoering"), **anna_form}).status_code
        == 302
    )
    conflict = bert.post(url, {**settings_form(region="zuid"), **bert_form})

    assert conflict.status_code == 200
    page = text(conflict)
    assert "Iemand anders heeft dit onderdeel opgeslagen nadat u het opende." in page
    assert "nu opgeslagen: “['analyse', 'uitvoering']”" not in page  # shown as names, not a list
    assert "Fasen — nu opgeslagen:" in page
    plan = Plan.objects.get(pk=sample.plan.pk)
    assert (plan.region, [p.name for p in plan.phases.all()]) == (
        "midden",
        ["analyse", "uitvoering"],
    )

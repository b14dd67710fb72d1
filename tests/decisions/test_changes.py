"""Approved changes: once the planning is adopted, a new deadline or end date needs a reason, and
with an opdrachtgever it waits for their approval (wijzigingsverzoek)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from mijlpaal.decisions import services
from mijlpaal.decisions.baselines import baseline_take
from mijlpaal.decisions.models import ChangeRequest, DecisionDocument, Verdict
from mijlpaal.monitoring.models import Entry
from mijlpaal.plans.models import ChangeRecord, Membership, Milestone, Plan
from mijlpaal.plans.planfile import export_plan, import_plan
from mijlpaal.plans.services import item_save
from tests.decisions.conftest import Governed
from tests.helpers import Actors, SamplePlan, client_for, english_client, text
from tests.test_lost_updates import milestone_form, settings_form

VERSION = re.compile(r'name="version" value="([0-9a-f]+)"')
KEY = re.compile(r'name="change_request_key" value="([0-9a-f-]+)"')


def edit_url(m: Milestone) -> str:
    return reverse("plans:item_edit", args=[m.plan_id, "milestone", m.pk])


def opened(client: Client, url: str) -> dict[str, str]:
    """The hidden fields of the form as the page gave them: its version and request key."""
    page = client.get(url).content.decode()
    version = VERSION.search(page)
    assert version is not None
    found = {"version": version.group(1)}
    key = KEY.search(page)
    if key is not None:
        found["change_request_key"] = key.group(1)
    return found


def adopt(plan: Plan, actors: Actors) -> None:
    baseline_take(plan=plan, user=actors.owner, name="Vastgesteld door de stuurgroep")


def changes_url(plan: Plan) -> str:
    return reverse("decisions:changes", args=[plan.pk])


def test_before_a_baseline_a_deadline_changes_without_a_reason(
    sample: SamplePlan, actors: Actors
) -> None:
    m, editor = sample.milestone, client_for(actors.editor)
    assert "Reden voor de datumwijziging" not in text(editor.get(edit_url(m)))
    data = {**milestone_form(m, deadline="2026-02-27"), **opened(editor, edit_url(m))}
    assert editor.post(edit_url(m), data).status_code == 302
    assert Milestone.objects.get(pk=m.pk).deadline == dt.date(2026, 2, 27)
    assert not ChangeRequest.objects.exists()


def test_without_a_decider_the_change_applies_at_once_and_is_listed_with_its_reason(
    sample: SamplePlan, actors: Actors
) -> None:
    m, editor = sample.milestone, client_for(actors.editor)
    adopt(sample.plan, actors)
    form = text(editor.get(edit_url(m)))
    assert "Reden voor de datumwijziging" in form
    data = {**milestone_form(m, deadline="2026-02-27"), **opened(editor, edit_url(m))}

    refused = editor.post(edit_url(m), data)
    assert refused.status_code == 200
    assert "Geef de reden van deze wijziging: de planning is vastgesteld." in text(refused)
    assert Milestone.objects.get(pk=m.pk).deadline == dt.date(2025, 12, 19)

    # Another field without a new date needs no reason.
    same = {**milestone_form(m, result="Lessen in 3 profielen"), **opened(editor, edit_url(m))}
    assert editor.post(edit_url(m), same).status_code == 302
    assert not ChangeRequest.objects.exists()

    data = {
        **milestone_form(Milestone.objects.get(pk=m.pk), deadline="2026-02-27"),
        **opened(editor, edit_url(m)),
        "change_reason": "De XR-brillen worden later geleverd.",
    }
    assert editor.post(edit_url(m), data).status_code == 302
    assert Milestone.objects.get(pk=m.pk).deadline == dt.date(2026, 2, 27)
    change = ChangeRequest.objects.get()
    assert (change.state, change.before, change.after, change.requested_by, change.label) == (
        "applied",
        dt.date(2025, 12, 19),
        dt.date(2026, 2, 27),
        actors.editor,
        "1. XR-lesmateriaal ontwikkeld",
    )
    page = text(client_for(actors.viewer).get(changes_url(sample.plan)))
    assert "Geen opdrachtgever met een account" in page
    assert (
        "1. XR-lesmateriaal ontwikkeld deadline van de mijlpaal 19 dec 2025 27 feb 2026 "
        "De XR-brillen worden later geleverd. Eddy Editor 1 dec 2026 doorgevoerd (geen beslisser)"
    ) in page


def test_with_a_decider_the_new_deadline_waits_and_the_rest_of_the_form_is_saved(
    governed: Governed, actors: Actors, django_capture_on_commit_callbacks: Any
) -> None:
    sample, m, editor = governed.sample, governed.sample.milestone, client_for(actors.editor)
    adopt(sample.plan, actors)
    hidden = opened(editor, edit_url(m))
    data = {
        **milestone_form(m, deadline="2026-02-27", result="Lessen in 3 profielen"),
        **hidden,
        "change_reason": "De XR-brillen worden later geleverd.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(edit_url(m), data, follow=True)
    assert (
        "De nieuwe datum (vr 27 februari 2026) wacht op goedkeuring door Bea Bestuurder; tot dan "
        "houdt het plan vr 19 december 2025 aan."
    ) in text(response)
    stored = Milestone.objects.get(pk=m.pk)
    assert (stored.deadline, stored.result) == (dt.date(2025, 12, 19), "Lessen in 3 profielen")
    change = ChangeRequest.objects.get()
    assert (change.state, change.decider, change.after) == (
        "pending",
        governed.commissioner,
        dt.date(2026, 2, 27),
    )
    # The decider hears of it; the logbook keeps the request.
    assert [m.to for m in mail.outbox] == [["bestuurder@school.example"]]
    assert "vr 19 december 2025 → vr 27 februari 2026" in mail.outbox[0].body
    assert "De XR-brillen worden later geleverd." in mail.outbox[0].body
    assert Entry.objects.filter(milestone=m, explanation__contains="Bea Bestuurder").count() == 1

    # The same form sent again (a double click) asks once.
    assert editor.post(edit_url(m), data).status_code == 302
    assert ChangeRequest.objects.count() == 1
    # A second request for the same date while the first waits is refused, with a reason why.
    again = {**milestone_form(stored, deadline="2026-03-13"), **opened(editor, edit_url(m))}
    again["change_reason"] = "Nog later."
    refused = editor.post(edit_url(m), again)
    assert refused.status_code == 200
    assert "Een wijziging van deze datum wacht al op goedkeuring" in text(refused)
    assert ChangeRequest.objects.count() == 1


def pending_request(governed: Governed, actors: Actors) -> ChangeRequest:
    sample, m, editor = governed.sample, governed.sample.milestone, client_for(actors.editor)
    adopt(sample.plan, actors)
    data = {
        **milestone_form(m, deadline="2026-02-27"),
        **opened(editor, edit_url(m)),
        "change_reason": "De XR-brillen worden later geleverd.",
    }
    assert editor.post(edit_url(m), data).status_code == 302
    mail.outbox.clear()
    return ChangeRequest.objects.get()


def decide_url(change: ChangeRequest) -> str:
    return reverse("decisions:change_decide", args=[change.plan_id, change.pk])


def test_the_decider_approves_once_and_the_deadline_moves(
    governed: Governed, actors: Actors, django_capture_on_commit_callbacks: Any
) -> None:
    change = pending_request(governed, actors)
    boss = client_for(governed.boss)  # a viewer of the plan, and its opdrachtgever
    page = text(boss.get(changes_url(governed.sample.plan)))
    assert "Wacht op goedkeuring 1. XR-lesmateriaal ontwikkeld" in page
    assert "Deadline van de mijlpaal: 19 dec 2025 → 27 feb 2026" in page
    assert "Goedkeuren" in page and "Afwijzen" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = boss.post(decide_url(change), {"action": "approve", "note": "Akkoord."})
    response = boss.get(response["Location"])
    assert "De wijziging is goedgekeurd en doorgevoerd." in text(response)
    m = Milestone.objects.get(pk=change.milestone_id or 0)
    assert m.deadline == dt.date(2026, 2, 27)
    # The schedule every page shows is computed from the plan as it is now.
    milestone_page = text(
        boss.get(reverse("plans:item_detail", args=[m.plan_id, "milestone", m.pk]))
    )
    assert "De deadline van 27 februari 2026 is verstreken" in milestone_page
    assert "Deadline vrijdag 27 februari 2026" in milestone_page
    assert "Gewijzigd door Bea Bestuurder" in milestone_page
    assert "Deadline 19 december 2025 → 27 februari 2026" in milestone_page
    change.refresh_from_db()
    assert (change.state, change.decided_by, change.decided_for_decider) == (
        "approved",
        governed.boss,
        False,
    )
    assert ChangeRecord.objects.filter(
        plan=governed.sample.plan, object_type="milestone", object_id=m.pk, user=governed.boss
    ).exists()
    assert Entry.objects.filter(
        milestone=m,
        explanation="Deadline van de mijlpaal: vr 19 december 2025 → vr 27 februari 2026: "
        "goedgekeurd door Bea Bestuurder. Akkoord.",
    ).exists()
    assert [m.to for m in mail.outbox] == [["editor@school.example"]]
    assert "goedgekeurd" in mail.outbox[0].subject

    # A second submit of the same decision is refused and changes nothing.
    twice = boss.post(decide_url(change), {"action": "reject"}, follow=True)
    assert "Over dit wijzigingsverzoek is al besloten." in text(twice)
    change.refresh_from_db()
    assert change.state == "approved"
    assert Milestone.objects.get(pk=m.pk).deadline == dt.date(2026, 2, 27)
    page = text(client_for(actors.viewer).get(changes_url(governed.sample.plan)))
    assert "Er wacht geen wijziging op goedkeuring." in page
    assert "19 dec 2025 27 feb 2026 De XR-brillen worden later geleverd." in page
    assert "goedgekeurd Bea Bestuurder 1 dec 2026" in page


def test_an_owner_rejects_for_the_decider_and_nothing_changes(
    governed: Governed, actors: Actors, django_capture_on_commit_callbacks: Any
) -> None:
    change = pending_request(governed, actors)
    owner = client_for(actors.owner)
    data = {"action": "reject", "note": "Eerst de leverancier bellen."}
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(decide_url(change), data)
    response = owner.get(response["Location"])
    assert "De wijziging is afgewezen; het plan blijft zoals het was." in text(response)
    assert Milestone.objects.get(pk=change.milestone_id or 0).deadline == dt.date(2025, 12, 19)
    change.refresh_from_db()
    assert (change.state, change.decided_by, change.decided_for_decider, change.note) == (
        "rejected",
        actors.owner,
        True,
        "Eerst de leverancier bellen.",
    )
    line = (
        "Deadline van de mijlpaal: vr 19 december 2025 → vr 27 februari 2026: afgewezen door "
        "Olga Owner (eigenaar) namens Bea Bestuurder; er verandert niets. "
        "Eerst de leverancier bellen."
    )
    assert Entry.objects.filter(explanation=line).count() == 1
    assert [m.to for m in mail.outbox] == [["editor@school.example"]]
    assert line in mail.outbox[0].body
    page = text(client_for(actors.viewer).get(changes_url(governed.sample.plan)))
    assert "afgewezen Olga Owner (eigenaar) namens Bea Bestuurder" in page


@pytest.mark.parametrize("role", ["editor", "contributor", "viewer"])
def test_only_the_decider_or_an_owner_decides(
    governed: Governed, actors: Actors, role: str
) -> None:
    change = pending_request(governed, actors)
    client = client_for(getattr(actors, role))
    assert client.post(decide_url(change), {"action": "approve"}).status_code == 403
    page = text(client.get(changes_url(governed.sample.plan)))
    assert "De XR-brillen worden later geleverd." in page and "Goedkeuren" not in page
    change.refresh_from_db()
    assert change.state == "pending"
    outsider = client_for(actors.outsider)
    assert outsider.post(decide_url(change), {"action": "approve"}).status_code == 404
    assert outsider.get(changes_url(governed.sample.plan)).status_code == 404


def test_a_request_whose_date_moved_since_is_not_applied(
    governed: Governed, actors: Actors
) -> None:
    change = pending_request(governed, actors)
    m = Milestone.objects.get(pk=change.milestone_id or 0)
    m.deadline = dt.date(2026, 1, 16)  # a decision (bijsturen) moved it meanwhile
    item_save(plan=governed.sample.plan, user=actors.owner, instance=m)
    response = client_for(governed.boss).post(
        decide_url(change), {"action": "approve"}, follow=True
    )
    assert "De datum is veranderd sinds het verzoek; wijs het af en vraag opnieuw." in text(
        response
    )
    change.refresh_from_db()
    assert change.state == "pending"
    assert Milestone.objects.get(pk=m.pk).deadline == dt.date(2026, 1, 16)


def test_a_stale_form_is_a_conflict_and_asks_nothing(governed: Governed, actors: Actors) -> None:
    sample, m = governed.sample, governed.sample.milestone
    adopt(sample.plan, actors)
    anna, bert = client_for(actors.owner), client_for(actors.editor)
    bert_hidden = opened(bert, edit_url(m))
    anna_data = {**milestone_form(m, title="XR-lespakket klaar"), **opened(anna, edit_url(m))}
    assert anna.post(edit_url(m), anna_data).status_code == 302
    bert_data = {**milestone_form(m, deadline="2026-02-27"), **bert_hidden, "change_reason": "X"}
    conflict = bert.post(edit_url(m), bert_data)
    assert conflict.status_code == 200
    assert "Iemand anders heeft dit onderdeel opgeslagen nadat u het opende." in text(conflict)
    assert not ChangeRequest.objects.exists()


def test_the_end_date_waits_for_the_decider_and_applies_on_approval(
    governed: Governed, actors: Actors
) -> None:
    plan = governed.sample.plan
    adopt(plan, actors)
    owner = client_for(actors.owner)
    url = reverse("plans:settings", args=[plan.pk])
    hidden = opened(owner, url)
    refused = owner.post(url, {**settings_form(end_date="2029-07-31"), **hidden})
    assert "Geef de reden van deze wijziging: de planning is vastgesteld." in text(refused)
    data = {
        **settings_form(end_date="2029-07-31", title="Regioplan Techniek 2025–2029"),
        **hidden,
        "change_reason": "De subsidie loopt een half jaar langer.",
    }
    assert owner.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.end_date) == ("Regioplan Techniek 2025–2029", dt.date(2028, 12, 31))
    change = ChangeRequest.objects.get()
    assert (change.field, change.label, change.before, change.after) == (
        "end_date",
        "Regioplan Techniek 2025–2029",
        dt.date(2028, 12, 31),
        dt.date(2029, 7, 31),
    )
    assert owner.post(url, data).status_code == 302  # sent twice: one request
    assert ChangeRequest.objects.count() == 1
    assert (
        client_for(governed.boss).post(decide_url(change), {"action": "approve"}).status_code == 302
    )
    plan.refresh_from_db()
    assert plan.end_date == dt.date(2029, 7, 31)
    assert ChangeRecord.objects.filter(plan=plan, object_type="plan", user=governed.boss).exists()


def test_a_forecast_stays_a_forecast(governed: Governed, actors: Actors) -> None:
    sample = governed.sample
    adopt(sample.plan, actors)
    url = reverse("monitoring:entry_new", args=[sample.plan.pk, "milestone", sample.milestone.pk])
    data = {"light": "orange", "explanation": "Loopt uit.", "problems": "Levering te laat.",
            "measures": "Andere leverancier.", "forecast": "2026-03-13", "percent": "40",
            "reported_on": "2026-11-30", "request_key": str(uuid.uuid4())}  # fmt: skip
    assert client_for(actors.contributor).post(url, data).status_code == 302
    assert Entry.objects.get(forecast__isnull=False).forecast == dt.date(2026, 3, 13)
    assert Milestone.objects.get(pk=sample.milestone.pk).deadline == dt.date(2025, 12, 19)
    assert not ChangeRequest.objects.exists()


def test_a_bijsturen_decision_that_moves_a_deadline_is_listed(
    governed: Governed, actors: Actors
) -> None:
    plan, point = governed.sample.plan, governed.point
    document = services.document_start(
        plan=plan, user=actors.editor, subject=point, question="Opschalen of uitstellen?"
    )
    services.document_submit(plan=plan, user=actors.editor, document=document, send=False)
    boss = Membership.objects.get(plan=plan, user=governed.boss)
    services.document_decide(
        plan=plan,
        user=governed.boss,
        membership=boss,
        document=DecisionDocument.objects.get(pk=document.pk),
        decision=services.Decision(
            verdict=Verdict.ADJUST,
            rationale="Eerst de pilot afronden.",
            requested_change="Het besluit schuift een kwartaal op.",
            new_deadline=dt.date(2027, 6, 1),
        ),
        send=False,
    )
    change = ChangeRequest.objects.get()
    assert (change.state, change.before, change.after, change.decision_id) == (
        "approved",
        dt.date(2027, 3, 1),
        dt.date(2027, 6, 1),
        document.pk,
    )
    response = client_for(actors.viewer).get(changes_url(plan))
    page = text(response)
    assert (
        "Besluit over opschaling deadline van de mijlpaal 1 mrt 2027 1 jun 2027 "
        "Het besluit schuift een kwartaal op. Eddy Editor"
    ) in page
    assert reverse("decisions:document", args=[plan.pk, document.pk]) in response.content.decode()


def test_the_page_in_english_and_linked_from_the_decisions(
    governed: Governed, actors: Actors
) -> None:
    pending_request(governed, actors)
    page = text(english_client(governed.boss).get(changes_url(governed.sample.plan)))
    assert "Changes of the adopted planning" in page
    assert "Deadline of the milestone: 19 Dec 2025 → 27 Feb 2026" in page
    decisions = client_for(actors.viewer).get(
        reverse("decisions:decisions", args=[governed.sample.plan.pk])
    )
    assert changes_url(governed.sample.plan) in decisions.content.decode()
    overview = client_for(actors.viewer).get(
        reverse("plans:overview", args=[governed.sample.plan.pk])
    )
    assert changes_url(governed.sample.plan) in overview.content.decode()


def grow(governed: Governed, actors: Actors, extra: int) -> None:
    """More milestones, each with an applied and a pending change."""
    plan = governed.sample.plan
    for n in range(extra):
        deadline = dt.date(2027, 1, 4) + dt.timedelta(days=7 * n)
        m = item_save(
            plan=plan,
            user=actors.owner,
            instance=Milestone(
                workstream=governed.sample.workstream,
                title=f"Extra mijlpaal {n}",
                deadline=deadline,
            ),
        )
        for state in ("applied", "pending"):
            ChangeRequest.objects.create(
                plan=plan,
                milestone=m,
                label=m.label,
                field="deadline",
                before=deadline,
                after=deadline + dt.timedelta(days=14),
                reason="Later geleverd.",
                state=state,
                decider=governed.commissioner,
                requested_by=actors.editor,
                requested_on=dt.date(2026, 11, 30),
            )


@pytest.mark.parametrize("extra", [1, 12])
def test_the_page_takes_the_same_queries_for_any_plan_size(
    governed: Governed, actors: Actors, extra: int, django_assert_num_queries: object
) -> None:
    adopt(governed.sample.plan, actors)
    grow(governed, actors, extra)
    client = client_for(governed.boss)
    url = changes_url(governed.sample.plan)
    client.get(url)
    with django_assert_num_queries(6):  # type: ignore[operator]
        response = client.get(url)
    assert text(response).count("Later geleverd.") == 2 * extra


def test_an_inline_edit_whose_date_waits_reloads_the_page_to_say_so(
    governed: Governed, actors: Actors
) -> None:
    sample, m, editor = governed.sample, governed.sample.milestone, client_for(actors.editor)
    adopt(sample.plan, actors)
    inline = editor.get(edit_url(m), headers={"HX-Request": "true"})
    assert "Reden voor de datumwijziging" in text(inline)
    data = {
        **milestone_form(m, deadline="2026-02-27"),
        **opened(editor, edit_url(m)),
        "change_reason": "De XR-brillen worden later geleverd.",
    }
    response = editor.post(edit_url(m), data, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("plans:workstreams", args=[sample.plan.pk]))
    page = text(editor.get(response["HX-Redirect"]))
    assert "wacht op goedkeuring door Bea Bestuurder" in page
    assert ChangeRequest.objects.get().state == "pending"


def test_the_plan_file_carries_the_approved_dates_not_the_requests(
    governed: Governed, actors: Actors
) -> None:
    change = pending_request(governed, actors)
    boss = client_for(governed.boss)
    assert boss.post(decide_url(change), {"action": "approve"}).status_code == 302
    text_of_file = export_plan(governed.sample.plan)
    assert "2026-02-27" in text_of_file
    assert "De XR-brillen worden later geleverd." not in text_of_file
    copy = import_plan(user=actors.owner, text=text_of_file)
    moved = Milestone.objects.get(plan=copy, title="XR-lesmateriaal ontwikkeld")
    assert moved.deadline == dt.date(2026, 2, 27)
    assert not ChangeRequest.objects.filter(plan=copy).exists()


def test_the_form_says_which_new_date_waits(governed: Governed, actors: Actors) -> None:
    change = pending_request(governed, actors)
    form = text(client_for(actors.editor).get(edit_url(governed.sample.milestone)))
    assert (
        "Deadline: De nieuwe datum (vr 27 februari 2026) wacht op goedkeuring door Bea Bestuurder"
    ) in form
    assert change.state == "pending"

"""The beslisdocument: concept → voorgelegd → besloten, by the decider only."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from mijlpaal.decisions import services
from mijlpaal.decisions.models import DecisionDocument, DocumentState, Verdict
from mijlpaal.monitoring.models import Entry
from mijlpaal.plans.models import Activity, ChangeRecord, Milestone
from tests.decisions.conftest import Governed
from tests.helpers import Actors, client_for, english_client, report, text


def _start(
    governed: Governed, actors: Actors, milestone: Milestone | None = None
) -> DecisionDocument:
    plan = governed.sample.plan
    item = milestone or governed.point
    response = client_for(actors.editor).post(
        reverse("decisions:document_new", args=[plan.pk, "milestone", item.pk]),
        {"question": "Gaat de opschaling door?"},
    )
    document = DecisionDocument.objects.get(plan=plan)
    assert response["Location"] == reverse("decisions:document_edit", args=[plan.pk, document.pk])
    return document


def _submit(governed: Governed, actors: Actors, document: DecisionDocument) -> None:
    plan = governed.sample.plan
    client_for(actors.editor).post(
        reverse("decisions:document_submit", args=[plan.pk, document.pk])
    )
    document.refresh_from_db()
    assert document.state == DocumentState.SUBMITTED


def test_the_decider_is_the_e_party_or_else_the_commissioner(
    governed: Governed, actors: Actors
) -> None:
    plan, sample = governed.sample.plan, governed.sample
    # Milestone 1 has an E in the VERI matrix: Maaswaal College.
    assert services.default_decider(plan, sample.milestone) == governed.matrix.school
    # The decision point has none: the opdrachtgever.
    assert services.default_decider(plan, governed.point) == governed.commissioner
    assert services.default_decider(plan, sample.activity) == governed.commissioner


def test_the_concept_fills_in_the_state_of_affairs_from_the_plan(
    governed: Governed, actors: Actors, travel: Callable[[dt.date], None]
) -> None:
    travel(dt.date(2026, 3, 16))
    plan, sample = governed.sample.plan, governed.sample
    report(
        plan,
        actors.owner,
        sample.second_milestone,
        "2026-03-09",
        "red",
        explanation="Docenten ontbreken.",
        problems="Te weinig docenten voor de XR-lessen.",
        measures="Inhuur via het regionale ROC.",
    )
    document = _start(governed, actors)
    page = client_for(actors.viewer).get(reverse("decisions:document", args=[plan.pk, document.pk]))
    body = text(page)
    assert "Beslisdocument: 3. Besluit over opschaling" in body
    assert "concept" in body
    assert "Beslisser Bea Bestuurder · account: Bea Bestuurder" in body
    # Late by working days: from Friday 19 December 2025 to Monday 16 March 2026 are 12 weeks
    # and a day; the kerstvakantie (two weeks) and the voorjaarsvakantie of region midden (one)
    # are no working days: 46.
    assert (
        "Te laat 1. XR-lesmateriaal ontwikkeld deadline 19 dec 2025, 46 werkdagen te laat" in body
    )
    assert "30 jun 2026" not in body  # the second milestone is not late yet
    assert "Stoplichten" in body and "Docenten ontbreken." in body
    assert (
        "Knelpunten: Te weinig docenten voor de XR-lessen. "
        "Maatregelen: Inhuur via het regionale ROC." in body
    )
    # Tijd as the schedule proposes it; Geld left to the project leader.
    document.refresh_from_db()
    assert document.gotik["tijd"]["light"] == "orange"
    assert "1 mijlpaal is te laat." in document.gotik["tijd"]["text"]
    assert document.decider == governed.commissioner


def test_the_whole_way_to_go_with_conditions(governed: Governed, actors: Actors) -> None:
    plan = governed.sample.plan
    document = _start(governed, actors)
    editor = client_for(actors.editor)
    edit = reverse("decisions:document_edit", args=[plan.pk, document.pk])
    form = {
        "question": "Gaat de opschaling door?",
        "decider": governed.commissioner.pk,
        "advice": "Doorgaan, met extra docenten.",
        "geld_light": "orange",
        "geld_text": "€ 75.000 extra nodig.",
        "tijd_light": "orange",
        "tijd_text": "Twee mijlpalen te laat.",
        "version": "",
    }
    assert editor.post(edit, form).status_code == 302
    parts = reverse("decisions:document_parts", args=[plan.pk, document.pk])
    editor.post(parts, {"action": "add_issue", "issue-question": "Extra docenten inhuren?"})
    issue = document.issues.get()
    editor.post(
        parts,
        {
            "action": "add_option",
            "issue": issue.pk,
            f"option-{issue.pk}-title": "Inhuren via het ROC",
            f"option-{issue.pk}-pros": "Snel beschikbaar",
            f"option-{issue.pk}-cons": "Duur",
            f"option-{issue.pk}-effect_time": "geen vertraging",
            f"option-{issue.pk}-effect_money": "€ 75.000",
            f"option-{issue.pk}-advised": "on",
        },
    )
    assert issue.options.get().advised
    _submit(governed, actors, document)
    # Frozen: no edit page, no change.
    assert editor.get(edit).status_code == 404
    assert editor.post(edit, form).status_code == 404
    logbook = Entry.objects.filter(plan=plan, milestone=governed.point)
    assert [e.explanation for e in logbook] == [
        "Beslisdocument (versie 1) voorgelegd aan Bea Bestuurder."
    ]

    # The project leader is no decider.
    decide = reverse("decisions:document_decide", args=[plan.pk, document.pk])
    refused = editor.get(decide)
    assert refused.status_code == 403
    assert "Alleen de beslisser besluit" in text(refused)
    decision = {
        "verdict": Verdict.GO_CONDITIONS,
        "rationale": "Akkoord, mits de kosten binnen de begroting blijven.",
        "conditions": "Docenten ingehuurd voor 1 februari\n- Kosten gemeld aan de stuurgroep",
        "conditions_become": "log",
    }
    assert editor.post(decide, decision).status_code == 403
    document.refresh_from_db()
    assert document.state == DocumentState.SUBMITTED

    boss = client_for(governed.boss)
    assert "Besluiten" in text(boss.get(reverse("decisions:document", args=[plan.pk, document.pk])))
    assert boss.post(decide, decision).status_code == 302
    document.refresh_from_db()
    assert document.state == DocumentState.DECIDED
    assert document.verdict == Verdict.GO_CONDITIONS
    assert document.decided_by == governed.boss and not document.decided_for_decider
    assert document.decided_on == dt.date(2026, 12, 1)
    assert [e.explanation for e in logbook.order_by("id")] == [
        "Beslisdocument (versie 1) voorgelegd aan Bea Bestuurder.",
        "Besluit: go onder voorwaarden, door Bea Bestuurder. Akkoord, mits de kosten binnen de "
        "begroting blijven.",
        "Voorwaarde uit het besluit: Docenten ingehuurd voor 1 februari",
        "Voorwaarde uit het besluit: Kosten gemeld aan de stuurgroep",
    ]
    assert not any(e.light for e in logbook), "the decision does not change the light"
    history = ChangeRecord.objects.filter(plan=plan, object_type="decisiondocument")
    assert [r.action for r in history.order_by("id")] == ["create", "update", "update", "update"]
    assert history.order_by("id").last().changes["state"] == ["voorgelegd", "besloten"]  # type: ignore[union-attr]
    page = text(boss.get(reverse("decisions:document", args=[plan.pk, document.pk])))
    assert "Go onder voorwaarden — Bea Bestuurder, 1 dec 2026" in page
    assert "Inhuren via het ROC geadviseerd Snel beschikbaar Duur geen vertraging € 75.000" in page
    # Decided once: not again.
    assert boss.post(decide, {**decision, "verdict": "no_go"}).status_code == 403
    document.refresh_from_db()
    assert document.verdict == Verdict.GO_CONDITIONS


def test_conditions_can_become_follow_up_activities(governed: Governed, actors: Actors) -> None:
    plan = governed.sample.plan
    document = _start(governed, actors)
    _submit(governed, actors, document)
    client_for(governed.boss).post(
        reverse("decisions:document_decide", args=[plan.pk, document.pk]),
        {
            "verdict": Verdict.GO_CONDITIONS,
            "rationale": "Akkoord.",
            "conditions": "Scholingsplan docenten vastgesteld",
            "conditions_become": "activities",
        },
    )
    follow_up = Activity.objects.get(plan=plan, title="Scholingsplan docenten vastgesteld")
    assert follow_up.workstream == governed.sample.workstream
    assert follow_up.why == "Voorwaarde uit het besluit over 3. Besluit over opschaling"
    assert ChangeRecord.objects.filter(
        plan=plan, object_type="activity", object_id=follow_up.pk, action="create"
    ).exists()


def test_an_owner_decides_for_the_decider_and_that_is_recorded(
    governed: Governed, actors: Actors
) -> None:
    plan = governed.sample.plan
    document = _start(governed, actors)
    _submit(governed, actors, document)
    decide = reverse("decisions:document_decide", args=[plan.pk, document.pk])
    owner = client_for(actors.owner)
    assert "U besluit als eigenaar namens Bea Bestuurder" in text(owner.get(decide))
    owner.post(decide, {"verdict": Verdict.GO, "rationale": "Telefonisch akkoord van Bea."})
    document.refresh_from_db()
    assert document.decided_for_decider and document.decided_by == actors.owner
    entry = Entry.objects.filter(plan=plan, milestone=governed.point).order_by("id").last()
    assert entry is not None and entry.explanation == (
        "Besluit: go, door Olga Owner (eigenaar) namens Bea Bestuurder. "
        "Telefonisch akkoord van Bea."
    )


def test_bad_decisions_are_refused_and_change_nothing(governed: Governed, actors: Actors) -> None:
    plan = governed.sample.plan
    document = _start(governed, actors)
    _submit(governed, actors, document)
    decide = reverse("decisions:document_decide", args=[plan.pk, document.pk])
    boss = client_for(governed.boss)
    response = boss.post(decide, {"verdict": Verdict.GO_CONDITIONS, "rationale": "Akkoord."})
    assert response.status_code == 200
    assert "Schrijf de voorwaarden op, één per regel." in text(response)
    response = boss.post(decide, {"verdict": Verdict.ADJUST, "rationale": "Bijsturen."})
    assert "Beschrijf de wijziging van het plan." in text(response)
    response = boss.post(decide, {"verdict": "misschien", "rationale": "?"})
    assert "Selecteer een geldige keuze" in text(response)
    document.refresh_from_db()
    assert document.state == DocumentState.SUBMITTED and not document.verdict
    assert Entry.objects.filter(plan=plan).count() == 1  # only "voorgelegd"


def test_adjusting_applies_the_approved_new_deadline(governed: Governed, actors: Actors) -> None:
    plan = governed.sample.plan
    document = _start(governed, actors)
    _submit(governed, actors, document)
    client_for(governed.boss).post(
        reverse("decisions:document_decide", args=[plan.pk, document.pk]),
        {
            "verdict": Verdict.ADJUST,
            "rationale": "Eerst de docenten.",
            "requested_change": "Opschaling drie maanden later.",
            "new_deadline": "2027-06-01",
        },
    )
    governed.point.refresh_from_db()
    assert governed.point.deadline == dt.date(2027, 6, 1)
    change = ChangeRecord.objects.filter(
        plan=plan, object_type="milestone", object_id=governed.point.pk
    ).first()
    assert change is not None and change.changes["deadline"] == ["2027-03-01", "2027-06-01"]


def test_a_change_after_submitting_makes_a_new_version(governed: Governed, actors: Actors) -> None:
    plan = governed.sample.plan
    document = _start(governed, actors)
    services.issue_add(plan=plan, user=actors.editor, document=document, question="Extra budget?")
    _submit(governed, actors, document)
    response = client_for(actors.editor).post(
        reverse("decisions:document_revise", args=[plan.pk, document.pk])
    )
    newer = DecisionDocument.objects.get(previous=document)
    assert response["Location"] == reverse("decisions:document_edit", args=[plan.pk, newer.pk])
    document.refresh_from_db()
    assert document.state == DocumentState.REPLACED
    assert newer.version == 2 and newer.state == DocumentState.CONCEPT
    assert [i.question for i in newer.issues.all()] == ["Extra budget?"]
    assert [i.question for i in document.issues.all()] == ["Extra budget?"]
    # The replaced version can no longer be decided.
    response = client_for(governed.boss).post(
        reverse("decisions:document_decide", args=[plan.pk, document.pk]),
        {"verdict": "go", "rationale": "Akkoord."},
    )
    assert response.status_code == 403


def test_a_no_go_stops_what_waits_for_the_milestone(governed: Governed, actors: Actors) -> None:
    plan, sample = governed.sample.plan, governed.sample
    document = _start(governed, actors, milestone=sample.milestone)
    DecisionDocument.objects.filter(pk=document.pk).update(decider=governed.commissioner)
    _submit(governed, actors, document)
    client_for(governed.boss).post(
        reverse("decisions:document_decide", args=[plan.pk, document.pk]),
        {"verdict": Verdict.NO_GO, "rationale": "Geen draagvlak."},
    )
    viewer = client_for(actors.viewer)
    page = text(viewer.get(reverse("decisions:document", args=[plan.pk, document.pk])))
    assert (
        "No-go: dit werk is gestopt. XR-lesmateriaal ontwikkeld XR in alle techniekprofielen"
        in page
    )
    second = text(
        viewer.get(
            reverse("plans:item_detail", args=[plan.pk, "milestone", sample.second_milestone.pk])
        )
    )
    assert (
        "Gestopt: het no-go-besluit over ‘1. XR-lesmateriaal ontwikkeld’ van 1 december 2026."
        in second
    )
    listing = text(viewer.get(reverse("decisions:decisions", args=[plan.pk])))
    assert "Een no-go-besluit heeft 2 onderdelen gestopt." in listing


def test_the_docx_has_the_headings_and_the_gotik_table(governed: Governed, actors: Actors) -> None:
    plan = governed.sample.plan
    document = _start(governed, actors)
    document.gotik = {
        **document.gotik,
        "geld": {"light": "red", "text": "€ 75.000 tekort."},
    }
    document.advice = "Doorgaan."
    document.save()
    services.issue_add(plan=plan, user=actors.editor, document=document, question="Budget?")
    response = client_for(actors.viewer).get(
        reverse("decisions:document_docx", args=[plan.pk, document.pk])
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="beslisdocument-{document.pk}-v1.docx"' in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    headings = [
        p.text
        for p in doc.paragraphs
        if p.style is not None and (p.style.name or "").startswith(("Heading", "Title"))
    ]
    assert headings == [
        "Beslisdocument",
        "Het gevraagde besluit",
        "Stand van zaken",
        "Bereikt",
        "Te laat",
        "Stoplichten",
        "Knelpunten en maatregelen",
        "GOTIK",
        "Kwesties en opties",
        "1. Budget?",
        "Advies van de projectleider",
        "Besluit",
    ]
    gotik = doc.tables[0]
    rows = [[cell.text for cell in row.cells] for row in gotik.rows]
    assert rows[0] == ["Aspect", "Stoplicht", "Toelichting"]
    assert rows[1] == ["Geld", "rood", "€ 75.000 tekort."]
    assert [r[0] for r in rows[1:]] == ["Geld", "Organisatie", "Tijd", "Informatie", "Kwaliteit"]
    assert rows[3][1] == "oranje" and "2 mijlpalen zijn te laat." in rows[3][2]


def test_the_pages_in_english(governed: Governed, actors: Actors) -> None:
    plan = governed.sample.plan
    document = _start(governed, actors)
    client = english_client(actors.viewer)
    page = text(client.get(reverse("decisions:document", args=[plan.pk, document.pk])))
    assert "Decision document: 3. Besluit over opschaling" in page
    assert "State of affairs" in page and "Money (Geld)" in page
    listing = text(client.get(reverse("decisions:decisions", args=[plan.pk])))
    assert "Decisions (go/no-go)" in listing


@pytest.mark.parametrize("size", [3, 60])
def test_the_pages_make_a_fixed_number_of_queries(
    governed: Governed, actors: Actors, size: int, django_assert_num_queries: Any
) -> None:
    from tests.test_views import grow

    plan = governed.sample.plan
    grow(plan, actors.owner, size)
    document = _start(governed, actors)
    client = client_for(actors.viewer)
    for name, args, expected in (
        ("decisions:decisions", [plan.pk], 7),
        ("decisions:document", [plan.pk, document.pk], 14),
    ):
        url = reverse(name, args=args)
        client.get(url)
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200


def test_a_save_over_someone_elses_change_is_refused(governed: Governed, actors: Actors) -> None:
    plan = governed.sample.plan
    document = _start(governed, actors)
    edit = reverse("decisions:document_edit", args=[plan.pk, document.pk])
    from mijlpaal.plans.versions import version_of

    shown = version_of(document)
    DecisionDocument.objects.filter(pk=document.pk).update(advice="Advies van een collega.")
    response = client_for(actors.editor).post(
        edit,
        {
            "question": "Gaat de opschaling door?",
            "decider": governed.commissioner.pk,
            "advice": "Mijn advies.",
            "version": shown,
        },
    )
    assert response.status_code == 200
    body = text(response)
    assert "Iemand anders heeft dit onderdeel opgeslagen nadat u het opende." in body
    document.refresh_from_db()
    assert document.advice == "Advies van een collega."


def test_an_option_without_a_title_is_refused(governed: Governed, actors: Actors) -> None:
    plan = governed.sample.plan
    document = _start(governed, actors)
    issue = services.issue_add(plan=plan, user=actors.editor, document=document, question="Budget?")
    response = client_for(actors.editor).post(
        reverse("decisions:document_parts", args=[plan.pk, document.pk]),
        {"action": "add_option", "issue": issue.pk, f"option-{issue.pk}-pros": "Snel"},
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht." in text(response)
    assert not issue.options.exists()


def test_an_activity_gets_a_document_on_demand(governed: Governed, actors: Actors) -> None:
    plan, activity = governed.sample.plan, governed.sample.activity
    client = client_for(actors.editor)
    page = text(client.get(reverse("plans:item_detail", args=[plan.pk, "activity", activity.pk])))
    assert "Besluiten Beslisdocument schrijven Geen beslisdocumenten." in page
    client.post(
        reverse("decisions:document_new", args=[plan.pk, "activity", activity.pk]),
        {"question": "Kiezen we leverancier A?"},
    )
    document = DecisionDocument.objects.get(plan=plan)
    assert (document.activity, document.milestone, document.decider) == (
        activity,
        None,
        governed.commissioner,
    )
    _submit(governed, actors, document)
    entry = Entry.objects.get(plan=plan, activity=activity)
    assert entry.explanation == "Beslisdocument (versie 1) voorgelegd aan Bea Bestuurder."
    # Not a workstream, nor another plan's item.
    assert (
        client.get(
            reverse(
                "decisions:document_new",
                args=[plan.pk, "workstream", governed.sample.workstream.pk],
            )
        ).status_code
        == 404
    )


def test_a_submitted_document_reads_its_frozen_state_in_fixed_queries(
    governed: Governed, actors: Actors, django_assert_num_queries: Any
) -> None:
    from tests.test_views import grow

    plan = governed.sample.plan
    document = _start(governed, actors)
    _submit(governed, actors, document)
    report(
        plan, actors.owner, governed.point, "2026-12-01", "red", explanation="Na het voorleggen."
    )
    client = client_for(actors.viewer)
    url = reverse("decisions:document", args=[plan.pk, document.pk])
    assert "Na het voorleggen." not in text(client.get(url))  # frozen when submitted
    grow(plan, actors.owner, 50)
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


def test_overlong_text_is_refused_and_changes_nothing(governed: Governed, actors: Actors) -> None:
    plan = governed.sample.plan
    document = _start(governed, actors)
    response = client_for(actors.editor).post(
        reverse("decisions:document_parts", args=[plan.pk, document.pk]),
        {"action": "add_issue", "issue-question": "x" * 2001},
    )
    assert response.status_code == 200
    refusal = "Zorg dat deze waarde niet meer dan 2000 tekens bevat (het zijn er nu 2001)."
    assert refusal in text(response)
    assert not document.issues.exists()

"""Evaluation moments: planned on the plan's calendar, answered with seed 003's questions, kept in
the logbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django import Settings

from mijlpaal.monitoring import evaluations as ev
from mijlpaal.monitoring.models import Entry, Evaluation
from mijlpaal.plans.models import Phase, Plan
from tests.helpers import Actors, SamplePlan, build_plan, client_for, text

QUESTIONS_NL = [
    "Hoe ging het maken van het stappenplan? Wat ging goed? Wat kan beter?",
    "Welke leerpunten van het proces nemen jullie mee naar de volgende fase? Wat willen jullie "
    "behouden? Wat willen jullie verbeteren?",
    "Hebben jullie collega’s voldoende op de hoogte gehouden van de stand van zaken en de "
    "vervolgstappen in het ontwikkelproces?",
    "Zitten jullie nog op de juiste weg of moeten er zaken bijgesteld worden?",
    "Hebben jullie een plan en planning voor de volgende fase?",
]
CHECKLIST_NL = [
    "wat de tussendoelen en einddoelen zijn.",
    "welke acties jullie gaan uitvoeren en wie de actiehouders zijn.",
    "wat de duidelijke mijlpalen en deadlines zijn.",
    "wanneer de tussen- en eindevaluatie plaatsvindt.",
    "hoe de stappen aansluiten op de ambitie, de beginsituatie, de context van de school en de "
    "ontwikkelstrategie en hoe het past binnen de jaarplanning van jullie school.",
]


def list_url(plan: Plan) -> str:
    return reverse("monitoring:evaluations", args=[plan.pk])


def detail_url(evaluation: Evaluation) -> str:
    return reverse("monitoring:evaluation", args=[evaluation.plan_id, evaluation.pk])


@pytest.fixture(autouse=True)
def _shipped_holidays_only(settings: Settings, tmp_path: Path) -> None:
    """The calendar notes below use the shipped school holidays, not ones imported here."""
    settings.MIJLPAAL_DATA_DIR = tmp_path


@pytest.fixture
def moment(sample: SamplePlan) -> Evaluation:
    return Evaluation.objects.create(
        plan=sample.plan,
        kind="interim",
        title="Tussenevaluatie schooljaar 2024–2025",
        planned_on=dt.date(2025, 6, 26),
    )


ANSWERS = {
    "question_0": "Samen terugplannen gaf overzicht.",
    "question_1": "",
    "question_2": "Ja, via de nieuwsbrief.",
    "question_3": "De koers klopt.",
    "question_4": "Ja.",
    "check_0": "on",
    "check_2": "on",
    "held_on": "2025-07-01",
}


def test_the_constants_follow_seed_003_in_dutch() -> None:
    from django.utils import translation

    with translation.override("nl"):
        assert [str(q) for q in ev.REFLECTION_QUESTIONS] == QUESTIONS_NL
        assert [str(i) for i in ev.CHECKLIST_ITEMS] == CHECKLIST_NL
        assert (
            str(ev.CHECKLIST_INTRO)
            == "Jullie hebben een stappenplan geformuleerd waarin in ieder geval staat:"
        )
    with translation.override("en"):
        assert (
            str(ev.REFLECTION_QUESTIONS[3])
            == "Are you still on the right track, or do things need to be adjusted?"
        )


def test_a_contributor_answers_and_the_answers_enter_the_logbook(
    moment: Evaluation, sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.contributor)
    form = client.get(detail_url(moment))
    assert form.status_code == 200
    body = text(form)
    for question in QUESTIONS_NL:
        assert question in body
    for item in CHECKLIST_NL:
        assert item in body
    assert form.content.decode().count("<textarea") == 5
    assert form.content.decode().count('type="checkbox"') == 5
    assert "Nog niet beantwoord." in body

    response = client.post(detail_url(moment), ANSWERS)
    assert response.status_code == 302 and response["Location"] == detail_url(moment)
    entry = Entry.objects.get(plan=sample.plan, kind="evaluation")
    assert (entry.target, entry.subject, entry.evaluation_id, entry.reported_on) == (
        "plan",
        "Tussenevaluatie schooljaar 2024–2025",
        moment.pk,
        dt.date(2025, 7, 1),
    )
    assert (entry.author, entry.author_name) == (actors.contributor, "Cor Contributor")
    assert entry.light == "" and entry.corrects is None
    assert entry.explanation == (
        "Tussenevaluatie: 4 van de 5 vragen beantwoord, 2 van de 5 punten van de checklist "
        "afgevinkt."
    )
    assert entry.answers == {
        "questions": [
            {"question": QUESTIONS_NL[0], "answer": "Samen terugplannen gaf overzicht."},
            {"question": QUESTIONS_NL[1], "answer": ""},
            {"question": QUESTIONS_NL[2], "answer": "Ja, via de nieuwsbrief."},
            {"question": QUESTIONS_NL[3], "answer": "De koers klopt."},
            {"question": QUESTIONS_NL[4], "answer": "Ja."},
        ],
        "checklist": [
            {"item": CHECKLIST_NL[0], "done": True},
            {"item": CHECKLIST_NL[1], "done": False},
            {"item": CHECKLIST_NL[2], "done": True},
            {"item": CHECKLIST_NL[3], "done": False},
            {"item": CHECKLIST_NL[4], "done": False},
        ],
    }
    # The plan's logbook shows it, questions and ticks included.
    logbook = client_for(actors.viewer).get(
        reverse("monitoring:logbook", args=[sample.plan.pk]), {"kind": "evaluation"}
    )
    body = text(logbook)
    assert "1 regel" in body
    assert f"{QUESTIONS_NL[0]} Samen terugplannen gaf overzicht." in body
    assert f"{QUESTIONS_NL[1]} —" in body
    assert f"☑ afgevinkt: {CHECKLIST_NL[0]}" in body
    assert f"☐ niet afgevinkt: {CHECKLIST_NL[1]}" in body
    assert f'id="entry-{entry.pk}"' in logbook.content.decode()


def test_answering_again_adds_an_entry(
    moment: Evaluation, sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.editor)
    assert client.post(detail_url(moment), ANSWERS).status_code == 302
    assert (
        client.post(
            detail_url(moment),
            {**ANSWERS, "question_1": "Eerder de MR betrekken.", "held_on": "2025-07-08"},
        ).status_code
        == 302
    )
    entries = list(Entry.objects.filter(evaluation=moment).order_by("reported_on"))
    assert [e.reported_on for e in entries] == [dt.date(2025, 7, 1), dt.date(2025, 7, 8)]
    assert entries[0].answers["questions"][1]["answer"] == ""
    assert entries[1].answers["questions"][1]["answer"] == "Eerder de MR betrekken."
    page = client_for(actors.viewer).get(detail_url(moment))
    assert "Eerder de MR betrekken." in text(page)
    listing = text(client_for(actors.viewer).get(list_url(sample.plan)))
    assert (
        "Tussenevaluatie schooljaar 2024–2025 tussenevaluatie — 2 keer beantwoord 8 jul 2025"
        in listing
    )


def test_an_empty_answer_or_a_future_date_is_refused(moment: Evaluation, actors: Actors) -> None:
    client = client_for(actors.contributor)
    empty = client.post(detail_url(moment), {"held_on": "2025-07-01"})
    assert empty.status_code == 200
    assert (
        "Beantwoord ten minste één vraag of vink ten minste één punt van de checklist aan."
        in text(empty)
    )
    future = client.post(detail_url(moment), {**ANSWERS, "held_on": "2999-01-01"})
    assert "De evaluatie kan niet in de toekomst gehouden zijn." in text(future)
    assert not Entry.objects.filter(evaluation=moment).exists()


def test_the_service_refuses_another_plans_moment(moment: Evaluation, actors: Actors) -> None:
    other = build_plan(actors.owner, "Ander plan")
    with pytest.raises(ValidationError):
        ev.evaluation_answer(
            plan=other,
            user=actors.owner,
            evaluation=moment,
            answers=["a"] * 5,
            done=[True] * 5,
            held_on=dt.date(2025, 7, 1),
        )
    phase = Phase.objects.create(plan=other, name="analyse")
    with pytest.raises(ValidationError):
        ev.evaluation_plan(
            plan=moment.plan,
            user=actors.owner,
            evaluation=Evaluation(
                kind="final", title="Eind", planned_on=dt.date(2028, 12, 22), phase=phase
            ),
        )


def test_a_viewer_reads_but_cannot_answer_or_plan(
    moment: Evaluation, sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.viewer)
    page = client.get(detail_url(moment))
    assert page.status_code == 200
    assert "<textarea" not in page.content.decode()
    assert client.post(detail_url(moment), ANSWERS).status_code == 403
    assert client.get(list_url(sample.plan)).status_code == 200
    assert (
        client.post(
            list_url(sample.plan), {"kind": "final", "title": "Eind", "planned_on": "2028-12-22"}
        ).status_code
        == 403
    )
    assert (
        client_for(actors.contributor)
        .post(list_url(sample.plan), {"kind": "final", "title": "Eind", "planned_on": "2028-12-22"})
        .status_code
        == 403
    )
    assert client_for(actors.outsider).get(detail_url(moment)).status_code == 404
    assert not Entry.objects.filter(evaluation=moment).exists()
    assert Evaluation.objects.filter(plan=sample.plan).count() == 1


def test_an_editor_plans_and_moves_a_moment(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.editor)
    phase = Phase.objects.create(plan=sample.plan, name="uitvoering")
    response = client.post(
        list_url(sample.plan),
        {"kind": "final", "title": "Eindevaluatie", "planned_on": "2028-12-22", "phase": phase.pk},
    )
    assert response.status_code == 302 and response["Location"] == list_url(sample.plan)
    planned = Evaluation.objects.get(plan=sample.plan)
    assert (planned.kind, planned.title, planned.planned_on, planned.phase) == (
        "final",
        "Eindevaluatie",
        dt.date(2028, 12, 22),
        phase,
    )
    moved = client.post(
        list_url(sample.plan),
        {
            "evaluation_id": planned.pk,
            "kind": "final",
            "title": "Eindevaluatie",
            "planned_on": "2028-12-15",
        },
    )
    assert moved.status_code == 302
    planned.refresh_from_db()
    assert (planned.planned_on, planned.phase) == (dt.date(2028, 12, 15), None)
    assert Evaluation.objects.filter(plan=sample.plan).count() == 1
    bad = client.post(list_url(sample.plan), {"kind": "final", "title": "", "planned_on": "morgen"})
    assert bad.status_code == 200
    assert Evaluation.objects.filter(plan=sample.plan).count() == 1


def test_the_list_says_when_a_date_is_not_a_school_day(actors: Actors) -> None:
    plan = build_plan(actors.owner)
    plan.region = "zuid"
    plan.save()
    for title, day in (
        ("Kerstevaluatie", dt.date(2025, 12, 24)),
        ("Zaterdagevaluatie", dt.date(2026, 6, 27)),
        ("Pinksterevaluatie", dt.date(2026, 5, 25)),
        ("Gewone evaluatie", dt.date(2026, 6, 26)),
    ):
        Evaluation.objects.create(plan=plan, kind="interim", title=title, planned_on=day)
    page = client_for(actors.owner).get(list_url(plan))
    assert page.status_code == 200
    body = text(page)
    assert "24 dec 2025 Valt in de kerstvakantie Kerstevaluatie" in body
    assert "25 mei 2026 Valt op Tweede pinksterdag, een feestdag Pinksterevaluatie" in body
    assert "26 jun 2026 Gewone evaluatie" in body
    assert "27 jun 2026 Valt op een zaterdag Zaterdagevaluatie" in body
    # No final evaluation yet: one is suggested at the plan's end, on its last working day.
    assert (
        "Er staat nog geen eindevaluatie gepland. Voorstel: aan het eind van het plan, op 29 dec "
        "2028." in body
    )
    assert "Er staat nog geen tussenevaluatie gepland." not in body


def test_suggestions_halfway_and_at_the_end_when_none_are_planned(
    sample: SamplePlan, actors: Actors
) -> None:
    sample.plan.region = "zuid"
    sample.plan.save()
    body = text(client_for(actors.viewer).get(list_url(sample.plan)))
    assert "Nog geen evaluatiemomenten gepland." in body
    # Halfway is 1 jan 2027, in the Christmas holiday: the first school day after it.
    assert (
        "Er staat nog geen tussenevaluatie gepland. Voorstel: halverwege het plan, op 4 jan 2027."
        in body
    )
    assert (
        "Er staat nog geen eindevaluatie gepland. Voorstel: aan het eind van het plan, op 29 dec "
        "2028." in body
    )
    # Only an editor gets the button that plans it.
    assert "Inplannen" not in body
    editor_page = client_for(actors.editor).get(list_url(sample.plan))
    assert text(editor_page).count("Inplannen") == 2
    assert 'name="planned_on" value="2027-01-04"' in editor_page.content.decode()


def test_the_calendar_note_in_english(actors: Actors) -> None:
    plan = build_plan(actors.owner)
    plan.region = "zuid"
    plan.save()
    Evaluation.objects.create(
        plan=plan, kind="interim", title="Kerst", planned_on=dt.date(2025, 12, 24)
    )
    client = client_for(actors.owner)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "24 Dec 2025 Falls in the school holiday (kerstvakantie) Kerst" in text(
        client.get(list_url(plan))
    )

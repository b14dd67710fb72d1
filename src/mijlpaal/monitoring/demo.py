"""A year of realistic status updates for the demo plans.

Every four weeks the people who carry out the work report on the milestones under way: green while
things run, orange or red with the knelpunten and maatregelen when they do not, a forecast date that
slips for the milestones that end up late, and "bereikt" on the day a milestone is reached. The
project leader adds a status for the whole plan each quarter, and the interim evaluation of the
first school year is held and answered.

The story is told against `STATUS_DATE` of `mijlpaal.plans.demo`; loaded with a `shift` (whole
weeks), every date moves with it, as the plan's own dates did.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from mijlpaal.accounts.models import User
from mijlpaal.monitoring.models import Entry, EntryKind, Evaluation, EvaluationKind, Light, Target
from mijlpaal.plans.demo import STATUS_DATE
from mijlpaal.plans.models import Activity, Membership, Milestone, Plan, Role

REPORT_EVERY = dt.timedelta(weeks=4)
HISTORY = dt.timedelta(days=365)
# From this day of the story the project leader reports the plan orange.
PLAN_TURNS_ORANGE = dt.date(2026, 6, 1)

GREEN = (
    "Loopt volgens planning.",
    "De werkgroep is twee keer bijeengekomen; het concept ligt bij de teamleiders.",
    "Afspraken met de partners staan; de uitvoering is begonnen.",
    "Op schema. De eerste resultaten zijn besproken in het kernteam.",
    "Goed op weg; de volgende stap staat gepland na de herfstvakantie.",
    "De betrokken docenten hebben tijd in hun jaartaak; er wordt gewerkt volgens het stappenplan.",
)
ORANGE = (
    (
        "Twee docenten van de werkgroep zijn langdurig ziek; er is minder capaciteit dan gepland.",
        "Extra uren vrijgemaakt uit het professionaliseringsbudget; de teamleider bewaakt de "
        "voortgang.",
    ),
    (
        "De werksessies botsen met de toetsweek.",
        "Werksessies verplaatst naar de week na de toetsweek.",
    ),
    (
        "De leverancier levert later dan afgesproken.",
        "Escalatie naar de accountmanager; wekelijks overleg tot de levering.",
    ),
    (
        "Nog geen akkoord van de MR op de planning.",
        "Agendapunt voor de volgende MR-vergadering; toelichting door de projectleider.",
    ),
    (
        "Minder aanmeldingen van bedrijven dan verwacht.",
        "Extra wervingsronde via het werkgeversnetwerk en de gemeente.",
    ),
)
RED = (
    (
        "De uitvoering ligt stil: er is niemand beschikbaar om het werk op te pakken.",
        "Besluit gevraagd aan de stuurgroep over extra inzet of het verschuiven van de deadline.",
    ),
    (
        "De afhankelijkheid van de vorige mijlpaal is niet opgelost; zonder dat resultaat kan het "
        "werk niet verder.",
        "Voorstel aan de stuurgroep: de planning herzien en de scope beperken.",
    ),
)
PLAN_STATUS = (
    (Light.GREEN, "Het plan ligt op koers. De mijlpalen van dit kwartaal zijn gehaald.", "", ""),
    (Light.ORANGE, "Het grootste deel ligt op koers; enkele mijlpalen lopen uit.",
     "Capaciteit bij de scholen; een mijlpaal op het kritieke pad loopt uit.",
     "Besproken in de stuurgroep; prioriteit bij de mijlpalen op het kritieke pad."),
)  # fmt: skip
QUESTIONS = (
    ("Hoe ging het maken van het stappenplan? Wat ging goed? Wat kan beter?",
     "Het samen terugplannen vanaf het eindresultaat gaf veel duidelijkheid. De doorlooptijden "
     "waren te krap ingeschat rond de toetsweken."),
    ("Welke leerpunten van het proces nemen jullie mee naar de volgende fase? Wat willen jullie "
     "behouden? Wat willen jullie verbeteren?",
     "Behouden: de maandelijkse statusronde. Verbeteren: eerder de MR en de partners betrekken."),
    ("Hebben jullie collega’s voldoende op de hoogte gehouden van de stand van zaken en de "
     "vervolgstappen in het ontwikkelproces?",
     "Grotendeels; de nieuwsbrief werkte, maar de teams van de locaties hoorden het soms laat."),
    ("Zitten jullie nog op de juiste weg of moeten er zaken bijgesteld worden?",
     "De koers klopt. Eén mijlpaal op het kritieke pad vraagt bijsturing."),
    ("Hebben jullie een plan en planning voor de volgende fase?",
     "Ja, de planning voor het volgende schooljaar is vastgesteld in de stuurgroep."),
)  # fmt: skip
CHECKLIST = (
    "wat de tussendoelen en einddoelen zijn.",
    "welke acties jullie gaan uitvoeren en wie de actiehouders zijn.",
    "wat de duidelijke mijlpalen en deadlines zijn.",
    "wanneer de tussen- en eindevaluatie plaatsvindt.",
    "hoe de stappen aansluiten op de ambitie, de beginsituatie, de context van de school en de "
    "ontwikkelstrategie en hoe het past binnen de jaarplanning van jullie school.",
)


def _friday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)


def _lead_days(lead_time: str) -> int:
    try:
        amount, unit = int(lead_time[:-1]), lead_time[-1]
    except (ValueError, IndexError):
        return 28
    return amount * {"d": 1, "w": 7, "m": 30}.get(unit, 7)


@dataclass
class _Logbook:
    """The entries being written for one plan, in the order they are written."""

    plan: Plan
    rng: random.Random
    reporters: list[User]
    entries: list[Entry] = field(default_factory=list)

    def add(self, author: User | None = None, **fields: Any) -> None:
        author = author or self.rng.choice(self.reporters)
        self.entries.append(
            Entry(plan=self.plan, author=author, author_name=author.display_name, **fields)
        )


def load_demo_log(plan: Plan, *, shift: dt.timedelta = dt.timedelta(0)) -> int:
    """Add the demo logbook and evaluation moments to a demo plan; returns the number of entries.

    `shift` is how far the plan's dates were moved from the story's (whole weeks).
    """
    status = STATUS_DATE + shift
    reporters = [
        m.user
        for m in Membership.objects.filter(plan=plan).select_related("user").order_by("id")
        if m.has_role(Role.CONTRIBUTOR)
    ]
    log = _Logbook(plan, random.Random(plan.title), reporters)
    dates: list[dt.date] = []
    day = _friday(max(plan.start_date, status - HISTORY))
    while day <= status:
        dates.append(day)
        day += REPORT_EVERY
    _milestone_reports(log, dates, status)
    _activity_reports(log, dates)
    _plan_reports(log, dates, PLAN_TURNS_ORANGE + shift)
    Entry.objects.bulk_create(log.entries)
    _demo_correction(plan)
    _demo_evaluations(plan, shift)
    _date_the_entries(plan)
    return Entry.objects.filter(plan=plan).count()


def _milestone_reports(log: _Logbook, dates: list[dt.date], status: dt.date) -> None:
    """Every report date from a few months before a milestone until it is reached."""
    for m in Milestone.objects.filter(plan=log.plan).order_by("order", "id"):
        if m.deadline is None:
            continue
        # Reporting starts when the preparation does: a few months before the work itself.
        begins = m.deadline - dt.timedelta(days=_lead_days(m.lead_time) + 90)
        slipping = m.reached_on is None and m.deadline < status  # ends up late
        late_reached = m.reached_on is not None and m.reached_on > m.deadline
        trouble = log.rng.random() < 0.25  # a passing problem, solved in time
        forecast = m.deadline
        for report in dates:
            if report < begins or (m.reached_on is not None and report >= m.reached_on):
                continue
            weeks_left = (m.deadline - report).days // 7
            light, text, problems, measures = Light.GREEN, log.rng.choice(GREEN), "", ""
            if slipping and weeks_left <= 10:
                problems, measures = log.rng.choice(RED if weeks_left <= 2 else ORANGE)
                light = Light.RED if weeks_left <= 2 else Light.ORANGE
                forecast = max(forecast, report + dt.timedelta(weeks=6)) + dt.timedelta(weeks=3)
                text = (
                    "De deadline is niet meer haalbaar."
                    if light == Light.RED
                    else "Loopt achter op schema."
                )
            elif late_reached and weeks_left <= 8:
                assert m.reached_on is not None
                problems, measures = log.rng.choice(ORANGE)
                light = Light.ORANGE
                forecast = m.reached_on
                text = "Loopt enkele weken uit."
            elif trouble and 6 <= weeks_left <= 10:
                problems, measures = log.rng.choice(ORANGE)
                light, text = Light.ORANGE, "Kleine vertraging; de deadline blijft haalbaar."
            log.add(
                target=Target.MILESTONE,
                milestone=m,
                subject=m.label,
                light=light,
                explanation=text,
                problems=problems,
                measures=measures,
                reported_on=report,
                # A forecast date is given when the milestone will not be reached on its deadline.
                forecast=forecast if forecast != m.deadline else None,
            )
        if m.reached_on is not None and dates and m.reached_on >= dates[0]:
            log.add(
                target=Target.MILESTONE,
                milestone=m,
                subject=m.label,
                light=Light.REACHED,
                reached_on=m.reached_on,
                reported_on=m.reached_on,
                explanation=f"Bereikt. {m.result}".strip() if m.result else "Bereikt.",
            )


def _activity_reports(log: _Logbook, dates: list[dt.date]) -> None:
    """Activities under way report how far they are."""
    for a in Activity.objects.filter(
        plan=log.plan, actual_start__isnull=False, actual_finish__isnull=True
    ):
        assert a.actual_start is not None
        reports = [r for r in dates if r >= a.actual_start]
        for i, report in enumerate(reports):
            log.add(
                target=Target.ACTIVITY,
                activity=a,
                subject=a.title,
                light=Light.GREEN,
                reported_on=report,
                explanation=log.rng.choice(GREEN),
                percent=min(90, 20 * (i + 1)),
            )


def _plan_reports(log: _Logbook, dates: list[dt.date], turns_orange: dt.date) -> None:
    """The project leader's quarterly status of the whole plan, the day before the round."""
    for report in dates[2::3]:
        light, text, problems, measures = PLAN_STATUS[1 if report >= turns_orange else 0]
        log.add(
            target=Target.PLAN,
            subject=log.plan.title,
            light=light,
            explanation=text,
            problems=problems,
            measures=measures,
            reported_on=report - dt.timedelta(days=1),
            author=log.reporters[0],
        )


def _date_the_entries(plan: Plan) -> None:
    """Each entry made on the afternoon of its date, in the order written, not all at loading.

    The weekly digest reads `created_at`: a fresh demo would otherwise send a year as this week's.
    """
    zone = timezone.get_default_timezone()
    entries = list(Entry.objects.filter(plan=plan).order_by("id"))
    for i, entry in enumerate(entries):
        written = dt.datetime.combine(entry.reported_on, dt.time(16), tzinfo=zone)
        entry.created_at = written + dt.timedelta(seconds=i)
    Entry.objects.bulk_update(entries, ["created_at"])


def _demo_correction(plan: Plan) -> None:
    """A forecast typed wrong, and corrected: both stay in the logbook."""
    wrong = (
        Entry.objects.filter(
            plan=plan, target=Target.MILESTONE, light=Light.ORANGE, forecast__isnull=False
        )
        .order_by("-reported_on", "id")
        .first()
    )
    if wrong is None or wrong.forecast is None:
        return
    right = wrong.forecast
    wrong.forecast = right + dt.timedelta(days=365)
    wrong.save(update_fields=["forecast"])
    Entry.objects.create(
        plan=plan,
        target=wrong.target,
        milestone=wrong.milestone,
        subject=wrong.subject,
        light=wrong.light,
        explanation=wrong.explanation
        + " (Prognose gecorrigeerd: het jaartal was verkeerd ingevuld.)",
        forecast=right,
        reported_on=wrong.reported_on,
        corrects=wrong,
        author=wrong.author,
        author_name=wrong.author_name,
    )


def _demo_evaluations(plan: Plan, shift: dt.timedelta) -> None:
    """An interim evaluation at the end of each school year and a final one at the plan's end."""
    # The school years are the story's; their dates move with the plan.
    start, end = plan.start_date - shift, plan.end_date - shift
    moments = [
        Evaluation(
            plan=plan,
            kind=EvaluationKind.INTERIM,
            title=f"Tussenevaluatie schooljaar {y - 1}–{y}",
            planned_on=_friday(dt.date(y, 6, 20)) + shift,  # the last weeks of the school year
        )
        for y in range(start.year, end.year + 1)
        if start + dt.timedelta(days=120) < dt.date(y, 6, 20) < end - dt.timedelta(days=60)
    ]
    moments.append(
        Evaluation(
            plan=plan,
            kind=EvaluationKind.FINAL,
            title="Eindevaluatie",
            planned_on=_friday(plan.end_date) - dt.timedelta(days=7),
        )
    )
    Evaluation.objects.bulk_create(moments)
    held = (
        Evaluation.objects.filter(plan=plan, planned_on__lt=STATUS_DATE + shift)
        .order_by("planned_on")
        .first()
    )
    if held is None:
        return
    author = held.plan.memberships.select_related("user").order_by("id").first()
    assert author is not None
    Entry.objects.create(
        plan=plan,
        kind=EntryKind.EVALUATION,
        target=Target.PLAN,
        evaluation=held,
        subject=held.title,
        explanation="Tussenevaluatie gehouden met het kernteam en de partners.",
        answers={
            "questions": [{"question": q, "answer": a} for q, a in QUESTIONS],
            "checklist": [{"item": item, "done": i != 3} for i, item in enumerate(CHECKLIST)],
        },
        reported_on=held.planned_on,
        author=author.user,
        author_name=author.user.display_name,
    )

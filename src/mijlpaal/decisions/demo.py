"""The demo's governance: project roles, a taken decision and one waiting for the opdrachtgever
(the STO plan), one bijsturen decision (the OKE plan).

The deciders of the demo have no account, so the demo's owner decides for them, as the page lets
an owner do; the documents say so. The demo sends no e-mail to its invented addresses.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mijlpaal import clock
from mijlpaal.decisions import services
from mijlpaal.decisions.baselines import baseline_take
from mijlpaal.decisions.models import Baseline, DecisionDocument, DecisionOption, Verdict
from mijlpaal.decisions.roles import roles_set
from mijlpaal.monitoring.models import Entry
from mijlpaal.plans.demo import OKE_TITLE, STATUS_DATE, STO_TITLE
from mijlpaal.plans.models import Membership, Milestone, Party, Plan, Role

ROLES = {
    # plan → (opdrachtgever, projectleider, stuurgroep)
    STO_TITLE: ("Ruud Hendriks", "Jeroen de Vries", ("Ruud Hendriks", "Anouk Verbeek")),
    OKE_TITLE: ("MT Zuiderpoort College", "Ingrid Smits", ("Bram Peeters",)),
}


def _roles(plan: Plan, owner: Membership) -> None:
    if plan.title in ROLES:
        commissioner, leader, steering = ROLES[plan.title]
        parties = {p.name: p for p in Party.objects.filter(plan=plan)}
        roles_set(
            plan=plan,
            user=owner.user,
            commissioner=parties.get(commissioner),
            project_leader=parties.get(leader),
            steering=[parties[name] for name in steering if name in parties],
        )


def _dated(document: DecisionDocument, day: dt.date) -> None:
    """Move a demo decision, and its lines in the logbook, to the day it was taken in the story:
    the demo moves by whole weeks, and its logbook is written on the days it reports."""
    decided = DecisionDocument.objects.filter(pk=document.pk, decided_on__isnull=False).exists()
    DecisionDocument.objects.filter(pk=document.pk).update(
        submitted_on=day, decided_on=day if decided else None
    )
    Baseline.objects.filter(decision=document).update(taken_on=day)
    zone = timezone.get_default_timezone()
    lines = Entry.objects.filter(
        plan=document.plan, milestone=document.milestone, light="", reported_on=clock.today()
    )
    for i, entry in enumerate(lines.order_by("id")):
        entry.reported_on = day
        entry.created_at = dt.datetime.combine(day, dt.time(17), tzinfo=zone) + dt.timedelta(
            seconds=i
        )
        entry.save(update_fields=["reported_on", "created_at"])


def _document(plan: Plan, owner: Membership, milestone: Milestone, advice: str) -> DecisionDocument:
    document = services.document_start(
        plan=plan,
        user=owner.user,
        subject=milestone,
        question=f"Gaat het plan door na ‘{milestone.title}’?",
    )
    document.advice = advice
    document.gotik = {
        **document.gotik,
        "geld": {"light": "orange", "text": "Binnen de begroting, met weinig ruimte."},
        "organisatie": {"light": "green", "text": "De partners leveren de afgesproken mensen."},
    }
    document.save()
    issue = services.issue_add(
        plan=plan,
        user=owner.user,
        document=document,
        question="Zetten we de volgende stap nu, of eerst een extra proefperiode?",
    )
    for title, pros, cons, time, money, advised in (
        ("Nu doorgaan", "Geen vertraging", "Minder ervaring", "geen", "binnen begroting", True),
        (
            "Eerst een extra proefperiode",
            "Meer zekerheid",
            "Later klaar",
            "+3 maanden",
            "€ 8.000",
            False,
        ),
    ):
        services.option_add(
            plan=plan,
            user=owner.user,
            issue=issue,
            option=DecisionOption(
                title=title,
                pros=pros,
                cons=cons,
                effect_time=time,
                effect_money=money,
                advised=advised,
            ),
        )
    return document


def load_demo_decisions(plan: Plan, *, shift: dt.timedelta = dt.timedelta(0)) -> int:
    """Roles and decision documents for a demo plan just built; how many documents. The story's
    days are the demo's status date and the decision points before it, moved by `shift`."""
    owner = Membership.objects.filter(plan=plan, role=Role.OWNER).select_related("user").first()
    if owner is None:
        return 0
    _roles(plan, owner)
    today = STATUS_DATE + shift
    points = list(
        Milestone.objects.filter(
            plan=plan, is_decision_point=True, deadline__isnull=False
        ).order_by("deadline", "id")
    )
    past = [m for m in points if m.deadline and m.deadline < today]
    ahead = [m for m in points if m.deadline and m.deadline >= today]
    made = 0
    if plan.title == STO_TITLE:
        # The plan's own dates, before the forecasts of its status updates moved them.
        start = baseline_take(
            plan=plan,
            user=owner.user,
            name="Vastgestelde planning (zonder prognoses)",
            forecasts=False,
        )
        Baseline.objects.filter(pk=start.pk).update(taken_on=plan.start_date)
    if plan.title == STO_TITLE and past:
        taken = _document(plan, owner, past[-1], "Doorgaan; de pilot laat zien dat het werkt.")
        services.document_submit(plan=plan, user=owner.user, document=taken, send=False)
        services.document_decide(
            plan=plan,
            user=owner.user,
            membership=owner,
            document=taken,
            send=False,
            decision=services.Decision(
                verdict=Verdict.GO_CONDITIONS,
                rationale="Akkoord in de stuurgroep, onder voorwaarden.",
                conditions=(
                    "Scholingsplan voor de docenten vóór de start vastgesteld",
                    "Kosten per school gemeld aan de stuurgroep",
                ),
            ),
        )
        deadline = past[-1].deadline or today
        _dated(taken, min(deadline + dt.timedelta(days=7), today))
        made += 1
    if plan.title == STO_TITLE and ahead:
        waiting = _document(plan, owner, ahead[0], "Doorgaan met de volgende stap.")
        services.document_submit(plan=plan, user=owner.user, document=waiting, send=False)
        _dated(waiting, today)
        made += 1
    if plan.title == OKE_TITLE and points:
        adjust = _document(plan, owner, (past or points)[-1], "Bijsturen: de koppeling later.")
        services.document_submit(plan=plan, user=owner.user, document=adjust, send=False)
        services.document_decide(
            plan=plan,
            user=owner.user,
            membership=owner,
            document=adjust,
            send=False,
            decision=services.Decision(
                verdict=Verdict.ADJUST,
                rationale="De testomgeving is er nog niet; eerst de proefkoppeling.",
                requested_change="De livegang van de koppeling een periode later plannen.",
            ),
        )
        _dated(adjust, today)
        made += 1
    return made

"""Who to consult before and inform after each milestone: derived from the VERI matrix and the
schedule, so nothing is typed twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mijlpaal.plans.models import Milestone, Party, Plan
from mijlpaal.plans.scheduling import PlanSchedule
from mijlpaal.responsibilities.models import Assignment


@dataclass(frozen=True)
class MilestoneCommunication:
    milestone: Milestone
    start: dt.date | None
    finish: dt.date | None
    consulted: list[str]
    accountable: list[str]
    informed: list[str]


@dataclass(frozen=True)
class Moment:
    date: dt.date
    action: str  # "consult" | "inform"
    milestone: Milestone


@dataclass(frozen=True)
class CommunicationPlan:
    rows: list[MilestoneCommunication]  # by date
    per_party: list[tuple[Party, list[Moment]]]  # each party's coming moments


def _span(m: Milestone, schedule: PlanSchedule) -> tuple[dt.date | None, dt.date | None]:
    """When the work towards a milestone starts and when it is due."""
    d = schedule.milestones.get(m.pk)
    finish = (d.finish if d else None) or m.deadline
    return (d.start if d else None) or finish, finish


def communication_plan(plan: Plan, schedule: PlanSchedule, *, today: dt.date) -> CommunicationPlan:
    """Consult (R) when the work starts, inform (I) when it is done; three queries."""
    milestones = list(Milestone.objects.filter(plan=plan).select_related("workstream"))
    parties = list(Party.objects.filter(plan=plan).order_by("order", "name", "id"))
    names = {p.pk: p.name for p in parties}
    letters: dict[int, list[tuple[int, str]]] = {}
    for a in Assignment.objects.filter(plan=plan, milestone__isnull=False).order_by(
        "party__order", "party__name"
    ):
        if a.milestone_id is not None:
            letters.setdefault(a.milestone_id, []).append((a.party_id, a.letters))

    def when(m: Milestone) -> tuple[bool, dt.date, int, int]:
        finish = _span(m, schedule)[1]
        return (finish is None, finish or dt.date.max, m.order, m.pk)

    rows: list[MilestoneCommunication] = []
    moments: dict[int, list[Moment]] = {p.pk: [] for p in parties}
    for m in sorted(milestones, key=when):
        start, finish = _span(m, schedule)
        cells = letters.get(m.pk, [])
        rows.append(
            MilestoneCommunication(
                m,
                start,
                finish,
                consulted=[names[p] for p, value in cells if "R" in value],
                accountable=[names[p] for p, value in cells if "E" in value],
                informed=[names[p] for p, value in cells if "I" in value],
            )
        )
        for party_pk, value in cells:
            if "R" in value and start and start >= today:
                moments[party_pk].append(Moment(start, "consult", m))
            if "I" in value and finish and finish >= today:
                moments[party_pk].append(Moment(finish, "inform", m))
    per_party = [
        (p, sorted(moments[p.pk], key=lambda x: (x.date, x.action != "consult"))) for p in parties
    ]
    return CommunicationPlan(rows, per_party)

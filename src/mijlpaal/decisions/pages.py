"""What a decision document page shows, put together from the stored document and the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mijlpaal import clock
from mijlpaal.decisions.models import (
    GOTIK,
    GOTIK_LABELS,
    DecisionDocument,
    DocumentState,
    Verdict,
)
from mijlpaal.decisions.services import last_decision_day
from mijlpaal.decisions.situation import Situation, current_situation, light_label
from mijlpaal.monitoring.status import LIGHT_LABELS
from mijlpaal.plans.access import reads_through_organisation
from mijlpaal.plans.models import Activity, Membership, Milestone, Plan, Role
from mijlpaal.plans.scheduling import waiting_for


@dataclass(frozen=True)
class GotikRow:
    aspect: str
    label: str
    light: str
    light_label: str
    text: str


def gotik_rows(document: DecisionDocument) -> list[GotikRow]:
    rows = []
    for aspect in GOTIK:
        value = (document.gotik or {}).get(aspect) or {}
        light = value.get("light") or "none"
        rows.append(
            GotikRow(
                aspect,
                str(GOTIK_LABELS[aspect]),
                light,
                str(LIGHT_LABELS.get(light, light)) if light != "none" else "—",
                value.get("text", ""),
            )
        )
    return rows


def situation_of(plan: Plan, document: DecisionDocument) -> Situation:
    """Frozen once submitted; while a concept, as the plan is today."""
    if document.frozen and document.situation:
        return Situation.from_json(document.situation)
    item = document.milestone or document.activity
    since = last_decision_day(plan)
    return current_situation(plan, item, since=since, today=clock.today())


def stopped_items(plan: Plan, document: DecisionDocument) -> list[Milestone | Activity]:
    """After a no-go: the item and what waits for it (four queries)."""
    item = document.milestone or document.activity
    if document.verdict != Verdict.NO_GO or item is None:
        return []
    refs = waiting_for(plan, item)
    milestones = Milestone.objects.filter(
        plan=plan, pk__in=[pk for kind, pk in refs if kind == "milestone"]
    )
    activities = Activity.objects.filter(
        plan=plan, pk__in=[pk for kind, pk in refs if kind == "activity"]
    )
    return [item, *milestones.order_by("order", "id"), *activities.order_by("order", "id")]


def is_decider_or_owner(document: DecisionDocument, user_id: int, membership: Membership) -> bool:
    if reads_through_organisation(membership):
        return False  # the organisation's readers write nothing, even when a party is theirs
    decider = document.decider
    return bool(decider and decider.user_id == user_id) or membership.has_role(Role.OWNER)


def may_decide(document: DecisionDocument, user_id: int, membership: Membership) -> bool:
    """Whether the page offers to decide: submitted, and the user is the decider or an owner."""
    return document.state == DocumentState.SUBMITTED and is_decider_or_owner(
        document, user_id, membership
    )


def document_context(
    plan: Plan, document: DecisionDocument, membership: Membership, user_id: int
) -> dict[str, Any]:
    situation = situation_of(plan, document)
    return {
        "document": document,
        "situation": situation,
        "situation_dates": _dates(situation),
        "gotik": gotik_rows(document),
        "issues": list(document.issues.all()),
        "stopped": stopped_items(plan, document),
        "can_decide": may_decide(document, user_id, membership),
        "is_decider": bool(document.decider and document.decider.user_id == user_id),
        "light_label": light_label,
        "states": DocumentState,
        "verdicts": Verdict,
    }


def _dates(situation: Situation) -> dict[str, dt.date | None]:
    def day(text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    return {
        "as_of": day(situation.as_of),
        "since": day(situation.since),
        "finish": day(situation.time.finish) if situation.time else None,
    }

"""What the decisions pages read, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from mijlpaal.decisions.models import DecisionDocument, DecisionIssue, DocumentState, Verdict
from mijlpaal.plans.models import Plan
from mijlpaal.plans.scheduling import waiting_for


def documents(plan: Plan) -> QuerySet[DecisionDocument]:
    return DecisionDocument.objects.filter(plan=plan).select_related(
        "decider", "decided_by", "milestone", "activity"
    )


def with_parts(queryset: QuerySet[DecisionDocument]) -> QuerySet[DecisionDocument]:
    issues = DecisionIssue.objects.prefetch_related("options")
    return queryset.prefetch_related(Prefetch("issues", queryset=issues))


def stopped_by(plan: Plan) -> dict[tuple[str, int], DecisionDocument]:
    """The items a no-go stopped: the item decided on and everything that waits for it, as
    ("milestone" | "activity", pk). One query, and two per no-go decision."""
    found: dict[tuple[str, int], DecisionDocument] = {}
    no_go = documents(plan).filter(state=DocumentState.DECIDED, verdict=Verdict.NO_GO)
    for document in no_go.order_by("decided_on", "id"):
        item = document.milestone or document.activity
        if item is None:
            continue
        kind = "milestone" if document.milestone_id else "activity"
        for ref in [(kind, item.pk), *sorted(waiting_for(plan, item))]:
            found.setdefault(ref, document)
    return found

"""Read-only helpers for other parts of Mijlpaal (the milestone plan table, exports)."""

from __future__ import annotations

from collections import defaultdict

from mijlpaal.plans.models import Plan
from mijlpaal.responsibilities.letters import display_letters
from mijlpaal.responsibilities.models import Assignment

__all__ = ["display_letters", "roles_for_plan"]


def roles_for_plan(plan: Plan) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """Per row ("workstream" | "milestone" | "activity", pk): [(party name, canonical VERI
    letters)].

    Parties come in their plan order. One query (the party is joined in).
    """
    roles: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    assignments = (
        Assignment.objects.filter(plan=plan)
        .select_related("party")
        .order_by("party__order", "party__name", "party_id")
    )
    for assignment in assignments:
        roles[assignment.row_key].append((assignment.party.name, assignment.letters))
    return dict(roles)

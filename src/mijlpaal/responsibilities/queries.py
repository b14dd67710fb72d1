"""Read-only helpers for other parts of Mijlpaal (the milestone plan table, exports)."""

from __future__ import annotations

from collections import defaultdict

from mijlpaal.plans.models import Plan
from mijlpaal.responsibilities.letters import display_letters
from mijlpaal.responsibilities.models import ROW_KINDS, Assignment

__all__ = ["display_letters", "roles_for_plan"]


def roles_for_plan(plan: Plan) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """Per row ("workstream" | "milestone" | "activity", pk): [(party name, canonical VERI
    letters)].

    Parties come in their plan order. One query (the party is joined in).
    """
    roles: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(plan=plan)
        .order_by("party__order", "party__name", "party_id")
        .values_list("party__name", "letters", *(f"{kind}_id" for kind in ROW_KINDS))
    )  # plain tuples: a big plan has thousands of cells
    for name, letters, *keys in rows:
        kind, pk = next((k, pk) for k, pk in zip(ROW_KINDS, keys, strict=True) if pk is not None)
        roles[(kind, pk)].append((name, letters))
    return dict(roles)

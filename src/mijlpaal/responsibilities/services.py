"""Writes to the VERI matrix: one transaction each, recorded in the plan's history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mijlpaal.accounts.models import User
from mijlpaal.plans.models import Activity, Milestone, Party, Plan, Workstream
from mijlpaal.plans.services import record_deleted, record_saved, snapshot
from mijlpaal.responsibilities.letters import canonical
from mijlpaal.responsibilities.models import Assignment

MatrixRowItem = Workstream | Milestone | Activity


class CellConflict(Exception):
    """Someone else changed the cell after the form was shown; `stored` are its letters now."""

    def __init__(self, stored: str) -> None:
        super().__init__("cell changed")
        self.stored = stored


def _row_field(row: MatrixRowItem) -> str:
    if isinstance(row, Workstream):
        return "workstream"
    if isinstance(row, Milestone):
        return "milestone"
    return "activity"


@transaction.atomic
def assignment_set(
    *,
    plan: Plan,
    user: User | None,
    party: Party,
    row: MatrixRowItem,
    letters: str,
    seen: str | None = None,
) -> Assignment | None:
    """Give `party` these canonical VERI letters on `row`; empty letters remove its role there.

    With `seen` (the letters the form showed), the change is refused with a CellConflict when
    someone else changed the cell since. Returns the cell, or None when it was removed (or there
    was nothing to remove).
    """
    if party.plan_id != plan.pk or row.plan_id != plan.pk:
        raise ValidationError(_("The party and the row must belong to this plan."))
    field = _row_field(row)
    existing = (
        Assignment.objects.select_for_update()
        .select_related("party", field)
        .filter(plan=plan, party=party, **{field: row})
        .first()
    )
    stored = existing.letters if existing is not None else ""
    if seen is not None and canonical(seen) != stored:
        raise CellConflict(stored)
    letters = canonical(letters) if letters and set(letters) <= set("VERISO") else letters
    if not letters:
        if existing is not None:
            record_deleted(plan=plan, user=user, obj=existing)
            existing.delete()
        return None
    assignment = existing or Assignment(plan=plan, party=party, **{field: row})
    before = snapshot(existing) if existing is not None else None
    if existing is not None and existing.letters == letters:
        return existing
    assignment.letters = letters
    assignment.full_clean()
    assignment.save()
    record_saved(plan=plan, user=user, obj=assignment, before=before)
    return assignment

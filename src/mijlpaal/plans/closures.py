"""The school's own year in a plan (schooljaarplanning): add, change, delete and import periods.

Every write goes through `plans.services`, so it is in the plan's history, and forgets the
closures the scheduling keeps on the plan instance (`plans.scheduling.plan_closures`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db import transaction

from mijlpaal.accounts.models import User
from mijlpaal.plans import services
from mijlpaal.plans.ics import Proposal
from mijlpaal.plans.models import Closure, Plan
from mijlpaal.plans.versions import EditConflict, version_of


def closures_changed(plan: Plan) -> None:
    """Forget the closures kept on `plan` (a prefetch), so the next schedule reads them again."""
    getattr(plan, "_prefetched_objects_cache", {}).pop("closures", None)


def closure_save(
    *, plan: Plan, user: User, closure: Closure, version: str | None = None
) -> Closure:
    """Add or change a period; with `version`, refused (EditConflict) when someone else saved it
    since the form was shown."""
    saved = services.item_save(plan=plan, user=user, instance=closure, version=version)
    closures_changed(plan)
    return saved


def closure_delete(*, plan: Plan, user: User, closure: Closure) -> None:
    services.item_delete(plan=plan, user=user, instance=closure)
    closures_changed(plan)


def calendar_version(plan: Plan) -> str:
    """The version of the plan's whole school calendar: it changes with any period."""
    parts = [version_of(c) for c in Closure.objects.filter(plan=plan).order_by("id")]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


@transaction.atomic
def closures_import(
    *,
    plan: Plan,
    user: User,
    rows: Sequence[tuple[Proposal, str]],
    version: str,
) -> list[Closure]:
    """Add the previewed periods (each with its policy), all or none. Refused (EditConflict) when
    the school calendar changed since the preview, which also makes a second submit of the same
    preview import nothing."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if calendar_version(locked) != version:
        raise EditConflict(locked)
    made = []
    for proposal, policy in rows:
        closure = Closure(
            name=proposal.name,
            kind=proposal.kind,
            start_date=proposal.start,
            end_date=proposal.end,
            policy=policy,
        )
        made.append(services.item_save(plan=plan, user=user, instance=closure))
    closures_changed(plan)
    return made

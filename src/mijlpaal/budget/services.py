"""Writes of the budget. Lines, funding and the settings go through `plans.services.item_save`
(version check and history); realised hours and costs are added here, append-only."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mijlpaal.accounts.models import User
from mijlpaal.budget.models import ZERO, Spending
from mijlpaal.plans.models import Plan
from mijlpaal.plans.services import record_change, snapshot


def _check(spending: Spending) -> None:
    corrects = spending.corrects
    if corrects is None:
        if spending.hours == ZERO and spending.amount == ZERO:
            raise ValidationError(_("Enter the hours, the amount or both."))
        return
    if corrects.plan_id != spending.plan_id:
        raise ValidationError(_("A correction belongs to the same plan."))
    if corrects.corrections.exists():
        raise ValidationError(
            _("This entry has been corrected already; correct the correction instead.")
        )


@transaction.atomic
def spending_add(*, plan: Plan, user: User, spending: Spending) -> Spending:
    """Add realised hours and costs (or a correction: it replaces the entry it corrects; with
    zero hours and zero euros it cancels it) and record it in the history. The same form sent
    twice (the same `request_key`) stores it once and gives back the stored one."""
    if spending.request_key is not None:
        stored = Spending.objects.filter(plan=plan, request_key=spending.request_key).first()
        if stored is not None:
            return stored
    spending.plan = plan
    spending.author = user
    spending.author_name = user.name or user.email
    _check(spending)
    spending.full_clean()
    try:
        with transaction.atomic():  # a savepoint: the same form sent twice at the same moment
            spending.save()
    except IntegrityError:
        stored = Spending.objects.filter(plan=plan, request_key=spending.request_key).first()
        if spending.request_key is None or stored is None:
            raise
        return stored
    after = {k: v for k, v in snapshot(spending).items() if k != "request_key"}
    record_change(plan=plan, user=user, obj=spending, before=None, after=after)
    return spending

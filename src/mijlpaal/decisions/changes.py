"""Approved changes (wijzigingsverzoeken): once a plan has a baseline, a milestone's deadline or
the plan's end date changes only with a reason. With a decider (the opdrachtgever with a member
account) the change waits for their approval; without one it applies at once and is kept with
its reason. A forecast in a status update is no change of the plan and never comes here."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.decisions import notify
from mijlpaal.decisions.change_words import change_line, decided_line, waiting_message
from mijlpaal.decisions.models import (
    Baseline,
    ChangeField,
    ChangeRequest,
    ChangeState,
    DecisionDocument,
)
from mijlpaal.decisions.roles import load_roles
from mijlpaal.monitoring.models import Entry, EntryKind, Target
from mijlpaal.plans.models import Membership, Milestone, Party, Plan, Role
from mijlpaal.plans.services import (
    item_save,
    plan_update_settings,
    record_change,
    record_saved,
    snapshot,
)
from mijlpaal.plans.versions import check_version


def needs_reason(plan: Plan) -> bool:
    """Whether a change of an adopted date asks for a reason: the plan has a baseline."""
    return Baseline.objects.filter(plan=plan).exists()


def decider_of(plan: Plan) -> Party | None:
    """Who approves a change: the opdrachtgever, when the party has a member account."""
    commissioner = load_roles(plan).commissioner
    return commissioner if commissioner is not None and commissioner.user_id else None


def waiting_change(plan: Plan, field: str, milestone: Milestone | None) -> ChangeRequest | None:
    """The change of this date that waits for the decider, if any (one query)."""
    found = ChangeRequest.objects.filter(
        plan=plan, field=field, milestone=milestone, state=ChangeState.PENDING
    )
    return found.select_related("decider").first()


def changes_of(plan: Plan) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.filter(plan=plan).select_related(
        "milestone", "decider", "requested_by", "decided_by", "decision"
    )


def _stored_request(plan: Plan, key: uuid.UUID | None) -> ChangeRequest | None:
    if key is None:
        return None
    return ChangeRequest.objects.filter(plan=plan, request_key=key).first()


def _snapshot(change: ChangeRequest) -> dict[str, Any]:
    """Recorded without its request key, which says nothing to a reader of the history."""
    return {k: v for k, v in snapshot(change).items() if k != "request_key"}


def _log(*, plan: Plan, user: User, change: ChangeRequest, text: str) -> None:
    """A logbook line about the milestone or the plan; without a light, so no status changes."""
    milestone = change.milestone if change.field == ChangeField.DEADLINE else None
    Entry.objects.create(
        plan=plan,
        kind=EntryKind.STATUS,
        target=Target.MILESTONE if milestone is not None else Target.PLAN,
        milestone=milestone,
        subject=change.label[:300],
        light="",
        explanation=text,
        reported_on=clock.today(),
        author=user,
        author_name=user.display_name[:200],
    )


def _record(
    *,
    plan: Plan,
    user: User,
    milestone: Milestone | None,
    field: str,
    before: dt.date | None,
    after: dt.date | None,
    reason: str,
    request_key: uuid.UUID | None,
) -> ChangeRequest:
    """Keep the change: waiting for the decider, or applied at once when there is none."""
    if not reason.strip():
        raise ValidationError(
            {"change_reason": _("Give the reason for this change: the planning is adopted.")}
        )
    decider = decider_of(plan)
    if decider is not None:
        pending = ChangeRequest.objects.filter(plan=plan, field=field, state=ChangeState.PENDING)
        if pending.filter(milestone=milestone).exists():
            raise ValidationError(
                {field: _("A change of this date already waits for approval; see Changes.")}
            )
    change = ChangeRequest(
        plan=plan,
        milestone=milestone,
        label=(milestone.label if milestone is not None else plan.title)[:300],
        field=field,
        before=before,
        after=after,
        reason=reason.strip(),
        state=ChangeState.PENDING if decider is not None else ChangeState.APPLIED,
        decider=decider,
        requested_by=user,
        requested_on=clock.today(),
        request_key=request_key,
    )
    change.full_clean()
    with transaction.atomic():  # a savepoint: the same form sent twice at the same moment
        change.save()
    record_change(plan=plan, user=user, obj=change, before=None, after=_snapshot(change))
    if decider is None:
        text = _("Changed with the reason: %(reason)s") % {"reason": change.reason}
    else:
        text = _("Change requested from %(decider)s: %(reason)s") % {
            "decider": decider,
            "reason": change.reason,
        }
        transaction.on_commit(partial(notify.change_requested_send.enqueue, change.pk), robust=True)
    _log(plan=plan, user=user, change=change, text=f"{change_line(change)}. {text}")
    return change


@transaction.atomic
def milestone_change(
    *,
    plan: Plan,
    user: User,
    milestone: Milestone,
    version: str | None,
    reason: str,
    request_key: uuid.UUID | None = None,
) -> ChangeRequest | None:
    """Save a milestone edited in a form of a plan with a baseline. A new deadline needs a
    reason; with a decider it becomes a change request and the stored deadline stays until the
    decider approves. The form's other changes are saved now. Sent twice, it counts once: the
    milestone is locked first, so a second send that waited for the first finds its request."""
    stored = Milestone.objects.select_for_update().get(pk=milestone.pk, plan=plan)
    stored_request = _stored_request(plan, request_key)
    if stored_request is not None:
        return stored_request
    check_version(stored, version)
    before, after = stored.deadline, milestone.deadline
    if before == after:
        item_save(plan=plan, user=user, instance=milestone)
        return None
    milestone.full_clean()  # the new date is checked now, also when it waits for approval
    try:
        change = _record(
            plan=plan,
            user=user,
            milestone=stored,
            field=ChangeField.DEADLINE,
            before=before,
            after=after,
            reason=reason,
            request_key=request_key,
        )
    except IntegrityError:  # the same form, sent twice at the same moment
        found = _stored_request(plan, request_key)
        if found is None:
            raise
        return found
    if change.state == ChangeState.PENDING:
        milestone.deadline = before  # it moves when the decider approves
    item_save(plan=plan, user=user, instance=milestone)
    return change


def plan_end_change(
    *,
    plan: Plan,
    user: User,
    reason: str,
    request_key: uuid.UUID | None = None,
) -> tuple[ChangeRequest | None, bool]:
    """Before the settings of a plan with a baseline are saved: a new end date needs a reason,
    and with a decider it waits for approval (the plan keeps its stored end date). Call inside
    the transaction that saves. Gives the change and whether it was stored already."""
    stored = Plan.objects.select_for_update().get(pk=plan.pk)
    stored_request = _stored_request(plan, request_key)
    if stored_request is not None:
        return stored_request, True
    before, after = stored.end_date, plan.end_date
    if before == after:
        return None, False
    plan.full_clean()
    change = _record(
        plan=plan,
        user=user,
        milestone=None,
        field=ChangeField.END_DATE,
        before=before,
        after=after,
        reason=reason,
        request_key=request_key,
    )
    if change.state == ChangeState.PENDING:
        plan.end_date = before
    return change, False


# --- approve or reject ---------------------------------------------------------------------------


def may_decide(change: ChangeRequest, user_id: int, membership: Membership) -> bool:
    """Whether the page offers approve and reject: the decider's account, or an owner."""
    if change.state != ChangeState.PENDING:
        return False
    decider = change.decider
    return bool(decider and decider.user_id == user_id) or membership.has_role(Role.OWNER)


def _check_decider(change: ChangeRequest, user: User, membership: Membership) -> bool:
    """True when an owner decides for the decider; PermissionDenied for anyone else."""
    decider = change.decider
    if decider is not None and decider.user_id is not None and decider.user_id == user.pk:
        return False
    if membership.has_role(Role.OWNER):
        return True
    raise PermissionDenied(_("Only the decider, or an owner for them, approves a change."))


def _apply(*, plan: Plan, user: User, change: ChangeRequest) -> None:
    moved = _("The date changed since the request; reject it and ask again.")
    if change.field == ChangeField.DEADLINE:
        if change.milestone_id is None:
            raise ValidationError(_("The milestone no longer exists; reject the request."))
        milestone = Milestone.objects.select_for_update().get(pk=change.milestone_id)
        if milestone.deadline != change.before:
            raise ValidationError(moved)
        milestone.deadline = change.after
        item_save(plan=plan, user=user, instance=milestone)
        return
    stored = Plan.objects.select_for_update().get(pk=plan.pk)
    after = change.after
    if stored.end_date != change.before or after is None:
        raise ValidationError(moved)
    before = snapshot(stored)
    stored.end_date = after
    stored.full_clean()
    stored.save(update_fields=["end_date"])
    record_saved(plan=stored, user=user, obj=stored, before=before)
    plan.end_date = after


@transaction.atomic
def change_decide(
    *,
    plan: Plan,
    user: User,
    membership: Membership,
    change: ChangeRequest,
    approve: bool,
    note: str = "",
) -> ChangeRequest:
    """Approve (the change applies now, in the history and the logbook) or reject (nothing
    changes); the requester is told by e-mail after the decision commits. Decided once: a
    second submit of the same decision is refused."""
    stored = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("decider")
        .get(pk=change.pk)
    )
    if stored.plan_id != plan.pk:
        raise PermissionDenied
    if stored.state != ChangeState.PENDING:
        raise ValidationError(_("This change request has been decided already."))
    on_behalf = _check_decider(stored, user, membership)
    if approve:
        _apply(plan=plan, user=user, change=stored)
    before = _snapshot(stored)
    stored.state = ChangeState.APPROVED if approve else ChangeState.REJECTED
    stored.decided_by = user
    stored.decided_on = clock.today()
    stored.decided_for_decider = on_behalf
    stored.note = note.strip()
    stored.save()
    record_change(plan=plan, user=user, obj=stored, before=before, after=_snapshot(stored))
    _log(plan=plan, user=user, change=stored, text=decided_line(stored))
    transaction.on_commit(partial(notify.change_decided_send.enqueue, stored.pk), robust=True)
    return stored


def adjust_record(
    *,
    plan: Plan,
    user: User,
    document: DecisionDocument,
    milestone: Milestone,
    before: dt.date | None,
    on_behalf: bool,
) -> ChangeRequest:
    """A bijsturen decision that moved a deadline: listed with the other approved changes."""
    change = ChangeRequest.objects.create(
        plan=plan,
        milestone=milestone,
        label=milestone.label[:300],
        field=ChangeField.DEADLINE,
        before=before,
        after=milestone.deadline,
        reason=document.requested_change or document.rationale,
        state=ChangeState.APPROVED,
        decider=document.decider,
        requested_by=document.submitted_by or document.created_by,
        requested_on=document.submitted_on or clock.today(),
        decided_by=user,
        decided_on=clock.today(),
        decided_for_decider=on_behalf,
        note=document.rationale,
        decision=document,
    )
    record_change(plan=plan, user=user, obj=change, before=None, after=_snapshot(change))
    return change


@transaction.atomic
def settings_save(
    *,
    user: User,
    plan: Plan,
    phases: Sequence[str],
    domains: Sequence[str],
    periods: Iterable[Any] = (),
    version: str | None = None,
    reason: str = "",
    request_key: uuid.UUID | None = None,
) -> str:
    """Save a plan's settings; once the plan has a baseline a new end date goes through the
    approved changes. Gives what to tell the user when the end date waits for the decider."""
    if needs_reason(plan):
        change, done = plan_end_change(plan=plan, user=user, reason=reason, request_key=request_key)
        if done:  # the same form sent twice: it was saved the first time
            return waiting_message(change)
    else:
        change = None
    plan_update_settings(
        user=user, plan=plan, phases=phases, domains=domains, periods=periods, version=version
    )
    return waiting_message(change)

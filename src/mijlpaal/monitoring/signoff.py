"""Aftekenen (sign-off): a milestone with an E (eindverantwoordelijk) party in the VERI matrix is
reached when that party's member, or an owner for them, approves the "bereikt" someone else
reported.

The logbook stays append-only. The report is an entry with the light "reached" and
`sign_off=REQUESTED`; it leaves the milestone's reached date empty. The approval is a new entry
that corrects it with the light "reached" on the reported date (`APPROVED`, and the milestone is
reached); the rejection one without a light and with the reason (`REJECTED`), so the milestone
shows what it showed before. Because the outcome is a correction, every reader of the lights (the
dashboard, the trend, the digest, the exports) sees it without knowing about sign-off; a unique
constraint on `corrects` lets a report be approved or rejected once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.monitoring import notify
from mijlpaal.monitoring.models import Entry, EntryKind, Light, SignOff, Target
from mijlpaal.plans.models import Membership, Milestone, Party, Plan, Role
from mijlpaal.plans.services import record_change, record_saved, snapshot
from mijlpaal.responsibilities.models import Assignment

ACCOUNTABLE = "E"  # the VERI letter whose party signs off


def accountable_parties(milestone_id: int) -> list[Party]:
    """The parties with E on the milestone, in party order (one query)."""
    cells = (
        Assignment.objects.filter(milestone_id=milestone_id, letters__contains=ACCOUNTABLE)
        .select_related("party")
        .order_by("party__order", "party__name", "party_id")
    )
    return [cell.party for cell in cells]


def names(parties: Iterable[Party]) -> str:
    return ", ".join(p.name for p in parties)


def needs_sign_off(milestone: Milestone, user: User) -> list[Party]:
    """The E parties who must approve a "bereikt" the user reports on the milestone; empty when
    the milestone has no E party or the user is the member of one."""
    parties = accountable_parties(milestone.pk)
    if any(p.user_id == user.pk for p in parties):
        return []
    return parties


def waiting_entry(milestone: Milestone) -> Entry | None:
    """The "bereikt" on the milestone that waits for approval, if any."""
    entry = (
        Entry.objects.filter(milestone=milestone, target=Target.MILESTONE)
        .counting()
        .select_related("author")
        .first()
    )
    if entry is None or entry.sign_off != SignOff.REQUESTED or entry.light != Light.REACHED:
        return None
    return entry


def check_nothing_waiting(milestone: Milestone, entry: Entry, undo: Entry | None) -> None:
    """While a "bereikt" waits for approval the milestone takes no new light; a correction of an
    entry (the report itself, or an older one) still can be made."""
    if not entry.light or undo is not None:
        return
    waiting = waiting_entry(milestone)
    if waiting is not None:
        raise ValidationError(
            _(
                "This milestone was reported reached and awaits approval by %(parties)s. "
                "It can be approved or rejected first, or the report corrected."
            )
            % {"parties": names(accountable_parties(milestone.pk)) or _("an owner")}
        )


def _record(*, plan: Plan, user: User, entry: Entry) -> None:
    """A sign-off step in the plan's history, as a new logbook entry (its form key left out)."""
    after = {k: v for k, v in snapshot(entry).items() if k != "request_key"}
    record_change(plan=plan, user=user, obj=entry, before=None, after=after)


def requested(*, plan: Plan, user: User, entry: Entry) -> None:
    """After a "bereikt" that waits for approval is stored: its history line, and after commit a
    mail to the E parties."""
    _record(plan=plan, user=user, entry=entry)
    transaction.on_commit(partial(notify.sign_off_request_send.enqueue, entry.pk), robust=True)


def approver_role(entry: Entry, user_id: int, membership: Membership) -> bool | None:
    """How the user may sign off the report: False as the E party's member, True as an owner
    for them, None not at all."""
    if entry.milestone_id is None:
        return None
    if any(p.user_id == user_id for p in accountable_parties(entry.milestone_id)):
        return False
    if membership.has_role(Role.OWNER):
        return True
    return None


def _check_approver(entry: Entry, user: User, membership: Membership) -> bool:
    on_behalf = approver_role(entry, user.pk, membership)
    if on_behalf is None:
        raise PermissionDenied(
            _("Only the accountable party (E), or an owner for them, approves a reached milestone.")
        )
    return on_behalf


def _locked_report(plan: Plan, entry_id: int) -> Entry:
    """The report, locked (the transactions begin IMMEDIATE: one sign-off at a time)."""
    report = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("milestone")
        .filter(plan=plan, pk=entry_id, sign_off=SignOff.REQUESTED, light=Light.REACHED)
        .first()
    )
    if report is None or report.milestone is None:
        raise ValidationError(_("This report no longer awaits approval."))
    return report


def _outcome(report: Entry) -> Entry | None:
    """The approval or rejection already given, or None."""
    return report.corrections.filter(sign_off__in=(SignOff.APPROVED, SignOff.REJECTED)).first()


def _check_open(report: Entry, verdict: str) -> Entry | None:
    """None while the report waits; the stored outcome when the same verdict was given already (a
    double submit); refused when it was corrected or decided otherwise."""
    done = _outcome(report)
    if done is not None and done.sign_off == verdict:
        return done
    if done is not None or report.corrections.exists():
        raise ValidationError(_("This report no longer awaits approval."))
    return None


def _by_line(user: User, parties: list[Party]) -> dict[str, str]:
    return {"name": user.display_name, "party": names(parties) or "?"}


@dataclass(frozen=True)
class Outcome:
    entry: Entry
    repeated: bool  # the same verdict had been given already (a double submit)


def _store(*, report: Entry, outcome: Entry) -> Outcome:
    try:
        with transaction.atomic():  # a savepoint: the unique constraint on `corrects`
            outcome.full_clean()
            outcome.save()
    except IntegrityError:
        done = _outcome(report)
        if done is None or done.sign_off != outcome.sign_off:
            raise ValidationError(_("This report no longer awaits approval.")) from None
        return Outcome(done, repeated=True)
    return Outcome(outcome, repeated=False)


def _new_outcome(report: Entry, *, user: User, on_behalf: bool, sign_off: str, text: str) -> Entry:
    assert report.milestone is not None
    return Entry(
        plan_id=report.plan_id,
        kind=EntryKind.STATUS,
        target=Target.MILESTONE,
        milestone=report.milestone,
        subject=report.milestone.label[:300],
        corrects=report,
        sign_off=sign_off,
        on_behalf=on_behalf,
        explanation=text,
        reported_on=max(clock.today(), report.reported_on),
        author=user,
        author_name=user.display_name[:200],
    )


def _light_before(report: Entry) -> str:
    """The light the milestone showed before the report ("" for none): what the mail about its
    approval says it changed from."""
    previous = (
        Entry.objects.filter(milestone=report.milestone, target=Target.MILESTONE)
        .counting()
        .exclude(pk=report.pk)
        .values_list("light", flat=True)
        .first()
    )
    return previous or ""


@transaction.atomic
def sign_off_approve(*, plan: Plan, user: User, membership: Membership, entry_id: int) -> Outcome:
    """Approve a reported "bereikt": the milestone is reached on the date the report gives."""
    report = _locked_report(plan, entry_id)
    on_behalf = _check_approver(report, user, membership)
    done = _check_open(report, SignOff.APPROVED)
    if done is not None:
        return Outcome(done, repeated=True)
    assert report.milestone is not None and report.milestone_id is not None
    by = _by_line(user, accountable_parties(report.milestone_id))
    text = (
        _("Reached approved by %(name)s for %(party)s.") % by
        if on_behalf
        else _("Reached approved by %(name)s.") % by
    )
    approval = _new_outcome(
        report, user=user, on_behalf=on_behalf, sign_off=SignOff.APPROVED, text=text
    )
    approval.light = Light.REACHED
    approval.reached_on = report.reached_on
    approval.forecast = None
    before = _light_before(report)
    stored = _store(report=report, outcome=approval)
    if stored.repeated:
        return stored
    milestone = report.milestone
    was = snapshot(milestone)
    milestone.reached_on = report.reached_on
    milestone.save(update_fields=["reached_on"])
    record_saved(plan=plan, user=user, obj=milestone, before=was)
    _record(plan=plan, user=user, entry=approval)
    # The I and E parties hear the milestone is reached; the reporter that it was approved.
    transaction.on_commit(
        partial(notify.light_change_send.enqueue, approval.pk, before), robust=True
    )
    transaction.on_commit(partial(notify.sign_off_outcome_send.enqueue, approval.pk), robust=True)
    return stored


@transaction.atomic
def sign_off_reject(
    *, plan: Plan, user: User, membership: Membership, entry_id: int, reason: str
) -> Outcome:
    """Reject a reported "bereikt", with a reason: the milestone keeps what it showed before, and
    the reporter is told."""
    report = _locked_report(plan, entry_id)
    on_behalf = _check_approver(report, user, membership)
    done = _check_open(report, SignOff.REJECTED)
    if done is not None:
        return Outcome(done, repeated=True)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    assert report.milestone_id is not None
    by = _by_line(user, accountable_parties(report.milestone_id))
    text = (
        _("Reached rejected by %(name)s for %(party)s.") % by
        if on_behalf
        else _("Reached rejected by %(name)s.") % by
    )
    rejection = _new_outcome(
        report, user=user, on_behalf=on_behalf, sign_off=SignOff.REJECTED, text=text
    )
    rejection.problems = reason
    stored = _store(report=report, outcome=rejection)
    if not stored.repeated:
        _record(plan=plan, user=user, entry=rejection)
        transaction.on_commit(
            partial(notify.sign_off_outcome_send.enqueue, rejection.pk), robust=True
        )
    return stored


def waiting_reports(entries: Iterable[Entry], milestone_ids: set[int] | None) -> list[Entry]:
    """The reports among loaded entries that still wait (none corrects them), oldest first; only
    those on `milestone_ids` unless None (an owner sees all)."""
    entries = list(entries)
    corrected = {e.corrects_id for e in entries if e.corrects_id}
    found = [
        e
        for e in entries
        if e.sign_off == SignOff.REQUESTED
        and e.light == Light.REACHED
        and e.pk not in corrected
        and e.milestone_id is not None
        and (milestone_ids is None or e.milestone_id in milestone_ids)
    ]
    return sorted(found, key=lambda e: (e.reported_on, e.created_at, e.pk))


def approvable_milestones(plan: Plan, user: User, membership: Membership) -> set[int] | None:
    """The milestones on which the user signs off: None (all) for an owner, else those where the
    user's party has E (one query)."""
    if membership.has_role(Role.OWNER):
        return None
    return set(
        Assignment.objects.filter(
            plan=plan, party__user=user, letters__contains=ACCOUNTABLE, milestone__isnull=False
        ).values_list("milestone_id", flat=True)
    )


def waiting_count(plan: Plan, membership: Membership) -> int:
    """How many reports wait for this member's approval: all of the plan's for an owner, those on
    milestones where the member's party has E for anyone else (one query)."""
    reports = Entry.objects.filter(
        plan=plan,
        sign_off=SignOff.REQUESTED,
        light=Light.REACHED,
        target=Target.MILESTONE,
        corrections__isnull=True,
    )
    if not membership.has_role(Role.OWNER):
        reports = reports.filter(
            milestone__assignments__party__user_id=membership.user_id,
            milestone__assignments__letters__contains=ACCOUNTABLE,
        )
    return reports.values("pk").distinct().count()

"""Writes of the decision documents: each step in one transaction, in the history and the
logbook. `check_*` says whether a step may be taken; `document_*` takes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.decisions import notify
from mijlpaal.decisions.baselines import baseline_take
from mijlpaal.decisions.changes import adjust_record
from mijlpaal.decisions.models import (
    GOTIK,
    ConditionsBecome,
    DecisionDocument,
    DecisionIssue,
    DecisionOption,
    DocumentState,
    Verdict,
)
from mijlpaal.decisions.roles import load_roles
from mijlpaal.decisions.situation import current_situation
from mijlpaal.monitoring.models import Entry, EntryKind, target_of
from mijlpaal.plans.models import Activity, Membership, Milestone, Party, Plan, Role
from mijlpaal.plans.services import (
    item_save,
    record_created,
    record_deleted,
    record_saved,
    snapshot,
)
from mijlpaal.plans.versions import check_version
from mijlpaal.responsibilities.models import Assignment

Subject = Milestone | Activity


def default_decider(plan: Plan, subject: Subject) -> Party | None:
    """The party with E (eindverantwoordelijk) on the item in the VERI matrix, else the
    opdrachtgever."""
    cells = Assignment.objects.filter(plan=plan, letters__contains="E").select_related("party")
    cells = cells.filter(**{"milestone" if isinstance(subject, Milestone) else "activity": subject})
    cell = cells.order_by("party__order", "party__name", "id").first()
    if cell is not None:
        return cell.party
    return load_roles(plan).commissioner


def last_decision_day(plan: Plan) -> dt.date | None:
    """The day of the plan's latest decision: the stand van zaken reports what happened since."""
    last = (
        DecisionDocument.objects.filter(plan=plan, state=DocumentState.DECIDED)
        .order_by("-decided_on")
        .values_list("decided_on", flat=True)
        .first()
    )
    return last


def _log(
    *, plan: Plan, user: User, document: DecisionDocument, text: str, measures: str = ""
) -> None:
    """A logbook line about the item (without a light: it does not change the item's status)."""
    subject = document.milestone or document.activity
    if subject is None:
        return
    Entry.objects.create(
        plan=plan,
        kind=EntryKind.STATUS,
        target=target_of(subject),
        milestone=subject if isinstance(subject, Milestone) else None,
        activity=subject if isinstance(subject, Activity) else None,
        subject=document.subject,
        light="",
        explanation=text,
        measures=measures,
        reported_on=clock.today(),
        author=user,
        author_name=user.display_name[:200],
    )


@transaction.atomic
def document_start(*, plan: Plan, user: User, subject: Subject, question: str) -> DecisionDocument:
    """A new beslisdocument in concept about a milestone or activity, with its default decider and
    Tijd as the schedule proposes it."""
    if subject.plan_id != plan.pk:
        raise ValidationError(_("This item does not belong to the plan."))
    situation = current_situation(plan, subject, since=last_decision_day(plan), today=clock.today())
    time = situation.time
    document = DecisionDocument(
        plan=plan,
        milestone=subject if isinstance(subject, Milestone) else None,
        activity=subject if isinstance(subject, Activity) else None,
        subject=(subject.label if isinstance(subject, Milestone) else subject.title)[:300],
        question=question,
        decider=default_decider(plan, subject),
        gotik={"tijd": {"light": time.light, "text": time.text}} if time else {},
        created_by=user,
    )
    document.full_clean()
    document.save()
    record_created(plan=plan, user=user, obj=document)
    return document


def _locked(document: DecisionDocument) -> DecisionDocument:
    return DecisionDocument.objects.select_for_update().get(pk=document.pk)


def _check_concept(document: DecisionDocument) -> None:
    if document.state != DocumentState.CONCEPT:
        raise ValidationError(
            _("This document has been submitted and cannot be changed; make a new version.")
        )


@transaction.atomic
def document_save(
    *, plan: Plan, user: User, document: DecisionDocument, version: str | None = None
) -> DecisionDocument:
    """Save the concept's own fields (question, decider, GOTIK, advice)."""
    stored = _locked(document)
    _check_concept(stored)
    check_version(stored, version)
    before = snapshot(stored)
    if document.decider is not None and document.decider.plan_id != plan.pk:
        raise ValidationError(_("The decider must be a party of this plan."))
    document.gotik = {k: v for k, v in document.gotik.items() if k in GOTIK}
    document.full_clean()
    document.save()
    record_saved(plan=plan, user=user, obj=document, before=before)
    return document


@transaction.atomic
def issue_add(
    *, plan: Plan, user: User, document: DecisionDocument, question: str
) -> DecisionIssue:
    _check_concept(_locked(document))
    order = document.issues.count()
    issue = DecisionIssue(document=document, question=question, order=order)
    issue.full_clean()
    issue.save()
    record_created(plan=plan, user=user, obj=issue)
    return issue


@transaction.atomic
def option_add(
    *, plan: Plan, user: User, issue: DecisionIssue, option: DecisionOption
) -> DecisionOption:
    _check_concept(_locked(issue.document))
    option.issue = issue
    option.order = issue.options.count()
    option.full_clean()
    option.save()
    if option.advised:  # one advised option per issue
        issue.options.exclude(pk=option.pk).update(advised=False)
    record_created(plan=plan, user=user, obj=option)
    return option


@transaction.atomic
def part_remove(
    *, plan: Plan, user: User, document: DecisionDocument, part: DecisionIssue | DecisionOption
) -> None:
    _check_concept(_locked(document))
    record_deleted(plan=plan, user=user, obj=part)
    part.delete()


@transaction.atomic
def document_submit(
    *, plan: Plan, user: User, document: DecisionDocument, send: bool = True
) -> DecisionDocument:
    """Voorleggen: freeze the stand van zaken as it is today and put it before the decider (by
    e-mail, unless `send` is False)."""
    stored = _locked(document)
    _check_concept(stored)
    if stored.decider is None:
        raise ValidationError(
            _("Name the decider first: the opdrachtgever on the project roles page, or a decider.")
        )
    before = snapshot(stored)
    situation = current_situation(
        plan,
        stored.item,
        since=last_decision_day(plan),
        today=clock.today(),
    )
    stored.situation = situation.to_json()
    stored.state = DocumentState.SUBMITTED
    stored.submitted_on = clock.today()
    stored.submitted_by = user
    stored.save()
    record_saved(plan=plan, user=user, obj=stored, before=before)
    _log(
        plan=plan,
        user=user,
        document=stored,
        text=_("Decision document (version %(version)s) submitted to %(decider)s.")
        % {"version": stored.version, "decider": stored.decider},
    )
    # Queued once the change commits; a failure to queue must not undo the step.
    if send:
        transaction.on_commit(partial(notify.submitted_send.enqueue, stored.pk), robust=True)
    return stored


@transaction.atomic
def document_revise(*, plan: Plan, user: User, document: DecisionDocument) -> DecisionDocument:
    """A new concept version of a submitted document; the submitted one is replaced."""
    stored = _locked(document)
    if stored.state != DocumentState.SUBMITTED:
        raise ValidationError(
            _("Only a submitted document that is not decided gets a new version.")
        )
    before = snapshot(stored)
    stored.state = DocumentState.REPLACED
    stored.save(update_fields=["state"])
    record_saved(plan=plan, user=user, obj=stored, before=before)
    issues = list(stored.issues.prefetch_related("options"))
    copy = DecisionDocument.objects.create(
        plan=plan,
        milestone=stored.milestone,
        activity=stored.activity,
        subject=stored.subject,
        version=stored.version + 1,
        previous=stored,
        question=stored.question,
        decider=stored.decider,
        gotik=stored.gotik,
        advice=stored.advice,
        created_by=user,
    )
    for issue in issues:
        new_issue = DecisionIssue.objects.create(
            document=copy, question=issue.question, order=issue.order
        )
        DecisionOption.objects.bulk_create(
            DecisionOption(
                issue=new_issue,
                title=o.title,
                pros=o.pros,
                cons=o.cons,
                effect_time=o.effect_time,
                effect_money=o.effect_money,
                advised=o.advised,
                order=o.order,
            )
            for o in issue.options.all()
        )
    record_created(plan=plan, user=user, obj=copy)
    return copy


def check_decider(document: DecisionDocument, user: User, membership: Membership) -> bool:
    """Whether `user` may decide; True when an owner decides for the decider. Refused
    (PermissionDenied) for anyone else."""
    decider = document.decider
    if decider is not None and decider.user_id is not None and decider.user_id == user.pk:
        return False
    if membership.has_role(Role.OWNER):
        return True
    raise PermissionDenied(_("Only the decider, or an owner for them, takes this decision."))


@dataclass(frozen=True)
class Decision:
    verdict: str
    rationale: str
    conditions: tuple[str, ...] = ()
    conditions_become: str = ConditionsBecome.LOG
    requested_change: str = ""
    new_deadline: dt.date | None = None


def _check_decision(document: DecisionDocument, decision: Decision) -> None:
    if document.state != DocumentState.SUBMITTED:
        raise ValidationError(_("Only a submitted decision document can be decided."))
    if decision.verdict not in Verdict.values:
        raise ValidationError(_("Choose go, go with conditions, adjust or no-go."))
    if not decision.rationale.strip():
        raise ValidationError({"rationale": _("Give the reason for the decision.")})
    if decision.verdict == Verdict.GO_CONDITIONS and not decision.conditions:
        raise ValidationError({"conditions": _("Write the conditions, one per line.")})
    if decision.verdict == Verdict.ADJUST and not decision.requested_change.strip():
        raise ValidationError({"requested_change": _("Describe the change to the plan.")})


@transaction.atomic
def document_decide(
    *,
    plan: Plan,
    user: User,
    membership: Membership,
    document: DecisionDocument,
    decision: Decision,
    send: bool = True,
) -> DecisionDocument:
    """Besluiten: go, go onder voorwaarden (each condition a logbook entry or a follow-up
    activity), bijsturen (the requested change; a new deadline of the milestone is applied now,
    as the decider approves it) or no-go (what waits for the item is shown as stopped)."""
    stored = _locked(document)
    on_behalf = check_decider(stored, user, membership)
    _check_decision(stored, decision)
    before = snapshot(stored)
    stored.state = DocumentState.DECIDED
    stored.verdict = decision.verdict
    stored.rationale = decision.rationale.strip()
    stored.conditions = "\n".join(decision.conditions)
    stored.requested_change = decision.requested_change.strip()
    stored.new_deadline = decision.new_deadline if stored.milestone_id else None
    stored.decided_on = clock.today()
    stored.decided_by = user
    stored.decided_for_decider = on_behalf
    stored.save()
    record_saved(plan=plan, user=user, obj=stored, before=before)
    _log(plan=plan, user=user, document=stored, text=decision_line(stored))
    if decision.verdict == Verdict.GO_CONDITIONS:
        _conditions(plan=plan, user=user, document=stored, decision=decision)
    if decision.verdict == Verdict.ADJUST and stored.new_deadline and stored.milestone:
        milestone = stored.milestone
        before_deadline = milestone.deadline
        milestone.deadline = stored.new_deadline
        item_save(plan=plan, user=user, instance=milestone)
        adjust_record(
            plan=plan,
            user=user,
            document=stored,
            milestone=milestone,
            before=before_deadline,
            on_behalf=on_behalf,
        )
    # A decision fixes the plan as it stands after it: later reports compare against it.
    baseline_take(
        plan=plan,
        user=user,
        name=_("Decision: %(item)s, %(verdict)s")
        % {"item": stored.subject, "verdict": stored.get_verdict_display()},
        decision=stored,
    )
    if send:  # the parties with I or E on the item hear of it
        transaction.on_commit(partial(notify.decided_send.enqueue, stored.pk), robust=True)
    return stored


def _conditions(*, plan: Plan, user: User, document: DecisionDocument, decision: Decision) -> None:
    subject = document.milestone or document.activity
    for condition in decision.conditions:
        if decision.conditions_become == ConditionsBecome.ACTIVITIES:
            follow_up = Activity(
                workstream_id=subject.workstream_id if subject else None,
                title=condition[:300],
                why=_("Condition of the decision on %(item)s") % {"item": document.subject},
            )
            item_save(plan=plan, user=user, instance=follow_up)
        else:
            _log(
                plan=plan,
                user=user,
                document=document,
                text=_("Condition of the decision: %(condition)s") % {"condition": condition},
                measures=condition,
            )


def decision_line(document: DecisionDocument) -> str:
    """The decision in one line, as the logbook keeps it."""
    line = _("Decision: %(verdict)s, by %(decider)s.") % {
        "verdict": document.get_verdict_display(),
        "decider": document.decider or "?",
    }
    if document.decided_for_decider and document.decided_by is not None:
        line = _("Decision: %(verdict)s, by %(user)s (owner) for %(decider)s.") % {
            "verdict": document.get_verdict_display(),
            "user": document.decided_by.display_name,
            "decider": document.decider or "?",
        }
    return f"{line} {document.rationale}".strip()

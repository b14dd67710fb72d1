"""Writing to the logbook: one transaction per entry; "bereikt" also marks the item as reached,
unless the milestone's E party must approve it first (`monitoring.signoff`)."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.i18n import current_language
from mijlpaal.monitoring import notify, signoff
from mijlpaal.monitoring.models import (
    Entry,
    EntryKind,
    Light,
    SignOff,
    Subject,
    Target,
    target_of,
)
from mijlpaal.planning.text import format_date
from mijlpaal.plans.models import Activity, Milestone, Plan, Workstream
from mijlpaal.plans.services import record_saved, snapshot


def shown_entry(plan: Plan, subject: Subject) -> Entry | None:
    """The status update whose light the subject shows now (None when it has none)."""
    return Entry.objects.filter(plan=plan).about(subject).counting().first()


def _mark_reached(
    *, plan: Plan, user: User, subject: Subject, entry: Entry, undo: Entry | None
) -> None:
    """Keep the item's reached date in step with the logbook."""
    if isinstance(subject, Milestone):
        field = "reached_on"
    elif isinstance(subject, Activity):
        field = "actual_finish"
    else:
        return
    before = snapshot(subject)
    current = getattr(subject, field)
    if entry.light == Light.REACHED and entry.sign_off != SignOff.REQUESTED:
        setattr(subject, field, entry.reached_on)
    elif undo is not None and undo.light == Light.REACHED and current == undo.reached_on:
        setattr(subject, field, None)  # the correction takes back a "bereikt" given by mistake
    if getattr(subject, field) != current:
        subject.save(update_fields=[field])
        record_saved(plan=plan, user=user, obj=subject, before=before)


def _fill(entry: Entry, *, plan: Plan, user: User, subject: Subject) -> None:
    """What an entry says of itself: its plan, subject, author and date, and only the fields
    that fit its light and target."""
    if subject.pk is None or (not isinstance(subject, Plan) and subject.plan_id != plan.pk):
        raise ValidationError(_("This item does not belong to the plan."))
    entry.plan = plan
    entry.kind = entry.kind or EntryKind.STATUS
    entry.target = target_of(subject)
    entry.milestone = subject if isinstance(subject, Milestone) else None
    entry.activity = subject if isinstance(subject, Activity) else None
    entry.workstream = subject if isinstance(subject, Workstream) else None
    entry.subject = (subject.label if isinstance(subject, Milestone) else str(subject))[:300]
    entry.author = user
    entry.author_name = user.display_name[:200]
    entry.reported_on = entry.reported_on or clock.today()
    if entry.light == Light.REACHED:
        if entry.target not in {Target.MILESTONE, Target.ACTIVITY}:
            raise ValidationError({"light": _("Only a milestone or an activity can be reached.")})
        entry.reached_on = entry.reached_on or entry.reported_on
    else:
        entry.reached_on = None
    if entry.target != Target.MILESTONE:
        entry.forecast = None


def _corrected(entry: Entry, *, plan: Plan, subject: Subject) -> Entry | None:
    """The entry this one corrects, locked; it must be about the same subject and uncorrected."""
    if not entry.corrects_id:
        return None
    undo = Entry.objects.select_for_update().filter(pk=entry.corrects_id, plan=plan).first()
    if undo is None or _subject_key(undo) != _subject_key(entry):
        raise ValidationError(
            _("A correction must be about the same item as the entry it corrects.")
        )
    if undo.corrections.exists():
        raise ValidationError(
            _("This entry has been corrected already; correct the correction instead.")
        )
    return undo


def _subject_key(entry: Entry) -> tuple[str, int | None, int | None, int | None]:
    return (entry.target, entry.milestone_id, entry.activity_id, entry.workstream_id)


def _check_not_reached(entry: Entry, *, subject: Subject, undo: Entry | None) -> None:
    """A reached item takes no other light, unless the entry takes back the "bereikt"."""
    done = getattr(subject, "reached_on", None) or getattr(subject, "actual_finish", None)
    taken_back = undo is not None and undo.light == Light.REACHED
    if done and entry.light != Light.REACHED and not taken_back:
        raise ValidationError(
            _(
                "This item was reached on %(date)s. If that is wrong, correct the entry that "
                "says so, or clear the date on the item itself."
            )
            % {"date": format_date(done, current_language())}
        )


def _sign_off(entry: Entry, *, milestone: Milestone, user: User, undo: Entry | None) -> None:
    """A "bereikt" on a milestone with an E party, reported by someone else, awaits approval; while
    one waits, the milestone takes no new light."""
    signoff.check_nothing_waiting(milestone, entry, undo)
    entry.sign_off = ""
    if entry.light == Light.REACHED and signoff.needs_sign_off(milestone, user):
        entry.sign_off = SignOff.REQUESTED


@transaction.atomic
def entry_post(*, plan: Plan, user: User, subject: Subject, entry: Entry) -> Entry:
    """Add a status update (or a correction of one) about a milestone, activity, workstream or
    the plan; tell the informed parties when the milestone's light changes."""
    if entry.request_key is not None:
        stored = Entry.objects.filter(plan=plan, request_key=entry.request_key).first()
        if stored is not None:
            return stored  # the same form sent twice: it was stored the first time
    _fill(entry, plan=plan, user=user, subject=subject)
    undo = _corrected(entry, plan=plan, subject=subject)
    _check_not_reached(entry, subject=subject, undo=undo)
    if isinstance(subject, Milestone):
        _sign_off(entry, milestone=subject, user=user, undo=undo)
    entry.full_clean()
    shown = shown_entry(plan, subject)
    before = shown.light if shown is not None else ""
    try:
        with transaction.atomic():  # a savepoint: the same form sent twice at the same moment
            entry.save()
    except IntegrityError:
        stored = Entry.objects.filter(plan=plan, request_key=entry.request_key).first()
        if entry.request_key is None or stored is None:
            raise
        return stored
    _mark_reached(plan=plan, user=user, subject=subject, entry=entry, undo=undo)
    if entry.sign_off == SignOff.REQUESTED:
        signoff.requested(plan=plan, user=user, entry=entry)
        return entry  # the E parties are asked; the others hear of it once it is approved
    now_shown = shown_entry(plan, subject)
    # Only what the milestone shows now is news: a correction of an older entry is not.
    if now_shown is not None and now_shown.pk == entry.pk and notify.informs(entry, before):
        # Queued once the change commits: nothing is sent about a change that is rolled back.
        # Robust: the update is stored; a failure to queue the mail must not turn into an error.
        transaction.on_commit(
            partial(notify.light_change_send.enqueue, entry.pk, before), robust=True
        )
    return entry

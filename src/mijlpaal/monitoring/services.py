"""Writing to the logbook: one transaction per entry; "bereikt" also marks the item as reached."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.monitoring.models import Entry, EntryKind, Light, Target
from mijlpaal.planning.text import format_date
from mijlpaal.plans.models import Activity, ChangeRecord, Milestone, Plan, Workstream
from mijlpaal.plans.services import record_change, snapshot

Subject = Milestone | Activity | Workstream | Plan


def subject_filter(subject: Subject) -> dict[str, int | None]:
    """The entry fields that point at a subject."""
    return {
        "milestone_id": subject.pk if isinstance(subject, Milestone) else None,
        "activity_id": subject.pk if isinstance(subject, Activity) else None,
        "workstream_id": subject.pk if isinstance(subject, Workstream) else None,
    }


def target_of(subject: Subject) -> str:
    if isinstance(subject, Milestone):
        return Target.MILESTONE
    if isinstance(subject, Activity):
        return Target.ACTIVITY
    if isinstance(subject, Workstream):
        return Target.WORKSTREAM
    return Target.PLAN


def _latest(entry: Entry, *, before_it: bool = False) -> Entry | None:
    """The subject's latest status entry that still counts (with its light); with `before_it`, the
    latest other than the entry itself."""
    found = Entry.objects.filter(
        plan_id=entry.plan_id, target=entry.target, kind=EntryKind.STATUS, corrections__isnull=True
    ).exclude(light="")
    if before_it and entry.pk:
        found = found.exclude(pk=entry.pk)
    for field in ("milestone_id", "activity_id", "workstream_id"):
        found = found.filter(**{field: getattr(entry, field)})
    return found.order_by("-reported_on", "-created_at", "-id").first()


def previous_light(entry: Entry) -> str:
    """The light the entry's subject shows before the entry is saved ("" when it has none)."""
    latest = _latest(entry, before_it=True)
    return latest.light if latest is not None else ""


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
    if entry.light == Light.REACHED:
        setattr(subject, field, entry.reached_on)
    elif undo is not None and undo.light == Light.REACHED and current == undo.reached_on:
        setattr(subject, field, None)  # the correction takes back a "bereikt" given by mistake
    if getattr(subject, field) != current:
        subject.save(update_fields=[field])
        record_change(
            plan=plan,
            user=user,
            obj=subject,
            action=ChangeRecord.Action.UPDATE,
            before=before,
            after=snapshot(subject),
        )


@transaction.atomic
def entry_post(*, plan: Plan, user: User, subject: Subject, entry: Entry) -> Entry:
    """Add a status update (or a correction of one) about a milestone, activity, workstream or the plan."""
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
    if subject.pk is None or (not isinstance(subject, Plan) and subject.plan_id != plan.pk):
        raise ValidationError(_("This item does not belong to the plan."))
    if entry.light == Light.REACHED:
        if entry.target not in {Target.MILESTONE, Target.ACTIVITY}:
            raise ValidationError({"light": _("Only a milestone or an activity can be reached.")})
        entry.reached_on = entry.reached_on or entry.reported_on
    else:
        entry.reached_on = None
    if entry.target != Target.MILESTONE:
        entry.forecast = None
    undo = None
    if entry.corrects_id:
        undo = Entry.objects.select_for_update().filter(pk=entry.corrects_id, plan=plan).first()
        if undo is None or (
            undo.target,
            undo.milestone_id,
            undo.activity_id,
            undo.workstream_id,
        ) != (
            entry.target,
            entry.milestone_id,
            entry.activity_id,
            entry.workstream_id,
        ):
            raise ValidationError(
                _("A correction must be about the same item as the entry it corrects.")
            )
        if undo.corrections.exists():
            raise ValidationError(
                _("This entry has been corrected already; correct the correction instead.")
            )
    done = getattr(subject, "reached_on", None) or getattr(subject, "actual_finish", None)
    taken_back = undo is not None and undo.light == Light.REACHED
    if done and entry.light != Light.REACHED and not taken_back:
        raise ValidationError(
            _(
                "This item was reached on %(date)s. If that is wrong, correct the entry that says so, "
                "or clear the date on the item itself."
            )
            % {"date": format_date(done, (get_language() or "nl")[:2])}
        )
    entry.full_clean()
    before = previous_light(entry)  # the light until now, for the e-mail to the informed parties
    entry.save()
    _mark_reached(plan=plan, user=user, subject=subject, entry=entry, undo=undo)
    from mijlpaal.monitoring import notify  # notify reads this module's helpers

    latest = _latest(entry)
    if latest is not None and latest.pk == entry.pk and notify.informs(entry, before):
        # Only what the milestone shows now is news: a correction of an older entry is not.
        # Queued once the change commits: nothing is sent about a change that is rolled back.
        transaction.on_commit(partial(notify.light_change_send.enqueue, entry.pk, before))
    return entry

"""The logbook: dated status updates on milestones, activities, workstreams and the plan itself.

Append-only. A correction is a new entry that refers to the one it corrects; nothing is edited or
deleted. An entry keeps the title of what it is about, so it reads the same after that is renamed
or removed.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mijlpaal.plans.models import Activity, Milestone, Phase, Plan, Workstream

# The logbook's order: the newest report first; entries of one day in the order they were made.
NEWEST_FIRST = ("-reported_on", "-created_at", "-id")


class Light(models.TextChoices):
    GREEN = "green", _("green")
    ORANGE = "orange", _("orange")
    RED = "red", _("red")
    REACHED = "reached", _("reached")


class Target(models.TextChoices):
    MILESTONE = "milestone", _("milestone")
    ACTIVITY = "activity", _("activity")
    WORKSTREAM = "workstream", _("workstream")
    PLAN = "plan", _("plan")


class EntryKind(models.TextChoices):
    STATUS = "status", _("status update")
    EVALUATION = "evaluation", _("evaluation")


class SignOff(models.TextChoices):
    """Aftekenen: where an entry stands in the sign-off of a "bereikt" (empty: no sign-off).

    A "bereikt" on a milestone with an E (eindverantwoordelijk) party, reported by someone other
    than that party's member, is REQUESTED: it waits for approval. The approval or rejection is a
    new entry that corrects the request (APPROVED with the light "reached", REJECTED without a
    light), so the logbook stays append-only and every reader of the lights sees the outcome.
    """

    REQUESTED = "requested", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class EvaluationKind(models.TextChoices):
    INTERIM = "interim", _("interim evaluation")
    FINAL = "final", _("final evaluation")


Subject = Milestone | Activity | Workstream | Plan


def target_of(subject: Subject) -> str:
    """What kind of thing a logbook entry about `subject` is about."""
    if isinstance(subject, Milestone):
        return Target.MILESTONE
    if isinstance(subject, Activity):
        return Target.ACTIVITY
    if isinstance(subject, Workstream):
        return Target.WORKSTREAM
    return Target.PLAN


class EntryQuerySet(models.QuerySet["Entry"]):
    def about(self, subject: Subject) -> EntryQuerySet:
        """The entries about one milestone, activity or workstream, or about the plan itself."""
        pointers: dict[str, int | None] = {
            "milestone_id": subject.pk if isinstance(subject, Milestone) else None,
            "activity_id": subject.pk if isinstance(subject, Activity) else None,
            "workstream_id": subject.pk if isinstance(subject, Workstream) else None,
        }
        return self.filter(target=target_of(subject), **pointers)

    def counting(self) -> EntryQuerySet:
        """Status updates that still count, newest first: those with a light that no later entry
        corrects. `status.effective` and `status.latest` apply this rule to rows already loaded."""
        return (
            self.filter(kind=EntryKind.STATUS, corrections__isnull=True)
            .exclude(light="")
            .order_by(*NEWEST_FIRST)
        )


class Evaluation(models.Model):
    """A planned evaluation moment (tussen- of eindevaluatie) on the plan's calendar."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(
        _("kind"), max_length=10, choices=EvaluationKind.choices, default=EvaluationKind.INTERIM
    )
    title = models.CharField(_("title"), max_length=200)
    planned_on = models.DateField(_("planned on"))
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("evaluation moment")
        verbose_name_plural = _("evaluation moments")

    def __str__(self) -> str:
        return self.title


class Entry(models.Model):
    """One line of the logbook."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="log_entries")
    kind = models.CharField(max_length=10, choices=EntryKind.choices, default=EntryKind.STATUS)
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="log_entries"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="log_entries"
    )
    workstream = models.ForeignKey(
        Workstream, on_delete=models.SET_NULL, null=True, blank=True, related_name="log_entries"
    )
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    target = models.CharField(max_length=10, choices=Target.choices, default="plan")
    subject = models.CharField(_("about"), max_length=300, blank=True)
    light = models.CharField(_("status"), max_length=8, choices=Light.choices, blank=True)
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    problems = models.TextField(_("problems (knelpunten)"), blank=True)
    measures = models.TextField(_("measures (maatregelen)"), blank=True)
    forecast = models.DateField(_("forecast date"), null=True, blank=True)
    percent = models.PositiveSmallIntegerField(
        _("percentage done"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    answers = models.JSONField(default=dict, blank=True)
    reported_on = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="log_entries"
    )
    author_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the status form when it is shown: a second submit of the same form (a double click,
    # a retry after a time-out) finds the entry the first one stored instead of adding another.
    request_key = models.UUIDField(null=True, blank=True, editable=False)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
    )
    sign_off = models.CharField(
        _("sign-off"), max_length=10, choices=SignOff.choices, blank=True, default=""
    )
    # An owner approved or rejected for the E party (namens): recorded as such.
    on_behalf = models.BooleanField(default=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = list(NEWEST_FIRST)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("plan", "request_key"), name="entry_request_once"),
            # A "bereikt" awaiting approval is approved or rejected once, also on a double submit.
            models.UniqueConstraint(
                fields=("corrects",),
                condition=models.Q(sign_off__in=("approved", "rejected")),
                name="entry_signed_off_once",
            ),
        ]
        indexes = [models.Index(fields=["plan", "reported_on"])]
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")

    def __str__(self) -> str:
        return f"{self.reported_on:%Y-%m-%d} {self.subject}"

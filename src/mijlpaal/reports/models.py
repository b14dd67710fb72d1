"""Voortgangsrapportages and the eindverslag: a report per reporting period (or the whole plan),
drafted from the plan, rewritten by the project leader, frozen when submitted."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mijlpaal.plans.models import Plan, ReportingPeriod


class ReportState(models.TextChoices):
    CONCEPT = "concept", _("draft (concept)")
    SUBMITTED = "ingediend", _("submitted (ingediend)")


class Report(models.Model):
    """One version of a voortgangsrapportage (a period) or the eindverslag (no period).

    In concept the numbers are drafted from the plan whenever the report is shown; submitting
    keeps them, with the texts, in `snapshot`, and they are never recomputed. A submitted report
    is reopened as a new version in concept; the submitted one stays as it was sent."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reports")
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reporting period"),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.CONCEPT
    )
    texts = models.JSONField(default=dict, blank=True)  # section key -> the project leader's text
    snapshot = models.JSONField(default=dict, blank=True)  # the report as submitted
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ("-version", "-id")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("period", "version"),
                condition=Q(period__isnull=False),
                name="report_period_version_once",
            ),
            models.UniqueConstraint(
                fields=("plan", "version"),
                condition=Q(period__isnull=True),
                name="report_final_version_once",
            ),
        ]

    def __str__(self) -> str:
        name = self.period.name if self.period_id and self.period else str(_("Final report"))
        return f"{name} (v{self.version})"

    @property
    def frozen(self) -> bool:
        return self.state != ReportState.CONCEPT


class ReminderKind(models.TextChoices):
    FOUR_WEEKS = "4w", _("four weeks before the deadline")
    ONE_WEEK = "1w", _("one week before the deadline")


class ReportReminder(models.Model):
    """A reminder sent about a reporting deadline: each (period, kind) once."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=2, choices=ReminderKind.choices)
    due_date = models.DateField()  # the deadline the reminder was about
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("period", "kind"), name="report_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.kind}"

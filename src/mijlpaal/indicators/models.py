"""A goal's indicator: the measurable part of a SMART goal, with its measurements over time.

Measurements are append-only, like the logbook's status updates: a correction is a new
measurement that refers to the one it corrects; nothing is edited or deleted.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mijlpaal.plans.models import Goal, Plan


class Indicator(models.Model):
    """Indicator of a goal: the unit, the nulmeting (baseline) and the target."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    # `Goal.indicator` is the name of what is measured; this is its numbers.
    goal = models.OneToOneField(Goal, on_delete=models.CASCADE, related_name="indicator_detail")
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value (nulmeting)"), max_digits=18, decimal_places=4
    )
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)
    target_date = models.DateField(_("target date"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return str(self.goal)


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def counting(self) -> MeasurementQuerySet:
        """The measurements that no later measurement corrects, oldest first."""
        return self.filter(corrections__isnull=True).order_by("measured_on", "created_at", "id")


class Measurement(models.Model):
    """One measured value of an indicator (meting)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measurements")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    measured_on = models.DateField(_("measured on"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the form is shown: the same form sent twice stores one measurement.
    request_key = models.UUIDField(null=True, blank=True, editable=False)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
    )

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ("-measured_on", "-created_at", "-id")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("plan", "request_key"), name="measurement_request_once")
        ]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return f"{self.measured_on:%Y-%m-%d} {self.value}"

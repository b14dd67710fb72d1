"""Writes of the indicators: set a goal's indicator, add a measurement (or a correction)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mijlpaal.accounts.models import User
from mijlpaal.indicators.models import Indicator, Measurement
from mijlpaal.plans.models import Plan
from mijlpaal.plans.services import record_change, record_saved, snapshot
from mijlpaal.plans.versions import EditConflict, check_version


@transaction.atomic
def indicator_save(
    *, plan: Plan, user: User, indicator: Indicator, version: str | None = None
) -> Indicator:
    """Create or change a goal's indicator and record it in the history. With `version`, a
    change is refused (EditConflict) when the stored indicator is no longer that version."""
    before = None
    if indicator.pk is not None:
        stored = Indicator.objects.select_for_update().get(pk=indicator.pk, plan=plan)
        check_version(stored, version)
        before = snapshot(stored)
    indicator.plan = plan
    indicator.full_clean(validate_unique=indicator.pk is not None)
    try:
        with transaction.atomic():  # a savepoint: two editors set the same goal's indicator
            indicator.save()
    except IntegrityError:
        other = Indicator.objects.filter(goal_id=indicator.goal_id).first()
        if indicator.pk is not None or other is None:
            raise
        raise EditConflict(other) from None
    record_saved(plan=plan, user=user, obj=indicator, before=before)
    return indicator


def _check_correctable(measurement: Measurement) -> None:
    corrects = measurement.corrects
    if corrects is None:
        return
    if corrects.indicator_id != measurement.indicator_id:
        raise ValidationError(_("A correction belongs to the same indicator."))
    if corrects.corrections.exists():
        raise ValidationError(
            _("This measurement has been corrected already; correct the correction instead.")
        )


@transaction.atomic
def measurement_add(*, plan: Plan, user: User, measurement: Measurement) -> Measurement:
    """Add a measurement (or a correction of one) and record it in the history. The same form
    sent twice (the same `request_key`) stores it once and gives back the stored one."""
    if measurement.request_key is not None:
        stored = Measurement.objects.filter(plan=plan, request_key=measurement.request_key).first()
        if stored is not None:
            return stored
    measurement.plan = plan
    measurement.author = user
    measurement.author_name = user.name or user.email
    _check_correctable(measurement)
    measurement.full_clean()
    try:
        with transaction.atomic():  # a savepoint: the same form sent twice at the same moment
            measurement.save()
    except IntegrityError:
        stored = Measurement.objects.filter(plan=plan, request_key=measurement.request_key).first()
        if measurement.request_key is None or stored is None:
            raise
        return stored
    # Recorded without its request key, which says nothing to a reader of the history.
    after = {k: v for k, v in snapshot(measurement).items() if k != "request_key"}
    record_change(plan=plan, user=user, obj=measurement, before=None, after=after)
    return measurement

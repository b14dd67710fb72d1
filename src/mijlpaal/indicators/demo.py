"""The demo's goal indicators: three goals of the STO plan get a unit, a nulmeting at the plan's
start, a target on the goal's target date and two measurements; two goals are on course, one
(the choice for technology) is not.

Written for the demo's day (`plans.demo.ANCHOR`) and moved by the same whole number of weeks as
every other demo date. Written through the app's services, so the history records them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from mijlpaal.indicators import services
from mijlpaal.indicators.models import Indicator, Measurement
from mijlpaal.plans.demo import STO_GOALS, STO_TITLE, d
from mijlpaal.plans.models import Goal, Membership, Plan, Role


@dataclass(frozen=True)
class MeasurementRow:
    measured_on: dt.date
    value: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class IndicatorRow:
    goal: str  # the key of the goal in `plans.demo.STO_GOALS`
    unit: str
    baseline: str
    target: str
    measurements: tuple[MeasurementRow, MeasurementRow]


# The baseline is dated on the plan's start, the target on the goal's target date.
STO_INDICATORS = (
    IndicatorRow(
        "keuze",
        "% leerlingen dat kiest voor techniek",
        "28",
        "35",
        (
            MeasurementRow(d("2025-10-01"), "29,5", "Teldatum 1 oktober, leerlingadministratie"),
            MeasurementRow(
                d("2026-10-01"),
                "30",
                "Teldatum 1 oktober, leerlingadministratie",
                "Minder groei dan gepland: de techniekdagen in leerjaar 2 vielen dit jaar uit.",
            ),
        ),
    ),
    IndicatorRow(
        "uitval",
        "% uitval in vmbo 3 techniek",
        "14",
        "9",
        (
            MeasurementRow(d("2025-09-26"), "13,4", "Uitvalcijfers schooljaar 2024–2025"),
            MeasurementRow(d("2026-09-25"), "11,2", "Uitvalcijfers schooljaar 2025–2026"),
        ),
    ),
    IndicatorRow(
        "docenten",
        "docenten geschoold",
        "6",
        "40",
        (
            MeasurementRow(d("2025-07-04"), "14", "Scholingsregistratie van de drie scholen"),
            MeasurementRow(d("2026-07-03"), "27", "Scholingsregistratie van de drie scholen"),
        ),
    ),
)


def _number(written: str) -> Decimal:
    return Decimal(written.replace(",", "."))


def _dated(measurement: Measurement) -> None:
    """Made on the day it was measured, at the end of the working day, as people enter them."""
    zone = timezone.get_default_timezone()
    made = dt.datetime.combine(measurement.measured_on, dt.time(16), tzinfo=zone)
    Measurement.objects.filter(pk=measurement.pk).update(created_at=made)


def load_demo_indicators(plan: Plan, *, shift: dt.timedelta = dt.timedelta(0)) -> int:
    """The indicators and measurements of a demo plan just built; how many indicators."""
    owner = Membership.objects.filter(plan=plan, role=Role.OWNER).select_related("user").first()
    if owner is None or plan.title != STO_TITLE:
        return 0
    descriptions = {row.key: row.description for row in STO_GOALS}
    made = 0
    for row in STO_INDICATORS:
        goal = Goal.objects.filter(plan=plan, description=descriptions[row.goal]).first()
        if goal is None or goal.target_date is None or Indicator.objects.filter(goal=goal).exists():
            continue
        indicator = services.indicator_save(
            plan=plan,
            user=owner.user,
            indicator=Indicator(
                goal=goal,
                unit=row.unit,
                baseline_value=_number(row.baseline),
                baseline_date=plan.start_date,
                target_value=_number(row.target),
                target_date=goal.target_date,
            ),
        )
        for m in row.measurements:
            measurement = services.measurement_add(
                plan=plan,
                user=owner.user,
                measurement=Measurement(
                    indicator=indicator,
                    value=_number(m.value),
                    measured_on=m.measured_on + shift,
                    source=m.source,
                    note=m.note,
                ),
            )
            _dated(measurement)
        made += 1
    return made

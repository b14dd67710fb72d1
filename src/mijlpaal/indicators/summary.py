"""A goal's progress as its pages show it: the chart, the latest measurement, on course or not.

Reads measurements already loaded (a prefetch), so a list of goals costs no query per goal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mijlpaal.indicators.forms import separators
from mijlpaal.indicators.models import Indicator, Measurement
from mijlpaal.indicators.progress import ChartWords, Point, chart_svg, format_value, on_course
from mijlpaal.plans.models import Goal


@dataclass(frozen=True)
class Progress:
    indicator: Indicator
    counting: list[Measurement]  # oldest first
    latest: Measurement | None
    on_course: bool | None  # None: nothing measured yet
    chart: SafeString

    def shown(self, value: object) -> str:
        return shown_value(value, self.indicator.unit)


def shown_value(value: object, unit: str = "") -> str:
    assert isinstance(value, Decimal)
    number = format_value(value, **separators())
    return f"{number} {unit}".strip()


def counting(measurements: Iterable[Measurement]) -> list[Measurement]:
    """The measurements no other one corrects, oldest first."""
    rows = list(measurements)
    corrected = {m.corrects_id for m in rows if m.corrects_id is not None}
    kept = [m for m in rows if m.pk not in corrected]
    return sorted(kept, key=lambda m: (m.measured_on, m.created_at, m.pk))


def indicator_of(goal: Goal) -> Indicator | None:
    try:
        return goal.indicator_detail
    except ObjectDoesNotExist:
        return None


def progress_of(
    indicator: Indicator, measurements: Iterable[Measurement], *, chart: bool = True
) -> Progress:
    """The progress; `chart=False` skips drawing the chart."""
    kept = counting(measurements)
    baseline = Point(indicator.baseline_date, indicator.baseline_value)
    target = Point(indicator.target_date, indicator.target_value)
    points = [Point(m.measured_on, m.value) for m in kept]
    latest = kept[-1] if kept else None
    course = on_course(baseline, target, points[-1]) if points else None
    status = "" if course is None else _("on course") if course else _("not on course")
    title = _("%(goal)s: from %(baseline)s to %(target)s") % {
        "goal": indicator.goal.indicator or str(indicator.goal),
        "baseline": shown_value(indicator.baseline_value, indicator.unit),
        "target": shown_value(indicator.target_value, indicator.unit),
    }
    words = ChartWords(
        title=f"{title}. {status}".strip(" ."),
        course=_("The course from the baseline to the target"),
        **separators(),
    )
    drawn = chart_svg(baseline, target, points, words) if chart else ""
    return Progress(indicator, kept, latest, course, mark_safe(drawn))  # the chart escapes its text

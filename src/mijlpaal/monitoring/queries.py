"""What the progress pages read: the plan's rows, its logbook and its schedule, loaded once.

A fixed number of queries whatever the size of the plan: the dashboard of a plan with 300
milestones and 3,000 entries costs what the dashboard of a small one costs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mijlpaal import clock
from mijlpaal.i18n import current_language
from mijlpaal.monitoring.models import NEWEST_FIRST, Entry, Target
from mijlpaal.monitoring.status import PlanStatus, derive, effective, latest
from mijlpaal.planning.text import format_date, quoted
from mijlpaal.plans.models import Activity, Dependency, Milestone, Plan, Workstream
from mijlpaal.plans.scheduling import PlanSchedule, compute_schedule, page_schedule, run_engine

# How many delayed milestones get their own "what moves" analysis: one engine run each.
MAX_EFFECT_CAUSES = 10


@dataclass
class Progress:
    plan: Plan
    today: dt.date
    milestones: list[Milestone]
    activities: list[Activity]
    workstreams: list[Workstream]
    dependencies: list[Dependency]
    entries: list[Entry]  # the whole logbook, newest first (`logbook=False`: the latest only)
    forecasts: dict[int, dt.date]
    schedule: PlanSchedule
    status: PlanStatus


def forecasts_from(entries: Sequence[Entry]) -> dict[int, dt.date]:
    """Each milestone's forecast: the one its latest status update gives (none when it gives
    none)."""
    return _forecasts(latest(effective(entries)))


def _forecasts(last: Mapping[tuple[str, int | None], Entry]) -> dict[int, dt.date]:
    return {
        key[1]: entry.forecast
        for key, entry in last.items()
        if key[0] == "milestone" and key[1] is not None and entry.forecast is not None
    }


def latest_counting(plan: Plan) -> list[Entry]:
    """Each subject's latest status update that still counts (one query): what the lights and
    the forecasts need, without loading the whole logbook."""
    newest = Window(
        RowNumber(),
        partition_by=[F("target"), F("milestone"), F("activity"), F("workstream")],
        order_by=[F(name[1:]).desc() for name in NEWEST_FIRST],
    )
    return list(
        Entry.objects.filter(plan=plan)
        .counting()
        .defer("answers")
        .annotate(newest=newest)
        .filter(newest=1)
    )


def load_forecasts(plan: Plan) -> dict[int, dt.date]:
    """Each milestone's forecast date: the one its latest status update gives (one query).

    The database form of `forecasts_from`: a corrected entry no longer counts, its correction
    does, and an update without a forecast date takes the forecast back.
    """
    latest = Entry.objects.filter(milestone=OuterRef("pk"), target=Target.MILESTONE).counting()
    rows = (
        Milestone.objects.filter(plan=plan, reached_on__isnull=True)
        .annotate(expected=Subquery(latest.values("forecast")[:1]))
        .filter(expected__isnull=False)
        .values_list("pk", "expected")
    )
    return dict(rows)


def plan_schedule(plan: Plan, *, today: dt.date | None = None) -> PlanSchedule:
    """The plan's schedule as every page shows it: with the forecasts of its status updates."""
    return compute_schedule(plan, today=today, forecasts=load_forecasts(plan))


def load_progress(plan: Plan, *, today: dt.date | None = None, logbook: bool = True) -> Progress:
    """Five queries: milestones, activities, workstreams, dependencies and the logbook; without
    the `logbook` only each subject's latest counting update (the lights and forecasts)."""
    today = today or clock.today()
    milestones = list(
        Milestone.objects.filter(plan=plan).select_related("workstream").order_by("order", "id")
    )
    activities = list(
        Activity.objects.filter(plan=plan).select_related("workstream").order_by("order", "id")
    )
    workstreams = list(Workstream.objects.filter(plan=plan).order_by("order", "id"))
    dependencies = list(Dependency.objects.filter(plan=plan))
    if logbook:
        entries = list(Entry.objects.filter(plan=plan).defer("answers").order_by(*NEWEST_FIRST))
        last = latest(effective(entries))
    else:
        entries = latest_counting(plan)
        last = latest(entries)
    forecasts = _forecasts(last)
    result = run_engine(
        plan, milestones, activities, dependencies, today=today, forecasts=forecasts
    )
    schedule = page_schedule(plan, milestones, activities, result)
    under_way = {
        ("milestone", pk) for pk, d in schedule.milestones.items() if d.start and d.start <= today
    }
    under_way |= {
        ("activity", pk) for pk, d in schedule.activities.items() if d.start and d.start <= today
    }
    status = derive(
        plan,
        milestones,
        activities,
        workstreams,
        entries,
        today=today,
        under_way=under_way,
        latest_entries=last,
    )
    return Progress(
        plan,
        today,
        milestones,
        activities,
        workstreams,
        dependencies,
        entries,
        forecasts,
        schedule,
        status,
    )


NUMBER_WORDS = {
    "nl": (
        "nul",
        "één",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
    ),
    "en": (
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ),
}


def _span(days: int, language: str) -> str:
    """`drie weken`, `10 dagen`: whole weeks as weeks, small numbers in words."""
    words = NUMBER_WORDS.get(language, NUMBER_WORDS["en"])
    if days % 7 == 0:
        n = days // 7
        count = words[n] if n < len(words) else str(n)
        return ngettext("%(count)s week", "%(count)s weeks", n) % {"count": count}
    count = words[days] if days < len(words) else str(days)
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": count}


@dataclass(frozen=True)
class Effect:
    """What one milestone's forecast does to the plan, in plain language."""

    milestone: Milestone
    delay_days: int
    lines: tuple[str, ...]


def forecast_effects(progress: Progress) -> list[Effect]:
    """For each milestone expected later than planned: which milestones move, and which miss their
    deadline.

    The plan without any forecast is the reference; each delayed milestone is then put alone at its
    forecast date, so each line names the delay that causes it.
    """
    language = current_language()
    p = progress
    base = run_engine(
        p.plan, p.milestones, p.activities, p.dependencies, today=p.today, forecasts={}
    )
    by_pk = {m.pk: m for m in p.milestones}
    delayed: list[tuple[int, Milestone, dt.date]] = []
    for pk, forecast in p.forecasts.items():
        m = by_pk.get(pk)
        planned = base.items.get(f"m{pk}")
        finish = planned.finish if planned is not None else None
        if m is None or m.reached_on or finish is None or forecast <= finish:
            continue
        delayed.append(((forecast - finish).days, m, forecast))
    delayed.sort(key=lambda row: (-row[0], row[1].order, row[1].pk))
    effects: list[Effect] = []
    for days, cause, forecast in delayed[:MAX_EFFECT_CAUSES]:
        lines = [
            _("%(item)s is now expected on %(date)s, %(span)s later than planned.")
            % {
                "item": quoted(cause.title),
                "date": format_date(forecast, language),
                "span": _span(days, language),
            }
        ]
        if cause.deadline and forecast > cause.deadline:
            lines.append(
                _("%(item)s no longer makes its deadline of %(date)s.")
                % {"item": quoted(cause.title), "date": format_date(cause.deadline, language)}
            )
        alone = run_engine(
            p.plan,
            p.milestones,
            p.activities,
            p.dependencies,
            today=p.today,
            forecasts={cause.pk: forecast},
        )
        for m in p.milestones:
            if m.pk == cause.pk or m.reached_on:
                continue
            before, after = base.items.get(f"m{m.pk}"), alone.items.get(f"m{m.pk}")
            was, now = (before.finish if before else None), (after.finish if after else None)
            if was is None or now is None or now <= was:
                continue
            moved = (now - was).days
            line = _("Because %(cause)s is delayed, %(item)s moves %(span)s.") % {
                "cause": quoted(cause.title),
                "item": quoted(m.title),
                "span": _span(moved, language),
            }
            if m.deadline and now > m.deadline >= was:
                line += " " + _("%(item)s no longer makes its deadline of %(date)s.") % {
                    "item": quoted(m.title),
                    "date": format_date(m.deadline, language),
                }
            lines.append(line)
        effects.append(Effect(cause, days, tuple(lines)))
    return effects

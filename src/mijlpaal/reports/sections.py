"""The sections of a report, each drafted from the plan's facts.

`SECTION_BUILDERS` is the report in order. Each builder takes the facts and gives a `Section`
with its generated text and tables. The budget ("Begroting en uren") has its own module,
`reports/budget_section.py`, and goes before the lessons.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mijlpaal.indicators.summary import progress_of, shown_value
from mijlpaal.monitoring.models import Light
from mijlpaal.monitoring.status import LATE, LIGHT_LABELS, NONE, SHOWN_ORDER, effective
from mijlpaal.plans.models import Milestone
from mijlpaal.reports.budget_section import budget_section
from mijlpaal.reports.draft import Section, Table
from mijlpaal.reports.facts import Facts, day_text

# The reflection questions whose answers are the lessons (monitoring/evaluations.py: what went
# well and what could be better; the lessons taken to the next phase).
LESSON_QUESTIONS = (0, 1)


def _shift(days: int | None) -> str:
    if days is None:
        return "—"
    return f"+{days}" if days > 0 else f"−{-days}" if days < 0 else "0"


def goals_section(facts: Facts) -> Section:
    """Per goal its indicator: the nulmeting, the latest measurement in the period, the target,
    and whether it is on course."""
    rows: list[list[str]] = []
    on, off, unmeasured = 0, 0, 0
    for goal in facts.goals:
        indicator = facts.indicators.get(goal.pk)
        if indicator is None:
            rows.append([str(goal), goal.indicator or "—", "—", "—", "—", _("no indicator")])
            continue
        measured = [m for m in indicator.measurements.all() if m.measured_on <= facts.end]
        progress = progress_of(indicator, measured, chart=False)
        latest = progress.latest
        course = progress.on_course
        on, off = on + (course is True), off + (course is False)
        unmeasured += course is None
        rows.append(
            [
                str(goal),
                goal.indicator or "—",
                f"{progress.shown(indicator.baseline_value)} ({day_text(indicator.baseline_date)})",
                f"{progress.shown(latest.value)} ({day_text(latest.measured_on)})"
                if latest
                else "—",
                f"{shown_value(indicator.target_value, indicator.unit)} "
                f"({day_text(indicator.target_date)})",
                _("on course")
                if course
                else _("not on course")
                if course is False
                else _("not measured yet"),
            ]
        )
    text = _(
        "Of the %(n)s goals with an indicator, %(on)s are on course and %(off)s are not; "
        "%(none)s have no measurement yet."
    ) % {"n": on + off + unmeasured, "on": on, "off": off, "none": unmeasured}
    heads = [_("Goal"), _("Indicator"), _("Baseline measurement"), _("Latest measurement")]
    heads.append(_("Target value"))
    return Section(
        key="goals",
        title=_("Goals and indicators"),
        generated=text,
        tables=[Table(heads=[*heads, _("Course")], rows=rows)],
        empty=_("The plan has no goals."),
    )


def _milestone_tables(facts: Facts) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    calendar, ref = facts.calendar, facts.ref
    schedule = facts.progress.schedule.milestones

    def shift(m: Milestone, current: dt.date | None) -> str:
        if facts.baseline is None:
            return "—"
        before = facts.baseline_finish.get(m.pk)
        if before is None or current is None:
            return "—"
        return _shift(calendar.working_days_between(before, current))

    reached, late, coming = [], [], []
    for m in facts.progress.milestones:
        dates = schedule.get(m.pk)
        finish = dates.finish if dates else None
        if m.reached_on is not None and facts.start <= m.reached_on <= ref:
            overdue = (
                calendar.working_days_between(m.deadline, m.reached_on)
                if m.deadline and m.reached_on > m.deadline
                else 0
            )
            reached_on = day_text(m.reached_on)
            reached.append(
                [m.label, day_text(m.deadline), reached_on, str(overdue), shift(m, m.reached_on)]
            )
        elif (
            m.deadline is not None
            and m.deadline < ref
            and (m.reached_on is None or m.reached_on > ref)
        ):
            days = calendar.working_days_between(m.deadline, ref)
            late.append([m.label, day_text(m.deadline), str(days), shift(m, finish)])
        elif (
            m.deadline is not None
            and m.reached_on is None
            and max(facts.start, ref) <= m.deadline <= facts.end
        ):
            coming.append([m.label, day_text(m.deadline), day_text(finish), shift(m, finish)])
    return reached, late, coming


def milestones_section(facts: Facts) -> Section:
    """Milestones reached in the period, late (by how many working days) and still to come in
    it, each with its shift in working days against the latest baseline taken before the
    period."""
    reached, late, coming = _milestone_tables(facts)
    after = sum(1 for r in reached if r[3] != "0")
    parts = [
        ngettext(
            "In this period %(n)s milestone was reached (%(late)s after its deadline).",
            "In this period %(n)s milestones were reached (%(late)s after their deadline).",
            len(reached),
        )
        % {"n": len(reached), "late": after},
        ngettext("%(n)s milestone is late.", "%(n)s milestones are late.", len(late))
        % {"n": len(late)},
        ngettext(
            "%(n)s milestone is still due in the period.",
            "%(n)s milestones are still due in the period.",
            len(coming),
        )
        % {"n": len(coming)},
    ]
    if facts.baseline is not None:
        parts.append(
            _("Shifts are in working days against the baseline “%(name)s” of %(date)s.")
            % {"name": facts.baseline.name, "date": day_text(facts.baseline.taken_on)}
        )
    else:
        parts.append(_("No baseline was taken before the period, so no shifts are shown."))
    shift = _("Shift (working days)")
    return Section(
        key="milestones",
        title=_("Milestones"),
        generated=" ".join(parts),
        tables=[
            Table(
                [_("Milestone"), _("Deadline"), _("Reached on"), _("Working days late"), shift],
                reached,
                caption=_("Reached"),
                numeric=[3, 4],
            ),
            Table(
                [_("Milestone"), _("Deadline"), _("Working days late"), shift],
                late,
                caption=_("Late"),
                numeric=[2, 3],
            ),
            Table(
                [_("Milestone"), _("Deadline"), _("Expected"), shift],
                coming,
                caption=_("Coming in the period"),
                numeric=[3],
            ),
        ],
        empty=_("No milestones in this period."),
    )


def lights_section(facts: Facts) -> Section:
    """How many milestones show each light, and the orange, red and late ones with their
    toelichting."""
    status = facts.progress.status
    counts = Counter(status.milestones[m.pk].shown for m in facts.progress.milestones)
    totals = [[str(LIGHT_LABELS[light]), str(counts.get(light, 0))] for light in SHOWN_ORDER]
    worrying = []
    for rows, statuses in (
        (facts.progress.milestones, status.milestones),
        (facts.progress.activities, status.activities),
    ):
        for row in rows:
            item = statuses[row.pk]
            if item.shown in {Light.ORANGE, Light.RED, LATE}:
                label = row.label if isinstance(row, Milestone) else row.title
                entry = item.entry
                worrying.append(
                    [
                        label,
                        str(LIGHT_LABELS[item.shown]),
                        day_text(entry.reported_on) if entry else "—",
                        entry.explanation.strip() if entry else "",
                    ]
                )
    text = _(
        "Of the %(n)s milestones, %(green)s are green, %(orange)s orange, %(red)s red, %(late)s "
        "late and %(reached)s reached; %(none)s have no update yet (as of %(date)s)."
    ) % {
        "n": len(facts.progress.milestones),
        "green": counts.get(Light.GREEN, 0),
        "orange": counts.get(Light.ORANGE, 0),
        "red": counts.get(Light.RED, 0),
        "late": counts.get(LATE, 0),
        "reached": counts.get(Light.REACHED, 0),
        "none": counts.get(NONE, 0),
        "date": day_text(facts.today),
    }
    return Section(
        key="lights",
        title=_("Traffic lights"),
        generated=text,
        tables=[
            Table([_("Light"), _("Milestones")], totals, caption=_("Count"), numeric=[1]),
            Table(
                [_("Item"), _("Light"), _("Update of"), _("Explanation (toelichting)")],
                worrying,
                caption=_("Orange, red and late"),
            ),
        ],
    )


def _problem_rows(facts: Facts) -> list[list[str]]:
    """One row per item and knelpunt: the same problem and measure reported again and again
    (each status update repeats them while they last) is one row, with its first and last day."""
    seen: dict[tuple[str, str, str], list[dt.date]] = {}
    for e in reversed(effective(facts.progress.entries)):  # oldest first
        problems, measures = e.problems.strip(), e.measures.strip()
        if facts.in_period(e.reported_on) and (problems or measures):
            days = seen.setdefault((e.subject, problems, measures), [e.reported_on, e.reported_on])
            days[1] = e.reported_on
    rows = []
    for (subject, problems, measures), (first, last) in seen.items():
        when = day_text(first) if first == last else f"{day_text(first)} – {day_text(last)}"
        rows.append([subject, when, problems or "—", measures or "—"])
    return rows


def problems_section(facts: Facts) -> Section:
    """The knelpunten and maatregelen reported in the period."""
    rows = _problem_rows(facts)
    with_measure = sum(1 for r in rows if r[3] != "—")
    text = ngettext(
        "%(n)s problem or measure was reported in the period; %(m)s of them with a measure.",
        "%(n)s problems or measures were reported in the period; %(m)s of them with a measure.",
        len(rows),
    ) % {"n": len(rows), "m": with_measure}
    return Section(
        key="problems",
        title=_("Problems and measures"),
        generated=text,
        tables=[
            Table(
                [
                    _("Reported"),
                    _("About"),
                    _("Problems (knelpunten)"),
                    _("Measures (maatregelen)"),
                ],
                rows,
            )
        ],
        empty=_("No problems were reported in this period."),
    )


def decisions_section(facts: Facts) -> Section:
    """The decision documents submitted or decided in the period, and the evaluation moments."""
    documents = [
        [
            d.subject,
            str(d.version),
            d.get_state_display(),
            d.get_verdict_display() if d.verdict else "—",
            day_text(d.decided_on or d.submitted_on),
        ]
        for d in facts.documents
    ]
    held: dict[int, dt.date] = {}
    for entry in facts.evaluation_entries:
        if entry.evaluation_id is not None:
            held[entry.evaluation_id] = entry.reported_on
    evaluations = [
        [e.title, e.get_kind_display(), day_text(e.planned_on), day_text(held.get(e.pk))]
        for e in facts.evaluations
    ]
    text = " ".join(
        [
            ngettext(
                "In this period %(n)s decision document was submitted or decided.",
                "In this period %(n)s decision documents were submitted or decided.",
                len(documents),
            )
            % {"n": len(documents)},
            ngettext(
                "%(n)s evaluation moment was planned, of which %(h)s held.",
                "%(n)s evaluation moments were planned, of which %(h)s held.",
                len(evaluations),
            )
            % {"n": len(evaluations), "h": sum(1 for e in facts.evaluations if e.pk in held)},
        ]
    )
    return Section(
        key="decisions",
        title=_("Decisions and evaluations"),
        generated=text,
        tables=[
            Table(
                [_("About"), _("Version"), _("State"), _("Decision"), _("Date")],
                documents,
                caption=_("Decisions"),
                numeric=[1],
            ),
            Table(
                [_("Evaluation"), _("Kind"), _("Planned on"), _("Held on")],
                evaluations,
                caption=_("Evaluations"),
            ),
        ],
    )


def lessons_section(facts: Facts) -> Section:
    """The lessons the evaluations of the period wrote down."""
    lines: list[str] = []
    for entry in facts.evaluation_entries:
        questions = (entry.answers or {}).get("questions", [])
        answers = [
            str(questions[i].get("answer", "")).strip()
            for i in LESSON_QUESTIONS
            if i < len(questions)
        ]
        said = " ".join(a for a in answers if a)
        if said:
            lines.append(f"{entry.subject} ({day_text(entry.reported_on)}): {said}")
    text = "\n\n".join(lines) or _("No evaluation in this period wrote down lessons.")
    return Section(key="lessons", title=_("Lessons from the evaluations"), generated=text)


SectionBuilder = Callable[[Facts], Section]

# The report in order. "Begroting en uren" (the budget) goes before the lessons.
SECTION_BUILDERS: list[SectionBuilder] = [
    goals_section,
    milestones_section,
    lights_section,
    problems_section,
    decisions_section,
    budget_section,
    lessons_section,
]

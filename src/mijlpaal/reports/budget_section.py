"""The report's "Begroting en uren": money and hours planned and realised in the report's period,
per workstream and per party, and the budget's warnings, all from `budget.summary.plan_budget`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mijlpaal.budget.money import euros, hours
from mijlpaal.budget.summary import Row, plan_budget
from mijlpaal.i18n import current_language
from mijlpaal.reports.draft import Section, Table
from mijlpaal.reports.facts import Facts


@dataclass
class _Window:
    start_date: dt.date
    end_date: dt.date


def _table(rows: list[Row], first: str, language: str) -> Table:
    return Table(
        heads=[first, _("Planned"), _("Realised"), _("Hours planned"), _("Hours realised")],
        rows=[
            [
                row.name,
                euros(row.totals.planned, language),
                euros(row.totals.realised, language),
                hours(row.totals.planned_hours, language),
                hours(row.totals.realised_hours, language),
            ]
            for row in rows
            if any((row.totals.planned, row.totals.realised, row.totals.planned_hours))
            or row.totals.realised_hours
        ],
        numeric=[1, 2, 3, 4],
    )


def budget_section(facts: Facts) -> Section:
    """What the period cost against what was planned for it, and what the budget warns about."""
    language = current_language()
    summary = plan_budget(facts.plan, _Window(facts.start, facts.end), today=facts.ref)
    title = _("Budget and hours")
    if not summary.lines and not summary.spendings:
        return Section(key="budget", title=title, generated=_("The plan has no budget yet."))
    total = summary.total
    lines = [
        _(
            "In this period %(realised)s was spent against %(planned)s planned, and "
            "%(realised_hours)s hours were worked against %(planned_hours)s planned."
        )
        % {
            "realised": euros(total.realised, language),
            "planned": euros(total.planned, language),
            "realised_hours": hours(total.realised_hours, language),
            "planned_hours": hours(total.planned_hours, language),
        }
    ]
    lines += [warning.text for warning in summary.warnings]
    return Section(
        key="budget",
        title=title,
        generated="\n\n".join(lines),
        tables=[
            _table(summary.workstreams, _("Workstream"), language),
            _table(summary.parties, _("Party"), language),
        ],
    )

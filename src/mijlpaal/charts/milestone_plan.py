"""The milestone plan page (mijlpalenplan): the plan's rows loaded, the table built and filtered.

The table's rows are the workbook's Mijlpalenplan rows (`charts.table`); the page adds its filters
and shows the roles in the interface language (VERI letters, or RACI in English).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from mijlpaal import clock
from mijlpaal.charts.table import (
    PeriodKind,
    Roles,
    TableFilter,
    filtered,
    periods,
    table_groups,
    years,
)
from mijlpaal.i18n import current_language
from mijlpaal.monitoring.queries import load_progress
from mijlpaal.monitoring.status import LIGHT_LABELS, SHOWN_ORDER
from mijlpaal.plans.models import Goal, Party, Plan
from mijlpaal.responsibilities.queries import display_letters, roles_for_plan


def milestone_plan_context(
    plan: Plan, period_kind: PeriodKind, selected: TableFilter
) -> dict[str, Any]:
    """What the page shows: a fixed number of queries, whatever the size of the plan.

    The rows, the logbook and the schedule are loaded once (`load_progress`); each row shows its
    milestone's light as the progress pages derive it.
    """
    today = clock.today()
    progress = load_progress(plan, today=today)
    workstreams = progress.workstreams
    parties = list(Party.objects.filter(plan=plan))
    columns = periods(plan.start_date.year, plan.end_date.year, period_kind)
    groups = table_groups(
        workstreams,
        progress.milestones,
        progress.schedule,
        _roles(plan),
        columns,
        today,
        lights={pk: status.shown for pk, status in progress.status.milestones.items()},
    )
    party_name = next((p.name for p in parties if p.pk == selected.party), None)
    return {
        "groups": filtered(groups, selected, party_name),
        "columns": columns,
        "years": years(columns),
        "total_columns": len(columns) + 3,  # and the number, the title and the roles
        "period_kind": period_kind,
        "selected": asdict(selected),
        "filtered": selected.active,
        "workstreams": workstreams,
        "goals": list(Goal.objects.filter(plan=plan).order_by("order", "id")),
        "parties": parties,
        "today": today,
        "light_legend": [(light, LIGHT_LABELS[light]) for light in SHOWN_ORDER],
    }


def _roles(plan: Plan) -> Roles:
    """Each row's parties with their VERI letters (RACI letters in English)."""
    language = current_language()
    return {
        key: [(name, display_letters(letters, language)) for name, letters in value]
        for key, value in roles_for_plan(plan).items()
    }

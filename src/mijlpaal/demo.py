"""The demo, loaded in one go: the plans, then what the other apps add to each new plan.

Each app's demo module knows its own app and the apps below it; this module sits on top and calls
them in order: the plans and accounts (`plans.demo`), their VERI matrices
(`responsibilities.demo`), then a year of logbook entries and the evaluation moments
(`monitoring.demo`), then the project roles and decisions (`decisions.demo`), then the goals'
indicators and measurements (`indicators.demo`), the begroting and a year of realised hours and
costs (`budget.demo`), then the progress reports (`reports.demo`), and last the programme
office's organisation (`portfolio.demo`). All in one transaction, and idempotent: a plan that
exists is left alone.

The story is written for one day (`plans.demo.ANCHOR`) and told in the current week: every date
moves by the same whole number of weeks, so a newcomer sees the same lights, late and stale items
any month. Only the school holidays stay put: a shifted deadline may land in one and be flagged.
"""

from __future__ import annotations

from django.db import transaction

from mijlpaal import clock
from mijlpaal.budget.demo import load_demo_budget
from mijlpaal.decisions.demo import load_demo_decisions
from mijlpaal.indicators.demo import load_demo_indicators
from mijlpaal.monitoring.demo import load_demo_log
from mijlpaal.plans.demo import OKE_TITLE, STO_TITLE, DemoResult, Writer, load_demo_plans, shift_for
from mijlpaal.portfolio.demo import load_demo_portfolio
from mijlpaal.reports.demo import load_demo_reports
from mijlpaal.responsibilities.demo import load_demo_assignments

__all__ = ["OKE_TITLE", "STO_TITLE", "DemoResult", "load_demo"]


def load_demo(*, stdout: Writer | None = None) -> DemoResult:
    """Create the demo accounts and plans that do not exist yet; print how to log in."""
    shift = shift_for(clock.today())
    with transaction.atomic():
        result = load_demo_plans(shift=shift)
        for plan in result.built:
            load_demo_assignments(plan)  # the VERI matrix
            load_demo_log(plan, shift=shift)  # a year of status updates
            load_demo_decisions(plan, shift=shift)  # project roles and go/no-go decisions
            load_demo_indicators(plan, shift=shift)  # goal indicators and their measurements
            load_demo_budget(plan, shift=shift)  # the begroting and a year of hours and costs
            load_demo_reports(plan, shift=shift)  # a submitted progress report and a concept
        # The programme office following these plans and three generated regional ones.
        load_demo_portfolio(result.user, result.plans, shift=shift)
    if stdout is not None:
        stdout.write(result.report())
    return result

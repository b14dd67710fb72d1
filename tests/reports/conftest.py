"""A plan with a reporting period, a reached and a late milestone, a baseline taken before the
period, an indicator, a problem with a measure, a decision and an evaluation with lessons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest

from mijlpaal.decisions.baselines import baseline_take
from mijlpaal.decisions.roles import roles_set
from mijlpaal.indicators.models import Indicator, Measurement
from mijlpaal.monitoring.evaluations import evaluation_answer
from mijlpaal.monitoring.models import Evaluation
from mijlpaal.plans.models import Milestone, Party, ReportingPeriod
from tests.helpers import Actors, SamplePlan, report, saved


@dataclass
class Reportable:
    sample: SamplePlan
    period: ReportingPeriod  # Voortgangsrapportage 2025–2026
    later: ReportingPeriod  # Voortgangsrapportage 2027–2028
    reached: Milestone
    leader: Party


@pytest.fixture
def reportable(sample: SamplePlan, actors: Actors, travel: Callable[[dt.date], None]) -> Reportable:
    plan, owner = sample.plan, actors.owner
    period = saved(
        plan,
        owner,
        ReportingPeriod(
            name="Voortgangsrapportage 2025–2026",
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2026, 7, 31),
            due_date=dt.date(2026, 10, 1),
        ),
    )
    later = saved(
        plan,
        owner,
        ReportingPeriod(
            name="Voortgangsrapportage 2027–2028",
            start_date=dt.date(2026, 8, 1),
            end_date=dt.date(2028, 7, 31),
            due_date=dt.date(2026, 12, 29),
        ),
    )
    reached = saved(
        plan,
        owner,
        Milestone(
            workstream=sample.workstream,
            goal=sample.goal,
            title="Nulmeting uitval vmbo 3",
            deadline=dt.date(2025, 4, 11),
            lead_time="6w",
        ),
    )
    travel(dt.date(2024, 12, 16))
    baseline_take(plan=plan, user=owner, name="Vastgesteld plan")
    travel(dt.date(2025, 4, 18))
    report(plan, actors.editor, reached, "2025-04-18", "reached", reached_on=dt.date(2025, 4, 18))
    travel(dt.date(2025, 11, 3))
    report(
        plan,
        actors.editor,
        sample.milestone,
        "2025-11-03",
        "orange",
        explanation="De leverancier van de brillen is laat.",
        problems="Brillen pas in januari geleverd",
        measures="Lessen met tablets in plaats van brillen",
    )
    evaluation = Evaluation.objects.create(
        plan=plan, title="Tussenevaluatie 2025", planned_on=dt.date(2025, 11, 10)
    )
    travel(dt.date(2025, 11, 10))
    evaluation_answer(
        plan=plan,
        user=owner,
        evaluation=evaluation,
        answers=[
            "Samenwerking met bedrijven ging goed",
            "Eerder leveranciers vastleggen",
            "",
            "",
            "",
        ],
        done=[False] * 5,
    )
    travel(dt.date(2026, 12, 1))
    indicator = Indicator.objects.create(
        plan=plan,
        goal=sample.goal,
        unit="%",
        baseline_value=Decimal("12"),
        baseline_date=dt.date(2025, 1, 1),
        target_value=Decimal("7"),
        target_date=dt.date(2028, 7, 31),
    )
    Measurement.objects.create(
        plan=plan, indicator=indicator, value=Decimal("11.5"), measured_on=dt.date(2026, 6, 1)
    )
    leader = saved(
        plan,
        owner,
        Party(name="Pim Projectleider", kind="person", email="pim@rivierenland.example"),
    )
    roles_set(plan=plan, user=owner, commissioner=None, project_leader=leader, steering=[])
    return Reportable(sample, period, later, reached, leader)

"""A known plan for the charts: two workstreams, one milestone of each kind of state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from mijlpaal.plans import services
from mijlpaal.plans.models import Milestone, Workstream
from tests.charts.helpers import TODAY, KnownPlan
from tests.helpers import SamplePlan


@pytest.fixture
def today(travel: Callable[[dt.date], None]) -> dt.date:
    travel(TODAY)
    return TODAY


@pytest.fixture
def known(sample: SamplePlan, today: dt.date) -> KnownPlan:
    """The sample plan (XR milestone 3m before 19 Dec 2025, then XR everywhere by 30 Jun 2026) plus:

    - a reached milestone in the first workstream;
    - a second workstream with a late milestone (1 Oct 2025, not reached) and one in 2027;
    - "XR in alle techniekprofielen" waits for "XR-lesmateriaal ontwikkeld".
    """
    plan, owner = sample.plan, sample.plan.memberships.get(role="owner").user
    reached = services.item_save(
        plan=plan,
        user=owner,
        instance=Milestone(
            workstream=sample.workstream,
            title="Eerste XR-lessen gegeven",
            deadline=dt.date(2025, 6, 27),
            lead_time="2m",
            reached_on=dt.date(2025, 6, 20),
        ),
    )
    industry = services.item_save(
        plan=plan, user=owner, instance=Workstream(name="Samenwerking bedrijfsleven")
    )
    late = services.item_save(
        plan=plan,
        user=owner,
        instance=Milestone(
            workstream=industry,
            title="Convenant met de werkgevers getekend",
            deadline=dt.date(2025, 10, 1),
            lead_time="6w",
        ),
    )
    internships = services.item_save(
        plan=plan,
        user=owner,
        instance=Milestone(
            workstream=industry,
            title="Stageplaatsen 2027–2028 gevonden",
            deadline=dt.date(2027, 3, 31),
            lead_time="6m",
        ),
    )
    services.dependency_create(
        plan=plan,
        user=owner,
        predecessor=sample.milestone,
        successor=sample.second_milestone,
        type="FS",
        lag="0d",
    )
    return KnownPlan(sample, reached, industry, late, internships)

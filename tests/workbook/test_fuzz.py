"""Fuzz the web import with hypothesis (issue 15.1): no 500, no partial write, bounded time.

CI-sized here; bench/fuzz_workbook.py (`make bench`) runs the same cases ten thousand times.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import Actors, SamplePlan, client_for
from tests.workbook.fuzz import make_case, run_case
from tests.workbook.helpers import add_roles, export_bytes

BASE: dict[int, bytes] = {}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rng=st.randoms(use_true_random=False))
def test_the_import_survives_any_file(
    sample: SamplePlan, actors: Actors, rng: random.Random
) -> None:
    # The same export for every example, although a confirmed case changes the plan.
    if sample.plan.pk not in BASE:
        add_roles(sample, actors)
        BASE.clear()
        BASE[sample.plan.pk] = export_bytes(sample.plan)
    case = make_case(BASE[sample.plan.pk], rng)
    run_case(client_for(actors.owner), sample.plan, case)

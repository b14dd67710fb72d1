"""Property-based tests of the API against its own OpenAPI description (schemathesis): requests
made from the schema, with a member's read-and-write token, through the WSGI app in this process.
Every answer must be documented, match its schema, and never be a server error. CI-sized: a few
examples per operation, a fixed seed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from mijlpaal.api.schemas import MAX_ID
from mijlpaal.api.services import api_token_create
from mijlpaal.plans.models import ReportingPeriod
from mijlpaal.reports.models import Report
from tests.helpers import Actors, SamplePlan

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# The token is sent with every request below, so the Authorization header is no parameter to
# vary; unknown query parameters are ignored, as by most web APIs.
schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)

# The sample plan of the test being run and its report: most generated plan (and report) ids are
# turned into them, so the requests reach the plan's content and not only its 404.
CURRENT: dict[str, int] = {}


@schema.hook
def map_path_parameters(context: Any, path_parameters: dict[str, Any]) -> dict[str, Any]:
    mapped = dict(path_parameters or {})
    for name in ("plan_id", "report_id"):
        found = mapped.get(name)
        # Invalid ones stay invalid; one in four valid ones stays one that is not there.
        if isinstance(found, int) and 1 <= found <= MAX_ID and found % 4 and name in CURRENT:
            mapped[name] = CURRENT[name]
    return mapped if path_parameters else path_parameters


@pytest.fixture
def token(sample: SamplePlan, actors: Actors) -> Iterator[str]:
    CURRENT["plan_id"] = sample.plan.pk
    period = ReportingPeriod.objects.create(
        plan=sample.plan,
        name="Voortgangsrapportage 2025–2026",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 7, 31),
        due_date=dt.date(2026, 10, 1),
    )
    CURRENT["report_id"] = Report.objects.create(plan=sample.plan, period=period).pk
    # Django closes the database connection after each request; inside the test's transaction
    # that would close the test's own. Its test client keeps it open the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield api_token_create(user=actors.contributor, name="schemathesis", scope="write")[1]
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case: Any, token: str) -> None:
    # A status update valid by the schema may still break a rule of the web form (orange without
    # a problem, a date reached after the status date): 422 with the message is right there.
    excluded = [positive_data_acceptance] if case.method == "POST" else []
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded)

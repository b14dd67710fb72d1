"""The API's reports and budget: the list of report versions, one report as sent or as drafted
today, the budget summary with amounts as decimal strings, membership and query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mijlpaal.plans.models import Goal, Milestone
from mijlpaal.reports import services
from mijlpaal.reports.models import Report
from tests.api.test_api import Api, token_for
from tests.budget.helpers import budgeted
from tests.helpers import Actors, SamplePlan, build_plan, saved
from tests.reports.conftest import Reportable


def versions(reportable: Reportable, actors: Actors) -> tuple[Report, Report, Report]:
    """The period's report submitted with the project leader's text on the goals (v1) and
    reopened (v2, concept), and the eindverslag in concept."""
    plan, period, editor = reportable.sample.plan, reportable.period, actors.editor
    services.report_save(plan=plan, user=editor, period=period, texts={"goals": "Op weg."})
    sent = services.report_submit(plan=plan, user=editor, period=period)
    reopened = services.report_reopen(plan=plan, user=editor, period=period)
    final = services.report_save(plan=plan, user=editor, period=None, texts={})
    return sent, reopened, final


def test_the_reports_of_a_plan_every_version(reportable: Reportable, actors: Actors) -> None:
    sent, reopened, final = versions(reportable, actors)
    plan, period = reportable.sample.plan, reportable.period
    body = Api(token_for(actors.viewer), "en").get(f"/plans/{plan.pk}/reports").json()
    assert (body["count"], body["limit"], body["offset"]) == (3, 100, 0)
    assert body["items"] == [
        {
            "id": reopened.pk,
            "period_id": period.pk,
            "title": "Voortgangsrapportage 2025–2026",
            "start": "2025-01-01",
            "end": "2026-07-31",
            "version": 2,
            "state": "concept",
            "submitted_on": None,
            "submitted_by": None,
        },
        {
            "id": sent.pk,
            "period_id": period.pk,
            "title": "Voortgangsrapportage 2025–2026",
            "start": "2025-01-01",
            "end": "2026-07-31",
            "version": 1,
            "state": "ingediend",
            "submitted_on": "2026-12-01",
            "submitted_by": "Eddy Editor",
        },
        {
            "id": final.pk,
            "period_id": None,
            "title": "Final report",
            "start": "2025-01-01",
            "end": "2028-12-31",
            "version": 1,
            "state": "concept",
            "submitted_on": None,
            "submitted_by": None,
        },
    ]
    page = Api(token_for(actors.viewer)).get(f"/plans/{plan.pk}/reports?limit=1&offset=2").json()
    assert [(r["title"], r["version"]) for r in page["items"]] == [("Eindverslag", 1)]


def goals_section(body: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in body["sections"] if s["key"] == "goals")


def test_a_submitted_report_reads_as_sent_a_concept_as_the_plan_reads_today(
    reportable: Reportable, actors: Actors
) -> None:
    sent, reopened, _final = versions(reportable, actors)
    plan = reportable.sample.plan
    Goal.objects.filter(plan=plan).update(description="Tien procent minder uitval")
    api = Api(token_for(actors.viewer))
    frozen = api.get(f"/plans/{plan.pk}/reports/{sent.pk}").json()
    assert (frozen["state"], frozen["as_of"], frozen["submitted_by"]) == (
        "ingediend",
        "2026-12-01",
        "Eddy Editor",
    )
    assert [s["key"] for s in frozen["sections"]] == [
        "goals", "milestones", "lights", "problems", "decisions", "budget", "lessons"
    ]  # fmt: skip
    goals = goals_section(frozen)
    assert goals["title"] == "Doelen en indicatoren"
    assert goals["generated"] == (
        "Van de 1 doelen met een indicator zijn er 0 op koers en 1 niet; 0 hebben nog geen meting."
    )
    assert (goals["text"], goals["shown"]) == ("Op weg.", "Op weg.")
    assert goals["tables"] == [
        {
            "caption": "",
            "heads": [
                "Doelstelling", "Indicator", "Nulmeting", "Laatste meting", "Streefwaarde", "Koers"
            ],
            "rows": [
                [
                    "Vijf procent minder uitval in vmbo 3 in 2028",
                    "uitval",
                    "12 % (1 januari 2025)",
                    "11,5 % (1 juni 2026)",
                    "7 % (31 juli 2028)",
                    "niet op koers",
                ]
            ],
        }
    ]  # fmt: skip
    draft = Api(token_for(actors.viewer), "en").get(f"/plans/{plan.pk}/reports/{reopened.pk}")
    goals = goals_section(draft.json())
    assert goals["title"] == "Goals and indicators"
    assert goals["tables"][0]["rows"][0][0] == "Tien procent minder uitval"
    assert (goals["text"], goals["shown"]) == ("Op weg.", "Op weg.")
    milestones = next(s for s in draft.json()["sections"] if s["key"] == "milestones")
    late = next(t for t in milestones["tables"] if t["caption"] == "Late")
    assert late["rows"] == [
        ["1. XR-lesmateriaal ontwikkeld", "19 December 2025", "127", "+252"],
        ["2. XR in alle techniekprofielen", "30 June 2026", "14", "+80"],
    ]


def test_reports_only_of_the_member_s_plan(reportable: Reportable, actors: Actors) -> None:
    sent, _reopened, _final = versions(reportable, actors)
    plan = reportable.sample.plan
    other = build_plan(actors.viewer)
    viewer = Api(token_for(actors.viewer), "en")
    assert viewer.get(f"/plans/{other.pk}/reports").json()["items"] == []
    elsewhere = viewer.get(f"/plans/{other.pk}/reports/{sent.pk}")
    assert elsewhere.status_code == 404 and elsewhere.json() == {"detail": "Not found."}
    outsider = Api(token_for(actors.outsider), "en")
    for path in ("reports", f"reports/{sent.pk}", "budget"):
        hidden = outsider.get(f"/plans/{plan.pk}/{path}")
        assert hidden.status_code == 404 and hidden.json() == {"detail": "Not found."}


def test_an_unchanged_report_is_304(reportable: Reportable, actors: Actors) -> None:
    _sent, reopened, _final = versions(reportable, actors)
    api = Api(token_for(actors.viewer))
    url = f"/plans/{reportable.sample.plan.pk}/reports/{reopened.pk}"
    tag = api.get(url)["ETag"]
    assert api.get(url, **{"If-None-Match": tag}).status_code == 304
    services.report_save(
        plan=reportable.sample.plan,
        user=actors.editor,
        period=reportable.period,
        texts={"goals": "Anders."},
    )
    assert api.get(url, **{"If-None-Match": tag}).status_code == 200


def test_the_budget_in_decimal_strings(sample: SamplePlan, actors: Actors) -> None:
    company = budgeted(sample, actors.owner)
    body = Api(token_for(actors.viewer)).get(f"/plans/{sample.plan.pk}/budget").json()
    whole = {
        "planned": "12345.00",
        "realised": "3000.00",
        "left": "9345.00",
        "planned_hours": "0.0",
        "realised_hours": "40.0",
    }
    assert body["total"] == whole
    assert (body["funding_total"], body["cofinancing"]) == ("12345.00", "1000.00")
    assert (body["cofinancing_minimum"], body["cofinancing_share"]) == ("10.0", "8.1")
    assert body["workstreams"] == [
        {"id": sample.workstream.pk, "name": "Modern techniekonderwijs", "totals": whole}
    ]
    assert body["parties"] == [
        {
            "id": company.pk,
            "name": "Bouwbedrijf Van Wijk",
            "totals": {**whole, "planned": "0.00", "left": "-3000.00"},
            "cofinancing": "1000.00",
        }
    ]
    assert [(c["category"], c["name"], c["totals"]["planned"]) for c in body["categories"]] == [
        ("staff", "personeel (uren)", "10000.00"),
        ("materials", "materiaal", "2345.00"),
        ("hired", "inhuur", "0.00"),
        ("other", "overige kosten", "0.00"),
    ]
    assert body["periods"] == []
    assert body["warnings"] == [
        {
            "kind": "cofinancing",
            "text": "De cofinanciering is € 1.000,00: 8,1% van de begroting van € 12.345,00. Het "
            "plan vraagt minstens 10,0% (€ 1.234,50); er ontbreekt € 234,50.",
        }
    ]


@pytest.mark.parametrize("extra", [0, 40])
def test_reports_and_budget_make_the_same_queries_for_a_bigger_plan(
    reportable: Reportable, actors: Actors, extra: int, django_assert_num_queries: Any
) -> None:
    plan = reportable.sample.plan
    budgeted(reportable.sample, actors.owner)
    for n in range(extra):
        saved(
            plan,
            actors.owner,
            Milestone(
                workstream=reportable.sample.workstream,
                title=f"Extra {n}",
                deadline=dt.date(2026, 3, 2) + dt.timedelta(days=7 * (n % 30)),
                effort_hours=8,
            ),
        )
    sent, reopened, _final = versions(reportable, actors)
    api = Api(token_for(actors.viewer))
    # The token (1), the membership (1), the count and the page (2).
    with django_assert_num_queries(4):
        assert api.get(f"/plans/{plan.pk}/reports").status_code == 200
    # ... the report with its period and who submitted it (1): a submitted one is read as sent.
    with django_assert_num_queries(3):
        assert api.get(f"/plans/{plan.pk}/reports/{sent.pk}").status_code == 200
    # ... and a concept drafted as the report page does it: fifteen, and the budget's eight.
    with django_assert_num_queries(26):
        assert api.get(f"/plans/{plan.pk}/reports/{reopened.pk}").status_code == 200
    # The token, the membership and the budget summary's eight.
    with django_assert_num_queries(10):
        assert api.get(f"/plans/{plan.pk}/budget").status_code == 200

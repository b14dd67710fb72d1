"""The API's reports and budget, read only: the voortgangsrapportages and the eindverslag with
their sections (a submitted one as it was sent, a concept as the report page drafts it today),
and the budget summary the budget page shows. Amounts are decimal strings, never floats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import F
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router

from mijlpaal import clock
from mijlpaal.api.endpoints import READ_ERRORS, Paging, PlanId, _page, _plan
from mijlpaal.api.schemas import MAX_ID, BudgetOut, Page, ReportDetailOut, ReportOut
from mijlpaal.budget import money
from mijlpaal.budget.models import CostCategory
from mijlpaal.budget.summary import Row, Totals, plan_budget
from mijlpaal.plans.models import Plan
from mijlpaal.reports import services as reports
from mijlpaal.reports.models import Report

router = Router()

ReportId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _reports(plan: Plan) -> Any:
    """The plan's reports: per period in the order of the periods, the eindverslag last, the
    newest version first."""
    rows = Report.objects.filter(plan=plan).select_related("period", "submitted_by")
    return rows.order_by(
        F("period__start_date").asc(nulls_last=True), "period_id", "-version", "-id"
    )


def _report(plan: Plan, report: Report) -> dict[str, Any]:
    start, end = reports.span(plan, report.period)
    return {
        "id": report.pk,
        "period_id": report.period_id,
        "title": reports.report_title(report.period),
        "start": start,
        "end": end,
        "version": report.version,
        "state": report.state,
        "submitted_on": report.submitted_on,
        "submitted_by": report.submitted_by.display_name if report.submitted_by else None,
    }


@router.get(
    "/plans/{plan_id}/reports",
    response={200: Page[ReportOut], **READ_ERRORS},
    url_name="reports",
    tags=["reports"],
)
def report_list(request: HttpRequest, plan_id: PlanId, paging: Query[Paging]) -> dict[str, Any]:
    """Every version of the voortgangsrapportages and of the eindverslag (no period), per period
    in the order of the periods and newest version first, the eindverslag last."""
    plan = _plan(request, plan_id)
    return _page(_reports(plan), paging, lambda r: _report(plan, r))


def _day(iso: str, fallback: dt.date) -> dt.date:
    return dt.date.fromisoformat(iso) if iso else fallback


@router.get(
    "/plans/{plan_id}/reports/{report_id}",
    response={200: ReportDetailOut, **READ_ERRORS},
    url_name="report",
    tags=["reports"],
)
def report_detail(request: HttpRequest, plan_id: PlanId, report_id: ReportId) -> dict[str, Any]:
    """One report with its sections: their generated text, the project leader's text, the text
    the report shows and their tables. A submitted report reads as it was sent (in the language
    it was sent in); a concept is drafted from the plan today, in the request's language."""
    plan = _plan(request, plan_id)
    report = get_object_or_404(_reports(plan), pk=report_id)
    draft = reports.draft_of(plan, report.period, report, today=clock.today())
    found = _report(plan, report)
    sections = [
        {
            "key": s.key,
            "title": s.title,
            "generated": s.generated,
            "text": s.text,
            "shown": s.shown,
            "empty": s.empty,
            "tables": [{"caption": t.caption, "heads": t.heads, "rows": t.rows} for t in s.tables],
        }
        for s in draft.sections
    ]
    return {
        **found,
        "title": draft.title,
        "start": _day(draft.start, found["start"]),
        "end": _day(draft.end, found["end"]),
        "as_of": _day(draft.as_of, clock.today()),
        "sections": sections,
    }


def _euros(value: Decimal) -> str:
    return f"{value.quantize(money.CENTS):f}"


def _hours(value: Decimal) -> str:
    return f"{value.quantize(money.TENTHS):f}"


def _totals(t: Totals) -> dict[str, str]:
    return {
        "planned": _euros(t.planned),
        "realised": _euros(t.realised),
        "left": _euros(t.left),
        "planned_hours": _hours(t.planned_hours),
        "realised_hours": _hours(t.realised_hours),
    }


def _row(row: Row) -> dict[str, Any]:
    return {"id": row.pk, "name": row.name, "totals": _totals(row.totals)}


@router.get(
    "/plans/{plan_id}/budget",
    response={200: BudgetOut, **READ_ERRORS},
    url_name="budget",
    tags=["budget"],
)
def budget(request: HttpRequest, plan_id: PlanId) -> dict[str, Any]:
    """The plan's budget as of today: planned against realised money (euros) and hours in total,
    per workstream, party (with what it co-finances), cost category and reporting period, and
    the budget's warnings in the request's language. Amounts are decimal strings."""
    summary = plan_budget(_plan(request, plan_id))
    share = summary.cofinancing_share
    return {
        "total": _totals(summary.total),
        "funding_total": _euros(summary.funding_total),
        "cofinancing": _euros(summary.cofinancing),
        "cofinancing_minimum": _hours(summary.minimum),
        "cofinancing_share": None if share is None else _hours(share),
        "workstreams": [_row(r) for r in summary.workstreams],
        "parties": [{**_row(r), "cofinancing": _euros(r.cofinancing)} for r in summary.parties],
        "categories": [
            {"category": value, "name": row.name, "totals": _totals(row.totals)}
            for value, row in zip(CostCategory.values, summary.categories, strict=True)
        ],
        "periods": [_row(r) for r in summary.periods],
        "warnings": [{"kind": w.kind, "text": w.text} for w in summary.warnings],
    }

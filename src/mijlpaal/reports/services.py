"""Reports: drafting them from the plan, and their steps — save the texts, submit (freeze),
reopen as a new version. Each step in one transaction and in the plan's history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.plans.models import Plan, ReportingPeriod
from mijlpaal.plans.services import record_change, snapshot
from mijlpaal.plans.versions import check_version
from mijlpaal.reports.draft import Draft
from mijlpaal.reports.facts import day_text, load_facts
from mijlpaal.reports.models import Report, ReportState
from mijlpaal.reports.sections import SECTION_BUILDERS

# Longest text a section takes (a page or two of Word).
MAX_TEXT = 20_000


def span(plan: Plan, period: ReportingPeriod | None) -> tuple[dt.date, dt.date]:
    """The days a report covers: its period, or the whole plan for the eindverslag."""
    if period is None:
        return plan.start_date, plan.end_date
    return period.start_date, period.end_date


def report_title(period: ReportingPeriod | None) -> str:
    return period.name if period is not None else _("Final report")


def build_draft(plan: Plan, period: ReportingPeriod | None, *, today: dt.date) -> Draft:
    """The report as the plan says it today, every section generated."""
    start, end = span(plan, period)
    facts = load_facts(plan, start=start, end=end, today=today)
    return Draft(
        plan_title=plan.title,
        title=report_title(period),
        start=start.isoformat(),
        end=end.isoformat(),
        as_of=today.isoformat(),
        period_text=f"{day_text(start)} – {day_text(end)}",
        sections=[build(facts) for build in SECTION_BUILDERS],
    )


def draft_of(
    plan: Plan, period: ReportingPeriod | None, report: Report | None, *, today: dt.date
) -> Draft:
    """What a report says: as submitted when it is frozen, else drafted now with its texts."""
    if report is not None and report.frozen and report.snapshot:
        return Draft.from_json(report.snapshot)
    draft = build_draft(plan, period, today=today)
    return draft.with_texts(report.texts if report is not None else {})


def reports_of(plan: Plan, period: ReportingPeriod | None) -> list[Report]:
    """Every version of the period's report (or the eindverslag), newest first."""
    found = Report.objects.filter(plan=plan)
    found = found.filter(period=period) if period is not None else found.filter(period=None)
    return list(found.order_by("-version", "-id"))


def _tracked(report: Report) -> dict[str, Any]:
    """What the history keeps of a report: all but the frozen copy, which is in the report."""
    values = snapshot(report)
    values.pop("snapshot", None)
    return values


def _locked_latest(plan: Plan, period: ReportingPeriod | None) -> Report | None:
    found = Report.objects.select_for_update().filter(plan=plan)
    found = found.filter(period=period) if period is not None else found.filter(period=None)
    return found.order_by("-version", "-id").first()


def _start(*, plan: Plan, user: User, period: ReportingPeriod | None) -> Report:
    """The report's first version, in concept; once, also when two requests start it at once."""
    try:
        with transaction.atomic():
            report = Report.objects.create(plan=plan, period=period, created_by=user)
    except IntegrityError:
        found = _locked_latest(plan, period)
        assert found is not None
        return found
    record_change(plan=plan, user=user, obj=report, before=None, after=_tracked(report))
    return report


def check_texts(texts: dict[str, str]) -> dict[str, str]:
    """The texts as stored: trimmed, empty ones left out (the generated text counts)."""
    cleaned = {}
    for key, value in texts.items():
        value = value.replace("\r\n", "\n").strip()
        if len(value) > MAX_TEXT:
            raise ValidationError(
                _("A section's text can be at most %(n)s characters.") % {"n": MAX_TEXT}
            )
        if value:
            cleaned[key] = value
    return cleaned


@transaction.atomic
def report_save(
    *,
    plan: Plan,
    user: User,
    period: ReportingPeriod | None,
    texts: dict[str, str],
    version: str | None = None,
) -> Report:
    """Save the project leader's texts of the report in concept (its first version is made
    here). `version` guards against overwriting what someone else saved (EditConflict)."""
    report = _locked_latest(plan, period) or _start(plan=plan, user=user, period=period)
    if report.frozen:
        raise ValidationError(
            _("This report has been submitted and cannot be changed; reopen it as a new version.")
        )
    check_version(report, version)
    before = _tracked(report)
    report.texts = check_texts(texts)
    report.save(update_fields=["texts"])
    record_change(plan=plan, user=user, obj=report, before=before, after=_tracked(report))
    return report


@transaction.atomic
def report_submit(
    *, plan: Plan, user: User, period: ReportingPeriod | None, on: dt.date | None = None
) -> Report:
    """Indienen: freeze the report as it reads today (or `on`, for the demo's story), numbers
    and texts. Sent twice, it is submitted once: the second finds it submitted and is refused."""
    report = _locked_latest(plan, period) or _start(plan=plan, user=user, period=period)
    if report.frozen:
        raise ValidationError(_("This report has already been submitted."))
    before = _tracked(report)
    today = on or clock.today()
    report.snapshot = build_draft(plan, period, today=today).with_texts(report.texts).to_json()
    report.state = ReportState.SUBMITTED
    report.submitted_on = today
    report.submitted_by = user
    report.save()
    record_change(plan=plan, user=user, obj=report, before=before, after=_tracked(report))
    return report


@transaction.atomic
def report_reopen(*, plan: Plan, user: User, period: ReportingPeriod | None) -> Report:
    """A new version in concept of a submitted report, with its texts; the submitted version
    stays as it was sent. Sent twice, one new version is made."""
    latest = _locked_latest(plan, period)
    if latest is None or not latest.frozen:
        raise ValidationError(_("Only a submitted report can be reopened."))
    report = Report.objects.create(
        plan=plan,
        period=period,
        version=latest.version + 1,
        texts=dict(latest.texts),
        created_by=user,
    )
    record_change(plan=plan, user=user, obj=report, before=None, after=_tracked(report))
    return report

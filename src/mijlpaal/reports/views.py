"""Report pages: the periods with their reports, one report, its texts, submitting and
reopening it, and its downloads (.docx, PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mijlpaal import clock
from mijlpaal.downloads import as_attachment, file_name
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.pdf import PdfUnavailable, render_pdf
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Plan, ReportingPeriod, Role
from mijlpaal.plans.versions import EditConflict
from mijlpaal.reports import services
from mijlpaal.reports.docx import report_docx
from mijlpaal.reports.draft import Draft
from mijlpaal.reports.forms import TextsForm
from mijlpaal.reports.models import Report, ReportState

SECTION = "overview"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(plan: Plan, period_id: int | None) -> ReportingPeriod | None:
    if period_id is None:
        return None  # the eindverslag
    return get_object_or_404(ReportingPeriod, pk=period_id, plan=plan)


def _redirect(plan: Plan, period: ReportingPeriod | None) -> HttpResponse:
    if period is None:
        return redirect("reports:final", plan.pk)
    return redirect("reports:report", plan.pk, period.pk)


@login_required
@require_GET
def report_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The reporting periods and the eindverslag, with the state of each one's report."""
    plan, membership = get_plan_for_user(request, plan_id)
    periods = list(plan.reporting_periods.order_by("start_date", "id"))
    latest: dict[int | None, Report] = {}
    for report in Report.objects.filter(plan=plan).order_by("version", "id"):
        latest[report.period_id] = report
    rows = [(p, latest.get(p.pk)) for p in periods]
    return render_plan_page(
        request,
        "reports/list.html",
        plan,
        membership,
        SECTION,
        rows=rows,
        final=latest.get(None),
        today=clock.today(),
    )


def _shown(
    request: HttpRequest, plan: Plan, period: ReportingPeriod | None
) -> tuple[Report | None, list[Report], Draft]:
    """The report the page shows (the newest version, or `?version=N`), every version, and
    what it says."""
    versions = services.reports_of(plan, period)
    report = versions[0] if versions else None
    wanted = request.GET.get("version", "")
    if wanted:
        report = next((r for r in versions if str(r.version) == wanted), None)
        if report is None:
            raise Http404
    return report, versions, services.draft_of(plan, period, report, today=clock.today())


@login_required
@require_GET
def report(request: HttpRequest, plan_id: int, period_id: int | None = None) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    period = _period(plan, period_id)
    shown, versions, draft = _shown(request, plan, period)
    return render_plan_page(
        request,
        "reports/report.html",
        plan,
        membership,
        SECTION,
        period=period,
        report=shown,
        latest=versions[0] if versions else None,
        versions=versions,
        draft=draft,
        states=ReportState,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, plan_id: int, period_id: int | None = None) -> HttpResponse:
    """The project leader's texts, one per section, next to the generated ones."""
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    period = _period(plan, period_id)
    versions = services.reports_of(plan, period)
    latest = versions[0] if versions else None
    if latest is not None and latest.frozen:
        messages.info(request, _("This report has been submitted; reopen it to change it."))
        return _redirect(plan, period)
    draft = services.draft_of(plan, period, latest, today=clock.today())
    form = TextsForm(request.POST or None, draft=draft, report=latest)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(
                plan=plan,
                user=current_user(request),
                period=period,
                texts=form.texts(),
                version=form.cleaned_data.get("version") or None,
            )
        except EditConflict as conflict:
            form.explain_conflict(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report's texts are saved."))
            return _redirect(plan, period)
    return render_plan_page(
        request,
        "reports/edit.html",
        plan,
        membership,
        SECTION,
        period=period,
        report=latest,
        draft=draft,
        form=form,
    )


@login_required
@require_POST
def report_submit(request: HttpRequest, plan_id: int, period_id: int | None = None) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    period = _period(plan, period_id)
    try:
        done = services.report_submit(plan=plan, user=current_user(request), period=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Version %(n)s of the report is submitted.") % {"n": done.version}
        )
    return _redirect(plan, period)


@login_required
@require_POST
def report_reopen(request: HttpRequest, plan_id: int, period_id: int | None = None) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    period = _period(plan, period_id)
    try:
        done = services.report_reopen(plan=plan, user=current_user(request), period=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(n)s is a new concept.") % {"n": done.version})
    return _redirect(plan, period)


def _download_name(draft: Draft, report: Report | None, extension: str) -> str:
    suffix = f" v{report.version}" if report is not None else ""
    return file_name(f"{draft.title}{suffix} – {draft.plan_title}", extension, fallback="verslag")


@login_required
@require_GET
def report_docx_download(
    request: HttpRequest, plan_id: int, period_id: int | None = None
) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id)
    period = _period(plan, period_id)
    shown, _versions, draft = _shown(request, plan, period)
    response = HttpResponse(report_docx(draft, shown), content_type=DOCX_TYPE)
    return as_attachment(response, _download_name(draft, shown, "docx"))


@login_required
@require_GET
def report_pdf_download(
    request: HttpRequest, plan_id: int, period_id: int | None = None
) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id)
    period = _period(plan, period_id)
    shown, _versions, draft = _shown(request, plan, period)
    context: dict[str, Any] = {"plan": plan, "draft": draft, "report": shown}
    try:
        pdf = render_pdf("reports/pdf.html", context, request=request)
    except PdfUnavailable:
        messages.error(request, _("This server cannot make PDF files; download the .docx."))
        return _redirect(plan, period)
    response = HttpResponse(pdf, content_type="application/pdf")
    return as_attachment(response, _download_name(draft, shown, "pdf"))

"""Excel pages: download the plan as a workbook; upload one, preview what it changes, confirm."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mijlpaal import clock
from mijlpaal.charts.table import PeriodKind
from mijlpaal.monitoring.queries import plan_schedule
from mijlpaal.pages import current_user, plan_context
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.history import describe
from mijlpaal.plans.models import ChangeRecord, Membership, Plan, Role
from mijlpaal.spreadsheets import workbook_bytes
from mijlpaal.workbook.export import build_workbook, load_rows
from mijlpaal.workbook.forms import WorkbookUploadForm
from mijlpaal.workbook.importer import Preview, workbook_import, workbook_preview
from mijlpaal.workbook.models import PendingWorkbook
from mijlpaal.workbook.reader import Problem, WorkbookError, read_workbook
from mijlpaal.workbook.safety import MAX_UPLOAD_BYTES, macros

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING_HOURS = 24

OBJECT_LABELS = {
    "phase": gettext_lazy("Phase"),
    "domain": gettext_lazy("Domain"),
    "workstream": gettext_lazy("Workstream"),
    "milestone": gettext_lazy("Milestone"),
    "activity": gettext_lazy("Activity"),
    "party": gettext_lazy("Party"),
    "assignment": gettext_lazy("VERI cell"),
    "dependency": gettext_lazy("Dependency"),
    "closure": gettext_lazy("School calendar"),
}


def _context(plan: Plan | None, membership: Membership | None, **extra: Any) -> dict[str, Any]:
    """The plan's settings context when importing into a plan; only `extra` for a new plan."""
    if plan is None or membership is None:
        return extra
    return plan_context(plan, membership, "settings", **extra)


# --- export --------------------------------------------------------------------------------------


@login_required
def export(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id)  # outsiders get 404 whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    kind: PeriodKind = "half" if request.GET.get("periods") == "half" else "quarter"
    schedule = plan_schedule(plan)
    workbook = build_workbook(load_rows(plan), schedule, today=clock.today(), kind=kind)
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{slugify(plan.title) or "plan"}.xlsx"'
    return response


# --- import --------------------------------------------------------------------------------------


def _receive(
    request: HttpRequest, plan: Plan | None
) -> tuple[WorkbookUploadForm, list[Problem], PendingWorkbook | None]:
    """Check the upload before opening it, read it, and keep it for the preview when it is sound."""
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return form, [], None
    upload = form.cleaned_data["file"]
    if upload.name.lower().endswith(".xlsm"):
        return form, [Problem(None, None, None, macros().message)], None
    if not upload.name.lower().endswith(".xlsx"):
        return form, [Problem(None, None, None, _("upload an Excel workbook (.xlsx)"))], None
    if upload.size > MAX_UPLOAD_BYTES:
        return form, [Problem(None, None, None, _("the file is larger than 10 MB"))], None
    data = upload.read()
    try:
        read_workbook(data)
    except WorkbookError as error:
        return form, error.problems, None
    PendingWorkbook.objects.filter(
        created_at__lt=clock.now() - dt.timedelta(hours=PENDING_HOURS)
    ).delete()
    pending = PendingWorkbook.objects.create(
        user=current_user(request), plan=plan, filename=upload.name[:255], data=data
    )
    return form, [], pending


def _pending(request: HttpRequest, pending_id: int, plan: Plan | None) -> PendingWorkbook:
    """Only the uploader's own pending import, for this plan, and not older than a day."""
    pending = PendingWorkbook.objects.filter(
        pk=pending_id,
        user=current_user(request),
        plan=plan,
        created_at__gte=clock.now() - dt.timedelta(hours=PENDING_HOURS),
    ).first()
    if pending is None:
        raise Http404
    return pending


def _counts(preview: Preview) -> list[tuple[str, int, int, int]]:
    counters = [
        Counter(r.object_type for r in part)
        for part in (preview.added, preview.changed, preview.removed)
    ]
    return [
        (str(label), counters[0][kind], counters[1][kind], counters[2][kind])
        for kind, label in OBJECT_LABELS.items()
        if any(c[kind] for c in counters)
    ]


def _rows(records: list[ChangeRecord]) -> list[dict[str, Any]]:
    return [
        {
            "kind": OBJECT_LABELS.get(r.object_type, r.object_type),
            "label": r.object_label,
            "changes": describe(r) if r.action == ChangeRecord.Action.UPDATE else [],
        }
        for r in records
    ]


def _preview_page(
    request: HttpRequest, pending: PendingWorkbook, plan: Plan | None, membership: Membership | None
) -> HttpResponse:
    user = current_user(request)
    action = (
        reverse("workbook:preview", args=[plan.pk, pending.pk])
        if plan
        else reverse("workbook_new:preview", args=[pending.pk])
    )
    try:
        content = read_workbook(bytes(pending.data))
        if request.method == "POST":
            with transaction.atomic():
                result = workbook_import(user=user, content=content, into=plan)
                pending.delete()
            if plan is None:
                messages.success(
                    request,
                    _("The plan “%(plan)s” has been made from the workbook.")
                    % {"plan": result.title},
                )
            else:
                messages.success(request, _("The plan has been updated from the workbook."))
            return redirect("plans:overview", result.pk)
        preview = workbook_preview(user=user, content=content, into=plan)
    except WorkbookError as error:
        return render(
            request,
            "workbook/preview.html",
            _context(plan, membership, pending=pending, problems=error.problems, action=action),
        )
    return render(
        request,
        "workbook/preview.html",
        _context(
            plan,
            membership,
            pending=pending,
            problems=[],
            action=action,
            counts=_counts(preview),
            added=_rows(preview.added),
            changed=_rows(preview.changed),
            removed=_rows(preview.removed),
            title=content.title,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.OWNER)
    form, problems, pending = _receive(request, plan)
    if pending is not None:
        return redirect("workbook:preview", plan.pk, pending.pk)
    return render(
        request, "workbook/import.html", _context(plan, membership, form=form, problems=problems)
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, plan_id: int, pending_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.OWNER)
    return _preview_page(request, _pending(request, pending_id, plan), plan, membership)


@login_required
@require_http_methods(["GET", "POST"])
def new_upload(request: HttpRequest) -> HttpResponse:
    form, problems, pending = _receive(request, None)
    if pending is not None:
        return redirect("workbook_new:preview", pending.pk)
    return render(request, "workbook/import.html", {"form": form, "problems": problems})


@login_required
@require_http_methods(["GET", "POST"])
def new_preview(request: HttpRequest, pending_id: int) -> HttpResponse:
    return _preview_page(request, _pending(request, pending_id, None), None, None)

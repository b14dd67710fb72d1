"""The school calendar of a plan: the list, add, edit, delete, and import from a calendar file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.closures import (
    calendar_version,
    closure_save,
    closures_import,
)
from mijlpaal.plans.closures import (
    closure_delete as delete_closure,
)
from mijlpaal.plans.forms_closures import (
    CalendarFileForm,
    ClosureForm,
    PreviewForm,
    read_preview,
    sign_preview,
)
from mijlpaal.plans.ics import IcsError, read_calendar_file
from mijlpaal.plans.models import Closure, Membership, Plan, Role
from mijlpaal.plans.versions import EditConflict

SECTION = "overview"  # the page is reached from the overview; it has no tab of its own


@login_required
@require_GET
def closure_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    closures = Closure.objects.filter(plan=plan)
    return render_plan_page(
        request, "plans/closures/list.html", plan, membership, SECTION, closures=closures
    )


@login_required
def closure_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    form = ClosureForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        closure = closure_save(plan=plan, user=current_user(request), closure=form.save(False))
        messages.success(request, _("“%(item)s” has been added.") % {"item": closure})
        return redirect("plans:closures", plan.pk)
    return _form_page(request, plan, membership, form, None)


@login_required
def closure_edit(request: HttpRequest, plan_id: int, pk: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    closure = get_object_or_404(Closure, pk=pk, plan=plan)
    form = ClosureForm(request.POST or None, instance=closure, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            closure = closure_save(
                plan=plan,
                user=current_user(request),
                closure=form.save(False),
                version=form.cleaned_data.get("version"),
            )
        except EditConflict as conflict:
            form.explain_conflict(conflict)
        else:
            messages.success(
                request, _("Your changes to “%(item)s” have been saved.") % {"item": closure}
            )
            return redirect("plans:closures", plan.pk)
    return _form_page(request, plan, membership, form, closure)


def _form_page(
    request: HttpRequest,
    plan: Plan,
    membership: Membership,
    form: ClosureForm,
    closure: Closure | None,
) -> HttpResponse:
    return render_plan_page(
        request, "plans/closures/form.html", plan, membership, SECTION, form=form, object=closure
    )


@login_required
def closure_delete(request: HttpRequest, plan_id: int, pk: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    closure = get_object_or_404(Closure, pk=pk, plan=plan)
    if request.method == "POST":
        label = str(closure)
        delete_closure(plan=plan, user=current_user(request), closure=closure)
        messages.success(request, _("“%(item)s” has been deleted.") % {"item": label})
        return redirect("plans:closures", plan.pk)
    return render_plan_page(
        request, "plans/closures/delete.html", plan, membership, SECTION, object=closure
    )


@login_required
def closure_import(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Upload a calendar file, see what becomes a period, then confirm: all or nothing."""
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    if request.method == "POST" and "payload" in request.POST:
        return _confirm(request, plan, membership)
    form = CalendarFileForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            found = read_calendar_file(form.cleaned_data["file"], plan)
        except IcsError as refused:
            error = refused.message
        else:
            payload = sign_preview(plan, calendar_version(plan), found.proposals)
            preview = PreviewForm(initial={"payload": payload}, proposals=found.proposals)
            return render_plan_page(
                request, "plans/closures/preview.html", plan, membership, SECTION,
                form=preview, skipped=found.skipped,
            )  # fmt: skip
    return render_plan_page(
        request, "plans/closures/import.html", plan, membership, SECTION, form=form, error=error
    )


def _confirm(request: HttpRequest, plan: Plan, membership: Membership) -> HttpResponse:
    try:
        version, proposals = read_preview(plan, request.POST["payload"])
    except IcsError as refused:
        messages.error(request, refused.message)
        return redirect("plans:closure_import", plan.pk)
    form = PreviewForm(request.POST, proposals=proposals)
    if not form.is_valid():
        return render_plan_page(
            request, "plans/closures/preview.html", plan, membership, SECTION,
            form=form, skipped=[],
        )  # fmt: skip
    try:
        made = closures_import(
            plan=plan, user=current_user(request), rows=form.chosen(), version=version
        )
    except EditConflict:
        messages.error(
            request,
            _(
                "The school calendar has changed since the preview (perhaps this file was "
                "imported already); nothing has been added. Check the list, and upload the file "
                "again if it is still needed."
            ),
        )
        return redirect("plans:closures", plan.pk)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("plans:closure_import", plan.pk)
    messages.success(
        request,
        ngettext(
            "%(n)s period has been added to the school calendar.",
            "%(n)s periods have been added to the school calendar.",
            len(made),
        )
        % {"n": len(made)},
    )
    return redirect("plans:closures", plan.pk)

"""MS Project files of a plan: the MSPDI download, and an upload that replaces the content."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from mijlpaal.accounts.models import User
from mijlpaal.downloads import as_attachment, file_name
from mijlpaal.msproject.exporter import plan_as_mspdi
from mijlpaal.msproject.files import MAX_MPP_BYTES, MAX_XML_BYTES, FileRefused
from mijlpaal.msproject.importer import (
    PreviewRefused,
    plan_version,
    read_preview,
    read_upload,
    sign_preview,
)
from mijlpaal.msproject.java import JavaMissing, java_available
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.content import ContentError, PlanContent
from mijlpaal.plans.models import Membership, Plan, Role
from mijlpaal.plans.replace import plan_import
from mijlpaal.plans.versions import EditConflict

SECTION = "settings"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("MS Project file (.xml or .mpp)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.mpp"}),
    )

    def clean_file(self) -> tuple[str, bytes]:
        upload = self.cleaned_data["file"]
        name = str(upload.name or "")
        if not name.lower().endswith((".xml", ".mpp")):
            raise forms.ValidationError(
                _("Choose an MS Project file: XML (.xml, MSPDI) or a project file (.mpp).")
            )
        limit = MAX_MPP_BYTES if name.lower().endswith(".mpp") else MAX_XML_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; an MS Project file is much smaller.")
                % {"mb": limit // (1024 * 1024)}
            )
        return name, bytes(upload.read())


class ConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)


@login_required
@require_GET
def export(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id)
    try:
        data = plan_as_mspdi(plan)
    except JavaMissing as missing:
        messages.error(request, missing.message)
        return redirect("plans:overview", plan.pk)
    response = HttpResponse(data, content_type="application/xml; charset=utf-8")
    return as_attachment(response, file_name(plan.title, "xml"))


@login_required
def upload(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Upload an MS Project file, see what becomes of each task, then confirm: all or nothing."""
    plan, membership = get_plan_for_user(request, plan_id, Role.OWNER)
    if request.method == "POST" and "payload" in request.POST:
        return _confirm(request, plan, membership)
    form = UploadForm(request.POST or None, request.FILES or None)
    error = None if java_available() else JavaMissing().message
    if request.method == "POST" and form.is_valid():
        name, data = form.cleaned_data["file"]
        try:
            reading = read_upload(data, name, plan)
        except (FileRefused, JavaMissing) as refused:
            error = refused.message
        else:
            confirm = ConfirmForm(initial={"payload": sign_preview(plan, reading.content)})
            return render_plan_page(
                request, "msproject/preview.html", plan, membership, SECTION,
                form=confirm, reading=reading, file_name=name,
            )  # fmt: skip
    return render_plan_page(
        request, "msproject/upload.html", plan, membership, SECTION, form=form, error=error
    )


@transaction.atomic
def _replace(*, plan: Plan, user: User, version: int, content: PlanContent) -> None:
    """Replace the content as previewed; EditConflict when the plan changed since the preview
    (a second submit of the same preview included)."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan_version(locked) != version:
        raise EditConflict(locked)
    plan_import(user=user, content=content, into=locked)


def _confirm(request: HttpRequest, plan: Plan, membership: Membership) -> HttpResponse:
    form = ConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise PreviewRefused(
                _("This preview has expired or is not valid; upload the file again.")
            )
        version, content = read_preview(plan, form.cleaned_data["payload"])
        _replace(plan=plan, user=current_user(request), version=version, content=content)
    except PreviewRefused as refused:
        messages.error(request, refused.message)
        return redirect("msproject:upload", plan.pk)
    except EditConflict:
        messages.error(
            request,
            _(
                "The plan has changed since the preview (perhaps this file was imported "
                "already); nothing has been changed. Upload the file again if it is still needed."
            ),
        )
        return redirect("plans:overview", plan.pk)
    except ContentError as refused:
        return render_plan_page(
            request, "msproject/upload.html", plan, membership, SECTION,
            form=UploadForm(), problems=refused.problems,
        )  # fmt: skip
    messages.success(request, _("The plan now holds the content of the MS Project file."))
    return redirect("plans:overview", plan.pk)

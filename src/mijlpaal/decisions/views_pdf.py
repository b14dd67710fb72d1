"""The beslisdocument as an A4 PDF (WeasyPrint, `mijlpaal/pdf.py`), beside the .docx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mijlpaal import clock
from mijlpaal.decisions.pages import document_context
from mijlpaal.decisions.queries import documents, with_parts
from mijlpaal.decisions.roles import load_roles
from mijlpaal.downloads import as_attachment
from mijlpaal.pages import current_user
from mijlpaal.pdf import PdfUnavailable, render_pdf
from mijlpaal.plans.access import get_plan_for_user


@login_required
@require_GET
def document_pdf(request: HttpRequest, plan_id: int, document_id: int) -> HttpResponse:
    """Every member may read it, as the page; without WeasyPrint on the server, back to the
    page with a message."""
    plan, membership = get_plan_for_user(request, plan_id)
    found = get_object_or_404(with_parts(documents(plan)), pk=document_id)
    context = document_context(plan, found, membership, current_user(request).pk)
    context |= {"plan": plan, "roles": load_roles(plan), "today": clock.today()}
    try:
        pdf = render_pdf("decisions/beslisdocument_pdf.html", context, request)
    except PdfUnavailable:
        messages.error(
            request,
            _(
                "The PDF cannot be made on this server (WeasyPrint is missing); "
                "download the .docx instead."
            ),
        )
        return redirect("decisions:document", plan.pk, found.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    return as_attachment(response, f"beslisdocument-{found.pk}-v{found.version}.pdf")

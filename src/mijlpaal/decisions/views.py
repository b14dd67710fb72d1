"""Decision pages: the project roles, the decision documents and their decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mijlpaal.decisions import services
from mijlpaal.decisions.docx import document_docx as build_docx
from mijlpaal.decisions.forms import (
    DecideForm,
    DocumentForm,
    IssueForm,
    OptionForm,
    RolesForm,
    StartForm,
)
from mijlpaal.decisions.models import ConditionsBecome, DecisionDocument, DocumentState
from mijlpaal.decisions.pages import document_context, is_decider_or_owner
from mijlpaal.decisions.queries import documents, stopped_by, with_parts
from mijlpaal.decisions.roles import RolesConflict, load_roles, roles_set
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Activity, Membership, Milestone, Plan, Role
from mijlpaal.plans.versions import EditConflict

SECTION = "overview"


@login_required
@require_http_methods(["GET", "POST"])
def roles(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Who is opdrachtgever, projectleider and in the stuurgroep; owners change it."""
    plan, membership = get_plan_for_user(request, plan_id)
    is_owner = membership.has_role(Role.OWNER)
    if request.method == "POST" and not is_owner:
        raise PermissionDenied
    current = load_roles(plan)
    initial = {
        "commissioner": current.commissioner,
        "project_leader": current.project_leader,
        "steering": current.steering,
        "version": current.version,
    }
    form = RolesForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            roles_set(
                plan=plan,
                user=current_user(request),
                commissioner=data["commissioner"],
                project_leader=data["project_leader"],
                steering=list(data["steering"]),
                version=data["version"] or None,
            )
        except RolesConflict:
            form.add_error(
                None,
                _(
                    "Someone else changed the project roles after you opened this page. "
                    "Check them and save again."
                ),
            )
            shown = form.data.copy()  # type: ignore[attr-defined]
            shown["version"] = current.version
            form.data = shown
        else:
            messages.success(request, _("The project roles are saved."))
            return redirect("decisions:roles", plan.pk)
    return render_plan_page(
        request, "decisions/roles.html", plan, membership, SECTION, roles=current, form=form
    )


# --- the list ------------------------------------------------------------------------------------


@login_required
@require_GET
def decision_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Every decision document (its latest version) and the decision points without one."""
    plan, membership = get_plan_for_user(request, plan_id)
    shown = list(
        documents(plan).exclude(state=DocumentState.REPLACED).order_by("-created_at", "-id")
    )
    covered = {d.milestone_id for d in shown if d.milestone_id}
    open_points = [
        m
        for m in Milestone.objects.filter(plan=plan, is_decision_point=True).order_by(
            "deadline", "order", "id"
        )
        if m.pk not in covered
    ]
    return render_plan_page(
        request,
        "decisions/list.html",
        plan,
        membership,
        SECTION,
        documents=shown,
        open_points=open_points,
        stopped=len(stopped_by(plan)),
        roles=load_roles(plan),
    )


# --- one document --------------------------------------------------------------------------------


def _subject(plan: Plan, target: str, target_id: int) -> Milestone | Activity:
    if target == "milestone":
        return get_object_or_404(Milestone, pk=target_id, plan=plan)
    if target == "activity":
        return get_object_or_404(Activity, pk=target_id, plan=plan)
    raise Http404


def _document(plan: Plan, document_id: int) -> DecisionDocument:
    return get_object_or_404(with_parts(documents(plan)), pk=document_id)


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest, plan_id: int, target: str, target_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    subject = _subject(plan, target, target_id)
    label = subject.label if isinstance(subject, Milestone) else subject.title
    initial = {"question": _("Does the plan go on after “%(item)s”?") % {"item": label}}
    form = StartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        document = services.document_start(
            plan=plan,
            user=current_user(request),
            subject=subject,
            question=form.cleaned_data["question"],
        )
        return redirect("decisions:document_edit", plan.pk, document.pk)
    return render_plan_page(
        request,
        "decisions/start.html",
        plan,
        membership,
        SECTION,
        form=form,
        subject=subject,
        subject_label=label,
    )


@login_required
@require_GET
def document(request: HttpRequest, plan_id: int, document_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    found = _document(plan, document_id)
    context = document_context(plan, found, membership, current_user(request).pk)
    return render_plan_page(
        request, "decisions/document.html", plan, membership, SECTION, **context
    )


@login_required
@require_GET
def document_docx(request: HttpRequest, plan_id: int, document_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    found = _document(plan, document_id)
    context = document_context(plan, found, membership, current_user(request).pk)
    response = HttpResponse(
        build_docx(plan, context),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"beslisdocument-{found.pk}-v{found.version}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _concept(plan: Plan, document_id: int) -> DecisionDocument:
    found = _document(plan, document_id)
    if found.state != DocumentState.CONCEPT:
        raise Http404  # a frozen document has no edit page; its page offers a new version
    return found


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, plan_id: int, document_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    found = _concept(plan, document_id)
    form = DocumentForm(request.POST or None, instance=found, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_save(
                plan=plan,
                user=current_user(request),
                document=form.save(commit=False),
                version=form.cleaned_data.get("version"),
            )
        except EditConflict as conflict:
            form.explain_conflict(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision document is saved."))
            return redirect("decisions:document", plan.pk, found.pk)
    return _edit_page(request, plan, membership, found, form)


def _edit_page(
    request: HttpRequest,
    plan: Plan,
    membership: Membership,
    found: DecisionDocument,
    form: DocumentForm | None = None,
    issue_form: IssueForm | None = None,
    option_form: tuple[int, OptionForm] | None = None,
) -> HttpResponse:
    issues = list(found.issues.all())
    option_forms = {
        issue.pk: (
            option_form[1]
            if option_form and option_form[0] == issue.pk
            else OptionForm(prefix=f"option-{issue.pk}")
        )
        for issue in issues
    }
    return render_plan_page(
        request,
        "decisions/edit.html",
        plan,
        membership,
        SECTION,
        document=found,
        form=form or DocumentForm(instance=found, plan=plan),
        issue_form=issue_form or IssueForm(prefix="issue"),
        issues=[(issue, option_forms[issue.pk]) for issue in issues],
    )


@login_required
@require_POST
def document_parts(request: HttpRequest, plan_id: int, document_id: int) -> HttpResponse:
    """Add or remove an issue (kwestie) or an option of the concept."""
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    found = _concept(plan, document_id)
    user = current_user(request)
    action = request.POST.get("action", "")
    issues = {str(issue.pk): issue for issue in found.issues.all()}
    if action == "add_issue":
        issue_form = IssueForm(request.POST, prefix="issue")
        if not issue_form.is_valid():
            return _edit_page(request, plan, membership, found, issue_form=issue_form)
        services.issue_add(
            plan=plan, user=user, document=found, question=issue_form.cleaned_data["question"]
        )
    elif action == "add_option" and request.POST.get("issue") in issues:
        issue = issues[request.POST["issue"]]
        option_form = OptionForm(request.POST, prefix=f"option-{issue.pk}")
        if not option_form.is_valid():
            return _edit_page(request, plan, membership, found, option_form=(issue.pk, option_form))
        services.option_add(
            plan=plan, user=user, issue=issue, option=option_form.save(commit=False)
        )
    elif action == "remove_issue" and request.POST.get("issue") in issues:
        services.part_remove(
            plan=plan, user=user, document=found, part=issues[request.POST["issue"]]
        )
    elif action == "remove_option":
        options = {str(o.pk): o for issue in issues.values() for o in issue.options.all()}
        option = options.get(request.POST.get("option", ""))
        if option is None:
            raise Http404
        services.part_remove(plan=plan, user=user, document=found, part=option)
    else:
        raise Http404
    return redirect(reverse("decisions:document_edit", args=[plan.pk, found.pk]) + "#issues")


@login_required
@require_POST
def document_submit(request: HttpRequest, plan_id: int, document_id: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    found = _document(plan, document_id)
    try:
        services.document_submit(plan=plan, user=current_user(request), document=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The decision document is submitted to %(decider)s.") % {"decider": found.decider},
        )
    return redirect("decisions:document", plan.pk, found.pk)


@login_required
@require_POST
def document_revise(request: HttpRequest, plan_id: int, document_id: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    found = _document(plan, document_id)
    try:
        copy = services.document_revise(plan=plan, user=current_user(request), document=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("decisions:document", plan.pk, found.pk)
    messages.success(request, _("Version %(n)s is a new concept.") % {"n": copy.version})
    return redirect("decisions:document_edit", plan.pk, copy.pk)


@login_required
@require_http_methods(["GET", "POST"])
def document_decide(request: HttpRequest, plan_id: int, document_id: int) -> HttpResponse:
    """Only the decider's member account, or an owner for them (recorded as such), decides."""
    plan, membership = get_plan_for_user(request, plan_id)
    found = _document(plan, document_id)
    user = current_user(request)
    context = document_context(plan, found, membership, user.pk)
    if not is_decider_or_owner(found, user.pk, membership):
        response = render_plan_page(
            request, "decisions/refused.html", plan, membership, SECTION, **context
        )
        response.status_code = 403
        return response
    form = DecideForm(request.POST or None)
    if request.method == "POST":
        if found.state != DocumentState.SUBMITTED:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            decision = services.Decision(
                verdict=data["verdict"],
                rationale=data["rationale"],
                conditions=form.conditions_list(),
                conditions_become=data["conditions_become"] or ConditionsBecome.LOG,
                requested_change=data["requested_change"],
                new_deadline=data["new_deadline"],
            )
            try:
                services.document_decide(
                    plan=plan, user=user, membership=membership, document=found, decision=decision
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for name, errors in error.message_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect("decisions:document", plan.pk, found.pk)
    return render_plan_page(
        request, "decisions/decide.html", plan, membership, SECTION, form=form, **context
    )

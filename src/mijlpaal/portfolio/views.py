"""The organisations pages: the list of one's organisations, the portfolio (a page, an `.xlsx` and
the combined trend as SVG) and, for a beheerder, the members and plans."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from hashlib import sha256
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mijlpaal import clock
from mijlpaal.charts import svg
from mijlpaal.downloads import as_attachment, file_name
from mijlpaal.i18n import current_language
from mijlpaal.monitoring.status import LIGHT_LABELS, SHOWN_ORDER
from mijlpaal.monitoring.trend import TrendInput, TrendLine, TrendPoint, TrendTexts, render_trend
from mijlpaal.pages import current_user
from mijlpaal.planning.text import MONTH_ABBR
from mijlpaal.plans.models import Region
from mijlpaal.portfolio import services
from mijlpaal.portfolio.forms import MemberForm, PlanAddForm, RoleForm
from mijlpaal.portfolio.models import (
    Organisation,
    OrganisationMember,
    OrganisationPlan,
    OrganisationRole,
    PlanKind,
)
from mijlpaal.portfolio.spreadsheet import portfolio_workbook
from mijlpaal.portfolio.summary import CACHE_SECONDS, PortfolioRow, portfolio_rows
from mijlpaal.portfolio.table import Selection
from mijlpaal.spreadsheets import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_organisation_for_user(
    request: HttpRequest, organisation_id: int, *, manager: bool = False
) -> tuple[Organisation, OrganisationMember]:
    """The organisation and the user's role in it; 404 for others, 403 when a beheerder is
    needed and the user is not one."""
    member = (
        OrganisationMember.objects.select_related("organisation")
        .filter(organisation_id=organisation_id, user_id=current_user(request).pk)
        .first()
    )
    if member is None:
        raise Http404
    if manager and not member.is_manager:
        raise PermissionDenied
    return member.organisation, member


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    members = (
        OrganisationMember.objects.filter(user=current_user(request))
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )
    return render(request, "portfolio/list.html", {"members": members})


def short_names(titles: list[str]) -> list[str]:
    """What tells the plans apart in the chart's legend: each title without the words most
    titles share ("Regioplan Sterk Techniekonderwijs Zeeland 2025–2028" → "Zeeland")."""
    counts = Counter(word for title in titles for word in set(title.split()))
    common = {word for word, n in counts.items() if n > len(titles) / 2 and n > 1}
    return [" ".join(w for w in t.split() if w not in common) or t for t in titles]


def _trend_svg(organisation: Organisation, rows: list[PortfolioRow], *, heading: bool) -> str:
    """The combined trend, kept in the cache for the same plans in the same state, the same day
    and language: drawing a hundred lines costs more than the rest of the page."""
    today = clock.today()
    parts = [organisation.name, str(today), current_language(), str(heading)]
    key = (
        "portfolio:trend:" + sha256("|".join(parts + [r.stamp for r in rows]).encode()).hexdigest()
    )
    found = cache.get(key)
    if isinstance(found, str):
        return found
    drawn = _draw_trend(organisation, rows, today, heading=heading)
    if not heading:  # on the page, with its text alternative: the forecasts in a table
        drawn = render_to_string("portfolio/_trend.html", {"svg": drawn, "rows": rows})
    cache.set(key, drawn, CACHE_SECONDS)
    return drawn


def _draw_trend(
    organisation: Organisation, rows: list[PortfolioRow], today: dt.date, *, heading: bool
) -> str:
    texts = TrendTexts(
        title=_("End-date forecasts of the plans"),
        x_axis=_("Reporting date"),
        y_axis=_("Forecast end date"),
        diagonal=_("Forecast = reporting date: finished"),
        reached=_("finished"),
        today=_("today"),
        empty=_("No forecasts in status updates yet."),
        months=MONTH_ABBR[current_language()],
    )
    names = short_names([row.plan.title for row in rows])
    lines = [
        TrendLine(
            row.plan.pk,
            svg.short(name, 18),
            name,
            tuple(TrendPoint(day, forecast) for day, forecast in row.derived.trend),
        )
        for row, name in zip(rows, names, strict=True)
        if row.derived.trend
    ]
    title = f"{organisation.name} — {texts.title}" if heading else ""
    return render_trend(TrendInput(lines, today, texts, heading=title))


@login_required
@require_GET
def portfolio(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, member = get_organisation_for_user(request, organisation_id)
    selection = Selection.from_query(request.GET)
    everything = portfolio_rows(organisation.pk, clock.today())
    rows = selection.apply(everything)
    columns = [
        ("title", _("Plan")),
        ("region", _("Region")),
        ("kind", _("Kind")),
        ("light", _("Light")),
        ("end", _("End date")),
        ("forecast", _("Forecast")),
        ("late", _("Late milestones")),
        ("problems", _("Open problems")),
        ("waiting", _("Decisions waiting")),
        ("report", _("Next report due")),
        ("submitted", _("Last report")),
        ("budget", _("Budget realised")),
    ]
    context: dict[str, Any] = {
        "organisation": organisation,
        "member": member,
        "rows": rows,
        "total": len(everything),
        "selection": selection,
        "headers": [
            (key, label, selection.sort_link(key), selection.aria_sort(key))
            for key, label in columns
        ],
        "regions": [(v, label) for v, label in Region.choices if v],
        "lights": [(light, LIGHT_LABELS[light]) for light in SHOWN_ORDER],
        "kinds": PlanKind.choices,
        "light_labels": LIGHT_LABELS,
        "kind_labels": dict(PlanKind.choices),
        "region_labels": dict(Region.choices),
        "trend_section": mark_safe(_trend_svg(organisation, rows, heading=False)),
        "download_query": selection.query(),
    }
    return render(request, "portfolio/portfolio.html", context)


@login_required
@require_GET
def portfolio_xlsx(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, _member = get_organisation_for_user(request, organisation_id)
    today = clock.today()
    rows = Selection.from_query(request.GET).apply(portfolio_rows(organisation.pk, today))
    response = HttpResponse(workbook_bytes(portfolio_workbook(rows, today)), content_type=XLSX)
    return as_attachment(response, file_name(organisation.name, "xlsx", prefix="portfolio "))


@login_required
@require_GET
def trend_svg(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, _member = get_organisation_for_user(request, organisation_id)
    rows = Selection.from_query(request.GET).apply(portfolio_rows(organisation.pk, clock.today()))
    svg = _trend_svg(organisation, rows, heading=True)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def _manage_page(
    request: HttpRequest,
    organisation: Organisation,
    member_form: MemberForm | None = None,
    plan_form: PlanAddForm | None = None,
) -> HttpResponse:
    plans = services.plans_to_add(current_user(request))
    return render(
        request,
        "portfolio/manage.html",
        {
            "organisation": organisation,
            "members": organisation.members.select_related("user").order_by("user__email"),
            "entries": OrganisationPlan.objects.filter(organisation=organisation)
            .select_related("plan")
            .order_by("plan__title", "plan_id"),
            "member_form": member_form or MemberForm(),
            "plan_form": plan_form or PlanAddForm(plans=plans),
            "has_plans_to_add": bool(plans),
            "roles": OrganisationRole.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, _member = get_organisation_for_user(request, organisation_id, manager=True)
    if request.method == "GET":
        return _manage_page(request, organisation)
    if "email" in request.POST:
        form = MemberForm(request.POST)
        if form.is_valid():
            try:
                added = services.member_add(
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, _("%(user)s is a member now.") % {"user": added.user})
                return redirect("portfolio:manage", organisation.pk)
        return _manage_page(request, organisation, member_form=form)
    user = current_user(request)
    plan_form = PlanAddForm(request.POST, plans=services.plans_to_add(user))
    if plan_form.is_valid():
        plan = plan_form.cleaned_data["plan"]
        try:
            services.plan_add(
                organisation=organisation, user=user, plan=plan, kind=plan_form.cleaned_data["kind"]
            )
        except ValidationError as error:
            plan_form.add_error("plan", error)
        else:
            messages.success(request, _("%(plan)s is in the portfolio now.") % {"plan": plan})
            return redirect("portfolio:manage", organisation.pk)
    return _manage_page(request, organisation, plan_form=plan_form)


@login_required
@require_POST
def member_change(request: HttpRequest, organisation_id: int, member_id: int) -> HttpResponse:
    organisation, _member = get_organisation_for_user(request, organisation_id, manager=True)
    target = get_object_or_404(
        OrganisationMember.objects.select_related("user"), pk=member_id, organisation=organisation
    )
    try:
        if request.POST.get("remove"):
            services.member_remove(member=target)
            messages.success(request, _("%(user)s is no longer a member.") % {"user": target.user})
        else:
            form = RoleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a role."))
            services.member_change_role(member=target, role=form.cleaned_data["role"])
            messages.success(request, _("The role of %(user)s is changed.") % {"user": target.user})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("portfolio:manage", organisation.pk)


@login_required
@require_POST
def plan_remove(request: HttpRequest, organisation_id: int, entry_id: int) -> HttpResponse:
    organisation, _member = get_organisation_for_user(request, organisation_id, manager=True)
    entry = get_object_or_404(
        OrganisationPlan.objects.select_related("plan", "organisation"),
        pk=entry_id,
        organisation=organisation,
    )
    services.plan_remove(user=current_user(request), entry=entry)
    messages.success(request, _("%(plan)s is no longer in the portfolio.") % {"plan": entry.plan})
    return redirect("portfolio:manage", organisation.pk)

"""Every plan URL is closed to those who are not members, and to members without the role."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from mijlpaal.accounts.models import User
from mijlpaal.plans.models import (
    ChangeRecord,
    Closure,
    Dependency,
    Invitation,
    Membership,
    Milestone,
    Plan,
    SchoolHolidayImport,
)
from mijlpaal.plans.views import KINDS
from mijlpaal.portfolio.models import Organisation
from tests.helpers import Actors, SamplePlan, build_plan, client_for, make_user

# Plan URLs whose credential is a secret token in the address, not a login (mijlpaal/feeds).
TOKEN_URLS = {"feeds:plan"}
# The REST API (mijlpaal/api): no login, a member's token in the Authorization header. The sweep
# sends each actor's own read-and-write token, and as body a status update that is valid JSON
# but breaks a rule of the form (orange without a problem): nothing may be stored, whoever sends it.
API = "api"
API_BODY = json.dumps({"light": "orange"})


def as_member(client: Client, user: User | None, url: str) -> dict[str, Any]:
    """What a request to `url` carries besides the session: for the API, `user`'s token."""
    if resolve(url).namespace != API:
        return {}
    if user is None:
        return {"content_type": "application/json"}
    from mijlpaal.api.services import api_token_create

    token: str | None = getattr(user, "sweep_token", None)  # one per actor and test
    if token is None:
        token = api_token_create(user=user, name="sweep", scope="write")[1]
        user.sweep_token = token  # type: ignore[attr-defined]
    return {"headers": {"Authorization": f"Bearer {token}"}, "content_type": "application/json"}


def get(client: Client, url: str, user: User | None) -> Any:
    extra = as_member(client, user, url)
    extra.pop("content_type", None)
    return client.get(url, **extra)


def post(client: Client, url: str, data: dict[str, str], user: User | None) -> Any:
    extra = as_member(client, user, url)
    return client.post(url, API_BODY if extra else data, **extra)


def plan_patterns() -> list[tuple[str, list[str]]]:
    """(name, parameters) of every URL pattern that belongs to a plan."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str, outer: list[str]) -> None:
        for p in patterns:
            params = [*outer, *p.pattern.converters]
            if isinstance(p, URLResolver):
                walk(
                    p.url_patterns,
                    f"{namespace}{p.namespace}:" if p.namespace else namespace,
                    params,
                )
            elif "plan_id" in params:
                found.append((f"{namespace}{p.name}", params))

    walk(get_resolver().url_patterns, "", [])
    return found


def urls_for(sample: SamplePlan, actors: Actors) -> list[str]:
    plan = sample.plan
    invitation = Invitation.objects.create(
        plan=plan,
        email="new@school.example",
        token_hash="x" * 64,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    dependency = Dependency.objects.create(
        plan=plan,
        predecessor_milestone=sample.milestone,
        successor_milestone=sample.second_milestone,
    )
    objects = {
        "goal": sample.goal,
        "workstream": sample.workstream,
        "milestone": sample.milestone,
        "activity": sample.activity,
        "party": sample.party,
    }
    assert set(objects) == set(KINDS), "every kind of plan content is walked"
    closure = Closure.objects.create(
        plan=plan,
        name="Toetsweek 1",
        kind="toetsweek",
        start_date=dt.date(2025, 11, 3),
        end_date=dt.date(2025, 11, 7),
    )
    special_pk = {
        "plans:closure_edit": closure.pk,
        "plans:closure_delete": closure.pk,
        "plans:member_change": Membership.objects.get(plan=plan, user=actors.owner).pk,
        "plans:invitation_revoke": invitation.pk,
        "plans:dependency_delete": dependency.pk,
    }
    from mijlpaal.workbook.models import PendingWorkbook

    pending = PendingWorkbook.objects.create(
        user=actors.owner, plan=plan, filename="plan.xlsx", data=b"PK"
    )
    from mijlpaal.monitoring.models import Entry, Evaluation

    entry = Entry.objects.create(
        plan=plan,
        target="milestone",
        milestone=sample.milestone,
        subject=sample.milestone.title,
        light="green",
        reported_on=dt.date(2026, 1, 5),
        author=actors.owner,
    )
    awaiting = Entry.objects.create(  # a "bereikt" awaiting the E party's approval
        plan=plan,
        target="milestone",
        milestone=sample.milestone,
        subject=sample.milestone.title,
        light="reached",
        reached_on=dt.date(2026, 1, 5),
        sign_off="requested",
        reported_on=dt.date(2026, 1, 5),
        author=actors.contributor,
    )
    evaluation = Evaluation.objects.create(
        plan=plan, title="Tussenevaluatie", planned_on=dt.date(2026, 6, 1)
    )
    from mijlpaal.decisions.models import DecisionDocument

    document = DecisionDocument.objects.create(
        plan=plan, milestone=sample.milestone, subject=sample.milestone.label, question="Go?"
    )
    from mijlpaal.decisions.baselines import baseline_take

    baseline = baseline_take(plan=plan, user=actors.owner, name="Vastgesteld")
    from mijlpaal.decisions.models import ChangeRequest

    change = ChangeRequest.objects.create(
        plan=plan,
        milestone=sample.milestone,
        label=sample.milestone.label,
        field="deadline",
        before=sample.milestone.deadline,
        after=dt.date(2026, 2, 27),
        reason="De XR-brillen worden later geleverd.",
        requested_by=actors.editor,
        requested_on=dt.date(2026, 11, 30),
    )
    from mijlpaal.indicators.models import Indicator, Measurement

    indicator = Indicator.objects.create(
        plan=plan,
        goal=sample.goal,
        baseline_value=12,
        baseline_date=dt.date(2025, 1, 1),
        target_value=7,
        target_date=dt.date(2029, 1, 1),
    )
    measurement = Measurement.objects.create(
        plan=plan, indicator=indicator, value=10, measured_on=dt.date(2026, 6, 1)
    )
    from mijlpaal.plans.models import ReportingPeriod

    period = ReportingPeriod.objects.create(
        plan=plan,
        name="Voortgangsrapportage 2025–2026",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 7, 31),
        due_date=dt.date(2026, 10, 1),
    )
    from mijlpaal.reports.models import Report

    report = Report.objects.create(plan=plan, period=period)
    from mijlpaal.budget.models import BudgetLine, FundingSource, Spending

    budget_line = BudgetLine.objects.create(
        plan=plan, workstream=sample.workstream, amount=Decimal(100)
    )
    funding = FundingSource.objects.create(plan=plan, kind="subsidy", amount=Decimal(100))
    spending = Spending.objects.create(
        plan=plan, spent_on=dt.date(2026, 6, 1), party=sample.party, hours=Decimal(8)
    )
    named = {
        "period_id": period.pk,
        "report_id": report.pk,
        "line_id": budget_line.pk,
        "funding_id": funding.pk,
        "spending_id": spending.pk,
        "baseline_id": baseline.pk,
        "change_id": change.pk,
        "entry_id": entry.pk,
        "awaiting_id": awaiting.pk,
        "evaluation_id": evaluation.pk,
        "show": "late",
        "document_id": document.pk,
        "goal_id": sample.goal.pk,
        "measurement_id": measurement.pk,
    }
    rows = {
        "workstream": sample.workstream.pk,
        "milestone": sample.milestone.pk,
        "activity": sample.activity.pk,
    }
    urls: list[str] = []
    for name, params in plan_patterns():
        if "token" in params:
            # A calendar feed's address (feeds:plan) needs no login: calendar programs cannot log
            # in, so the token in it is the credential. The sweep walks it with the outsider's own
            # valid token: it must never show the plan the outsider is not a member of.
            from mijlpaal.feeds.services import feed_token_create

            token = feed_token_create(user=actors.outsider, language="nl")
            urls.append(reverse(name, kwargs={"plan_id": plan.pk, "token": token}))
        elif "row_id" in params:  # a cell or row of the VERI matrix
            for kind, row_id in rows.items():
                kwargs: dict[str, object] = {"plan_id": plan.pk, "kind": kind, "row_id": row_id}
                if "party_id" in params:
                    kwargs["party_id"] = sample.party.pk
                urls.append(reverse(name, kwargs=kwargs))
        elif "target" in params:  # a status update about a milestone, activity or workstream
            for kind, row_id in rows.items():
                urls.append(
                    reverse(name, kwargs={"plan_id": plan.pk, "target": kind, "target_id": row_id})
                )
        elif set(params) - {"plan_id"} and set(params) - {"plan_id"} <= set(named):
            urls.append(
                reverse(
                    name, kwargs={"plan_id": plan.pk, **{p: named[p] for p in params if p in named}}
                )
            )
        elif params == ["plan_id", "party_id"]:
            urls.append(reverse(name, kwargs={"plan_id": plan.pk, "party_id": sample.party.pk}))
        elif params == ["plan_id", "pending_id"]:
            urls.append(reverse(name, kwargs={"plan_id": plan.pk, "pending_id": pending.pk}))
        elif "kind_slug" in params:
            for slug, obj in objects.items():
                kwargs = {"plan_id": plan.pk, "kind_slug": slug}
                if "pk" in params:
                    kwargs["pk"] = obj.pk
                if "direction" in params:
                    kwargs["direction"] = "up"
                urls.append(reverse(name, kwargs=kwargs))
        elif "pk" in params:
            urls.append(reverse(name, kwargs={"plan_id": plan.pk, "pk": special_pk[name]}))
        else:
            assert params == ["plan_id"], (
                f"{name} has parameters this sweep does not know: {params}"
            )
            urls.append(reverse(name, kwargs={"plan_id": plan.pk}))
    return urls


def state() -> tuple[object, ...]:
    from mijlpaal.budget.models import BudgetLine, BudgetSettings, FundingSource, Spending
    from mijlpaal.decisions.models import (
        Baseline,
        ChangeRequest,
        DecisionDocument,
        DecisionIssue,
        ProjectRole,
    )
    from mijlpaal.indicators.models import Indicator, Measurement
    from mijlpaal.monitoring.models import Entry, Evaluation
    from mijlpaal.reports.models import Report

    return (
        sorted(Report.objects.values_list("pk", "state", "version", "texts")),
        sorted(BudgetLine.objects.values_list("pk", "amount", "description")),
        sorted(FundingSource.objects.values_list("pk", "amount", "description")),
        BudgetSettings.objects.count(),
        Spending.objects.count(),
        sorted(DecisionDocument.objects.values_list("pk", "state", "question")),
        sorted(ChangeRequest.objects.values_list("pk", "state", "after")),
        DecisionIssue.objects.count(),
        Baseline.objects.count(),
        ProjectRole.objects.count(),
        Indicator.objects.count(),
        Measurement.objects.count(),
        Entry.objects.count(),
        Evaluation.objects.count(),
        Plan.objects.count(),
        Milestone.objects.count(),
        Membership.objects.count(),
        ChangeRecord.objects.count(),
        Dependency.objects.count(),
        Closure.objects.count(),
        SchoolHolidayImport.objects.count(),
        Invitation.objects.filter(revoked_at__isnull=True).count(),
    )


def test_the_sweep_covers_all_plan_pages(sample: SamplePlan, actors: Actors) -> None:
    urls = urls_for(sample, actors)
    names = {name for name, _params in plan_patterns()}
    assert {
        "responsibilities:cell",
        "charts:gantt",
        "workbook:preview",
        "plans:item_edit",
        "monitoring:dashboard",
        "monitoring:entry_new",
        "monitoring:entry_correct",
        "monitoring:sign_off",
        "plans:closures",
        "plans:closure_new",
        "plans:closure_edit",
        "plans:closure_delete",
        "plans:closure_import",
        "plans:school_holidays",
        "decisions:document_decide",
        "decisions:document_new",
        "decisions:changes",
        "decisions:change_decide",
        "feeds:download",
        "feeds:plan",
        "indicators:indicator",
        "indicators:indicator_edit",
        "indicators:measurement_new",
        "indicators:measurement_correct",
        "budget:budget",
        "budget:settings",
        "budget:line_edit",
        "budget:line_delete",
        "budget:funding_edit",
        "budget:funding_delete",
        "budget:log",
        "budget:spending_new",
        "budget:spending_correct",
        "api:plan",
        "api:schedule",
        "api:status_updates",
        "api:decisions",
        "api:reports",
        "api:report",
        "api:budget",
        "msproject:export",
        "msproject:upload",
        "reports:reports",
        "reports:report",
        "reports:report_edit",
        "reports:report_submit",
        "reports:report_reopen",
        "reports:report_docx",
        "reports:report_pdf",
        "reports:final",
        "reports:final_submit",
    } <= names
    assert len(urls) >= 60


def test_outsider_gets_404_on_every_plan_url(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.outsider)
    urls = urls_for(sample, actors)
    before = state()
    for url in urls:
        assert get(client, url, actors.outsider).status_code in {404, 405}, url
        response = post(
            client,
            url,
            {"title": "hacked", "role": "owner", "remove": "1", "confirm_title": sample.plan.title},
            actors.outsider,
        )
        # 405 (read-only page) is decided before the plan is looked up, so it tells nothing either.
        assert response.status_code in {404, 405}, url
        assert sample.plan.title.encode() not in response.content
    assert state() == before
    assert Plan.objects.get(pk=sample.plan.pk).title == "Regioplan Techniek 2025–2028"


def test_anonymous_is_sent_to_login_and_sees_nothing(sample: SamplePlan, actors: Actors) -> None:
    client = Client()
    urls = urls_for(sample, actors)
    before = state()
    for url in urls:
        if resolve(url).view_name in TOKEN_URLS:
            # No login page for a calendar program: the outsider's token finds no such plan.
            assert client.get(url).status_code == 404, url
            assert client.post(url).status_code == 405, url
            continue
        if resolve(url).namespace == API:
            # No login page for a program either: 401 without a token, and no plan in it.
            assert get(client, url, None).status_code == 401, url
            response = post(client, url, {}, None)
            assert response.status_code in {401, 405}, url
            assert sample.plan.title.encode() not in response.content
            continue
        for response in (
            client.get(url),
            client.post(url, {"title": "x", "confirm_title": sample.plan.title}),
        ):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/login/?next="), url
    assert state() == before


def reader(sample: SamplePlan, actors: Actors, role: str) -> User:
    """A plan member with `role`, or a programmamedewerker of the plan's organisation, who reads
    every plan page as a viewer does (mijlpaal/portfolio)."""
    if role != "programme_officer":
        user: User = getattr(actors, role)
        return user
    from mijlpaal.portfolio.models import OrganisationMember, OrganisationPlan
    from mijlpaal.portfolio.services import organisation_create

    officer = make_user("programma@school.example", "Pia Programma")
    organisation = organisation_create(user=actors.owner, name="Programmabureau")
    OrganisationMember.objects.create(
        organisation=organisation, user=officer, role="programmamedewerker"
    )
    OrganisationPlan.objects.create(organisation=organisation, plan=sample.plan)
    return officer


@pytest.mark.parametrize("role", ["viewer", "contributor", "programme_officer"])
def test_readers_cannot_change_anything(sample: SamplePlan, actors: Actors, role: str) -> None:
    user = reader(sample, actors, role)
    client = client_for(user)
    urls = urls_for(sample, actors)
    before = state()
    readable = {
        "overview",
        "goals",
        "workstreams",
        "parties",
        "members",
        "history",
        "item_detail",
        "item_row",
        "download",
        "matrix",
        "row",
        "party_pick",
        "party",
        "communication",
        "milestone_plan",
        "gantt",
        "gantt_svg",
        "gantt_pdf",
        "export",
        # progress
        "dashboard",
        "status_list",
        "logbook",
        "logbook_xlsx",
        "logbook_csv",
        "trend",
        "trend_svg",
        "lights_svg",
        "evaluations",
        "evaluation",
        "closures",
        # decisions
        "roles",
        "decisions",
        "document",
        "document_docx",
        "document_pdf",
        "baselines",
        "baseline",
        "changes",
        "indicator",
        # reports
        "reports",
        "report",
        "report_docx",
        "report_pdf",
        "final",
        "final_docx",
        "final_pdf",
        # budget
        "budget",
        "log",
    }
    # Contributors report progress: they may post status updates, evaluation answers,
    # measurements of indicators and realised hours and costs.
    reporting = {"entry_new", "entry_new_plan", "entry_correct", "evaluation"}
    reporting |= {"measurement_new", "measurement_correct"}
    reporting |= {"spending_new", "spending_correct"}  # realised hours and costs
    for url in urls:
        name = url
        response = post(
            client,
            url,
            {
                "title": "changed",
                "role": "owner",
                "remove": "1",
                "confirm_title": sample.plan.title,
            },
            user,
        )
        if resolve(url).namespace == API:
            # Every resource is read; a status update a contributor may post, but this one
            # breaks the form's rule (422, nothing stored), and a viewer may not (403).
            assert get(client, url, user).status_code == 200, name
            if resolve(url).url_name != "status_updates":
                assert response.status_code == 405, name
            else:
                assert response.status_code == (422 if role == "contributor" else 403), name
            continue
        match = resolve(url)
        if role == "contributor" and match.url_name in reporting:
            # The form is shown again with its errors; nothing is saved (checked below).
            assert response.status_code == 200, name
            assert client.get(url).status_code == 200, name
            continue
        assert response.status_code in {403, 405}, name
        page = client.get(url)
        if match.view_name in TOKEN_URLS:
            # The sweep's token is the outsider's: the plan is not in its feed, for any client.
            assert page.status_code == 404, name
        elif match.url_name == "item_row" and match.kwargs["kind_slug"] not in {
            "milestone",
            "activity",
        }:
            assert page.status_code == 404, name
        elif match.url_name in readable:
            # Pages that only redirect without htmx (a matrix row, the party picker) stay in the
            # plan.
            assert page.status_code == 200 or (
                page.status_code == 302 and page["Location"].startswith(f"/plans/{sample.plan.pk}/")
            ), name
        else:
            assert page.status_code in {403, 405}, name
    assert state() == before


def test_editor_cannot_manage_members_or_settings(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.editor)
    plan = sample.plan
    assert client.get(reverse("plans:settings", args=[plan.pk])).status_code == 403
    assert client.get(reverse("plans:delete", args=[plan.pk])).status_code == 403
    response = client.post(
        reverse("plans:members", args=[plan.pk]), {"email": "x@school.example", "role": "owner"}
    )
    assert response.status_code == 403
    owner_membership = Membership.objects.get(plan=plan, user=actors.owner)
    response = client.post(
        reverse("plans:member_change", args=[plan.pk, owner_membership.pk]), {"remove": "1"}
    )
    assert response.status_code == 403
    assert Membership.objects.filter(plan=plan).count() == 4
    assert (
        client.get(
            reverse("plans:item_edit", args=[plan.pk, "milestone", sample.milestone.pk])
        ).status_code
        == 200
    )


def test_items_of_another_plan_are_not_reachable_through_my_plan(
    sample: SamplePlan, actors: Actors
) -> None:
    mine = build_plan(actors.outsider, "Mijn eigen plan")
    client = client_for(actors.outsider)
    url = reverse("plans:item_edit", args=[mine.pk, "milestone", sample.milestone.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "overwritten"}).status_code == 404
    assert Milestone.objects.get(pk=sample.milestone.pk).title == "XR-lesmateriaal ontwikkeld"


def organisation_urls(sample: SamplePlan, actors: Actors) -> tuple[list[str], Organisation]:
    """Every URL of an organisation (mijlpaal/portfolio), for an organisation holding the sample
    plan, with the owner as its beheerder."""
    from mijlpaal.portfolio.models import OrganisationMember, OrganisationPlan
    from mijlpaal.portfolio.services import organisation_create

    organisation = organisation_create(user=actors.owner, name="Programmabureau")
    entry = OrganisationPlan.objects.create(organisation=organisation, plan=sample.plan)
    member = OrganisationMember.objects.get(organisation=organisation, user=actors.owner)
    ids = {"organisation_id": organisation.pk, "member_id": member.pk, "entry_id": entry.pk}
    urls = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str, outer: list[str]) -> None:
        for p in patterns:
            params = [*outer, *p.pattern.converters]
            if isinstance(p, URLResolver):
                inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, inner, params)
            elif "organisation_id" in params:
                urls.append(reverse(f"{namespace}{p.name}", kwargs={k: ids[k] for k in params}))

    walk(get_resolver().url_patterns, "", [])
    return urls, organisation


def test_outsiders_and_plan_members_get_404_on_every_organisation_url(
    sample: SamplePlan, actors: Actors
) -> None:
    from mijlpaal.portfolio.models import OrganisationMember, OrganisationPlan

    urls, _organisation = organisation_urls(sample, actors)
    assert len(urls) == 6
    before = (OrganisationMember.objects.count(), OrganisationPlan.objects.count())
    for user in (actors.outsider, actors.editor):  # a plan member is no organisation member
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code in {404, 405}, url
            response = client.post(url, {"email": user.email, "role": "beheerder", "remove": "1"})
            assert response.status_code in {404, 405}, url
            assert b"Programmabureau" not in response.content
    assert (OrganisationMember.objects.count(), OrganisationPlan.objects.count()) == before
    anonymous = Client().get(urls[0])
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/login/?next=")


def test_a_programme_officer_reads_the_portfolio_and_manages_nothing(
    sample: SamplePlan, actors: Actors
) -> None:
    from mijlpaal.portfolio.models import OrganisationMember, OrganisationPlan

    urls, organisation = organisation_urls(sample, actors)
    officer = reader(sample, actors, "viewer")  # a plan viewer, made programmamedewerker too
    OrganisationMember.objects.create(
        organisation=organisation, user=officer, role="programmamedewerker"
    )
    client = client_for(officer)
    before = (OrganisationMember.objects.count(), OrganisationPlan.objects.count())
    for url in urls:
        name = resolve(url).url_name
        if name in {"portfolio", "xlsx", "trend_svg"}:
            assert client.get(url).status_code == 200, url
        elif name == "manage":
            assert client.get(url).status_code == 403, url
        post = client.post(url, {"email": officer.email, "role": "beheerder", "remove": "1"})
        assert post.status_code in {403, 405}, url
    assert (OrganisationMember.objects.count(), OrganisationPlan.objects.count()) == before

"""On a phone (390×844) no page scrolls sideways; on a laptop (1366×768) the plan's tabs fit on
one line. The demo plan, with its long names, in Dutch and English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from mijlpaal.budget.models import BudgetLine, Spending
from mijlpaal.decisions.models import ChangeRequest, DecisionDocument
from mijlpaal.demo import DemoResult, load_demo
from mijlpaal.indicators.models import Indicator, Measurement
from mijlpaal.indicators.services import indicator_save, measurement_add
from mijlpaal.monitoring.models import Entry, SignOff
from mijlpaal.plans.models import Goal, Milestone, Plan, ReportingPeriod
from tests.helpers import LAPTOP, PHONE, OpenPage, sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOG_OUT = {"nl": "Uitloggen", "en": "Log out"}
PER_PARTY = {"nl": "Rollen per partij", "en": "Roles per party"}


def demo_pages(demo: DemoResult) -> dict[str, str]:
    plan = demo.plans[0]
    milestone = Milestone.objects.filter(plan=plan).order_by("number", "pk").first()
    assert milestone is not None
    document = DecisionDocument.objects.filter(plan=plan).order_by("pk").first()
    assert document is not None
    goal, measurement = measured_goal(demo)
    requested_changes(demo, milestone)
    submitted, concept = ReportingPeriod.objects.filter(plan=plan).order_by("start_date")[:2]
    report = awaiting_report(demo)
    return {
        "reports": reverse("reports:reports", args=[plan.pk]),
        "submitted report": reverse("reports:report", args=[plan.pk, submitted.pk]),
        "report texts": reverse("reports:report_edit", args=[plan.pk, concept.pk]),
        "overview": reverse("plans:overview", args=[plan.pk]),
        "dashboard": reverse("monitoring:dashboard", args=[plan.pk]),
        "status form": reverse("monitoring:entry_new", args=[plan.pk, "milestone", milestone.pk]),
        "VERI matrix": reverse("responsibilities:matrix", args=[plan.pk]),
        "milestone plan": reverse("charts:milestone_plan", args=[plan.pk]),
        "school calendar": reverse("plans:closures", args=[plan.pk]),
        "new period": reverse("plans:closure_new", args=[plan.pk]),
        "settings": reverse("plans:settings", args=[plan.pk]),
        "school holidays": reverse("plans:school_holidays", args=[plan.pk]),
        "decisions": reverse("decisions:decisions", args=[plan.pk]),
        "decision document": reverse("decisions:document", args=[plan.pk, document.pk]),
        "changes": reverse("decisions:changes", args=[plan.pk]),
        "goals": reverse("plans:goals", args=[plan.pk]),
        "indicator": reverse("indicators:indicator", args=[plan.pk, goal.pk]),
        "indicator form": reverse("indicators:indicator_edit", args=[plan.pk, goal.pk]),
        "measurement": reverse("indicators:measurement_new", args=[plan.pk, goal.pk]),
        "correction": reverse(
            "indicators:measurement_correct", args=[plan.pk, goal.pk, measurement.pk]
        ),
        "sign-off": reverse("monitoring:sign_off", args=[plan.pk, report.pk]),
        **budget_pages(plan),
    }


def budget_pages(plan: Plan) -> dict[str, str]:
    """The demo plan's budget, its log of realised hours and costs, and their forms."""
    budget_line = BudgetLine.objects.filter(plan=plan).order_by("pk").first()
    spending = Spending.objects.filter(plan=plan).order_by("pk").first()
    assert budget_line is not None and spending is not None
    return {
        "budget": reverse("budget:budget", args=[plan.pk]),
        "realisation log": reverse("budget:log", args=[plan.pk]),
        "budget line": reverse("budget:line_edit", args=[plan.pk, budget_line.pk]),
        "hours and costs": reverse("budget:spending_new", args=[plan.pk]),
        "hours correction": reverse("budget:spending_correct", args=[plan.pk, spending.pk]),
    }


def awaiting_report(demo: DemoResult) -> Entry:
    """A "bereikt" on the demo plan's longest-named open milestone, waiting for sign-off: the
    dashboard lists it."""
    plan = demo.plans[0]
    found = Entry.objects.filter(plan=plan, sign_off=SignOff.REQUESTED).first()
    if found is not None:
        return found
    open_milestones = Milestone.objects.filter(plan=plan, reached_on__isnull=True)
    milestone = max(open_milestones, key=lambda m: (len(m.label), -m.pk))
    return Entry.objects.create(
        plan=plan,
        target="milestone",
        milestone=milestone,
        subject=milestone.label,
        light="reached",
        reached_on=dt.date(2026, 11, 27),
        reported_on=dt.date(2026, 11, 27),
        sign_off=SignOff.REQUESTED,
        explanation="Alle vmbo-scholen in de regio gebruiken het lesmateriaal in de bovenbouw.",
        author=demo.user,
        author_name="Marloes van den Heuvel-Schoonderwoerd",
    )


def measured_goal(demo: DemoResult) -> tuple[Goal, Measurement]:
    """The demo plan's first goal with an indicator and a measurement, in long words."""
    plan = demo.plans[0]
    goal = Goal.objects.filter(plan=plan).order_by("pk").first()
    assert goal is not None
    indicator = Indicator.objects.filter(goal=goal).first() or indicator_save(
        plan=plan,
        user=demo.user,
        indicator=Indicator(
            goal=goal,
            unit="procent leerlingen in de bovenbouw vmbo",
            baseline_value=Decimal("12345.75"),
            baseline_date=dt.date(2025, 1, 1),
            target_value=Decimal("15000"),
            target_date=dt.date(2028, 7, 31),
        ),
    )
    measurement = indicator.measurements.first() or measurement_add(
        plan=plan,
        user=demo.user,
        measurement=Measurement(
            indicator=indicator,
            value=Decimal("12999.5"),
            measured_on=dt.date(2026, 6, 1),
            source="Jaarverslag van de regionale samenwerking techniekonderwijs",
        ),
    )
    return goal, measurement


def requested_changes(demo: DemoResult, milestone: Milestone) -> None:
    """A change of a deadline waiting for approval and one applied, with long reasons."""
    if ChangeRequest.objects.filter(plan=demo.plans[0]).exists():
        return
    for state in ("pending", "applied"):
        ChangeRequest.objects.create(
            plan=demo.plans[0],
            milestone=milestone,
            label=milestone.label,
            field="deadline",
            before=milestone.deadline,
            after=dt.date(2027, 2, 26),
            reason="De leverancier van de XR-brillen levert pas na de voorjaarsvakantie; "
            "de docententrainingen schuiven daarom mee naar het volgende kwartaal.",
            state=state,
            requested_by=demo.user,
            requested_on=dt.date(2026, 11, 30),
        )


def tab_rows(page: Page) -> int:
    """On how many lines the plan's tabs lie."""
    rows: int = page.evaluate(
        """() => new Set([...document.querySelectorAll("nav.tabs a")]
                   .map((a) => Math.round(a.getBoundingClientRect().top))).size"""
    )
    return rows


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_page_scrolls_sideways_on_a_phone(
    open_page: OpenPage, live_server: LiveServer, language: str
) -> None:
    demo = load_demo()
    base = live_server.url
    page = open_page(language=language, viewport=PHONE, user=demo.user)
    for name, url in demo_pages(demo).items():
        page.goto(base + url)
        assert sideways_scroll(page) == 0, f"{name} scrolls sideways"
        # The tabs are one strip that scrolls by itself, with the current tab in view.
        assert tab_rows(page) == 1, name
        current = page.locator("nav.tabs a[aria-current=page]")
        expect(current).to_be_in_viewport()

    # The account menu opens without JavaScript's help and keeps "log out" on the screen.
    page.locator("details.account-menu > summary").click()
    log_out = page.get_by_role("button", name=LOG_OUT[language])
    expect(log_out).to_be_in_viewport()
    box = log_out.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]

    # Above the wide VERI matrix a phone offers the list per party, which fits.
    page.goto(base + demo_pages(demo)["VERI matrix"])
    page.get_by_role("link", name=PER_PARTY[language]).click()
    expect(page.locator("table.veri-expect")).to_be_visible()
    assert sideways_scroll(page) == 0, "the page per party scrolls sideways"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_tabs_fit_on_one_line_on_a_laptop(
    open_page: OpenPage, live_server: LiveServer, language: str
) -> None:
    demo = load_demo()
    base = live_server.url
    page = open_page(language=language, viewport=LAPTOP, user=demo.user)
    for name, url in demo_pages(demo).items():
        page.goto(base + url)
        assert page.locator("nav.tabs a").count() == 10  # the owner also has Settings
        assert tab_rows(page) == 1, name
        assert sideways_scroll(page) == 0, name
        # Nothing of the strip is hidden behind its edge.
        hidden: int = page.evaluate(
            "() => { const s = document.querySelector('nav.tabs');"
            " return s.scrollWidth - s.clientWidth; }"
        )
        assert hidden == 0, name


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_organisation_pages_do_not_scroll_sideways(
    open_page: OpenPage, live_server: LiveServer, language: str
) -> None:
    """The portfolio's wide table scrolls inside its frame; the page itself does not."""
    from mijlpaal.portfolio.models import Organisation

    demo = load_demo()
    organisation = Organisation.objects.get(name="Sterk Techniekonderwijs — programmabureau")
    for viewport in (PHONE, LAPTOP):
        page = open_page(language=language, viewport=viewport, user=demo.user)
        for name in ("portfolio:list", "portfolio:portfolio", "portfolio:manage"):
            args = [] if name == "portfolio:list" else [organisation.pk]
            page.goto(live_server.url + reverse(name, args=args))
            assert sideways_scroll(page) == 0, f"{name} scrolls sideways"

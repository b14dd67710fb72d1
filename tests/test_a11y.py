"""Accessibility: axe-core finds nothing on any page, in Dutch and English; the templates keep
to what a Content-Security-Policy without 'unsafe-inline' allows.

axe-core comes from npm (package.json, `make node-deps`) and is injected by the test.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from mijlpaal.plans.models import Milestone, ReportingPeriod
from mijlpaal.workbook.models import PendingWorkbook
from tests.helpers import (
    Actors,
    OpenPage,
    SamplePlan,
    axe_violations,
    client_for,
    fill,
    report,
    session_cookie,
    wait_for_htmx,
)
from tests.test_access import urls_for

SRC = Path(__file__).resolve().parent.parent / "src" / "mijlpaal"
TEMPLATES = sorted(SRC.glob("**/templates/**/*.html"))


def with_content(sample: SamplePlan, actors: Actors) -> None:
    """The sample plan with what the pages show when a plan is under way: roles in the VERI
    matrix with a problem of each kind, status updates with problems, a reporting period."""
    fill(sample, actors.editor)
    plan, owner = sample.plan, actors.owner
    Milestone.objects.filter(pk=sample.milestone.pk).update(
        is_decision_point=True, is_quick_win=True
    )
    ReportingPeriod.objects.create(
        plan=plan,
        name="Voortgangsrapportage 2025–2026",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 7, 31),
        due_date=dt.date(2026, 10, 1),
    )
    report(plan, owner, sample.workstream, "2026-11-02", "orange", explanation="Loopt iets uit.")
    report(
        plan,
        owner,
        sample.second_milestone,
        "2026-11-16",
        "red",
        problems="Te weinig docenten voor de XR-lessen.",
        measures="Inhuur via het regionale ROC.",
        forecast=dt.date(2026, 9, 30),
    )
    report(plan, owner, sample.activity, "2026-11-20", "green", percent=60)


def html_pages(sample: SamplePlan, actors: Actors) -> list[str]:
    """Every page the access sweep visits that the owner sees as a whole HTML page (not a
    download, an htmx fragment or a redirect), and the pages outside a plan."""
    client = client_for(actors.owner)
    new_plan = PendingWorkbook.objects.create(user=actors.owner, filename="nieuw.xlsx", data=b"PK")
    pages = [
        reverse("plans:list"),
        reverse("plans:create"),
        reverse("plans:upload"),
        reverse("workbook_new:upload"),
        reverse("workbook_new:preview", args=[new_plan.pk]),
        reverse("notifications:settings"),
    ]
    for url in urls_for(sample, actors):
        response = client.get(url)
        if (
            response.status_code == 200
            and response["Content-Type"].startswith("text/html")
            and b"<html" in response.content[:300]
            and url not in pages
        ):
            pages.append(url)
    return pages


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_axe_violations_on_any_page_in_dutch_and_english(
    open_page: OpenPage, live_server: LiveServer, sample: SamplePlan, actors: Actors
) -> None:
    with_content(sample, actors)
    pages = html_pages(sample, actors)
    assert len(pages) >= 30
    found: list[str] = []
    for language in ("nl", "en"):
        page = open_page(language=language, user=actors.owner)
        for url in pages:
            page.goto(f"{live_server.url}{url}")
            found += [f"{language} {url}: {line}" for line in axe_violations(page)]
    # The login page, logged out.
    for language in ("nl", "en"):
        page = open_page(language=language)
        page.goto(f"{live_server.url}{reverse('login')}")
        found += [f"{language} login: {line}" for line in axe_violations(page)]
    assert found == [], "\n" + "\n".join(found)


def test_the_skip_link_is_the_first_thing_to_tab_to_and_skips_the_tabs(
    open_page: OpenPage, live_server: LiveServer, sample: SamplePlan, actors: Actors
) -> None:
    for language, label in (("nl", "Naar de inhoud"), ("en", "Skip to content")):
        page: Page = open_page(language=language, user=actors.owner)
        page.goto(f"{live_server.url}{reverse('plans:overview', args=[sample.plan.pk])}")
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.textContent.trim(), "
            "document.activeElement.getAttribute('href')]"
        )
        assert focused == [label, "#content"]
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "content"
        # The next stop is in the page itself, past the plan's title and tabs.
        page.keyboard.press("Tab")
        assert page.evaluate(
            "() => document.getElementById('content').contains(document.activeElement)"
        )


# --- what a Content-Security-Policy without 'unsafe-inline' needs ---------------------------------

INLINE = [
    ("an inline style attribute", re.compile(r"\sstyle=")),
    ("a <style> element", re.compile(r"<style[\s>]")),
    ("an inline <script>", re.compile(r"<script(?![^>]*\ssrc=)[^>]*>")),
    ("an inline event handler", re.compile(r"\son[a-z]+=", re.I)),
    ("a javascript: link", re.compile(r"javascript:", re.I)),
]


def _is_pdf_document(path: Path, text: str) -> bool:
    """Templates that WeasyPrint lays out into a PDF (mijlpaal/pdf.py) are never served to a
    browser, so no Content-Security-Policy applies; their styles sit in the document itself."""
    return path.parent.name == "pdf" or '{% extends "pdf/base.html" %}' in text


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_templates_have_no_inline_styles_or_scripts(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    styles_allowed = _is_pdf_document(path, text)
    found = [
        f"line {text.count(chr(10), 0, m.start()) + 1}: {what}"
        for what, pattern in INLINE
        if not (styles_allowed and "style" in what)
        for m in pattern.finditer(text)
    ]
    assert found == []


STRICT_CSP = "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:"


def test_pages_work_under_a_strict_content_security_policy(
    browser: Browser, live_server: LiveServer, sample: SamplePlan, actors: Actors
) -> None:
    """With a policy that forbids inline styles and scripts nothing is refused, htmx included."""
    with_content(sample, actors)
    context = browser.new_context()
    context.add_cookies([session_cookie(actors.owner, live_server.url)])

    def with_policy(route: Route) -> None:
        response = route.fetch()
        headers = dict(response.headers)
        if headers.get("content-type", "").startswith("text/html"):
            headers["content-security-policy"] = STRICT_CSP
        route.fulfill(response=response, headers=headers)

    context.route("**/*", with_policy)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    plan = sample.plan.pk
    for name in ("plans:overview", "monitoring:dashboard", "charts:milestone_plan",
                 "charts:gantt", "monitoring:trend"):  # fmt: skip
        page.goto(live_server.url + reverse(name, args=[plan]))
    page.goto(live_server.url + reverse("plans:workstreams", args=[plan]))
    wait_for_htmx(page)
    page.locator("article.item").first.get_by_role("link", name="Bewerken").click()
    expect(page.locator("form.inline-edit")).to_be_visible()
    page.goto(live_server.url + reverse("responsibilities:matrix", args=[plan]))
    wait_for_htmx(page)
    page.locator("a.veri-letters").first.click()
    expect(page.locator("form.veri-form")).to_be_visible()
    context.close()
    assert refused == []


def test_the_inline_check_notices_each_kind() -> None:
    samples = [
        '<p style="color:red">',
        "<style>p { color: red }</style>",
        "<script>alert(1)</script>",
        '<button onclick="window.print()">',
        '<a href="javascript:void(0)">',
    ]
    for (what, pattern), sample in zip(INLINE, samples, strict=True):
        assert pattern.search(sample), what
    assert not any(p.search('<script src="/static/x.js" defer></script>') for _w, p in INLINE)

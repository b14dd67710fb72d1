"""What the tests share: named actors, building plans, clients, reading pages, a browser login.

Test files import from here; the fixtures built on it (actors, sample, travel, page) live in
tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import reverse

from mijlpaal.accounts.models import User
from mijlpaal.monitoring.models import Entry
from mijlpaal.monitoring.services import Subject, entry_post
from mijlpaal.plans import services
from mijlpaal.plans.models import Activity, Goal, Milestone, Party, Plan, Workstream
from mijlpaal.responsibilities.models import Assignment

if TYPE_CHECKING:
    from playwright._impl._api_structures import SetCookieParam
    from playwright.sync_api import Page, ViewportSize

PASSWORD = "correct horse battery staple"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The suite's today: every test runs on this day unless it travels, so it passes next year too.
SUITE_TODAY = dt.date(2026, 12, 1)

M = TypeVar("M", bound=models.Model)


def morning_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMSTERDAM)


# --- people and plans ----------------------------------------------------------------------------


@dataclass
class Actors:
    owner: User
    editor: User
    contributor: User
    viewer: User
    outsider: User


@dataclass
class SamplePlan:
    plan: Plan
    goal: Goal
    workstream: Workstream
    milestone: Milestone
    second_milestone: Milestone
    activity: Activity
    party: Party


def make_user(email: str, name: str) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, name=name)


def build_plan(owner: User, title: str = "Regioplan Techniek 2025–2028") -> Plan:
    return services.plan_create(
        user=owner,
        plan=Plan(
            title=title,
            organisation="STO Rivierenland",
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2028, 12, 31),
            region="midden",
        ),
    )


def saved(plan: Plan, user: User | None, instance: M) -> M:
    """services.item_save, typed: it returns the instance it was given, saved and recorded."""
    services.item_save(plan=plan, user=user, instance=instance)
    return instance


def report(
    plan: Plan, user: User, subject: Subject, day: dt.date | str, light: str, **fields: Any
) -> Entry:
    """A status update in the logbook, through the service as a member posts it."""
    reported_on = dt.date.fromisoformat(day) if isinstance(day, str) else day
    entry = Entry(light=light, reported_on=reported_on, **fields)
    return entry_post(plan=plan, user=user, subject=subject, entry=entry)


@dataclass
class Matrix:
    sample: SamplePlan
    school: Party  # "Maaswaal College", linked to nobody
    mbo: Party  # "ROC Rivor"
    person: Party  # "Eddy Editor", linked to the editor's account
    company: Party  # "Bouwbedrijf Van Wijk", no role anywhere


def fill(sample: SamplePlan, editor: User) -> Matrix:
    """A VERI matrix with a problem of each kind.

    Workstream: E+V fine; milestone 1: E, no V (warning); milestone 2: two E's (error);
    activity: nothing.
    """
    plan = sample.plan
    mbo = Party.objects.create(plan=plan, name="ROC Rivor", kind="mbo", order=1)
    person = Party.objects.create(
        plan=plan,
        name="Eddy Editor",
        kind="person",
        user=editor,
        order=2,
        role_title="Projectleider",
    )
    company = Party.objects.create(plan=plan, name="Bouwbedrijf Van Wijk", kind="company", order=3)
    # Straight into the table: the matrix is the starting point, not a change in the history.
    cells: list[tuple[Party, dict[str, Any], str]] = [
        (sample.party, {"workstream": sample.workstream}, "VE"),
        (mbo, {"workstream": sample.workstream}, "I"),
        (sample.party, {"milestone": sample.milestone}, "E"),
        (mbo, {"milestone": sample.milestone}, "R"),
        (sample.party, {"milestone": sample.second_milestone}, "E"),
        (person, {"milestone": sample.second_milestone}, "VE"),
    ]
    for party, row, letters in cells:
        Assignment.objects.create(plan=plan, party=party, letters=letters, **row)
    return Matrix(sample, sample.party, mbo, person, company)


# --- clients -------------------------------------------------------------------------------------


def client_for(user: User) -> Client:
    """A logged-in client whose browser asks for Dutch."""
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)
    return client


def english_client(user: User) -> Client:
    """A logged-in client that chose English, as a user does with the language switch."""
    client = client_for(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


# --- reading pages -------------------------------------------------------------------------------


class Rendered(Protocol):
    """A page from the test client (or any HttpResponse): all the readers need is its bytes."""

    @property
    def content(self) -> bytes: ...


def squash(visible: str) -> str:
    """Whitespace collapsed as a browser shows it, entities unescaped."""
    return html.unescape(re.sub(r"\s+", " ", visible)).strip()


def text(response: Rendered) -> str:
    """The visible text of a page, whitespace collapsed, tags removed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return squash(re.sub(r"<[^>]+>", " ", body))


@dataclass
class Element:
    """An element of a parsed page: enough of a tree to find things and read their text."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The visible text, as text() reads a page: every tag boundary counts as a space."""
        return squash(self._visible())

    def _visible(self) -> str:
        if self.tag in {"script", "style"}:
            return " "
        return "".join(c if isinstance(c, str) else f" {c._visible()} " for c in self.children)

    def iter(self) -> list[Element]:
        """This element and all elements inside it, in document order."""
        found = [self]
        for child in self.children:
            if isinstance(child, Element):
                found.extend(child.iter())
        return found

    def find_all(self, tag: str) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag]

    def by_id(self, element_id: str) -> Element:
        for element in self.iter():
            if element.attrs.get("id") == element_id:
                return element
        raise AssertionError(f"no element #{element_id}")


# Elements that have no end tag, so they never hold others.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # squash() unescapes, as text() does
        self.root = Element("document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        # An end tag closes its element and whatever was left open inside it; a stray one nothing.
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)

    def handle_entityref(self, name: str) -> None:
        self.open[-1].children.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.open[-1].children.append(f"&#{name};")


def parse(response: Rendered) -> Element:
    """The page as a tree of elements."""
    builder = _TreeBuilder()
    builder.feed(response.content.decode())
    builder.close()
    return builder.root


def element_text(response: Rendered, element_id: str) -> str:
    """The visible text of the element with this id."""
    return parse(response).by_id(element_id).text


def section_text(response: Rendered, heading: str) -> str:
    """The visible text of the <section> whose first heading reads `heading`."""
    for section in parse(response).find_all("section"):
        headings = [e for e in section.iter() if e.tag in {"h1", "h2", "h3", "h4"}]
        if headings and headings[0].text == heading:
            return section.text
    raise AssertionError(f"no section headed {heading!r}")


# --- the browser ---------------------------------------------------------------------------------


def log_in(page: Page, base_url: str, email: str) -> None:
    """Log in through the login form and wait for the list of plans."""
    from playwright.sync_api import expect  # only the browser tests pay for importing Playwright

    page.goto(base_url + reverse("login"))
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn plannen")).to_be_visible()


def wait_for_htmx(page: Page) -> None:
    """Wait until htmx has bound the page's hx- attributes; before that a click follows the link."""
    # htmx binds them when the DOM is loaded, after its deferred script has run.
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")


# --- accessibility and screen sizes --------------------------------------------------------------

# axe-core from npm (package.json; `make unit` installs it), injected into the page by the test:
# never from a CDN.
AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, and axe's best practices (landmarks, heading order, one h1, skip links).
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")
PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1366, "height": 768}


class OpenPage(Protocol):
    """The open_page fixture: a page in a fresh browser context (tests/conftest.py)."""

    def __call__(
        self,
        *,
        language: str = "nl",
        viewport: ViewportSize | None = None,
        user: User | None = None,
    ) -> Page: ...


def session_cookie(user: User, url: str) -> SetCookieParam:
    """A logged-in session for the browser, made on the server as force_login does."""
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": url}


def axe_violations(page: Page) -> list[str]:
    """What axe-core finds on the page as it is now, one line per rule and element."""
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `make node-deps` (npm install)"
    page.add_script_tag(path=str(AXE_JS))
    found: list[str] = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],  // the others are not read: faster
            });
            return results.violations.flatMap((v) => v.nodes.map((n) =>
                `${v.id} (${v.impact}): ${n.target.join(" ")} — ${v.help}`));
        }""",
        list(AXE_TAGS),
    )
    return found


def sideways_scroll(page: Page) -> int:
    """How many pixels the page is wider than the window (0: it does not scroll sideways)."""
    overflow: int = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    return max(overflow, 0)

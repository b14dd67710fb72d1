"""The charts' known plan, and reading the milestone plan table and the Gantt SVG the way a test
needs them."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from mijlpaal.monitoring import services as monitoring
from mijlpaal.monitoring.models import Entry
from mijlpaal.plans import services
from mijlpaal.plans.models import Milestone, Workstream
from tests.helpers import Rendered, SamplePlan

SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2025, 11, 3)  # the charts' today (the fixture `today` travels there)


@dataclass
class KnownPlan:
    """The sample plan with a reached milestone and a second workstream (the fixture `known`)."""

    sample: SamplePlan
    reached: Milestone
    industry: Workstream
    late: Milestone
    internships: Milestone


def loose_and_moved(known: KnownPlan) -> Milestone:
    """A milestone without a workstream (number 7), and the reached one moved up one place."""
    plan = known.sample.plan
    owner = plan.memberships.get(role="owner").user
    loose = services.item_save(
        plan=plan,
        user=owner,
        instance=Milestone(title="Subsidie aangevraagd", deadline=dt.date(2026, 3, 1), number=7),
    )
    services.item_move(plan=plan, user=owner, instance=known.reached, direction="up")
    return loose


def post_lights(known: KnownPlan) -> None:
    """Status updates: orange on 1.1, red on 1.2, green on 2.2, and red on 2.1, which is late
    (te laat beats any light); 1.3 is reached. An older green on 1.1 no longer shows."""
    plan = known.sample.plan
    user = plan.memberships.get(role="owner").user
    updates = [
        (known.sample.milestone, "green", TODAY - dt.timedelta(days=14)),
        (known.sample.milestone, "orange", TODAY),
        (known.sample.second_milestone, "red", TODAY),
        (known.internships, "green", TODAY),
        (known.late, "red", TODAY),
    ]
    for milestone, light, day in updates:
        entry = Entry(light=light, reported_on=day)
        monitoring.entry_post(plan=plan, user=user, subject=milestone, entry=entry)


def light_text(row: ET.Element) -> str:
    """The light a milestone row shows, in words (the dot beside it is hidden from readers)."""
    for span in row.iter("span"):
        if "light-status" in classes(span):
            return squash("".join(span.itertext()))
    return ""


def light_class(row: ET.Element) -> str:
    """The coloured dot's light class: light-orange, light-late, …"""
    for span in row.iter("span"):
        names = classes(span)
        if "light" in names:
            return next(name for name in names if name.startswith("light-"))
    return ""


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def plan_table(response: Rendered) -> ET.Element:
    """The milestone plan's <table>, parsed as XML (the template keeps it well-formed)."""
    html = response.content.decode()
    start = html.index('<table class="mplan')
    end = html.index("</table>", start) + len("</table>")
    return ET.fromstring(html[start:end])


def header_rows(table: ET.Element) -> list[list[tuple[str, str | None]]]:
    """Per header row: (text, colspan) of each cell."""
    thead = table.find("thead")
    assert thead is not None
    return [
        [(squash("".join(th.itertext())), th.get("colspan")) for th in tr]
        for tr in thead.findall("tr")
    ]


def body_rows(table: ET.Element) -> list[ET.Element]:
    return [tr for tbody in table.findall("tbody") for tr in tbody.findall("tr")]


def period_cells(row: ET.Element) -> list[ET.Element]:
    return [td for td in row.findall("td") if "period" in classes(td)]


def filled(row: ET.Element) -> list[str]:
    """The periods ("Q4 2025") that the row's bar fills."""
    return [td.get("title", "") for td in period_cells(row) if "filled" in classes(td)]


def deadline_marks(row: ET.Element) -> list[tuple[str, str]]:
    """(period, mark) of each cell that holds the deadline mark."""
    return [
        (td.get("title", ""), squash("".join(td.itertext())))
        for td in period_cells(row)
        if "deadline" in classes(td)
    ]


def cell_text(row: ET.Element, css_class: str) -> str:
    for td in row.findall("td"):
        if css_class in classes(td):
            return squash("".join(td.itertext()))
    raise AssertionError(f"no cell {css_class}")


def summary(table: ET.Element) -> list[tuple[str, ...]]:
    """Each body row as (kind, number, title, row classes) for comparing the order and numbering."""
    out: list[tuple[str, ...]] = []
    for tr in body_rows(table):
        if "ws-row" in classes(tr):
            out.append(("workstream", squash("".join(tr.itertext()))))
        elif "milestone-row" in classes(tr):
            title = tr.find("td[@class='title']/a")
            assert title is not None
            status = " ".join(sorted(classes(tr) - {"milestone-row"}))
            out.append(("milestone", cell_text(tr, "nr"), title.text or "", status))
    return out


def svg_root(svg: str | bytes) -> ET.Element:
    return ET.fromstring(svg)


def svg_items(root: ET.Element) -> dict[str, ET.Element]:
    """The chart's item groups by key: m<pk> for milestones, a<pk> for activities."""
    return {g.get("data-key", ""): g for g in root.iter(f"{SVG}g") if "item" in classes(g)}

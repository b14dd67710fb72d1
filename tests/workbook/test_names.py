"""Issue 10.1: the app's own workbook imports again, whatever the names of parties and items."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mijlpaal.accounts.models import User
from mijlpaal.plans.models import Activity, Milestone, Party, Plan, Workstream
from mijlpaal.responsibilities.services import assignment_set
from mijlpaal.workbook.importer import workbook_preview
from mijlpaal.workbook.reader import read_workbook
from tests.helpers import Actors, build_plan, client_for, saved, text
from tests.workbook.helpers import export_bytes

# What a person may type as a name: any character an .xlsx file can hold (no control characters,
# no surrogates or non-characters), not starting or ending with white space (the forms strip it).
NAME_CHARACTERS = st.characters(exclude_categories=["Cc", "Cs", "Cn"])
TRICKY = [
    "Lingecollege (vmbo)",
    "Gemeente, afdeling Onderwijs",
    "ROC (E), Rivor",
    "Bedrijf; BV",
    "“Quote” 'n ‘enkel’",
    "École Élève ñ",
    "Techniek 🚀🔧",
    "=SUM(A1:A2)",
    "(V)",
    "A (V), B",
    "x" * 200,
]


def names(max_size: int) -> st.SearchStrategy[str]:
    typed = st.text(NAME_CHARACTERS, min_size=1, max_size=max_size).map(str.strip)
    return st.one_of(st.sampled_from(TRICKY), typed).map(lambda s: s[:max_size]).filter(bool)


@dataclass
class Names:
    parties: list[str]
    workstream: str
    milestones: list[str]
    activity: str


@st.composite
def plan_names(draw: st.DrawFn) -> Names:
    parties = draw(st.lists(names(100), min_size=1, max_size=4, unique=True))
    items = draw(st.lists(names(200), min_size=4, max_size=4, unique=True))
    return Names(parties, items[0], items[1:3], items[3])


def _plan_with(owner: User, given_names: Names) -> Plan:
    """A plan whose workstream, milestones, activity and parties carry `given_names`; every party
    has letters on every row, so each roles cell names them all."""
    plan = build_plan(owner)
    workstream = saved(plan, owner, Workstream(name=given_names.workstream))
    milestones = [
        saved(plan, owner, Milestone(workstream=workstream, title=title, lead_time="1m"))
        for title in given_names.milestones
    ]
    activity = saved(
        plan,
        owner,
        Activity(
            workstream=workstream,
            milestone=milestones[0],
            title=given_names.activity,
            duration="2w",
        ),
    )
    rows: list[Workstream | Milestone | Activity] = [workstream, *milestones, activity]
    for i, name in enumerate(given_names.parties):
        party = saved(plan, owner, Party(name=name, kind="school"))
        for row in rows:
            assignment_set(
                plan=plan, user=owner, party=party, row=row, letters="E" if i == 0 else "VR"
            )
    return plan


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan_names())
@example(Names(["Lingecollege (vmbo)", "ROC (E), Rivor"], "Werk (1)", ["A (V), B", "=1+1"], "🚀"))
def test_any_names_round_trip_without_changes(actors: Actors, given_names: Names) -> None:
    plan = _plan_with(actors.owner, given_names)
    content = read_workbook(export_bytes(plan))
    assert [p.name for p in content.parties] == given_names.parties
    preview = workbook_preview(user=actors.owner, content=content, into=plan)
    assert (preview.added, preview.changed, preview.removed) == ([], [], [])


def test_the_lingecollege_workbook_imports_unchanged_through_the_page(actors: Actors) -> None:
    plan = _plan_with(
        actors.owner,
        Names(
            ["Lingecollege (vmbo)", "Gemeente Tiel, afdeling (E)"],
            "Techniek",
            ["Start", "Eind"],
            "Werk",
        ),
    )
    client = client_for(actors.owner)
    data = client.get(reverse("workbook:export", args=[plan.pk])).content
    response = client.post(
        reverse("workbook:import", args=[plan.pk]), {"file": SimpleUploadedFile("plan.xlsx", data)}
    )
    page = text(client.get(response["Location"]))
    assert "De werkmap is gelijk aan het plan: inlezen verandert niets." in page
    assert "niet te lezen" not in page

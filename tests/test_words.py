"""Words and numbers a user reads: lead times in words, slack explained, plurals, the status form,
the empty VERI matrix, and the hints in the forms (issue 10, points 6, 9 and 10)."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mijlpaal import planning
from mijlpaal.downloads import ascii_name, file_name
from mijlpaal.monitoring.models import Entry
from mijlpaal.plans.models import Activity, Milestone, Party, SchedulingMode, Workstream
from mijlpaal.plans.planfile import PlanImportError, export_plan, import_plan
from mijlpaal.plans.scheduling import compute_schedule
from mijlpaal.responsibilities.models import Assignment
from tests.helpers import (
    Actors,
    SamplePlan,
    build_plan,
    client_for,
    element_text,
    english_client,
    parse,
    saved,
    text,
)
from tests.workbook.helpers import reopen, to_bytes

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parent.parent / "src" / "mijlpaal"


# --- lead times in words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored", "calendar", "shown"),
    [
        ("6 weken", "6w", False, "6 weken"),
        ("6 wk", "6w", False, "6 weken"),
        ("6w", "6w", False, "6 weken"),
        ("1 week", "1w", False, "1 week"),
        ("3 maanden", "3m", False, "3 maanden"),
        ("10 werkdagen", "10d", False, "10 werkdagen"),
        ("2 kalenderweken", "2w", True, "2 kalenderweken"),
        ("10 working days", "10d", False, "10 werkdagen"),
    ],
)
def test_a_lead_time_is_typed_and_shown_in_words(
    sample: SamplePlan, actors: Actors, typed: str, stored: str, calendar: bool, shown: str
) -> None:
    client = client_for(actors.editor)
    response = client.post(
        reverse("plans:item_new", args=[sample.plan.pk, "milestone"]),
        {"title": "Docenten geschoold", "deadline": "2027-03-12", "lead_time": typed},
    )
    assert response.status_code == 302, text(response)
    milestone = Milestone.objects.get(title="Docenten geschoold")
    assert (milestone.lead_time, milestone.lead_time_calendar) == (stored, calendar)
    page = text(client.get(reverse("plans:workstreams", args=[sample.plan.pk])))
    assert f"Doorlooptijd: {shown}" in page
    detail = text(
        client.get(reverse("plans:item_detail", args=[sample.plan.pk, "milestone", milestone.pk]))
    )
    assert f"Doorlooptijd {shown}" in detail
    edit = client.get(reverse("plans:item_edit", args=[sample.plan.pk, "milestone", milestone.pk]))
    assert f'name="lead_time" value="{shown}"' in edit.content.decode()


def test_english_pages_show_lead_times_in_english(sample: SamplePlan, actors: Actors) -> None:
    client = english_client(actors.editor)
    client.post(
        reverse("plans:item_edit", args=[sample.plan.pk, "activity", sample.activity.pk]),
        {"title": sample.activity.title, "duration": "2 calendar weeks"},
    )
    sample.activity.refresh_from_db()
    assert (sample.activity.duration, sample.activity.duration_calendar) == ("2w", True)
    page = text(client.get(reverse("plans:workstreams", args=[sample.plan.pk])))
    assert "Lead time: 3 months" in page  # the sample milestone's 3m
    assert "Duration: 2 calendar weeks" in page


def test_a_calendar_lead_time_counts_the_holidays(
    sample: SamplePlan, travel: Callable[[dt.date], None]
) -> None:
    """Two working weeks skip the Christmas holiday (20 Dec 2025 – 4 Jan 2026); two calendar
    weeks count it."""
    travel(dt.date(2025, 9, 1))
    milestone = sample.second_milestone
    milestone.deadline = dt.date(2026, 1, 9)
    milestone.lead_time = "2w"
    milestone.save()
    start = compute_schedule(sample.plan).milestones[milestone.pk].start
    assert start == dt.date(2025, 12, 15)  # 5 working days in Jan, the holiday, 5 in Dec
    milestone.lead_time_calendar = True
    milestone.save()
    start = compute_schedule(sample.plan).milestones[milestone.pk].start
    # 14 calendar days up to and including 9 Jan begin on Sat 27 Dec, in the holiday: the work
    # starts on the working day before it, Fri 19 Dec.
    assert start == dt.date(2025, 12, 19)


def test_a_lead_time_that_is_no_lead_time_is_refused_in_words(
    sample: SamplePlan, actors: Actors
) -> None:
    response = client_for(actors.editor).post(
        reverse("plans:item_new", args=[sample.plan.pk, "milestone"]),
        {"title": "Iets", "deadline": "2027-03-12", "lead_time": "6 jaar"},
    )
    assert "Schrijf een getal en een eenheid, zoals 6 weken, 10 werkdagen" in text(response)
    assert not Milestone.objects.filter(title="Iets").exists()


def test_the_plan_file_keeps_calendar_time_and_the_workbook_shows_words(
    sample: SamplePlan, actors: Actors
) -> None:
    Activity.objects.filter(pk=sample.activity.pk).update(duration="2w", duration_calendar=True)
    Milestone.objects.filter(pk=sample.milestone.pk).update(lead_time_calendar=True)
    content = export_plan(sample.plan)
    assert "  duration: 2w\n  calendar: true\n" in content
    copy = import_plan(user=actors.owner, text=content)
    assert Activity.objects.get(plan=copy, key=sample.activity.key).duration_calendar
    copied = Milestone.objects.get(plan=copy, key=sample.milestone.key)
    assert (copied.lead_time, copied.lead_time_calendar) == ("3m", True)


# --- slack ---------------------------------------------------------------------------------------


def _far_milestone(sample: SamplePlan) -> Milestone:
    workstream = saved(sample.plan, None, Workstream(name="Later"))
    return saved(
        sample.plan,
        None,
        Milestone(
            workstream=workstream,
            title="Borging in het jaarplan",
            deadline=dt.date(2028, 3, 31),
            lead_time="6w",
        ),
    )


def test_slack_says_what_it_means_when_planned_backwards(
    sample: SamplePlan, actors: Actors
) -> None:
    milestone = _far_milestone(sample)
    dates = compute_schedule(sample.plan).milestones[milestone.pk]
    assert dates.start == dates.late_start == dt.date(2028, 2, 21)
    assert dates.slack is not None and dates.slack > 250
    response = client_for(actors.viewer).get(reverse("plans:workstreams", args=[sample.plan.pk]))
    row = element_text(response, f"milestone-{milestone.pk}")
    assert f"Speling : het kan tot {dates.slack} werkdagen eerder beginnen" in row
    [abbr] = parse(response).by_id(f"milestone-{milestone.pk}").find_all("abbr")
    assert abbr.text == "Speling"
    assert abbr.attrs["title"].startswith(
        "Speling: hoeveel werkdagen dit onderdeel kan schuiven zonder dat een deadline in "
        "gevaar komt."
    )


def test_slack_forwards_is_how_far_it_may_slip(sample: SamplePlan, actors: Actors) -> None:
    sample.plan.scheduling = SchedulingMode.ASAP
    sample.plan.save()
    milestone = _far_milestone(sample)
    dates = compute_schedule(sample.plan).milestones[milestone.pk]
    assert dates.start == dt.date(2026, 12, 1)
    response = client_for(actors.viewer).get(reverse("plans:workstreams", args=[sample.plan.pk]))
    row = element_text(response, f"milestone-{milestone.pk}")
    assert (
        f"Speling : het mag {dates.slack} werkdagen uitlopen zonder een deadline te missen" in row
    )


def test_a_shortage_is_said_as_one(sample: SamplePlan, actors: Actors) -> None:
    # The sample milestone's deadline (19 Dec 2025) lies before today (1 Dec 2026).
    slack = compute_schedule(sample.plan).milestones[sample.milestone.pk].slack
    assert slack is not None and slack < 0
    response = client_for(actors.viewer).get(reverse("plans:workstreams", args=[sample.plan.pk]))
    row = element_text(response, f"milestone-{sample.milestone.pk}")
    assert f"Speling : {-slack} werkdagen tekort: het haalt de deadline niet" in row


# --- the status form -----------------------------------------------------------------------------


def _status_url(sample: SamplePlan) -> str:
    return reverse("monitoring:entry_new", args=[sample.plan.pk, "milestone", sample.milestone.pk])


def test_the_lights_are_chips_with_their_word(sample: SamplePlan, actors: Actors) -> None:
    response = client_for(actors.contributor).get(_status_url(sample))
    chips = parse(response).by_id("id_light")
    assert chips.attrs["class"] == "light-chips"
    assert [label.text for label in chips.find_all("label")] == [
        "groen",
        "oranje",
        "rood",
        "bereikt",
    ]
    page = text(response)
    assert "Bereikt op (datum)" in page
    assert "Alleen bij ‘bereikt’: de dag waarop het bereikt is." in page
    # filled in with today, so that "reached" mostly needs no typing
    assert 'name="reached_on" value="2026-12-01"' in response.content.decode()
    assert "Stand van zaken op (datum)" in page
    assert "Wanneer verwacht u nu dat de mijlpaal bereikt wordt?" in page
    css = (SRC / "static" / "mijlpaal" / "app.css").read_text()
    # the date reached shows only with "reached" (CSS); the server does not rely on it
    assert (
        '.status-form:has(input[name="light"][value="reached"]:checked) '
        ".field:has(#id_reached_on)" in css
    )


def test_a_date_reached_counts_only_with_reached(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.contributor)
    client.post(
        _status_url(sample),
        {"light": "green", "reached_on": "2026-11-20", "reported_on": "2026-11-27"},
    )
    entry = Entry.objects.get()
    assert (entry.light, entry.reached_on) == ("green", None)
    sample.milestone.refresh_from_db()
    assert sample.milestone.reached_on is None


def test_reached_needs_the_date_reached(sample: SamplePlan, actors: Actors) -> None:
    response = client_for(actors.contributor).post(
        _status_url(sample), {"light": "reached", "reached_on": "", "reported_on": "2026-11-27"}
    )
    assert "Zeg op welke dag het bereikt is." in text(response)
    assert not Entry.objects.exists()


def test_a_date_reached_after_the_status_date_is_refused(
    sample: SamplePlan, actors: Actors
) -> None:
    response = client_for(actors.contributor).post(
        _status_url(sample),
        {"light": "reached", "reached_on": "2026-11-30", "reported_on": "2026-11-27"},
    )
    assert "De datum van bereiken kan niet na de datum van deze status liggen." in text(response)
    assert not Entry.objects.exists()


def test_the_dutch_texts_say_u() -> None:
    """One form of address: the app says "u", never "je", "jij" or "jouw"."""
    informal = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
    found = []
    for path in sorted(SRC.glob("**/locale/nl/LC_MESSAGES/django.mo")):
        with path.open("rb") as mo:
            catalog: dict[object, str] = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
        found += [f"{path.relative_to(SRC)}: {t}" for t in catalog.values() if informal.search(t)]
    assert found == []


# --- plurals -------------------------------------------------------------------------------------


def test_counts_of_one_are_singular(sample: SamplePlan, actors: Actors) -> None:
    Milestone.objects.filter(pk=sample.second_milestone.pk).update(effort_hours=1)
    page = text(client_for(actors.viewer).get(reverse("plans:workstreams", args=[sample.plan.pk])))
    assert "1 uur" in page
    dashboard = text(
        client_for(actors.viewer).get(reverse("monitoring:dashboard", args=[sample.plan.pk]))
    )
    assert re.search(r"\b0 open knelpunten\b", dashboard)


# --- the VERI matrix -----------------------------------------------------------------------------


def test_an_empty_matrix_says_so_once(sample: SamplePlan, actors: Actors) -> None:
    saved(sample.plan, None, Party(name="ROC Rivor"))
    client = client_for(actors.editor)
    response = client.get(reverse("responsibilities:matrix", args=[sample.plan.pk]))
    summary = element_text(response, "veri-summary")
    assert summary == (
        "Nog geen rollen ingevuld. Geef elk van de 4 rijen één partij met E "
        "(eindverantwoordelijk) en minstens één met V (verantwoordelijk); de aandachtspunten "
        "verschijnen zodra de eerste letter is ingevuld."
    )
    page = text(response)
    assert "Fout " not in page and "Waarschuwing " not in page
    assert "veri-badge" not in response.content.decode()  # nor a badge in the party headers
    english = english_client(actors.editor).get(
        reverse("responsibilities:matrix", args=[sample.plan.pk])
    )
    assert element_text(english, "veri-summary").startswith("No roles filled in yet.")

    # The first letter brings the points of every row: the page loads again.
    cell = reverse(
        "responsibilities:cell",
        args=[sample.plan.pk, "milestone", sample.milestone.pk, sample.party.pk],
    )
    first = client.post(cell, {"letters": "E"}, HTTP_HX_REQUEST="true")
    assert first["HX-Refresh"] == "true"
    after = client.get(reverse("responsibilities:matrix", args=[sample.plan.pk]))
    assert "1 fout" in element_text(after, "veri-summary") or "fouten" in element_text(
        after, "veri-summary"
    )
    second = client.post(
        reverse(
            "responsibilities:cell",
            args=[sample.plan.pk, "activity", sample.activity.pk, sample.party.pk],
        ),
        {"letters": "V"},
        HTTP_HX_REQUEST="true",
    )
    assert "HX-Refresh" not in second
    assert Assignment.objects.count() == 2


# --- forms and hints -----------------------------------------------------------------------------


def test_leads_to_milestone_lists_the_workstreams_own_milestones_first_with_numbers(
    sample: SamplePlan, actors: Actors
) -> None:
    other = saved(sample.plan, None, Workstream(name="Loopbaanoriëntatie"))
    saved(sample.plan, None, Milestone(workstream=other, title="LOB-plan vastgesteld"))
    saved(sample.plan, None, Milestone(title="Eindverslag ingediend"))
    Activity.objects.filter(pk=sample.activity.pk).update(workstream=other)
    response = client_for(actors.editor).get(
        reverse("plans:item_edit", args=[sample.plan.pk, "activity", sample.activity.pk])
    )
    select = parse(response).by_id("id_milestone")
    groups = [
        (group.attrs["label"], [o.text for o in group.find_all("option")])
        for group in select.find_all("optgroup")
    ]
    assert groups == [
        ("Loopbaanoriëntatie", ["1. LOB-plan vastgesteld"]),
        (
            "Modern techniekonderwijs",
            ["1. XR-lesmateriaal ontwikkeld", "2. XR in alle techniekprofielen"],
        ),
        ("Niet in een deelproject", ["1. Eindverslag ingediend"]),
    ]


def test_a_workstream_has_an_owner_and_a_goal(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.editor)
    response = client.post(
        reverse("plans:item_edit", args=[sample.plan.pk, "workstream", sample.workstream.pk]),
        {"name": "Modern techniekonderwijs", "owner": sample.party.pk, "goal": sample.goal.pk},
    )
    assert response.status_code == 302, text(response)
    workstream = Workstream.objects.get(pk=sample.workstream.pk)
    assert (workstream.owner, workstream.goal) == (sample.party, sample.goal)
    page = text(client.get(reverse("plans:workstreams", args=[sample.plan.pk])))
    assert (
        "Trekker: Maaswaal College · Doelstelling: Vijf procent minder uitval in vmbo 3 in 2028"
        in page
    )
    overview = client.get(reverse("plans:overview", args=[sample.plan.pk]))
    assert "Modern techniekonderwijs Maaswaal College" in text(overview)

    # Both go round through the plan file.
    content = export_plan(sample.plan)
    assert f"  - id: {workstream.key}\n    name: Modern techniekonderwijs\n" in content
    assert f"    owner: {sample.party.key}\n    goal: {sample.goal.key}\n" in content
    copy = import_plan(user=actors.owner, text=content)
    copied = Workstream.objects.select_related("owner", "goal").get(plan=copy)
    assert copied.owner is not None and copied.owner.name == "Maaswaal College"
    assert copied.goal is not None and copied.goal.description == sample.goal.description


def test_an_owner_from_another_plan_is_refused(sample: SamplePlan, actors: Actors) -> None:
    stranger = saved(build_plan(actors.outsider, "Ander plan"), None, Party(name="Vreemde"))
    response = client_for(actors.editor).post(
        reverse("plans:item_edit", args=[sample.plan.pk, "workstream", sample.workstream.pk]),
        {"name": "Modern techniekonderwijs", "owner": stranger.pk},
    )
    assert "Selecteer een geldige keuze." in text(response)
    assert Workstream.objects.get(pk=sample.workstream.pk).owner is None


def test_a_plan_file_naming_an_unknown_owner_is_refused(actors: Actors) -> None:
    content = (
        "plan: {title: T, start: 2026-01-05, end: 2026-12-18}\n"
        "items: []\n"
        "mijlpaal:\n"
        "  workstreams:\n"
        "  - {id: w1, name: W, owner: niemand}\n"
    )
    with pytest.raises(PlanImportError) as error:
        import_plan(user=actors.owner, text=content)
    assert [p.message for p in error.value.problems] == [
        "Er is geen partij ‘niemand’ in ‘mijlpaal.parties’."
    ]


def test_the_goals_card_has_an_add_button(sample: SamplePlan, actors: Actors) -> None:
    new_goal = reverse("plans:item_new", args=[sample.plan.pk, "goal"])
    editor = client_for(actors.editor).get(reverse("plans:overview", args=[sample.plan.pk]))
    assert f'href="{new_goal}">+ Doelstelling</a>' in editor.content.decode()
    viewer = client_for(actors.viewer).get(reverse("plans:overview", args=[sample.plan.pk]))
    assert new_goal not in viewer.content.decode()


def test_the_region_select_names_the_provinces(actors: Actors) -> None:
    page = client_for(actors.owner).get(reverse("plans:create"))
    options = [o.text for o in parse(page).by_id("id_region").find_all("option")]
    assert options == [
        "geen schoolvakanties",
        "Noord: Groningen, Friesland, Drenthe, Overijssel, Noord-Holland en bijna heel Flevoland",
        "Midden: Zuid-Holland, het grootste deel van Utrecht en Gelderland, en delen van Flevoland "
        "en Noord-Brabant",
        "Zuid: Limburg, Zeeland, bijna heel Noord-Brabant en het zuiden van Gelderland (Arnhem, "
        "Nijmegen)",
    ]


@pytest.mark.parametrize(
    ("title", "name", "ascii"),
    [
        ("Regioplan STO 2025–2028", "Regioplan STO 2025–2028.yaml", "Regioplan STO 2025-2028.yaml"),
        (
            "Plan “Lingecollege” (vmbo)",
            "Plan “Lingecollege” (vmbo).yaml",
            "Plan Lingecollege (vmbo).yaml",
        ),
        ("Oké/plan: fase 1?", "Oké plan fase 1.yaml", "Oke plan fase 1.yaml"),
        ("  ", "plan.yaml", "plan.yaml"),
    ],
)
def test_download_names_keep_the_title(title: str, name: str, ascii: str) -> None:
    assert file_name(title, "yaml") == name
    assert ascii_name(name) == ascii


def test_the_downloaded_plan_file_explains_its_work_items(sample: SamplePlan) -> None:
    content = export_plan(sample.plan)
    assert content.startswith(
        "# Planbestand van Mijlpaal. Het formaat staat in docs/plan-format.md.\n"
    )
    work = f"{sample.milestone.key}.work"
    assert f"- id: {work}\n" in content  # the lead time's work, which the engine plans
    assert "# '<id>.work' is de doorlooptijd van de mijlpaal '<id>'" in content
    engine = planning.load_plan_file(content)
    assert [i.id for i in engine.items if i.id.endswith(".work")] == [work]


def test_the_workbook_shows_words_and_reads_them_back_unchanged(
    sample: SamplePlan, actors: Actors
) -> None:
    """Lead times in words ("2 kalenderweken"), and the workstream's owner in Gegevens: an
    unchanged workbook imports without a change; a changed owner comes through."""
    Activity.objects.filter(pk=sample.activity.pk).update(duration="2w", duration_calendar=True)
    Workstream.objects.filter(pk=sample.workstream.pk).update(owner=sample.party)
    other = saved(sample.plan, None, Party(name="ROC Rivor"))
    client = client_for(actors.owner)
    data = client.get(reverse("workbook:export", args=[sample.plan.pk])).content
    workbook = reopen(data)
    assert workbook["Mijlpalenplan"]["D6"].value == "3 maanden"
    assert workbook["Activiteitenplan"]["H5"].value == "2 kalenderweken"
    gegevens = [[c.value for c in row][:4] for row in workbook["Gegevens"].iter_rows()]
    assert ["deelproject", "Modern techniekonderwijs", None, "Maaswaal College"] in gegevens

    def upload(content: bytes) -> str:
        response = client.post(
            reverse("workbook:import", args=[sample.plan.pk]),
            {"file": SimpleUploadedFile("plan.xlsx", content)},
        )
        location: str = response["Location"]
        return location

    preview = upload(data)
    assert "De werkmap is gelijk aan het plan: inlezen verandert niets." in text(
        client.get(preview)
    )
    ws = workbook["Gegevens"]
    [row] = [r for r in ws.iter_rows() if r[0].value == "deelproject"]
    row[3].value = "ROC Rivor"
    workbook["Activiteitenplan"]["H5"].value = "10 werkdagen"
    client.post(upload(to_bytes(workbook)))
    assert Workstream.objects.get(pk=sample.workstream.pk).owner == other
    activity = Activity.objects.get(pk=sample.activity.pk)
    assert (activity.duration, activity.duration_calendar) == ("10d", False)


def test_a_workbook_owner_that_is_no_party_is_refused(sample: SamplePlan, actors: Actors) -> None:
    Workstream.objects.filter(pk=sample.workstream.pk).update(owner=sample.party)
    client = client_for(actors.owner)
    workbook = reopen(client.get(reverse("workbook:export", args=[sample.plan.pk])).content)
    ws = workbook["Gegevens"]
    [row] = [r for r in ws.iter_rows() if r[0].value == "deelproject"]
    row[3].value = "Niemand"
    response = client.post(
        reverse("workbook:import", args=[sample.plan.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", to_bytes(workbook))},
    )
    page = text(response)
    assert (
        f"Blad ‘Gegevens’, rij {row[0].row}, kolom D: er is geen partij ‘Niemand’ in de werkmap"
        in page
    )
    assert Workstream.objects.get(pk=sample.workstream.pk).owner == sample.party

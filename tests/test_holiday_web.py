"""The plan's school holidays on the web: which school years are known, the warning on the plan
pages, and reading in the government's open-data file on the settings page (owners only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from mijlpaal.demo import STO_TITLE, load_demo
from mijlpaal.plans.holidays import school_holidays_import
from mijlpaal.plans.models import ChangeRecord, Plan, SchoolHolidayImport
from mijlpaal.plans.scheduling import compute_schedule
from tests.helpers import Actors, SamplePlan, client_for, english_client, section_text, text
from tests.holiday_files import open_data

FIXTURE = Path(__file__).parent / "planning" / "fixtures" / "schoolvakanties-2026-2027.json"
SAMPLE_WARNING = (
    "Voor de schooljaren 2026–2027 tot en met 2028–2029 zijn de schoolvakanties van regio "
    "midden niet bekend; importeer ze met `mijlpaal calendar import`."
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shipped_holidays_only(settings: Any, tmp_path: Path) -> None:
    # School holidays imported into a developer's var/ would change what the plans know.
    settings.MIJLPAAL_DATA_DIR = tmp_path


def upload(name: str, content: str | bytes) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="application/json")


def settings_url(plan: Plan) -> str:
    return reverse("plans:settings", args=[plan.pk])


def import_url(plan: Plan) -> str:
    return reverse("plans:school_holidays", args=[plan.pk])


def test_the_settings_page_says_which_school_years_are_known(
    sample: SamplePlan, actors: Actors, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(actors.owner)
    client.get(settings_url(sample.plan))  # the session is read once logged in
    with django_assert_num_queries(12):  # one asks whether the plan has a baseline
        page = client.get(settings_url(sample.plan))
    found = section_text(page, "Schoolvakanties")
    assert (
        "Schoolvakanties bekend voor regio midden: 2024–2025, 2025–2026; "
        "niet bekend: 2026–2027, 2027–2028, 2028–2029." in found
    )
    assert "Schoolvakanties inlezen" in found
    english = section_text(
        english_client(actors.owner).get(settings_url(sample.plan)), "School holidays"
    )
    assert (
        "School holidays known for region midden: 2024–2025, 2025–2026; "
        "not known: 2026–2027, 2027–2028, 2028–2029." in english
    )
    # As many queries with several imports.
    for first in (2026, 2027, 2028):
        school_holidays_import(
            user=actors.owner, plan=sample.plan, file_name="f.json", text=open_data(first)
        )
    with django_assert_num_queries(12):  # one asks whether the plan has a baseline
        page = client.get(settings_url(sample.plan))
    assert (
        "Schoolvakanties bekend voor regio midden: 2024–2025, 2025–2026, 2026–2027, 2027–2028, "
        "2028–2029." in section_text(page, "Schoolvakanties")
    )


def test_a_plan_without_region_is_planned_without_school_holidays(
    sample: SamplePlan, actors: Actors
) -> None:
    Plan.objects.filter(pk=sample.plan.pk).update(region="")
    page = client_for(actors.owner).get(settings_url(sample.plan))
    assert "Dit plan heeft geen schoolvakantieregio" in section_text(page, "Schoolvakanties")
    overview = client_for(actors.owner).get(reverse("plans:overview", args=[sample.plan.pk]))
    assert "schoolvakanties van regio" not in text(overview)


def test_the_plan_pages_warn_until_the_school_years_are_read_in(
    sample: SamplePlan, actors: Actors
) -> None:
    overview = reverse("plans:overview", args=[sample.plan.pk])
    client = client_for(actors.owner)
    assert SAMPLE_WARNING in text(client.get(overview))
    assert (
        "The school holidays of region midden are not known for school years 2026–2027 "
        "through 2028–2029; import them with `mijlpaal calendar import`."
        in text(english_client(actors.viewer).get(overview))
    )

    response = client.post(
        import_url(sample.plan), {"file": upload("2026.json", FIXTURE.read_text())}
    )
    assert response.status_code == 302
    assert response["Location"] == settings_url(sample.plan)
    page = client.get(response["Location"])
    assert (
        "Schoolvakanties ingelezen voor schooljaren 2026–2027: 12 toegevoegd, 3 gewijzigd, "
        "0 ongewijzigd." in text(page)
    )
    assert "niet bekend: 2027–2028, 2028–2029." in section_text(page, "Schoolvakanties")
    assert (
        "Voor de schooljaren 2027–2028 en 2028–2029 zijn de schoolvakanties van regio midden "
        "niet bekend" in text(client.get(overview))
    )
    client.post(import_url(sample.plan), {"file": upload("later.json", open_data(2027, 2028))})
    assert "schoolvakanties van regio" not in text(client.get(overview))
    assert (
        "Schoolvakanties bekend voor regio midden: 2024–2025, 2025–2026, 2026–2027, 2027–2028, "
        "2028–2029." in text(client.get(settings_url(sample.plan)))
    )


def test_an_import_is_attributed_and_in_the_history(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.owner)
    client.post(
        import_url(sample.plan), {"file": upload("schoolvakanties.json", FIXTURE.read_text())}
    )
    (record,) = SchoolHolidayImport.objects.filter(plan=sample.plan)
    assert (record.file_name, record.schoolyears, record.uploaded_by) == (
        "schoolvakanties.json",
        "2026-2027",
        actors.owner,
    )
    assert len(record.holidays) == 15
    assert record.uploaded_at.date().isoformat() == "2026-12-01"
    change = ChangeRecord.objects.filter(plan=sample.plan).first()
    assert change is not None
    assert (change.object_type, change.action, change.user) == (
        "schoolholidayimport",
        "create",
        actors.owner,
    )
    assert change.changes == {
        "file_name": [None, "schoolvakanties.json"],
        "schoolyears": [None, "2026-2027"],
    }
    page = client.get(settings_url(sample.plan))
    assert (
        "schoolvakanties.json (schooljaren 2026–2027), ingelezen door Olga Owner op "
        "1 december 2026" in section_text(page, "Schoolvakanties")
    )
    history = text(client.get(reverse("plans:history", args=[sample.plan.pk])))
    assert "schoolvakanties.json" in history


def test_the_holidays_count_for_this_plan_only(sample: SamplePlan, actors: Actors) -> None:
    other = Plan.objects.create(
        title="Ander plan", start_date=sample.plan.start_date, end_date=sample.plan.end_date,
        region="midden",
    )  # fmt: skip
    school_holidays_import(
        user=actors.owner, plan=sample.plan, file_name="a.json", text=FIXTURE.read_text()
    )
    codes = [w.message for w in compute_schedule(Plan.objects.get(pk=other.pk)).warnings]
    assert SAMPLE_WARNING in codes


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"content": []}', "geen schoolvakanties gevonden"),
        ("geen json", "geen JSON"),
        ("[" * 40 + "]" * 40, "dieper genest dan 12 niveaus"),
        (
            '{"content": [{"schoolyear": "2027-2028", "vacations": [{"type": "Meivakantie", '
            '"regions": [{"region": "oost", "startdate": "2028-04-22", '
            '"enddate": "2028-04-30"}]}]}]}',
            "document 1, schooljaar 1, vakantie 1, regio 1: onbekende regio 'oost'",
        ),
    ],
)
def test_a_bad_file_changes_nothing_and_says_why_in_dutch(
    sample: SamplePlan, actors: Actors, content: str, problem: str
) -> None:
    before = (SchoolHolidayImport.objects.count(), ChangeRecord.objects.count())
    response = client_for(actors.owner).post(
        import_url(sample.plan), {"file": upload("bad.json", content)}
    )
    assert response.status_code == 200
    page = text(response)
    assert "Het bestand is niet ingelezen; er is niets gewijzigd." in page
    assert problem in page
    assert (
        "Dit bestand is niet ingelezen: het is geen geldig open-databestand met schoolvakanties. "
        "Er is niets gewijzigd." in page
    )
    assert (SchoolHolidayImport.objects.count(), ChangeRecord.objects.count()) == before


def test_a_file_too_large_or_not_text_is_refused(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.owner)
    large = client.post(import_url(sample.plan), {"file": upload("big.json", " " * 2_000_001)})
    assert "Het bestand is groter dan 2 MB" in text(large)
    binary = client.post(import_url(sample.plan), {"file": upload("x.json", b"\xff\xfe\x00")})
    assert "Dit is geen tekstbestand in UTF-8" in text(binary)
    english = english_client(actors.owner).post(
        import_url(sample.plan), {"file": upload("bad.json", '{"content": []}')}
    )
    assert "no school holidays found" in text(english)
    assert SchoolHolidayImport.objects.count() == 0


@pytest.mark.parametrize("role", ["editor", "contributor", "viewer"])
def test_only_owners_read_in_school_holidays(sample: SamplePlan, actors: Actors, role: str) -> None:
    client = client_for(getattr(actors, role))
    assert client.get(import_url(sample.plan)).status_code == 403
    response = client.post(import_url(sample.plan), {"file": upload("a.json", FIXTURE.read_text())})
    assert response.status_code == 403
    outsider = client_for(actors.outsider)
    assert (
        outsider.post(
            import_url(sample.plan), {"file": upload("a.json", FIXTURE.read_text())}
        ).status_code
        == 404
    )
    assert SchoolHolidayImport.objects.count() == 0


def test_the_demo_warns_about_2027_until_the_data_is_read_in(actors: Actors) -> None:
    demo = load_demo()
    plan = Plan.objects.get(title=STO_TITLE)
    owner = plan.memberships.get(role="owner").user
    client = client_for(owner)
    overview = reverse("plans:overview", args=[plan.pk])
    assert (
        "Voor de schooljaren 2026–2027 tot en met 2028–2029 zijn de schoolvakanties van regio "
        "midden niet bekend" in text(client.get(overview))
    )
    client.post(import_url(plan), {"file": upload("a.json", FIXTURE.read_text())})
    client.post(import_url(plan), {"file": upload("b.json", open_data(2027, 2028))})
    assert "schoolvakanties van regio" not in text(client.get(overview))
    assert demo.plans


def test_the_charts_shade_the_holidays_read_in_for_the_plan(
    sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.viewer)
    header = 'title="voorjaarsvakantie: 13 feb 2027 – 21 feb 2027"'
    plan_url = reverse("charts:milestone_plan", args=[sample.plan.pk])
    svg_url = reverse("charts:gantt_svg", args=[sample.plan.pk])
    assert header not in client.get(plan_url).content.decode()
    before = client.get(svg_url).content.decode().count("voorjaarsvakantie")
    school_holidays_import(
        user=actors.owner, plan=sample.plan, file_name="a.json", text=FIXTURE.read_text()
    )
    assert header in client.get(plan_url).content.decode()
    assert client.get(svg_url).content.decode().count("voorjaarsvakantie") == before + 1

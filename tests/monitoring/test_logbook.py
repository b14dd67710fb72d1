"""The logbook out: filtered on screen, as .xlsx and as .csv; bad filters explained, never a
traceback."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from mijlpaal.accounts.models import User
from mijlpaal.monitoring.models import Entry
from mijlpaal.monitoring.services import Subject, entry_post
from mijlpaal.plans import services as plan_services
from mijlpaal.plans.models import Activity, Milestone, Plan, Workstream
from tests.helpers import (
    Actors,
    Rendered,
    SamplePlan,
    build_plan,
    client_for,
    report,
    saved,
    text,
)

UTC = dt.UTC
HEADERS = [
    "Datum",
    "Onderwerp",
    "Soort",
    "Deelproject",
    "Status",
    "Bereikt op",
    "Toelichting",
    "Knelpunten",
    "Maatregelen",
    "Prognose",
    "Percentage",
    "Auteur",
    "Corrigeert",
    "Vastgelegd op",
]
BAD_DATE = "Vul de datum in als jaar-maand-dag, bijvoorbeeld 2025-01-01."


def url(name: str, plan: Plan) -> str:
    return reverse(f"monitoring:{name}", args=[plan.pk])


def shown_ids(response: Rendered) -> list[int]:
    """The entries on the page, in the order shown."""
    body = response.content.decode()
    return [int(i) for i in re.findall(r'<article class="entry[^"]*" id="entry-(\d+)"', body)]


@pytest.fixture
def log(sample: SamplePlan, actors: Actors) -> dict[str, Entry]:
    """Entries either side of the period 2025-01-01..2026-07-31, about several items of the plan."""
    s, c = sample, actors.contributor
    other = saved(s.plan, actors.owner, Workstream(name="Loopbaanoriëntatie"))
    loose = saved(
        s.plan, actors.owner, Milestone(workstream=other, title="LOB-programma vastgesteld")
    )
    entries = {
        "before": report(
            s.plan, c, s.milestone, dt.date(2024, 12, 31), "green", explanation="Gestart."
        ),
        "first": report(
            s.plan, c, s.milestone, dt.date(2025, 1, 1), "green", explanation="Op koers."
        ),
        "activity": report(
            s.plan, c, s.activity, dt.date(2025, 3, 14), "orange", problems="Weinig tijd."
        ),
        "workstream": report(
            s.plan, c, s.workstream, dt.date(2025, 6, 2), "red", problems="Geen docenten."
        ),
        "other": report(s.plan, c, loose, dt.date(2025, 9, 1), "red", problems="Partner haakt af."),
        "plan": report(
            s.plan, c, s.plan, dt.date(2025, 10, 6), "green", explanation="Het plan ligt op koers."
        ),
        "last": report(
            s.plan,
            c,
            s.milestone,
            dt.date(2026, 7, 31),
            "orange",
            problems="Leverancier is laat.",
            measures="Andere leverancier gezocht.",
            forecast=dt.date(2026, 1, 16),
            percent=60,
        ),
        "after": report(
            s.plan, c, s.milestone, dt.date(2026, 8, 1), "green", explanation="Weer op koers."
        ),
    }
    entries["correction"] = report(
        s.plan,
        c,
        s.activity,
        dt.date(2025, 3, 17),
        "red",
        problems="Geen tijd.",
        corrects=entries["activity"],
    )
    Entry.objects.filter(pk=entries["last"].pk).update(
        created_at=dt.datetime(2026, 7, 31, 14, 5, tzinfo=UTC)
    )
    return entries


PERIOD: dict[str, str | int] = {"from": "2025-01-01", "to": "2026-07-31"}


def test_the_period_filter_includes_both_ends_and_nothing_outside(
    log: dict[str, Entry], sample: SamplePlan, actors: Actors
) -> None:
    page = client_for(actors.viewer).get(url("logbook", sample.plan), PERIOD)
    assert page.status_code == 200
    assert shown_ids(page) == [
        log[k].pk
        for k in ("last", "plan", "other", "workstream", "correction", "activity", "first")
    ]
    body = text(page)
    assert "7 regels" in body
    assert "Logboek" in body


def test_without_a_filter_every_entry_shows_newest_first(
    log: dict[str, Entry], sample: SamplePlan, actors: Actors
) -> None:
    page = client_for(actors.viewer).get(url("logbook", sample.plan))
    assert page.status_code == 200
    assert shown_ids(page) == [
        log[k].pk
        for k in (
            "after",
            "last",
            "plan",
            "other",
            "workstream",
            "correction",
            "activity",
            "first",
            "before",
        )
    ]


def test_a_workstream_covers_its_own_entries_and_those_of_its_milestones_and_activities(
    log: dict[str, Entry], sample: SamplePlan, actors: Actors
) -> None:
    page = client_for(actors.viewer).get(
        url("logbook", sample.plan), {**PERIOD, "workstream": sample.workstream.pk}
    )
    assert shown_ids(page) == [
        log[k].pk for k in ("last", "workstream", "correction", "activity", "first")
    ]


def test_the_light_and_kind_filters(
    log: dict[str, Entry], sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.viewer)
    red = client.get(url("logbook", sample.plan), {"light": "red"})
    assert shown_ids(red) == [log[k].pk for k in ("other", "workstream", "correction")]
    orange = client.get(
        url("logbook", sample.plan), {**PERIOD, "light": "orange", "kind": "status"}
    )
    assert shown_ids(orange) == [log[k].pk for k in ("last", "activity")]
    evaluations = client.get(url("logbook", sample.plan), {"kind": "evaluation"})
    assert shown_ids(evaluations) == []
    assert "Geen regels in deze selectie." in text(evaluations)


def test_a_correction_links_to_what_it_corrects(
    log: dict[str, Entry], sample: SamplePlan, actors: Actors
) -> None:
    page = client_for(actors.viewer).get(url("logbook", sample.plan))
    content = page.content.decode()
    assert (
        f'<a href="#entry-{log["activity"].pk}">14 mrt 2025 · Inventarisatie XR-toepassingen</a>'
        in content
    )
    assert f'<a href="#entry-{log["correction"].pk}">17 mrt 2025</a>' in content
    body = text(page)
    assert "↳ Corrigeert de regel van 14 mrt 2025 · Inventarisatie XR-toepassingen" in body
    assert "↳ Gecorrigeerd door de regel van 17 mrt 2025" in body
    # Filtered away, the corrected entry is still named, without a link to nowhere.
    only_red = client_for(actors.viewer).get(url("logbook", sample.plan), {"light": "red"})
    assert (
        "↳ Corrigeert de regel van 14 mrt 2025 · Inventarisatie XR-toepassingen "
        "(niet in deze selectie of op een andere pagina)"
    ) in text(only_red)


def test_the_xlsx_download(log: dict[str, Entry], sample: SamplePlan, actors: Actors) -> None:
    response = client_for(actors.viewer).get(url("logbook_xlsx", sample.plan), PERIOD)
    assert response.status_code == 200
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="Logboek Regioplan Techniek 2025-2028 2025-01-01 tot '
        '2026-07-31.xlsx"; '
        "filename*=UTF-8''Logboek%20Regioplan%20Techniek%202025%E2%80%932028%202025-01-01%20tot%20"
        "2026-07-31.xlsx"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Logboek"]
    ws = workbook["Logboek"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert ws["A1"].font.bold and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:N8"
    assert ws.column_dimensions["B"].width == 40
    assert len(rows) == 8
    assert list(rows[1]) == [
        dt.datetime(2026, 7, 31),
        "1. XR-lesmateriaal ontwikkeld",
        "statusupdate",
        "Modern techniekonderwijs",
        "oranje",
        None,
        None,
        "Leverancier is laat.",
        "Andere leverancier gezocht.",
        dt.datetime(2026, 1, 16),
        60,
        "Cor Contributor",
        None,
        dt.datetime(2026, 7, 31, 16, 5),
    ]
    assert ws["A2"].is_date and ws["J2"].is_date and ws["N2"].is_date
    assert ws["A2"].number_format == "DD-MM-YYYY"
    # The plan's own entry is about the plan; the correction names what it corrects.
    assert rows[2][:5] == (
        dt.datetime(2025, 10, 6),
        "Regioplan Techniek 2025–2028",
        "statusupdate",
        None,
        "groen",
    )
    assert rows[3][1] == "1. LOB-programma vastgesteld" and rows[3][3] == "Loopbaanoriëntatie"
    assert rows[4][3] == "Modern techniekonderwijs"  # the workstream's own entry
    assert rows[5][0] == dt.datetime(2025, 3, 17) and rows[5][4] == "rood"
    assert rows[5][12] == "2025-03-14 Inventarisatie XR-toepassingen"
    assert rows[7][0] == dt.datetime(2025, 1, 1)


def test_the_csv_download(log: dict[str, Entry], sample: SamplePlan, actors: Actors) -> None:
    response = client_for(actors.viewer).get(
        url("logbook_csv", sample.plan), {**PERIOD, "workstream": sample.workstream.pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="Logboek Regioplan Techniek 2025-2028 2025-01-01 tot '
        '2026-07-31.csv"; '
        "filename*=UTF-8''Logboek%20Regioplan%20Techniek%202025%E2%80%932028%202025-01-01%20tot%20"
        "2026-07-31.csv"
    )
    assert response.content.startswith(b"\xef\xbb\xbfDatum;Onderwerp;")
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(";") == HEADERS
    assert lines[1].split(";") == [
        "2026-07-31",
        "1. XR-lesmateriaal ontwikkeld",
        "statusupdate",
        "Modern techniekonderwijs",
        "oranje",
        "",
        "",
        "Leverancier is laat.",
        "Andere leverancier gezocht.",
        "2026-01-16",
        "60",
        "Cor Contributor",
        "",
        "2026-07-31 16:05",
    ]
    assert lines[3].split(";")[12] == "2025-03-14 Inventarisatie XR-toepassingen"
    assert len(lines) == 7 and lines[6] == ""  # five entries and the final line ending
    # A value with the separator in it is quoted, so the columns stay put.
    report(
        sample.plan,
        actors.contributor,
        sample.milestone,
        dt.date(2025, 5, 5),
        "orange",
        problems="Te laat; te duur.",
    )
    again = client_for(actors.viewer).get(
        url("logbook_csv", sample.plan), {"from": "2025-05-05", "to": "2025-05-05"}
    )
    rows = list(csv.reader(io.StringIO(again.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][7] == "Te laat; te duur."


def test_text_that_looks_like_a_formula_stays_text(sample: SamplePlan, actors: Actors) -> None:
    report(
        sample.plan,
        actors.contributor,
        sample.milestone,
        dt.date(2025, 5, 5),
        "orange",
        problems='=HYPERLINK("http://example.com","klik")',
        measures="- eerst bellen",
    )
    client = client_for(actors.viewer)
    ws = load_workbook(io.BytesIO(client.get(url("logbook_xlsx", sample.plan)).content))["Logboek"]
    assert (ws["H2"].value, ws["H2"].data_type) == ('=HYPERLINK("http://example.com","klik")', "s")
    assert ws["I2"].value == "- eerst bellen"
    lines = client.get(url("logbook_csv", sample.plan)).content.decode("utf-8-sig").split("\r\n")
    assert lines[1].split(";")[7:9] == [
        '"\'=HYPERLINK(""http://example.com"",""klik"")"',
        "'- eerst bellen",
    ]


def test_a_bad_date_is_explained_in_dutch(
    log: dict[str, Entry], sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.viewer)
    page = client.get(url("logbook", sample.plan), {"from": "2025-13-01", "to": "2026-07-31"})
    assert page.status_code == 200
    assert BAD_DATE in text(page)
    assert shown_ids(page) == []
    for name in ("logbook_xlsx", "logbook_csv"):
        download = client.get(url(name, sample.plan), {"from": "1-1-2025"})
        assert download.status_code == 400
        assert download["Content-Type"] == "text/html; charset=utf-8"
        assert BAD_DATE in text(download)
        assert "Verbeter eerst het filter." in text(download)


def test_the_end_before_the_start_and_an_unknown_light_are_explained(
    log: dict[str, Entry], sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.viewer)
    page = client.get(url("logbook_xlsx", sample.plan), {"from": "2026-07-31", "to": "2025-01-01"})
    assert page.status_code == 400
    assert "Het einde van de periode ligt vóór het begin." in text(page)
    page = client.get(url("logbook_csv", sample.plan), {"light": "purple"})
    assert page.status_code == 400
    assert "Kies groen, oranje, rood of bereikt als status." in text(page)


def test_another_plans_workstream_is_refused(
    log: dict[str, Entry], sample: SamplePlan, actors: Actors
) -> None:
    other_plan = build_plan(actors.owner, "Ander plan")
    foreign = plan_services.item_save(
        plan=other_plan, user=actors.owner, instance=Workstream(name="Elders")
    )
    client = client_for(actors.viewer)
    values: list[str | int] = [foreign.pk, "abc"]
    for value in values:
        page = client.get(url("logbook", sample.plan), {"workstream": value})
        assert page.status_code == 200
        assert "Dit deelproject hoort niet bij dit plan." in text(page)
        download = client.get(url("logbook_xlsx", sample.plan), {"workstream": value})
        assert download.status_code == 400
        assert "Dit deelproject hoort niet bij dit plan." in text(download)


def test_the_filter_in_english(log: dict[str, Entry], sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.viewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(url("logbook_csv", sample.plan), {"from": "31-07-2026"})
    assert page.status_code == 400
    assert "Enter the date as year-month-day, such as 2025-01-01." in text(page)


def test_who_may_read_the_logbook(
    log: dict[str, Entry], sample: SamplePlan, actors: Actors
) -> None:
    for name in ("logbook", "logbook_xlsx", "logbook_csv"):
        assert client_for(actors.viewer).get(url(name, sample.plan)).status_code == 200
        assert client_for(actors.outsider).get(url(name, sample.plan)).status_code == 404
        anonymous = client_for(actors.viewer)
        anonymous.logout()
        assert anonymous.get(url(name, sample.plan)).status_code == 302
        assert client_for(actors.owner).post(url(name, sample.plan)).status_code == 405


def test_pages_of_fifty(sample: SamplePlan, actors: Actors) -> None:
    for i in range(55):
        report(
            sample.plan,
            actors.contributor,
            sample.milestone,
            dt.date(2025, 1, 1) + dt.timedelta(days=i),
            "green",
        )
    client = client_for(actors.viewer)
    first = client.get(url("logbook", sample.plan), {"light": "green"})
    assert len(shown_ids(first)) == 50
    body = text(first)
    assert "55 regels" in body and "Pagina 1 van 2, 50 regels per pagina" in body
    assert "?light=green&amp;page=2" in first.content.decode()
    second = client.get(url("logbook", sample.plan), {"light": "green", "page": "2"})
    assert len(shown_ids(second)) == 5
    assert "?light=green" in second.content.decode()


def _grow(plan: Plan, user: User, n: int) -> None:
    """n entries about a milestone, an activity, a workstream and the plan, with corrections."""
    ws = saved(plan, user, Workstream(name="Deelproject"))
    milestone = saved(plan, user, Milestone(workstream=ws, title="Mijlpaal"))
    activity = saved(plan, user, Activity(workstream=ws, title="Activiteit"))
    subjects: list[Subject] = [milestone, activity, ws, plan]
    last_milestone: Entry | None = None
    for i in range(n):
        # Every other milestone entry corrects the one before it.
        corrects = last_milestone if i % 8 == 4 else None
        entry = entry_post(
            plan=plan,
            user=user,
            subject=subjects[i % 4],
            entry=Entry(
                reported_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
                light="orange",
                problems="x",
                corrects=corrects,
            ),
        )
        if i % 4 == 0:
            last_milestone = entry


@pytest.mark.parametrize("name", ["logbook", "logbook_xlsx", "logbook_csv"])
def test_the_number_of_queries_does_not_grow_with_the_logbook(name: str, actors: Actors) -> None:
    small, large = build_plan(actors.owner, "Klein plan"), build_plan(actors.owner, "Groot plan")
    _grow(small, actors.owner, 10)
    _grow(large, actors.owner, 500)
    assert Entry.objects.filter(plan=large).count() == 500
    client = client_for(actors.owner)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(name, plan), {"from": "2025-01-01", "to": "2026-07-31"})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    if name == "logbook_xlsx":
        ws = load_workbook(io.BytesIO(response.content))["Logboek"]
        assert ws.max_row == 501

"""The exported workbook, cell by cell, for a known plan; the download and its query count."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mijlpaal.monitoring.models import Entry
from mijlpaal.monitoring.services import entry_post
from mijlpaal.plans import services
from mijlpaal.plans.models import Activity, Milestone, Party, Plan, Workstream
from tests.helpers import Actors, SamplePlan, build_plan, client_for
from tests.workbook.helpers import add_roles, export, reopen, row_values

QUARTERS = ["Q1", "Q2", "Q3", "Q4"] * 4
BLUE_BAR, BLUE_MARK = "00BDD7EE", "002F5597"
RED_BAR, RED_MARK = "00F4CCCC", "00C00000"


def known_keys(sample: SamplePlan) -> None:
    """Keys to read in the cells; the application makes random ones (`m4kq7ztx`)."""
    for model, pk, key in (
        (Workstream, sample.workstream.pk, "wxr"),
        (Milestone, sample.milestone.pk, "mxr"),
        (Milestone, sample.second_milestone.pk, "mxr-overal"),
        (Activity, sample.activity.pk, "ainventaris"),
        (Party, sample.party.pk, "pmaaswaal"),
    ):
        model._default_manager.filter(pk=pk).update(key=key)


def test_sheets_and_the_milestone_plan(sample: SamplePlan, actors: Actors) -> None:
    add_roles(sample, actors)
    known_keys(sample)
    workbook = export(sample.plan, today=dt.date(2025, 1, 6))
    assert workbook.sheetnames == [
        "Mijlpalenplan",
        "VERI-matrix",
        "Activiteitenplan",
        "Gegevens",
        "Begroting",
    ]
    assert [ws.sheet_state for ws in workbook.worksheets] == [
        "visible",
        "visible",
        "visible",
        "hidden",
        "visible",
    ]
    ws = workbook["Mijlpalenplan"]
    assert ws["A1"].value == "Mijlpalenplan: Regioplan Techniek 2025–2028"
    assert ws["A1"].font.bold
    assert ws["A2"].value.startswith("STO Rivierenland · 01-01-2025 t/m 31-12-2028 · ")
    assert [ws.cell(row=3, column=c).value for c in (6, 10, 14, 18)] == [2025, 2026, 2027, 2028]
    assert {str(r) for r in ws.merged_cells.ranges} == {"F3:I3", "J3:M3", "N3:Q3", "R3:U3"}
    assert row_values(workbook, "Mijlpalenplan", 4) == [
        "Nr",
        "Mijlpaal",
        "Deadline",
        "Doorlooptijd",
        "Bereikt op",
        *QUARTERS,
        "Rollen en verantwoordelijkheden",
        "Status",
        "Sleutel",
    ]
    assert ws["B4"].font.bold and ws["B4"].fill.fgColor.rgb == "00D9E1F2"
    assert ws["A5"].value == "DEELPROJECT: Modern techniekonderwijs"
    assert (ws["V5"].value, ws["W5"].value, ws["X5"].value) == ("ROC Rivor (VE)", None, "wxr")
    assert row_values(workbook, "Mijlpalenplan", 6)[:5] == [
        1,
        "XR-lesmateriaal ontwikkeld",
        dt.date(2025, 12, 19),
        "3 maanden",
        None,
    ]
    assert ws["C6"].number_format == "DD-MM-YYYY"
    # The lead time of 3 months (60 working days) starts on 22 Sep 2025: Q3 and Q4 of 2025.
    fills = {c.coordinate: c.fill.fgColor.rgb for c in ws[6] if c.fill.fill_type}
    assert fills == {"H6": BLUE_BAR, "I6": BLUE_MARK}
    assert (ws["H6"].value, ws["I6"].value) == (None, "◆")
    assert ws["I6"].font.color.rgb == "00FFFFFF"
    assert (ws["V6"].value, ws["W6"].value, ws["X6"].value) == (
        "Maaswaal College (V), ROC Rivor (E)",
        "nog geen update",
        "mxr",
    )
    assert row_values(workbook, "Mijlpalenplan", 7)[:5] == [
        2,
        "XR in alle techniekprofielen",
        dt.date(2026, 6, 30),
        None,
        None,
    ]
    assert {c.coordinate: c.fill.fgColor.rgb for c in ws[7] if c.fill.fill_type} == {
        "K7": BLUE_MARK
    }
    assert ws["X7"].value == "mxr-overal"
    assert ws.max_row == 7
    # The keys are for the importer: hidden, and not printed.
    assert [c for c, d in ws.column_dimensions.items() if d.hidden] == ["X"]
    assert ws.print_area == "'Mijlpalenplan'!$A$1:$W$7"
    assert ws.freeze_panes == "F5"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert (
        ws.page_setup.fitToWidth,
        ws.page_setup.fitToHeight,
        ws.sheet_properties.pageSetUpPr.fitToPage,
    ) == (1, 0, True)
    assert ws.print_title_rows == "$3:$4"
    assert ws.oddHeader.left.text == "Regioplan Techniek 2025–2028"
    assert ws.oddFooter.right.text == "Pagina &P van &N"
    assert ws.column_dimensions["B"].width == 44
    assert ws["B6"].alignment.wrap_text


def test_each_milestone_shows_its_light_in_status(sample: SamplePlan, actors: Actors) -> None:
    for milestone, light in ((sample.milestone, "orange"), (sample.second_milestone, "green")):
        entry = Entry(light=light, reported_on=dt.date(2025, 11, 3))
        entry_post(plan=sample.plan, user=actors.owner, subject=milestone, entry=entry)
    ws = export(sample.plan, today=dt.date(2025, 11, 10))["Mijlpalenplan"]
    assert (ws["W6"].value, ws["W6"].fill.fgColor.rgb) == ("oranje", "00F8CB8C")
    assert (ws["W7"].value, ws["W7"].fill.fgColor.rgb) == ("groen", "00A9D18E")
    assert ws["A2"].value.endswith(
        "status = licht van de laatste update: te laat, rood, oranje, groen, bereikt, "
        "nog geen update"
    )
    # A milestone past its deadline is late whatever its last light said.
    late = export(sample.plan, today=dt.date(2026, 1, 5))["Mijlpalenplan"]
    assert (late["W6"].value, late["W6"].fill.fgColor.rgb) == ("te laat", "00C00000")
    assert late["W6"].font.color.rgb == "00FFFFFF"


def test_late_milestones_are_red(sample: SamplePlan, actors: Actors) -> None:
    ws = export(sample.plan, today=dt.date(2026, 7, 15))["Mijlpalenplan"]
    assert {c.coordinate: c.fill.fgColor.rgb for c in ws[6] if c.fill.fill_type} == {
        "H6": RED_BAR,
        "I6": RED_MARK,
        "W6": "00C00000",  # the status: te laat
    }
    assert {c.coordinate: c.fill.fgColor.rgb for c in ws[7] if c.fill.fill_type} == {
        "K7": RED_MARK,
        "W7": "00C00000",
    }
    assert (ws["W6"].value, ws["W7"].value) == ("te laat", "te laat")
    sample.milestone.reached_on = dt.date(2025, 12, 1)
    sample.milestone.save()
    ws = export(sample.plan, today=dt.date(2026, 7, 15))["Mijlpalenplan"]
    assert {c.coordinate: c.fill.fgColor.rgb for c in ws[6] if c.fill.fill_type} == {
        "H6": "00C6E0B4",
        "I6": "00548235",
        "W6": "00E2EFDA",
    }
    assert ws["W6"].value == "bereikt"
    assert ws["E6"].value == dt.date(2025, 12, 1)


def test_veri_matrix_and_activity_plan(sample: SamplePlan, actors: Actors) -> None:
    add_roles(sample, actors)
    known_keys(sample)
    workbook = export(sample.plan)
    ws = workbook["VERI-matrix"]
    assert row_values(workbook, "VERI-matrix", 3) == [
        "Soort",
        "Deelproject",
        "Onderdeel",
        "Maaswaal College",
        "ROC Rivor",
    ]
    assert row_values(workbook, "VERI-matrix", 4) == [
        "Deelproject",
        "Modern techniekonderwijs",
        "Modern techniekonderwijs",
        None,
        "VE",
    ]
    assert row_values(workbook, "VERI-matrix", 5) == [
        "Mijlpaal",
        "Modern techniekonderwijs",
        "XR-lesmateriaal ontwikkeld",
        "V",
        "E",
    ]
    assert row_values(workbook, "VERI-matrix", 6) == [
        "Mijlpaal",
        "Modern techniekonderwijs",
        "XR in alle techniekprofielen",
        None,
        None,
    ]
    assert row_values(workbook, "VERI-matrix", 7) == [
        "Activiteit",
        "Modern techniekonderwijs",
        "Inventarisatie XR-toepassingen",
        None,
        None,
    ]
    assert ws["A9"].value == "Legenda"
    assert (ws["A10"].value, ws["B10"].value) == (
        "V",
        "Verantwoordelijk (uitvoerend): voert de taak uit, legt verantwoording af aan E",
    )
    assert ws.freeze_panes == "D4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"

    ws = workbook["Activiteitenplan"]
    assert row_values(workbook, "Activiteitenplan", 3) == [
        "Fase",
        "Domein",
        "Activiteit (wat)",
        "Waarom",
        "Resultaat/product",
        "Mijlpaal",
        "Deelproject",
        "Duur",
        "Start",
        "Eind",
        "Gestart op",
        "Afgerond op",
        "Sleutel",
    ]
    assert ws["A4"].value == "FASE: (zonder fase)"
    assert row_values(workbook, "Activiteitenplan", 5) == [
        None,
        None,
        "Inventarisatie XR-toepassingen",
        None,
        None,
        "XR-lesmateriaal ontwikkeld",
        "Modern techniekonderwijs",
        "4 weken",
        dt.date(2025, 11, 24),
        dt.date(2025, 12, 19),
        None,
        None,
        "ainventaris",
    ]
    assert ws.freeze_panes == "D4"
    assert [c for c, d in ws.column_dimensions.items() if d.hidden] == ["M"]
    assert ws.print_area == "'Activiteitenplan'!$A$1:$L$5"

    data = workbook["Gegevens"]
    assert [
        (data.cell(row=r, column=1).value, data.cell(row=r, column=2).value) for r in range(2, 9)
    ] == [
        ("formaat", "mijlpaal-werkmap 1"),
        ("titel", "Regioplan Techniek 2025–2028"),
        ("organisatie", "STO Rivierenland"),
        ("visie", None),
        ("start", dt.date(2025, 1, 1)),
        ("eind", dt.date(2028, 12, 31)),
        ("regio", "midden"),
    ]


def test_gegevens_carries_the_keys_of_parties_milestone_details_and_dependencies(
    sample: SamplePlan, actors: Actors
) -> None:
    plan, owner = sample.plan, actors.owner
    sample.milestone.result = "Lespakket voor drie profielen"
    services.item_save(plan=plan, user=owner, instance=sample.milestone)
    services.dependency_create(
        plan=plan,
        user=owner,
        predecessor=sample.activity,
        successor=sample.second_milestone,
        type="SS",
        lag="1w",
    )
    known_keys(sample)
    workbook = reopen(
        client_for(actors.viewer).get(reverse("workbook:export", args=[plan.pk])).content
    )
    data = workbook["Gegevens"]
    rows = {
        data.cell(row=r, column=1).value: row_values(workbook, "Gegevens", r)
        for r in range(2, data.max_row + 1)
    }
    assert rows["partij"] == [
        "partij",
        "Maaswaal College",
        "school",
        None,
        None,
        "pmaaswaal",
        *[None] * 5,
    ]
    assert rows["mijlpaal"] == [
        "mijlpaal",
        "Modern techniekonderwijs",
        "XR-lesmateriaal ontwikkeld",
        "Lespakket voor drie profielen",
        None,
        None,
        None,
        "mxr",
        None,
        None,
        None,
    ]
    assert rows["afhankelijkheid"] == [
        "afhankelijkheid",
        "activiteit",
        "Modern techniekonderwijs",
        "Inventarisatie XR-toepassingen",
        "mijlpaal",
        "Modern techniekonderwijs",
        "XR in alle techniekprofielen",
        "SS",
        "1w",
        "ainventaris",
        "mxr-overal",
    ]
    # The keys of the printed sheets stay hidden in the file as it is downloaded.
    hidden = {
        name: [c for c, d in workbook[name].column_dimensions.items() if d.hidden]
        for name in ("Mijlpalenplan", "Activiteitenplan")
    }
    assert hidden == {"Mijlpalenplan": ["X"], "Activiteitenplan": ["M"]}


def test_text_that_looks_like_a_formula_stays_text(sample: SamplePlan, actors: Actors) -> None:
    """A title or a key (a plan file's id) starting with ‘=’ is written as text, never run."""
    Milestone.objects.filter(pk=sample.milestone.pk).update(
        title='=HYPERLINK("http://example.com","klik")', key="=1+1"
    )
    workbook = reopen(
        client_for(actors.viewer).get(reverse("workbook:export", args=[sample.plan.pk])).content
    )
    cells = [
        (cell.coordinate, cell.value)
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert cells == [
        ("B6", '=HYPERLINK("http://example.com","klik")'),
        ("X6", "=1+1"),
        ("C5", '=HYPERLINK("http://example.com","klik")'),
        ("F5", '=HYPERLINK("http://example.com","klik")'),
    ]
    assert {
        cell.data_type for ws in workbook.worksheets for row in ws.iter_rows() for cell in row
    } <= {"s", "n", "d"}


def test_half_years_on_request(sample: SamplePlan, actors: Actors) -> None:
    response = client_for(actors.viewer).get(
        reverse("workbook:export", args=[sample.plan.pk]) + "?periods=half"
    )
    workbook = reopen(response.content)
    assert row_values(workbook, "Mijlpalenplan", 4)[5:13] == ["H1", "H2"] * 4


def test_download_is_an_xlsx_attachment(sample: SamplePlan, actors: Actors) -> None:
    response = client_for(actors.viewer).get(reverse("workbook:export", args=[sample.plan.pk]))
    assert response.status_code == 200
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="Regioplan Techniek 2025-2028.xlsx"; '
        "filename*=UTF-8''Regioplan%20Techniek%202025%E2%80%932028.xlsx"
    )
    assert reopen(response.content)["Mijlpalenplan"]["B6"].value == "XR-lesmateriaal ontwikkeld"


def _export_queries(plan: Plan, actors: Actors) -> int:
    client = client_for(actors.owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workbook:export", args=[plan.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_export_query_count_does_not_grow_with_the_plan(
    sample: SamplePlan, actors: Actors
) -> None:
    add_roles(sample, actors)
    small = _export_queries(sample.plan, actors)
    big = build_plan(actors.owner, title="Groot plan")
    workstreams = Workstream.objects.bulk_create(
        Workstream(plan=big, name=f"Deelproject {i}", order=i) for i in range(10)
    )
    Milestone.objects.bulk_create(
        Milestone(
            plan=big,
            workstream=workstreams[i % 10],
            number=i // 10 + 1,
            title=f"Mijlpaal {i}",
            order=i,
            deadline=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            lead_time="2m",
        )
        for i in range(300)
    )
    assert Milestone.objects.filter(plan=big).count() == 300
    # And the logbook, the school calendar, the project roles and the budget sheet's eight
    # (budget.summary).
    assert small == _export_queries(big, actors) == 27

"""The report pages: reading, rewriting, submitting and reopening, the downloads, who may do
what, and the number of queries."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document

from mijlpaal.plans.models import ChangeRecord, Milestone
from mijlpaal.reports.models import Report, ReportState
from tests.helpers import Actors, client_for, element_text, english_client, saved, text
from tests.reports.conftest import Reportable


def form_version(content: bytes) -> str:
    """The hidden version the form shows ("" before the report exists)."""
    found = re.search(rb'<input type="hidden" name="version"[^>]*>', content)
    assert found is not None
    value = re.search(rb'value="([^"]*)"', found.group(0))
    return value.group(1).decode() if value else ""


def url(reportable: Reportable, name: str = "report") -> str:
    plan, period = reportable.sample.plan, reportable.period
    return reverse(f"reports:{name}", kwargs={"plan_id": plan.pk, "period_id": period.pk})


def test_the_list_shows_every_period_and_the_final_report(
    reportable: Reportable, actors: Actors
) -> None:
    response = english_client(actors.viewer).get(
        reverse("reports:reports", kwargs={"plan_id": reportable.sample.plan.pk})
    )
    table = element_text(response, "report-periods")
    assert "Voortgangsrapportage 2025–2026" in table
    assert "Voortgangsrapportage 2027–2028" in table
    assert "Final report (the whole plan)" in table
    assert "not started" in table


def test_a_viewer_reads_the_draft_but_cannot_change_it(
    reportable: Reportable, actors: Actors
) -> None:
    client = english_client(actors.viewer)
    page = text(client.get(url(reportable)))
    assert "Goals and indicators" in page
    assert "3. Nulmeting uitval vmbo 3" in page
    assert "Rewrite the texts" not in page
    assert client.post(url(reportable, "report_submit")).status_code == 403
    assert client.get(url(reportable, "report_edit")).status_code == 403
    assert client.post(url(reportable, "report_reopen")).status_code == 403
    assert Report.objects.count() == 0


def test_an_editor_rewrites_a_section_and_the_generated_text_stays_beside_it(
    reportable: Reportable, actors: Actors
) -> None:
    client = english_client(actors.editor)
    form = client.get(url(reportable, "report_edit"))
    assert form_version(form.content) == ""  # no report yet
    response = client.post(
        url(reportable, "report_edit"),
        {"text_goals": "De uitval daalt langzamer dan gepland.", "version": ""},
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.texts == {"goals": "De uitval daalt langzamer dan gepland."}
    page = client.get(url(reportable))
    goals = element_text(page, "section-goals")
    assert "De uitval daalt langzamer dan gepland." in goals
    assert "The generated text, for comparison" in goals
    assert "Of the 1 goals with an indicator, 0 are on course" in goals
    records = ChangeRecord.objects.filter(object_type="report").order_by("id")
    assert [r.action for r in records] == ["create", "update"]


def test_two_editors_saving_the_texts_at_once_get_the_lost_update_warning(
    reportable: Reportable, actors: Actors
) -> None:
    client = english_client(actors.editor)
    client.post(url(reportable, "report_edit"), {"text_lessons": "Eerste versie", "version": ""})
    form = client.get(url(reportable, "report_edit"))
    version = form_version(form.content)
    assert version
    other = english_client(actors.owner)
    other.post(
        url(reportable, "report_edit"),
        {"text_lessons": "Tekst van de eigenaar", "version": version},
    )
    response = client.post(
        url(reportable, "report_edit"),
        {"text_lessons": "Tekst van de redacteur", "version": version},
    )
    assert response.status_code == 200
    assert "Someone else saved this item after you opened it" in text(response)
    assert "Tekst van de eigenaar" in text(response)
    assert Report.objects.get().texts == {"lessons": "Tekst van de eigenaar"}


def test_submitting_freezes_the_report_and_a_second_submit_changes_nothing(
    reportable: Reportable, actors: Actors
) -> None:
    client = english_client(actors.editor)
    client.post(url(reportable, "report_submit"))
    report = Report.objects.get()
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_on == dt.date(2026, 12, 1)
    kept = report.snapshot
    response = client.post(url(reportable, "report_submit"), follow=True)
    assert "This report has already been submitted." in text(response)
    assert Report.objects.count() == 1
    # The plan changes after the submission; the submitted report does not.
    milestone = reportable.sample.milestone
    milestone.title = "XR-lesmateriaal herschreven"
    saved(reportable.sample.plan, actors.owner, milestone)
    saved(
        reportable.sample.plan,
        actors.owner,
        Milestone(title="Nieuwe mijlpaal", deadline=dt.date(2026, 3, 2)),
    )
    page = text(client.get(url(reportable)))
    assert "1. XR-lesmateriaal ontwikkeld" in page
    assert "XR-lesmateriaal herschreven" not in page
    assert "Submitted on" in page
    assert Report.objects.get().snapshot == kept
    assert client.get(url(reportable, "report_edit")).status_code == 302


def test_a_submitted_report_reopens_as_version_two_in_concept(
    reportable: Reportable, actors: Actors
) -> None:
    client = english_client(actors.editor)
    client.post(url(reportable, "report_edit"), {"text_lessons": "Onze lessen", "version": ""})
    client.post(url(reportable, "report_submit"))
    client.post(url(reportable, "report_reopen"))
    client.post(url(reportable, "report_reopen"))  # sent twice: one new version
    versions = list(Report.objects.order_by("version").values_list("version", "state", "texts"))
    assert versions == [
        (1, "ingediend", {"lessons": "Onze lessen"}),
        (2, "concept", {"lessons": "Onze lessen"}),
    ]
    page = client.get(url(reportable))
    assert "v2 draft" in text(page)
    old = client.get(url(reportable) + "?version=1")
    assert "Submitted on" in text(old)
    assert client.get(url(reportable) + "?version=7").status_code == 404
    # Every step in the history: v1 made, its texts, submitted; v2 made.
    steps = ChangeRecord.objects.filter(object_type="report").order_by("id")
    assert [(r.object_label, r.action) for r in steps] == [
        ("Voortgangsrapportage 2025–2026 (v1)", "create"),
        ("Voortgangsrapportage 2025–2026 (v1)", "update"),
        ("Voortgangsrapportage 2025–2026 (v1)", "update"),
        ("Voortgangsrapportage 2025–2026 (v2)", "create"),
    ]
    assert steps[2].changes["state"] == ["concept", "ingediend"]


def test_the_docx_has_headings_tables_and_the_numbers(
    reportable: Reportable, actors: Actors
) -> None:
    response = english_client(actors.viewer).get(url(reportable, "report_docx"))
    assert response.status_code == 200
    assert "Voortgangsrapportage 2025-2026 - Regioplan" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    styled = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    headings = [(style, words) for style, words in styled if style.startswith("Heading")]
    assert ("Heading 1", "Goals and indicators") in headings
    assert ("Heading 1", "Milestones") in headings
    assert ("Heading 2", "Reached") in headings
    assert ("Heading 1", "Lessons from the evaluations") in headings
    rows = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["3. Nulmeting uitval vmbo 3", "11 April 2025", "18 April 2025", "5", "+5"] in rows
    assert ["1. XR-lesmateriaal ontwikkeld", "19 December 2025", "127", "+252"] in rows
    assert [
        "Vijf procent minder uitval in vmbo 3 in 2028",
        "uitval",
        "12 % (1 January 2025)",
        "11.5 % (1 June 2026)",
        "7 % (31 July 2028)",
        "not on course",
    ] in rows


def test_the_pdf_is_an_a4_document_with_the_report(
    reportable: Reportable, actors: Actors, tmp_path: Path
) -> None:
    response = english_client(actors.viewer).get(url(reportable, "report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert ".pdf" in response["Content-Disposition"]
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+595.* x 841.*\(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    words = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The plan's title and the period in the running header of every page, page n of m below.
    assert words.count("Regioplan Techniek 2025–2028") >= pages + 1
    assert words.count("1 January 2025 – 31 July 2026") >= pages
    assert f"page {pages} of {pages}" in words
    reached = r"3\. Nulmeting uitval\s+11 April\s+18 April\s+5\s+\+5"  # the rest wraps
    assert re.search(reached, words)
    assert "Lessons from the evaluations" in words


def test_the_final_report_has_its_own_pages(reportable: Reportable, actors: Actors) -> None:
    client = english_client(actors.editor)
    plan_id = reportable.sample.plan.pk
    page = client.get(reverse("reports:final", kwargs={"plan_id": plan_id}))
    assert "Final report" in text(page)
    client.post(reverse("reports:final_submit", kwargs={"plan_id": plan_id}))
    report = Report.objects.get()
    assert report.period is None and report.state == ReportState.SUBMITTED


@pytest.mark.parametrize("extra", [0, 40])
def test_the_report_page_makes_the_same_number_of_queries_whatever_the_plan_size(
    reportable: Reportable, actors: Actors, extra: int, django_assert_num_queries: object
) -> None:
    plan = reportable.sample.plan
    Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            workstream=reportable.sample.workstream,
            title=f"Extra {n}",
            deadline=dt.date(2026, 3, 2) + dt.timedelta(days=7 * (n % 30)),
            order=10 + n,
        )
        for n in range(extra)
    )
    client = client_for(actors.editor)
    client.get(url(reportable))  # warm: the session, the calendar
    with django_assert_num_queries(28):  # type: ignore[operator]  # 8: the budget
        response = client.get(url(reportable))
    assert response.status_code == 200

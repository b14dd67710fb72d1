"""A report as a Word file (.docx): real headings (Heading 1 per section, Heading 2 per table)
and tables, so a funder's form can be filled in by copying from it."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from mijlpaal.reports.draft import Draft, Table
from mijlpaal.reports.facts import iso_day_text
from mijlpaal.reports.models import Report


def _table(doc: Any, table: Table) -> None:
    grid = doc.add_table(rows=1, cols=len(table.heads))
    grid.style = "Table Grid"
    for cell, head in zip(grid.rows[0].cells, table.heads, strict=True):
        cell.text = head
        cell.paragraphs[0].runs[0].bold = True
    # Filling cells through `add_row().cells` reads the whole table each time; the raw rows do not.
    for values in table.rows:
        cells = grid.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = value
            if index in table.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _state_line(draft: Draft, report: Report | None) -> str:
    if report is None or not report.frozen:
        version = report.version if report is not None else 1
        return _("Version %(n)s, draft (concept), as of %(date)s.") % {
            "n": version,
            "date": iso_day_text(draft.as_of),
        }
    return _("Version %(n)s, submitted on %(date)s.") % {
        "n": report.version,
        "date": iso_day_text(report.submitted_on.isoformat() if report.submitted_on else ""),
    }


def report_docx(draft: Draft, report: Report | None) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = f"{draft.title} – {draft.plan_title}"
    doc.add_heading(draft.title, level=0)
    doc.add_paragraph(draft.plan_title)
    doc.add_paragraph(_("Period: %(period)s") % {"period": draft.period_text})
    doc.add_paragraph(_state_line(draft, report))
    for section in draft.sections:
        doc.add_heading(section.title, level=1)
        for paragraph in section.shown.split("\n\n"):
            doc.add_paragraph(paragraph.strip())
        if section.tables and not section.has_rows and section.empty:
            doc.add_paragraph(section.empty)
            continue
        for table in section.tables:
            if table.caption:
                doc.add_heading(table.caption, level=2)
            if not table.rows:
                doc.add_paragraph(_("None."))
                continue
            _table(doc, table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

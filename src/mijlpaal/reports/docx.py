"""A report as a Word file (.docx): real headings (Heading 1 per section, Heading 2 per table)
and tables, so a funder's form can be filled in by copying from it."""

from __future__ import annotations

import copy
import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from mijlpaal.reports.draft import Draft, Table
from mijlpaal.reports.facts import iso_day_text
from mijlpaal.reports.models import Report


def _table(doc: Any, table: Table) -> None:
    grid = doc.add_table(rows=2, cols=len(table.heads))
    grid.style = "Table Grid"
    for cell, head in zip(grid.rows[0].cells, table.heads, strict=True):
        cell.text = head
        cell.paragraphs[0].runs[0].bold = True
    # One row is styled through python-docx and copied as XML for every row: filling cells one
    # by one reads the whole table again for each cell, seconds for a few hundred rows.
    template = grid.rows[1]
    for index, cell in enumerate(template.cells):
        cell.text = "·"
        if index in table.numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    model = template._tr
    body = model.getparent()
    for values in table.rows:
        row = copy.deepcopy(model)
        for text_element, value in zip(row.iter(qn("w:t")), values, strict=True):
            text_element.text = " ".join(value.split("\n"))
            text_element.set(qn("xml:space"), "preserve")
        body.append(row)
    body.remove(model)


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

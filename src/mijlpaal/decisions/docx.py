"""The beslisdocument as a Word file (.docx), headed like the guides' decision document."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt

from mijlpaal.decisions.models import DecisionDocument, DecisionIssue
from mijlpaal.decisions.situation import Situation, light_label
from mijlpaal.i18n import current_language
from mijlpaal.planning.text import format_date
from mijlpaal.plans.models import Plan


def _date(text: str) -> str:
    return format_date(dt.date.fromisoformat(text), current_language()) if text else ""


def _bullets(doc: Any, lines: list[str], empty: str) -> None:
    if not lines:
        doc.add_paragraph(empty)
    for line in lines:
        doc.add_paragraph(line, style="List Bullet")


def _situation(doc: Any, situation: Situation) -> None:
    doc.add_heading(_("State of affairs"), level=1)
    intro = _("As of %(date)s.") % {"date": _date(situation.as_of)}
    if situation.since:
        intro += " " + _("Since the previous decision of %(date)s.") % {
            "date": _date(situation.since)
        }
    doc.add_paragraph(intro)
    doc.add_heading(_("Reached"), level=2)
    _bullets(doc, [f"{r.label} ({_date(r.date)})" for r in situation.reached], _("Nothing."))
    doc.add_heading(_("Late"), level=2)
    _bullets(
        doc,
        [
            _("%(item)s: deadline %(date)s, %(n)s working days late")
            % {"item": r.label, "date": _date(r.date), "n": r.days}
            for r in situation.late
        ],
        _("Nothing."),
    )
    doc.add_heading(_("Lights"), level=2)
    _bullets(
        doc,
        [f"{r.label}: {light_label(r.light)}. {r.text}".strip() for r in situation.lights],
        _("No orange or red lights."),
    )
    doc.add_heading(_("Problems and measures"), level=2)
    _bullets(
        doc,
        [
            f"{r.label} ({_date(r.date)}): {r.text}"
            + (f" — {_('Measures')}: {r.extra}" if r.extra else "")
            for r in situation.problems
        ],
        _("None."),
    )


def _issues(doc: Any, issues: list[DecisionIssue]) -> None:
    doc.add_heading(_("Issues and options"), level=1)
    if not issues:
        doc.add_paragraph(_("None."))
    for number, issue in enumerate(issues, start=1):
        doc.add_heading(f"{number}. {issue.question}", level=2)
        options = list(issue.options.all())
        if not options:
            continue
        table = doc.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        heads = (_("Option"), _("Pros"), _("Cons"), _("Effect on time"), _("Effect on money"))
        for cell, head in zip(table.rows[0].cells, heads, strict=True):
            cell.text = head
        for option in options:
            title = option.title + (f" ({_('advised')})" if option.advised else "")
            values = (title, option.pros, option.cons, option.effect_time, option.effect_money)
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value


def _decision(doc: Any, document: DecisionDocument) -> None:
    doc.add_heading(_("Decision"), level=1)
    if not document.verdict:
        doc.add_paragraph(_("Not decided yet."))
        return
    who = str(document.decider or "—")
    if document.decided_for_decider and document.decided_by is not None:
        who = _("%(user)s (owner) for %(decider)s") % {
            "user": document.decided_by.display_name,
            "decider": who,
        }
    doc.add_paragraph(
        f"{document.get_verdict_display()} — {who}, {_date(str(document.decided_on))}"
    )
    doc.add_paragraph(document.rationale)
    if document.conditions:
        doc.add_heading(_("Conditions"), level=2)
        _bullets(doc, document.conditions.splitlines(), "")
    if document.requested_change:
        doc.add_heading(_("Requested change"), level=2)
        doc.add_paragraph(document.requested_change)


def document_docx(plan: Plan, context: dict[str, Any]) -> bytes:
    """The document as the page shows it: state of affairs, GOTIK, issues, advice, decision."""
    document: DecisionDocument = context["document"]
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(_("Decision document"), level=0)
    doc.add_paragraph(
        f"{plan.title} · {document.subject} · "
        + _("version %(n)s") % {"n": document.version}
        + f" · {document.get_state_display()}"
    )
    doc.add_paragraph(_("Decider: %(decider)s") % {"decider": document.decider or "—"})
    doc.add_heading(_("The decision asked for"), level=1)
    doc.add_paragraph(document.question)
    _situation(doc, context["situation"])
    doc.add_heading("GOTIK", level=1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, head in zip(
        table.rows[0].cells, (_("Aspect"), _("Light"), _("Explanation")), strict=True
    ):
        cell.text = head
    for row in context["gotik"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = row.label, row.light_label, row.text
    _issues(doc, context["issues"])
    doc.add_heading(_("Advice of the project leader"), level=1)
    doc.add_paragraph(document.advice or "—")
    _decision(doc, document)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

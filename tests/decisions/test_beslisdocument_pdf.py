"""The beslisdocument as an A4 PDF: read back with pdftotext, its headings, GOTIK and decision."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from mijlpaal.decisions import services
from mijlpaal.decisions.models import DecisionDocument, DecisionOption, Verdict
from tests.decisions.conftest import Governed
from tests.helpers import Actors, client_for, english_client, text


def _decided(governed: Governed, actors: Actors) -> DecisionDocument:
    """A decision document on the decision point, submitted, decided "go onder voorwaarden"."""
    plan = governed.sample.plan
    client_for(actors.editor).post(
        reverse("decisions:document_new", args=[plan.pk, "milestone", governed.point.pk]),
        {"question": "Gaat de opschaling naar alle scholen door?"},
    )
    document = DecisionDocument.objects.get(plan=plan)
    document.gotik = {**document.gotik, "geld": {"light": "red", "text": "€ 75.000 tekort."}}
    document.advice = "Doorgaan met inhuur."
    document.save()
    issue = services.issue_add(
        plan=plan, user=actors.editor, document=document, question="Hoe vullen we het tekort?"
    )
    services.option_add(
        plan=plan,
        user=actors.editor,
        issue=issue,
        option=DecisionOption(
            title="Docenten inhuren",
            pros="Snel",
            cons="Duur",
            effect_time="geen",
            effect_money="€ 40.000",
            advised=True,
        ),
    )
    client_for(actors.editor).post(
        reverse("decisions:document_submit", args=[plan.pk, document.pk])
    )
    client_for(governed.boss).post(
        reverse("decisions:document_decide", args=[plan.pk, document.pk]),
        {
            "verdict": Verdict.GO_CONDITIONS,
            "rationale": "Akkoord, mits de kosten binnen de begroting blijven.",
            "conditions": "Docenten ingehuurd voor 1 februari",
            "conditions_become": "log",
        },
    )
    document.refresh_from_db()
    assert document.verdict == Verdict.GO_CONDITIONS
    return document


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "beslisdocument.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", value)


def test_the_pdf_has_the_heading_the_parts_gotik_and_the_decision(
    governed: Governed, actors: Actors, tmp_path: Path
) -> None:
    document = _decided(governed, actors)
    plan = governed.sample.plan
    response = client_for(actors.viewer).get(
        reverse("decisions:document_pdf", args=[plan.pk, document.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="beslisdocument-{document.pk}-v1.pdf"' in response["Content-Disposition"]
    pdf = _pdf_text(response.content, tmp_path)
    lines = [line.strip() for line in pdf.splitlines() if line.strip()]
    # The running header (the document's title) and the page numbers.
    assert lines[0].startswith("Beslisdocument: 3. Besluit over opschaling")
    assert re.search(r"pagina 1 van \d", pdf)
    flat = _squash(pdf)
    assert "Beslisser Bea Bestuurder" in flat
    assert "Projectleider Eddy Editor" in flat
    assert "Status Besloten · voorgelegd op 1 dec 2026" in flat
    headings = [
        "Het gevraagde besluit",
        "Stand van zaken",
        "Bereikt",
        "Te laat",
        "Stoplichten",
        "Knelpunten en maatregelen",
        "GOTIK",
        "Kwesties en opties",
        "1. Hoe vullen we het tekort?",
        "Advies van de projectleider",
        "Besluit",
        "Voorwaarden",
    ]
    assert [line for line in lines if line in headings] == headings
    assert "• 1. XR-lesmateriaal ontwikkeld (deadline 19 dec 2025, 193 werkdagen te laat)" in lines
    # The GOTIK rows in order, each aspect with its light and its explanation.
    aspects = ("Geld", "Organisatie", "Tijd", "Informatie", "Kwaliteit")
    gotik = [re.split(r"\s{2,}", line) for line in lines if line.startswith(aspects)]
    assert [row[:2] for row in gotik] == [
        ["Geld", "rood"],
        ["Organisatie", "—"],
        ["Tijd", "oranje"],
        ["Informatie", "—"],
        ["Kwaliteit", "—"],
    ]
    assert gotik[0][2] == "€ 75.000 tekort."
    assert "2 mijlpalen zijn te laat." in flat
    assert "Docenten inhuren (geadviseerd)" in flat and "€ 40.000" in flat
    assert "Go onder voorwaarden — Bea Bestuurder, 1 dec 2026" in lines
    assert "Akkoord, mits de kosten binnen de begroting blijven." in flat
    assert "Docenten ingehuurd voor 1 februari" in flat
    assert "Doorgaan met inhuur." in flat


def test_the_document_page_links_to_the_pdf_next_to_the_docx(
    governed: Governed, actors: Actors
) -> None:
    document = _decided(governed, actors)
    plan = governed.sample.plan
    page = client_for(actors.viewer).get(reverse("decisions:document", args=[plan.pk, document.pk]))
    html = page.content.decode()
    pdf = reverse("decisions:document_pdf", args=[plan.pk, document.pk])
    assert f'href="{pdf}"' in html
    assert "Downloaden (.docx) Downloaden (PDF)" in text(page)


def test_english_users_get_it_in_english(
    governed: Governed, actors: Actors, tmp_path: Path
) -> None:
    document = _decided(governed, actors)
    plan = governed.sample.plan
    response = english_client(actors.viewer).get(
        reverse("decisions:document_pdf", args=[plan.pk, document.pk])
    )
    flat = _squash(_pdf_text(response.content, tmp_path))
    assert "Decision document: 3. Besluit over opschaling" in flat
    assert "State of affairs" in flat and "page 1 of" in flat


def test_without_weasyprint_a_message_and_no_traceback(
    governed: Governed, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    real = importlib.import_module

    def without_weasyprint(name: str, *args: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib, "import_module", without_weasyprint)
    document = _decided(governed, actors)
    plan = governed.sample.plan
    response = client_for(actors.viewer).get(
        reverse("decisions:document_pdf", args=[plan.pk, document.pk]), follow=True
    )
    assert response.redirect_chain == [
        (reverse("decisions:document", args=[plan.pk, document.pk]), 302)
    ]
    assert (
        "De PDF kan op deze server niet worden gemaakt (WeasyPrint ontbreekt); "
        "download het .docx-bestand." in text(response)
    )


def test_outsiders_get_a_404(governed: Governed, actors: Actors) -> None:
    document = _decided(governed, actors)
    url = reverse("decisions:document_pdf", args=[governed.sample.plan.pk, document.pk])
    assert client_for(actors.outsider).get(url).status_code == 404

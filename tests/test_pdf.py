"""The shared PDF renderer: A4, the plan's title in the header, page numbers, and no fetching."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.template import engines
from django.utils import translation

from mijlpaal.pdf import html_to_pdf


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_document_is_a4_with_its_title_in_the_header_and_page_numbers(tmp_path) -> None:
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block content %}'
        '<h1 class="doc-title">Regioplan Zeeland – 2025–2028</h1>'
        '<p class="doc-period">2025–2026</p>'
        "{% for n in rows %}<p>Regel {{ n }}</p>{% endfor %}{% endblock %}"
    )
    with translation.override("nl"):
        pdf = html_to_pdf(template.render({"rows": range(120)}))
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+595.* x 841.*\(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    assert pages == 4
    text = _text(pdf, tmp_path)
    assert "Regel 119" in text
    # The heading once, and the running header on every page.
    assert text.count("Regioplan Zeeland – 2025–2028") == 1 + pages
    assert "pagina 1 van 4" in text and "pagina 4 van 4" in text


def test_a_document_loads_nothing_from_outside(tmp_path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = (
        f'<html><head><link rel="stylesheet" href="file://{secret}"></head>'
        '<body><img src="http://169.254.169.254/latest/meta-data" alt="x">'
        "<p>Tekst</p></body></html>"
    )
    pdf = html_to_pdf(html)  # the refused resources are left out, the document still renders
    assert "Tekst" in _text(pdf, tmp_path)


@pytest.mark.parametrize("missing", ["weasyprint"])
def test_a_server_without_weasyprint_says_so(monkeypatch, missing) -> None:
    import importlib

    from mijlpaal import pdf

    real = importlib.import_module

    def fake(name: str, *args, **kwargs):
        if name == missing:
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(pdf.importlib, "import_module", fake)
    with pytest.raises(pdf.PdfUnavailable, match="libpango"):
        pdf.html_to_pdf("<p>x</p>")

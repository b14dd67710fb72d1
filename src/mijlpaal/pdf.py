"""Documents as A4 PDF through WeasyPrint: a Django template rendered to HTML, then laid out.

One place for every printed document (the beslisdocument, progress reports): the page size, the
running header with the plan's title, page numbers, and the rule that a document never fetches
anything from the network or the disk (its HTML holds user text; a stray `<img src>` must not
become a request from the server).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string


class PdfUnavailable(Exception):
    """WeasyPrint or the libraries it draws with (pango) are missing on this server."""


def html_to_pdf(html: str) -> bytes:
    """The PDF of a whole HTML document; resources other than inline `data:` are refused."""
    try:
        weasyprint: Any = importlib.import_module("weasyprint")
    except (ImportError, OSError) as error:  # pango or its fonts library is missing
        raise PdfUnavailable(str(error)) from error

    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url="/").write_pdf()
    return pdf


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    """The PDF of `template` (which extends "pdf/base.html") rendered with `context`."""
    return html_to_pdf(render_to_string(template, context, request=request))

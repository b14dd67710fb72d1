"""File names of downloads: the plan's own title, en dash and accents included."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

# Characters no file system or browser takes in a name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_ASCII_FOR = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": "", "”": ""})


def file_name(title: str, extension: str, *, prefix: str = "", fallback: str = "plan") -> str:
    """ "Regioplan Sterk Techniekonderwijs 2025–2028.yaml": the title as the user wrote it, less
    what a file name cannot hold; `prefix` goes before it ("logboek ")."""
    name = " ".join(_UNSAFE.sub(" ", title).split()).strip(". ")[:150] or fallback
    return f"{prefix}{name}.{extension}"


def ascii_name(name: str) -> str:
    """The same name in plain ASCII, for clients that do not read `filename*`: the en dash
    becomes a hyphen, accents go."""
    plain = unicodedata.normalize("NFKD", name.translate(_ASCII_FOR))
    text = plain.encode("ascii", "ignore").decode()
    return " ".join(text.replace('"', "").replace("\\", "").split()) or "download"


def as_attachment(response: HttpResponse, name: str) -> HttpResponse:
    """Mark the response as a download named `name` (RFC 6266: an ASCII `filename` for old
    clients and the UTF-8 `filename*` that browsers prefer)."""
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    return response

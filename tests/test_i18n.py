"""Every text of the interface has its Dutch translation; the compiled catalogues are current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "mijlpaal"
CATALOGUES = sorted(SRC.glob("**/locale/nl/LC_MESSAGES/django.po"))


def entries(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) per entry, read without gettext tools."""
    text = path.read_text(encoding="utf-8")
    found = []
    for block in text.split("\n\n"):
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        fuzzy = "#, fuzzy" in block
        msgid = "".join(re.findall(r'^msgid "(.*)"$|^"(.*)"$', block, re.M)[0])
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"', block, re.M)
        continuation = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n((?:".*"\n?)+)', block, re.M)
        value = "".join(strs) + "".join(c[1] for c in continuation)
        found.append((msgid, value, fuzzy))
    return found


def test_there_are_catalogues() -> None:
    assert SRC / "locale" / "nl" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_text_is_translated_into_dutch(path: Path) -> None:
    untranslated = [
        msgid for msgid, value, fuzzy in entries(path)[1:] if not value.strip('"') or fuzzy
    ]
    assert untranslated == []
    assert path.with_suffix(".mo").exists(), "run compilemessages after editing the .po file"


def test_an_untranslated_entry_is_noticed(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Save"\nmsgstr "Opslaan"\n\nmsgid "Cancel"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert [(m, v) for m, v, _ in entries(po)[1:]] == [("Save", "Opslaan"), ("Cancel", "")]

"""Every text of the charts app has its Dutch translation, and the compiled catalogue is used."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

import mijlpaal.charts

LOCALE = Path(mijlpaal.charts.__file__).parent / "locale"


def untranslated(po: str) -> list[str]:
    out = []
    for entry in po.split("\n\n")[1:]:
        for match in re.finditer(r'^msgstr(?:\[\d\])? ""$', entry, flags=re.M):
            following = entry[match.end() :].lstrip("\n")
            if not following.startswith('"'):
                out.append(entry)
    return out


def test_every_msgid_is_translated_into_dutch_and_nothing_is_fuzzy() -> None:
    po = (LOCALE / "nl" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert untranslated(po) == []
    assert "#, fuzzy" not in po
    assert po.count("\nmsgid ") >= 50


def test_the_compiled_catalogue_is_used() -> None:
    with translation.override("nl"):
        assert translation.gettext("Milestone plan") == "Mijlpalenplan"
        assert (
            translation.gettext("Roles and responsibilities") == "Rollen en verantwoordelijkheden"
        )
        assert translation.gettext("cannot be done in time") == "niet haalbaar"
    with translation.override("en"):
        assert translation.gettext("Milestone plan") == "Milestone plan"

"""Every text of the interface has its Dutch translation; the compiled catalogues are current."""

from __future__ import annotations

import gettext
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


# Django merges the apps' catalogues into one: the first catalogue that has a text wins (the
# project's own `locale/`, then the apps in INSTALLED_APPS order). One English text with two Dutch
# translations therefore shows the other app's words on a page. Where the meaning differs, the
# source gives the text a context (`pgettext`, `{% translate … context … %}`).
SAME_TEXT_ELSEWHERE_ALLOWED = {
    # The model field's name: shown in the admin only, where either reads right.
    "submitted on",
    "state",
    "State",
}


def dutch_texts() -> dict[str, dict[str, str]]:
    """msgid (with its context) → {catalogue: Dutch text}, read from the compiled catalogues."""
    found: dict[str, dict[str, str]] = {}
    for mo in sorted(SRC.glob("**/locale/nl/LC_MESSAGES/django.mo")):
        with mo.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        where = str(mo.relative_to(SRC).parts[0])
        for msgid, value in catalogue.items():
            if isinstance(msgid, str) and msgid:
                found.setdefault(msgid, {})[where] = value
    return found


def test_one_english_text_has_one_dutch_translation_across_the_apps() -> None:
    texts = dutch_texts()
    assert texts["Approve"] == {"decisions": "Goedkeuren", "monitoring": "Goedkeuren"}
    twofold = {
        msgid: by_app
        for msgid, by_app in texts.items()
        if len(set(by_app.values())) > 1 and msgid not in SAME_TEXT_ELSEWHERE_ALLOWED
    }
    assert twofold == {}

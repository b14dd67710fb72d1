"""VERI letters: canonical order, parsing and display. No Django imports.

The letters are VERI in every language. RACI reuses R and I with other meanings (R is
Raadplegen in VERI and Responsible in RACI), so showing RACI in English would make one plan's
"R" mean two things to its Dutch and English readers. The English pages show the VERI letters
with a legend that names each in Dutch and English.
"""

from __future__ import annotations

from functools import lru_cache

ORDER = "VERISO"
# The Dutch names, shown next to the English ones in the English legend (data, not translations).
DUTCH_NAMES = {
    "V": "Verantwoordelijk",
    "E": "Eindverantwoordelijk",
    "R": "Raadplegen",
    "I": "Informeren",
    "S": "Support",
    "O": "Out of the loop",
}


class LetterError(ValueError):
    """Input that is not a valid set of VERI letters; `code` says why."""

    def __init__(self, code: str, bad: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.bad = bad


def canonical(letters: str) -> str:
    """The distinct VERI letters of `letters` in the order V, E, R, I, S, O (unknown ones
    dropped)."""
    present = set(letters.upper())
    return "".join(letter for letter in ORDER if letter in present)


def parse(text: str, language: str = "nl") -> str:
    """Canonical VERI letters from what a user typed, in any interface language.

    An empty result is allowed here (it means: no role); "O" with anything else is not.
    """
    typed = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in ",;/+-")
    bad = "".join(sorted({ch for ch in typed if ch not in ORDER}))
    if bad:
        raise LetterError("unknown_letter", bad)
    result = canonical(typed)
    if "O" in result and len(result) > 1:
        raise LetterError("o_combined")
    return result


@lru_cache(maxsize=256)  # a few dozen combinations, shown in every cell of a big matrix
def display_letters(letters: str, language: str = "nl") -> str:
    """The letters as shown to the user: VERI in canonical order, in every language."""
    return canonical(letters)

"""VERI letters: canonical order, parsing, and the English RACI display. No Django imports."""

from __future__ import annotations

from functools import lru_cache

ORDER = "VERISO"
# Dutch VERI → English RACI (V→R, E→A, R→C, I→I, S→S, O→O) and back.
TO_RACI = {"V": "R", "E": "A", "R": "C", "I": "I", "S": "S", "O": "O"}
FROM_RACI = {raci: veri for veri, raci in TO_RACI.items()}


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
    """Canonical VERI letters from what a user typed (RACI letters when the language is English).

    An empty result is allowed here (it means: no role); "O" with anything else is not.
    """
    typed = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in ",;/+-")
    mapping = FROM_RACI if language.startswith("en") else {letter: letter for letter in ORDER}
    bad = "".join(sorted({ch for ch in typed if ch not in mapping}))
    if bad:
        raise LetterError("unknown_letter", bad)
    result = canonical("".join(mapping[ch] for ch in typed))
    if "O" in result and len(result) > 1:
        raise LetterError("o_combined")
    return result


@lru_cache(maxsize=256)  # a few dozen combinations, shown in every cell of a big matrix
def display_letters(letters: str, language: str) -> str:
    """The letters as shown to the user: VERI in Dutch, RACI in English, in canonical order."""
    veri = canonical(letters)
    if language.startswith("en"):
        return "".join(TO_RACI[letter] for letter in veri)
    return veri

"""The interface language of the current request, as the two-letter code the texts are keyed by."""

from __future__ import annotations

from django.utils.translation import get_language


def current_language() -> str:
    """ "en" while the page is in English, "nl" otherwise (Dutch is the default)."""
    return "en" if (get_language() or "nl").startswith("en") else "nl"

"""Lead times (doorlooptijden) as people type and read them: "6 weken", "10 werkdagen".

The plan stores the plan file's form ("6w", and whether it is calendar time); the engine's
`parse_human_duration` reads what people type, and this module says it back in words, in the
interface language.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mijlpaal.planning.model import Duration
from mijlpaal.planning.text import parse_human_duration

INVALID = _(
    "Write a number and a unit, such as 6 weeks, 10 working days, 3 months or 2 calendar weeks."
)


def read_lead_time(text: str) -> Duration:
    """The lead time a user typed; a ValidationError in the user's language when it is none."""
    try:
        return parse_human_duration(text)
    except ValueError:
        raise ValidationError(INVALID, code="invalid_duration") from None


def duration_words(text: str, calendar: bool = False) -> str:
    """ "6 weken", "10 werkdagen", "2 kalenderweken" ("6 weeks" in English) for a stored "6w";
    the text itself when it is not a duration."""
    try:
        duration = Duration.parse(text)
    except ValueError:
        return text
    n = duration.amount
    if calendar:
        words = {
            "d": ngettext("%(n)d calendar day", "%(n)d calendar days", n),
            "w": ngettext("%(n)d calendar week", "%(n)d calendar weeks", n),
            "m": ngettext("%(n)d calendar month", "%(n)d calendar months", n),
        }
    else:
        words = {
            "d": ngettext("%(n)d working day", "%(n)d working days", n),
            "w": ngettext("%(n)d week", "%(n)d weeks", n),
            "m": ngettext("%(n)d month", "%(n)d months", n),
        }
    return words[duration.unit] % {"n": n}

"""Change requests in words: one line for the logbook, the page and the e-mail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from mijlpaal.decisions.models import ChangeRequest, ChangeState
from mijlpaal.i18n import current_language
from mijlpaal.planning.text import format_date


def _day(day: dt.date | None) -> str:
    return format_date(day, current_language()) if day else "—"


def change_line(change: ChangeRequest) -> str:
    """What changes, in one line: "Deadline: 1 mrt 2027 → 1 apr 2027"."""
    return _("%(what)s: %(before)s → %(after)s") % {
        "what": change.get_field_display().capitalize(),
        "before": _day(change.before),
        "after": _day(change.after),
    }


def decided_line(change: ChangeRequest) -> str:
    """The decision in one line, as the logbook and the e-mail say it."""
    values: dict[str, Any] = {
        "change": change_line(change),
        "decider": change.decider or "?",
        "user": change.decided_by.display_name if change.decided_by else "?",
    }
    if change.state == ChangeState.APPROVED:
        line = _("%(change)s: approved by %(decider)s.") % values
        if change.decided_for_decider:
            line = _("%(change)s: approved by %(user)s (owner) for %(decider)s.") % values
    else:
        line = _("%(change)s: rejected by %(decider)s; nothing changes.") % values
        if change.decided_for_decider:
            line = (
                _("%(change)s: rejected by %(user)s (owner) for %(decider)s; nothing changes.")
                % values
            )
    return f"{line} {change.note}".strip()


def waiting_message(change: ChangeRequest | None) -> str:
    """What the user who asked is told when the change waits for the decider."""
    if change is None or change.state != ChangeState.PENDING:
        return ""
    return _(
        "The new date (%(after)s) waits for the approval of %(decider)s; until then the plan "
        "keeps %(before)s."
    ) % {"after": _day(change.after), "before": _day(change.before), "decider": change.decider}

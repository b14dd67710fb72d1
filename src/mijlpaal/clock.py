"""The one clock of Mijlpaal: what "now" and "today" are, for pages, services and the demo.

Everything that asks for the date asks here, so a test freezes one thing (time-machine moves the
clock these functions read) and the demo is loaded relative to the same today.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current moment, aware, in UTC."""
    return timezone.now()


def today() -> dt.date:
    """Today in the site's time zone: the planning's "today" (work not started cannot start before
    it)."""
    return timezone.localdate()

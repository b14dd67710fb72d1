from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.apps import apps
from django.utils.timezone import localtime
from django.utils.translation import ngettext

from mijlpaal.i18n import current_language
from mijlpaal.planning.text import MONTH_ABBR
from mijlpaal.plans.durations import duration_words

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def lead_time(value: str, calendar: bool = False) -> str:
    """A stored lead time or lag in words: `{{ m.lead_time|lead_time:m.lead_time_calendar }}`
    gives "6 weken" ("6 weeks" in English)."""
    return duration_words(value, bool(calendar)) if value else ""


@register.filter
def absolute(value: int) -> int:
    """`{{ n|absolute }}`: the number without its sign (a shortage of days)."""
    return abs(value)


@register.filter
def kind_label(object_type: str) -> str:
    """The translated name of a kind of plan content, from its model name."""
    for model in apps.get_models():
        if model._meta.model_name == object_type:
            return str(model._meta.verbose_name)
    return object_type


def _abbr(month: int) -> str:
    return MONTH_ABBR[current_language()][month - 1]


@register.filter
def shortdate(value: dt.date | None) -> str:
    """19 dec 2025 (nl) or 19 Dec 2025 (en): short enough for tables, unambiguous in both
    languages."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = localtime(value)
    return f"{value.day} {_abbr(value.month)} {value.year}"


@register.filter
def monthyear(value: dt.date | None) -> str:
    if not value:
        return ""
    return f"{_abbr(value.month)} {value.year}"


@register.filter
def working_days(n: int) -> str:
    """ "3 working days": the blocktranslate of plans/_dates.html, cheaper in a list's rows."""
    return ngettext("%(n)s working day", "%(n)s working days", n) % {"n": n}

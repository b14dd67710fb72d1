from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from mijlpaal.budget import money
from mijlpaal.i18n import current_language

register = template.Library()


@register.filter
def euros(value: Any) -> str:
    """An amount in the user's language: € 1.234,56 in Dutch, €1,234.56 in English."""
    return money.euros(value, current_language()) if isinstance(value, Decimal) else "—"


@register.filter
def hours(value: Any) -> str:
    """Hours with one decimal in the user's language: 1.234,5 in Dutch."""
    return money.hours(value, current_language()) if isinstance(value, Decimal) else "—"


@register.filter
def percent(value: Any) -> str:
    """A percentage with one decimal: 8,5% in Dutch."""
    return money.percent(value, current_language()) if isinstance(value, Decimal) else "—"

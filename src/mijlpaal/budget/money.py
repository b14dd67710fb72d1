"""Euros and hours as people read them: € 1.234,56 and 1.234,5 in Dutch, €1,234.56 and 1,234.5
in English. Pure: the caller says which language."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENTS = Decimal("0.01")
TENTHS = Decimal("0.1")


def _grouped(value: Decimal, places: Decimal, thousands: str, decimal: str) -> str:
    digits = f"{abs(value.quantize(places, rounding=ROUND_HALF_UP)):f}"
    whole, _, fraction = digits.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{thousands.join(groups)}{decimal}{fraction}"


def separators(language: str) -> tuple[str, str]:
    """(thousands, decimal) of a language: Dutch writes 1.234,5, English 1,234.5."""
    return (",", ".") if language == "en" else (".", ",")


def euros(value: Decimal, language: str = "nl") -> str:
    """€ 1.234,56 in Dutch, €1,234.56 in English; a minus sign before the euro sign."""
    thousands, decimal = separators(language)
    sign = "-" if value.quantize(CENTS, rounding=ROUND_HALF_UP) < 0 else ""
    number = _grouped(value, CENTS, thousands, decimal)
    return f"{sign}€{number}" if language == "en" else f"{sign}€ {number}"


def hours(value: Decimal, language: str = "nl") -> str:
    """Hours with one decimal: 1.234,5 in Dutch, 1,234.5 in English."""
    thousands, decimal = separators(language)
    sign = "-" if value.quantize(TENTHS, rounding=ROUND_HALF_UP) < 0 else ""
    return sign + _grouped(value, TENTHS, thousands, decimal)


def percent(value: Decimal, language: str = "nl") -> str:
    """A percentage with one decimal: 8,5% in Dutch, 8.5% in English."""
    return f"{hours(value, language)}%"


def parse_amount(written: str, language: str, places: Decimal = CENTS) -> Decimal | None:
    """An amount as the user writes it (1.234,56 or € 1.234,56 in Dutch); None when it is not one
    or has more decimals than `places` allows. Thousands separators count only in groups of
    three, so 12.5 stays wrong in Dutch rather than becoming 125."""
    thousands, decimal = separators(language)
    text = written.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    whole, _, fraction = text.partition(decimal)
    groups = whole.split(thousands)
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return None
    whole = "".join(groups)
    if not (whole.isascii() and whole.isdigit()):
        return None
    if fraction and not (fraction.isascii() and fraction.isdigit()):
        return None
    value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    if value != value.quantize(places) or value >= Decimal(10) ** 10:
        return None
    return value.quantize(places)

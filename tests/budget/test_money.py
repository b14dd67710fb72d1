"""Euros and hours as people read and write them, in Dutch and English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mijlpaal.budget.money import TENTHS, euros, hours, parse_amount, percent


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        ("1234.56", "€ 1.234,56", "€1,234.56"),
        ("12345", "€ 12.345,00", "€12,345.00"),
        ("0", "€ 0,00", "€0.00"),
        ("0.005", "€ 0,01", "€0.01"),
        ("1234567.8", "€ 1.234.567,80", "€1,234,567.80"),
        ("-2500", "-€ 2.500,00", "-€2,500.00"),
    ],
)
def test_euros(value: str, nl: str, en: str) -> None:
    assert euros(Decimal(value), "nl") == nl
    assert euros(Decimal(value), "en") == en


def test_hours_and_percent_have_one_decimal() -> None:
    assert hours(Decimal("1234.56"), "nl") == "1.234,6"
    assert hours(Decimal("40"), "en") == "40.0"
    assert percent(Decimal("8.10810"), "nl") == "8,1%"
    assert percent(Decimal("10"), "en") == "10.0%"


@pytest.mark.parametrize(
    ("written", "language", "value"),
    [
        ("1.234,56", "nl", "1234.56"),
        ("€ 1.234,56", "nl", "1234.56"),
        ("1234", "nl", "1234.00"),
        ("1,234.56", "en", "1234.56"),
        ("12,5", "nl", "12.50"),
    ],
)
def test_amounts_are_read_in_the_users_language(written: str, language: str, value: str) -> None:
    assert parse_amount(written, language) == Decimal(value)


@pytest.mark.parametrize("written", ["12.5", "1,234", "1,2,3", "abc", "-5", "1,234", "١٢"])
def test_odd_amounts_are_refused_in_dutch(written: str) -> None:
    assert parse_amount(written, "nl") is None


def test_too_many_decimals_are_refused_not_rounded() -> None:
    assert parse_amount("1,234", "nl") is None
    assert parse_amount("12,5", "nl", TENTHS) == Decimal("12.5")
    assert parse_amount("12,55", "nl", TENTHS) is None

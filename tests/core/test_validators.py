"""The field rules every channel shares (core.validators)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django.core.exceptions import ValidationError

from goedwonen.core import validators

# Digits that str.isdigit() accepts and int() refuses or reads as another number: superscript
# two, circled one, Arabic-Indic 12, fullwidth 10, double-struck one.
UNICODE_DIGITS = ["²", "①", "\u0661\u0662", "\uff11\uff10", "\U0001d7d9"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("3083 ab", "3083AB"), ("3083AB", "3083AB"), (" 3083ab ", "3083AB"), ("9999 ZZ", "9999ZZ")],
)
def test_a_postcode_is_stored_in_one_form(typed, stored):
    assert validators.clean_postcode(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "hacked",
        "0123 AB",
        "3083",
        "3083 A",
        "3083  AB",
        "3083 ÄB",
        "\uff13\uff10\uff18\uff13AB",
        "3083AB1",
    ],
)
def test_anything_else_is_not_a_postcode(typed):
    with pytest.raises(ValidationError) as raised:
        validators.clean_postcode(typed)
    assert raised.value.messages == [validators.POSTCODE_MESSAGE]


@pytest.mark.parametrize(("typed", "number"), [("10", 10), (" 7 ", 7), ("010", 10), (99999, 99999)])
def test_a_house_number_is_ascii_digits_from_1_to_99999(typed, number):
    assert validators.clean_huisnummer(typed) == number


@pytest.mark.parametrize(
    "typed",
    [
        *["0", "-1", "+1", "1.5", "0x10", "1e3", "1_0", "100000", "9" * 20, "9" * 5000],
        *["", "tien", *UNICODE_DIGITS],
    ],
)
def test_anything_else_is_not_a_house_number(typed):
    with pytest.raises(ValidationError) as raised:
        validators.clean_huisnummer(typed)
    assert raised.value.messages == [validators.HUISNUMMER_MESSAGE]


@given(st.text(max_size=8))
def test_a_house_number_never_fails_otherwise(typed):
    """Whatever is typed, the rule answers a number or its message: never another error."""
    try:
        number = validators.clean_huisnummer(typed)
    except ValidationError:
        return
    assert 1 <= number <= validators.MAX_HUISNUMMER and typed.strip().isascii()


def test_letters_and_additions():
    assert validators.clean_huisletter(" a ") == "A"
    assert validators.clean_toevoeging("-2") == "2"
    assert validators.clean_toevoeging("bis") == "BIS"
    for letter in ["AB", "1", "ä", "-"]:
        with pytest.raises(ValidationError):
            validators.clean_huisletter(letter)
    for addition in ["12345", "2-a", "²", "h.s."]:
        with pytest.raises(ValidationError):
            validators.clean_toevoeging(addition)


def test_nummeraanduiding_email_and_phone():
    assert validators.clean_nummeraanduiding("0599200000000001") == "0599200000000001"
    with pytest.raises(ValidationError):
        validators.clean_nummeraanduiding(
            "\u0660\u0665\u0669\u0669\u0662\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0661"
        )
    assert validators.clean_email(" naam@voorbeeld.nl ") == "naam@voorbeeld.nl"
    for email in ["geen-adres", "a@b", f"{'a' * 250}@voorbeeld.nl"]:
        with pytest.raises(ValidationError):
            validators.clean_email(email)
    for phone in ["010 123 45 67", "+31 (0)10-1234567", "0612345678", "112233"]:
        assert validators.clean_telefoon(phone) == phone
    for phone in [
        "bel me",
        "12345",
        "+31 6 1234 5678 9012 34",
        "\u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
        "06++12345678",
    ]:
        with pytest.raises(ValidationError):
            validators.clean_telefoon(phone)


@pytest.mark.parametrize(
    "day", [date(1, 1, 1), date(1899, 12, 31), date(2101, 1, 1), date(9999, 12, 31)]
)
def test_dates_outside_the_range_are_refused(day):
    with pytest.raises(ValidationError) as raised:
        validators.validate_date_range(day)
    assert raised.value.messages == [
        "Kies een datum van 1 januari 1900 tot en met 31 december 2100."
    ]


def test_dates_and_times_inside_the_range_pass():
    validators.validate_date_range(date(1900, 1, 1))
    validators.validate_date_range(date(2100, 12, 31))
    validators.validate_date_range(datetime(2026, 1, 1, 12, 0))


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("12", 12),
        (" 3 ", 3),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("\u0661", None),
        ("9" * 20, None),
        ("2147483648", None),
        ("", None),
        (None, None),
    ],
)
def test_query_int_reads_only_a_whole_number_a_database_holds(raw, number):
    assert validators.query_int(raw) == number


def test_too_long():
    assert validators.too_long("x" * 5, 5) is None
    assert validators.too_long("x" * 6, 5) == "Gebruik ten hoogste 5 tekens."

"""One rule per field, for every channel: the public reporting point, the staff forms, the API
and the importer check an address, a contact detail, a text's length and a date by these.

Each `clean_*` takes what was typed or sent (a string; empty values are the caller's business,
as whether a field is required differs per channel) and returns the value in its one stored
form, or raises a ValidationError saying in Dutch what a valid value looks like. Forms use
them through `core.forms.CleanedField`, the API through `api.fields.CleanedField`, the
importer through `registry.importer.parsing`.

Digits are ASCII digits only: `str.isdigit()` and `int()` also accept '²', '①' or Arabic-Indic
digits, which no address register holds (and which `int()` then refuses, or reads as a number
the person did not type).
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from . import display

# Lengths of free text, the same in model, form, serializer and service.
MAX_TITLE = 200  # a case's or a task's title
MAX_REASON = 2000  # the reason for a status change, a triage, a closure
MAX_DESCRIPTION = 5000  # what a report, a task, an outcome or a visit describes
MAX_NOTE = 5000  # a note on a case's timeline
MAX_NAME = 200
MAX_EMAIL = 254  # RFC 5321's path limit, as Django's EmailField
MAX_PHONE = 30

# The highest house number the BAG issues fits in five digits.
MAX_HUISNUMMER = 99999

# Dates anyone types or sends: outside these nothing in this domain happens, and beyond them
# date arithmetic with time zones overflows (year 1 and year 9999).
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)

# The shapes, also published as patterns in the API's contract (docs/openapi.yaml).
POSTCODE_PATTERN = r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$"
HUISLETTER_PATTERN = r"^[A-Za-z]$"
TOEVOEGING_PATTERN = r"^[A-Za-z0-9]{1,4}$"
NUMMERAANDUIDING_PATTERN = r"^[0-9]{16}$"
# 6 to 15 digits (E.164 at most; a short local number at least), with spaces, brackets,
# dots, slashes and dashes between them as people write them.
PHONE_PATTERN = r"^\+?(?:[ ()./-]*[0-9]){6,15}[ ()./-]*$"

_POSTCODE = re.compile(POSTCODE_PATTERN)
_DIGITS = re.compile(r"[0-9]+")
_HUISLETTER = re.compile(HUISLETTER_PATTERN)
_TOEVOEGING = re.compile(TOEVOEGING_PATTERN)
_NUMMERAANDUIDING = re.compile(NUMMERAANDUIDING_PATTERN)
_PHONE = re.compile(PHONE_PATTERN)

POSTCODE_MESSAGE = "Een postcode is vier cijfers en twee letters, bijvoorbeeld 3083 AB."
HUISNUMMER_MESSAGE = (
    f"Een huisnummer is een getal van 1 tot en met {MAX_HUISNUMMER}, alleen cijfers, "
    "bijvoorbeeld 10."
)
HUISLETTER_MESSAGE = "Een huisletter is één letter, bijvoorbeeld A."
TOEVOEGING_MESSAGE = "Een toevoeging is ten hoogste vier letters of cijfers, bijvoorbeeld 2 of bis."
NUMMERAANDUIDING_MESSAGE = "Een nummeraanduiding bestaat uit 16 cijfers."
EMAIL_MESSAGE = "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."
PHONE_MESSAGE = (
    "Een telefoonnummer heeft 6 tot 15 cijfers, met eventueel + ( ) - . / en spaties, "
    "bijvoorbeeld 010 123 45 67."
)
# The same range as a pattern on the year, for the API contract (JSON Schema has no minimum
# for a date).
DATE_YEAR_PATTERN = "^(19[0-9]{2}|20[0-9]{2}|2100)-"
DATE_MESSAGE = "Kies een datum van {van} tot en met {tot}."


def clean_postcode(value: str) -> str:
    """'3083 ab', '3083AB' and ' 3083 AB ' are one postcode: '3083AB'."""
    match = _POSTCODE.fullmatch(value.strip())
    if match is None:
        raise ValidationError(POSTCODE_MESSAGE, code="postcode")
    return f"{match[1]}{match[2].upper()}"


def clean_huisnummer(value: str | int) -> int:
    text = str(value).strip()
    # The length first: int() refuses (ValueError) a string of more than 4,300 digits.
    if not (len(text) <= 10 and _DIGITS.fullmatch(text) and 1 <= int(text) <= MAX_HUISNUMMER):
        raise ValidationError(HUISNUMMER_MESSAGE, code="huisnummer")
    return int(text)


def clean_huisletter(value: str) -> str:
    text = value.strip()
    if not _HUISLETTER.fullmatch(text):
        raise ValidationError(HUISLETTER_MESSAGE, code="huisletter")
    return text.upper()


def clean_toevoeging(value: str) -> str:
    """'-2', '2' and ' 2 ' are one addition: people often type the dash the address shows."""
    text = value.strip().removeprefix("-").strip()
    if not _TOEVOEGING.fullmatch(text):
        raise ValidationError(TOEVOEGING_MESSAGE, code="toevoeging")
    return text.upper()


def clean_nummeraanduiding(value: str) -> str:
    text = value.strip()
    if not _NUMMERAANDUIDING.fullmatch(text):
        raise ValidationError(NUMMERAANDUIDING_MESSAGE, code="nummeraanduiding")
    return text


def clean_email(value: str) -> str:
    text = value.strip()
    try:
        if len(text) > MAX_EMAIL:
            raise ValidationError(EMAIL_MESSAGE)
        validate_email(text)
    except ValidationError:
        raise ValidationError(EMAIL_MESSAGE, code="email") from None
    return text


def clean_telefoon(value: str) -> str:
    """At most 15 digits (E.164), at least 6 (a short local number); stored as typed."""
    text = value.strip()
    if not (len(text) <= MAX_PHONE and _PHONE.fullmatch(text)):
        raise ValidationError(PHONE_MESSAGE, code="telefoon")
    return text


def validate_date_range(value: date) -> None:
    """A date (or the day of a date-time) within DATE_MIN and DATE_MAX."""
    if not DATE_MIN <= _day(value) <= DATE_MAX:
        raise ValidationError(
            DATE_MESSAGE.format(van=display.datum(DATE_MIN), tot=display.datum(DATE_MAX)),
            code="date_range",
        )


def _day(value: date) -> date:
    # A datetime is a date too; compare its day, not the datetime with a date (TypeError).
    return date(value.year, value.month, value.day)


def too_long(value: str, maximum: int) -> str | None:
    """The message for a text longer than `maximum` characters, or None; for services that
    gather their errors by field."""
    if len(value) > maximum:
        return f"Gebruik ten hoogste {maximum} tekens."
    return None


def query_int(value: str | None, *, maximum: int = 2**31 - 1) -> int | None:
    """A whole number from a query parameter (an id, a page, a version), or None when it is
    not one: ASCII digits only, from 1 to `maximum` (a database integer by default)."""
    if value is None:
        return None
    text = value.strip()
    if not _DIGITS.fullmatch(text) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if 1 <= number <= maximum else None

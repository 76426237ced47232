"""Field parsers. Each takes the raw text and returns a value or raises FieldError saying,
in Dutch, what is wrong. Empty means unknown (None). Address fields follow the rules every
channel follows (core.validators). `parse_row` checks every cell of a row against its column
in the data contract (`registry/contract.py`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone

from goedwonen.core import validators
from goedwonen.registry.contract import AREA_CODE_PATTERNS, Column, Kind, Source

_T = TypeVar("_T")


class FieldError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"{column}: {message}")
        self.column = column
        self.message = message


_BAG_ID = re.compile(r"^[0-9]{16}$")
_FRACTION = re.compile(r"^(\d+)/(\d+)$")


def text(column: str, raw: str, *, max_length: int, required: bool = False) -> str:
    if required and not raw:
        raise FieldError(column, "ontbreekt")
    if len(raw) > max_length:
        raise FieldError(column, f"langer dan {max_length} tekens")
    return raw


def bag_id(column: str, raw: str) -> str:
    if not raw:
        raise FieldError(column, "ontbreekt")
    if not _BAG_ID.match(raw):
        raise FieldError(column, f"'{raw}' is geen BAG-id van 16 cijfers")
    return raw


def bag_id_or_none(column: str, raw: str) -> str | None:
    return bag_id(column, raw) if raw else None


def _by_rule(column: str, raw: str, clean: Callable[[str], _T]) -> _T:
    try:
        return clean(raw)
    except ValidationError as error:
        raise FieldError(column, f"'{raw}' is ongeldig. {error.messages[0]}") from None


def postcode(column: str, raw: str) -> str:
    """'3082 AB', '3082ab' and '3082AB' are the same postcode: '3082AB'."""
    return _by_rule(column, raw, validators.clean_postcode) if raw else ""


def huisnummer(column: str, raw: str) -> int:
    if not raw:
        raise FieldError(column, "ontbreekt")
    return _by_rule(column, raw, validators.clean_huisnummer)


def huisletter(column: str, raw: str) -> str:
    return _by_rule(column, raw, validators.clean_huisletter) if raw else ""


def toevoeging(column: str, raw: str) -> str:
    return _by_rule(column, raw, validators.clean_toevoeging) if raw else ""


def integer(
    column: str, raw: str, *, required: bool = False, minimum: int = 0, maximum: int = 2**31 - 1
) -> int | None:
    if not raw:
        if required:
            raise FieldError(column, "ontbreekt")
        return None
    try:
        # ASCII only: int() also reads '١٢' (and isdigit() passes '²', which int() refuses).
        if not raw.isascii():
            raise ValueError(raw)
        value = int(raw)
    except ValueError:
        raise FieldError(column, f"'{raw}' is geen geheel getal") from None
    if not minimum <= value <= maximum:
        raise FieldError(column, f"{value} ligt buiten {minimum} tot en met {maximum}")
    return value


def decimal(column: str, raw: str, *, places: int = 2, maximum: int = 10**7) -> Decimal | None:
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise FieldError(
            column, f"'{raw}' is geen bedrag (gebruik een punt als decimaalteken)"
        ) from None
    if not value.is_finite() or value < 0 or value >= maximum:
        raise FieldError(column, f"'{raw}' is geen geldig bedrag")
    return value.quantize(Decimal(1).scaleb(-places))


def floating(column: str, raw: str) -> float | None:
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise FieldError(column, f"'{raw}' is geen getal") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise FieldError(column, f"'{raw}' is geen getal")
    return value


def iso_date(column: str, raw: str, *, required: bool = False) -> date | None:
    if not raw:
        if required:
            raise FieldError(column, "ontbreekt")
        return None
    try:
        value = date.fromisoformat(raw[:10]) if len(raw) >= 10 else date.fromisoformat(raw)
    except ValueError:
        raise FieldError(column, f"'{raw}' is geen bestaande datum (JJJJ-MM-DD)") from None
    if len(raw) > 10 and raw[10] not in "T ":
        raise FieldError(column, f"'{raw}' is geen datum (JJJJ-MM-DD)")
    return value


def iso_datetime(column: str, raw: str, *, required: bool = False) -> datetime | None:
    """A date or a date-time; a date means midnight in the municipality's time zone."""
    if not raw:
        if required:
            raise FieldError(column, "ontbreekt")
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise FieldError(column, f"'{raw}' is geen bestaande datum of tijd (ISO 8601)") from None
    if len(raw) == 10:
        value = datetime.combine(value.date(), time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(UTC)


def choice(column: str, raw: str, allowed: Iterable[str], *, required: bool = True) -> str:
    """A value of the vocabulary, in any case: returned as the vocabulary spells it."""
    if not raw:
        if required:
            raise FieldError(column, "ontbreekt")
        return ""
    spelled = {value.lower(): value for value in allowed}
    value = spelled.get(raw.strip().lower())
    if value is None:
        raise FieldError(
            column, f"onbekende waarde '{raw}' (toegestaan: {', '.join(sorted(spelled.values()))})"
        )
    return value


def yes_no(column: str, raw: str) -> bool | None:
    if not raw:
        return None
    value = raw.strip().lower()
    if value in {"ja", "j", "true", "t", "1"}:
        return True
    if value in {"nee", "n", "false", "f", "0"}:
        return False
    raise FieldError(column, f"'{raw}' is geen ja of nee")


def share(column: str, raw: str) -> str:
    if not raw:
        return "1/1"
    match = _FRACTION.match(raw.replace(" ", ""))
    if not match or int(match.group(2)) == 0 or int(match.group(1)) > int(match.group(2)):
        raise FieldError(column, f"'{raw}' is geen aandeel (zoals 1/2)")
    return f"{int(match.group(1))}/{int(match.group(2))}"


_KVK = re.compile(r"^[0-9]{8}$")
_ANY_AREA = re.compile("|".join(f"(?:{pattern})" for pattern in AREA_CODE_PATTERNS.values()))
_AREA = {name: re.compile(pattern) for name, pattern in AREA_CODE_PATTERNS.items()}


def _kvk(column: str, raw: str) -> str:
    if raw and not _KVK.match(raw):
        raise FieldError(column, f"'{raw}' is geen KvK-nummer van 8 cijfers")
    return raw


def _area_code(column: str, raw: str, required: bool) -> str:
    if not raw:
        if required:
            raise FieldError(column, "ontbreekt")
        return ""
    code = raw.strip().upper()
    if not _AREA.get(column, _ANY_AREA).match(code):
        raise FieldError(column, f"'{raw}' is geen CBS-gebiedscode (zoals BU05991572)")
    return code


def _codes(column: Column, raw: str) -> list[str]:
    return [choice(column.name, code, column.vocabulary) for code in raw.split("|") if code.strip()]


def _integer(column: Column, raw: str) -> int | None:
    # Most values are plain digits or empty: millions per import, so the common case is quick.
    if raw.isascii() and raw.isdigit() and len(raw) < 10:
        value = int(raw)
        if column.minimum <= value <= (column.maximum or 2**31 - 1):
            return value
    return integer(
        column.name,
        raw,
        required=column.required,
        minimum=column.minimum,
        maximum=column.maximum or 2**31 - 1,
    )


_PARSERS: dict[Kind, Callable[[Column, str], object]] = {
    Kind.TEXT: lambda c, raw: text(
        c.name, raw, max_length=c.max_length or 1 << 24, required=c.required
    ),
    Kind.CODE: lambda c, raw: choice(c.name, raw or c.default, c.vocabulary, required=c.required),
    Kind.CODES: _codes,
    Kind.BAG_ID: lambda c, raw: bag_id(c.name, raw) if c.required else bag_id_or_none(c.name, raw),
    Kind.AREA_CODE: lambda c, raw: _area_code(c.name, raw, c.required),
    Kind.INTEGER: _integer,
    Kind.AMOUNT: lambda c, raw: decimal(c.name, raw, maximum=c.maximum or 10**7),
    Kind.NUMBER: lambda c, raw: floating(c.name, raw),
    Kind.DATE: lambda c, raw: iso_date(c.name, raw, required=c.required),
    Kind.DATETIME: lambda c, raw: iso_datetime(c.name, raw, required=c.required),
    Kind.YES_NO: lambda c, raw: yes_no(c.name, raw),
    Kind.SHARE: lambda c, raw: share(c.name, raw),
    Kind.POSTCODE: lambda c, raw: postcode(c.name, raw),
    Kind.HUISNUMMER: lambda c, raw: huisnummer(c.name, raw) if raw or c.required else None,
    Kind.HUISLETTER: lambda c, raw: huisletter(c.name, raw),
    Kind.TOEVOEGING: lambda c, raw: toevoeging(c.name, raw),
    Kind.KVK: lambda c, raw: _kvk(c.name, raw),
}


def parse_cell(column: Column, raw: str) -> object:
    return _PARSERS[column.kind](column, raw)


def parse_row(
    source: Source, values: Mapping[str, str], *, skip: frozenset[str] = frozenset()
) -> tuple[dict[str, object], list[FieldError]]:
    """Every cell of a row parsed by its column: the values (None where a cell is invalid),
    and what is wrong with each invalid cell. One bad cell never hides another."""
    row: dict[str, object] = {}
    problems: list[FieldError] = []
    for column in source.columns:
        if column.name in skip:
            continue
        try:
            row[column.name] = _PARSERS[column.kind](column, values.get(column.name, ""))
        except FieldError as error:
            row[column.name] = None
            problems.append(error)
    return row, problems

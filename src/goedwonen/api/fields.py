"""Serializer fields that apply the field rules of `core.validators`: the API checks a
postcode, a house number or a date by the same rule as the forms and the importer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from goedwonen.core import validators


def _as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(error.messages, code=error.code or "invalid")


class CleanedField(serializers.CharField):
    """Text checked and normalised by a rule of `core.validators`, e.g.
    `CleanedField(cleaner=validators.clean_postcode, pattern=validators.POSTCODE_PATTERN)`.
    The pattern, the rule's own, tells the contract; the value it checks is the cleaned one,
    which always fits it."""

    def __init__(
        self, *, cleaner: Callable[[str], Any], pattern: str | None = None, **kwargs: Any
    ) -> None:
        self.cleaner = cleaner
        super().__init__(**kwargs)
        if pattern is not None:
            self.validators.append(RegexValidator(pattern))

    def to_internal_value(self, data: Any) -> Any:
        text = super().to_internal_value(data)
        if text == "":
            return text
        try:
            return self.cleaner(text)
        except DjangoValidationError as error:
            raise _as_api_error(error) from None


@extend_schema_field(
    {"type": "integer", "minimum": 1, "maximum": validators.MAX_HUISNUMMER, "example": 10}
)
class HuisnummerField(serializers.Field):
    """A house number: a JSON integer (or a string of ASCII digits) from 1 to 99999."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int | str):
            raise serializers.ValidationError(validators.HUISNUMMER_MESSAGE, code="huisnummer")
        try:
            return validators.clean_huisnummer(data)
        except DjangoValidationError as error:
            raise _as_api_error(error) from None

    def to_representation(self, value: Any) -> int:
        return int(value)


@extend_schema_field({"type": "string", "format": "date", "pattern": validators.DATE_YEAR_PATTERN})
class BoundedDateField(serializers.DateField):
    """A date within the range of `core.validators`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validators", []).append(validators.validate_date_range)
        super().__init__(**kwargs)


@extend_schema_field(
    {"type": "string", "format": "date-time", "pattern": validators.DATE_YEAR_PATTERN}
)
class BoundedDateTimeField(serializers.DateTimeField):
    """A date-time within the range of `core.validators`. Checked before DRF gives it a time
    zone: converting year 1 or 9999 to UTC overflows."""

    def enforce_timezone(self, value: datetime) -> datetime:
        try:
            validators.validate_date_range(value)
        except DjangoValidationError as error:
            raise _as_api_error(error) from None
        return super().enforce_timezone(value)

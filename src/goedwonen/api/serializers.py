from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, cast

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from goedwonen.accounts.models import Organisatie, User
from goedwonen.core.models import Verwerkingsactiviteit
from goedwonen.core.policy import capabilities_of


class FixedFieldsSerializer(serializers.Serializer):
    """A serializer whose fields are the same for every instance, so each instance copies its
    declared fields one level deep. DRF copies them deeply, re-creating every field from deep
    copies of its arguments (choice lists, messages): a tenth of the work of registering a
    report through the API. The copies share only what no instance writes to (choices,
    validators, messages); each is bound to its own serializer as before. Not for a
    serializer that changes its fields per instance."""

    def get_fields(self) -> dict[str, Any]:
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}


UNKNOWN_FIELD = "Onbekend veld: de API kent dit veld niet (zie het contract, openapi.json)."
NOT_TEXT = "Geef tekst (een JSON-string)."
EMPTY_PARAMETER = "Geef een waarde, of laat de parameter weg."
# Fields whose value in a body is text. DRF would also take a number for them and make it text
# (`"huisnummertoevoeging": 0`), which the contract does not allow.
TEXT_FIELDS = (serializers.CharField, serializers.ChoiceField)


class InputSerializer(FixedFieldsSerializer):
    """The base of every request body: a field the contract does not name is refused (400,
    naming it, code `unknown`), as it would otherwise be dropped without a word: a misspelt
    `omschrijving` is a sender's error to hear about. Nested input serializers derive from
    it too, so an unknown field is named with its path (`adres.straat`). The contract says so
    (`additionalProperties: false`, api.schema)."""

    def to_internal_value(self, data: Any) -> Any:
        unknown = self._shape_errors(data) if isinstance(data, Mapping) else {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                # A serializer's errors are keyed by field name (the stubs allow int keys too).
                cast("dict[str, Any]", error.detail).update(unknown)
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value

    def _shape_errors(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """What the contract refuses before DRF reads a field: a field it does not name, a
        number where it says text, and text longer than its maximum as sent (DRF trims white
        space first and measures what is left)."""
        errors: dict[str, Any] = {
            str(name): [ErrorDetail(UNKNOWN_FIELD, code="unknown")]
            for name in data
            if name not in self.fields
        }
        for name, field in self.fields.items():
            value = data.get(name)
            if value is None or not isinstance(field, TEXT_FIELDS):
                continue
            if not isinstance(value, str):
                errors[name] = [ErrorDetail(NOT_TEXT, code="invalid")]
            elif (
                (maximum := getattr(field, "max_length", None))
                and len(value) > maximum
                and len(value.strip()) <= maximum  # else the field's own check says it
            ):
                message = field.error_messages["max_length"].format(max_length=maximum)
                errors[name] = [ErrorDetail(message, code="max_length")]
        return errors


class QuerySerializer(serializers.Serializer):
    """The base of every set of query parameters: a parameter given without a value
    (`?status=`) is refused, naming it. DRF reads it as left out, as an HTML form would, so a
    filter a client meant to set would silently not apply."""

    def to_internal_value(self, data: Any) -> Any:
        empty: dict[str, Any] = {
            str(name): [ErrorDetail(EMPTY_PARAMETER, code="blank")]
            for name in self.fields
            if isinstance(data, Mapping) and data.get(name) == ""
        }
        if empty:
            raise serializers.ValidationError(empty)
        return super().to_internal_value(data)


class OrganisatieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisatie
        fields = ["code", "naam", "soort"]


class VerwerkingsactiviteitSerializer(serializers.ModelSerializer):
    bewaartermijnJaren = serializers.IntegerField(source="bewaartermijn_jaren")
    bewaartermijnBron = serializers.CharField(source="bewaartermijn_bron")
    # Declared, not derived from the model: a derived PositiveIntegerField takes its maximum
    # from the database backend (2^63-1 on SQLite, 2^31-1 on PostgreSQL), and the committed
    # contract must not depend on which database generated it.
    versie = serializers.IntegerField(min_value=0)

    class Meta:
        model = Verwerkingsactiviteit
        fields = [
            "code",
            "naam",
            "doel",
            "grondslag",
            "betrokkenen",
            "persoonsgegevens",
            "ontvangers",
            "bewaartermijnJaren",
            "bewaartermijnBron",
            "verantwoordelijke",
            "versie",
            "actief",
        ]


class MijSerializer(serializers.Serializer):
    """Who the caller is, as the policy sees it."""

    gebruikersnaam = serializers.CharField(source="username")
    organisatie = OrganisatieSerializer()
    rollen = serializers.SerializerMethodField()
    bevoegdheden = serializers.SerializerMethodField()

    def get_rollen(self, user: User) -> list[str]:
        return [rol.code for rol in user.rollen.all()]

    def get_bevoegdheden(self, user: User) -> list[str]:
        return sorted(c.value for c in capabilities_of(user))

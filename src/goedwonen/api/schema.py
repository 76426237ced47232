"""OpenAPI post-processing: every operation documents its problem+json errors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerExtension,
)
from drf_spectacular.plumbing import force_instance
from rest_framework import serializers


class OrganisationTokenScheme(OpenApiAuthenticationExtension):
    """Documents `Authorization: Token <key>` (OrganisationTokenAuthentication)."""

    target_class = "goedwonen.api.authentication.OrganisationTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "Token van een partnersysteem, met voorvoegsel: `Authorization: Token <sleutel>`. "
                "Elk token hoort bij één organisatie."
            ),
        }


class InputSerializerScheme(OpenApiSerializerExtension):
    """Request bodies refuse fields the contract does not name (InputSerializer): said in
    the contract as `additionalProperties: false`. A serializer whose `validate` asks one of
    several sets of fields says which in `contract_any_of` (JSON Schema `anyOf`)."""

    target_class = "goedwonen.api.serializers.InputSerializer"
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_serializer(
            self.target, direction, bypass_extensions=True
        )
        if direction == "request":
            schema["additionalProperties"] = False
            _text_patterns(force_instance(self.target), schema)
            any_of = getattr(self.target, "contract_any_of", None)
            if any_of:
                schema["anyOf"] = any_of
        return schema


# Text in a request body holds no NUL character (DRF refuses it), and text that must not be
# blank holds at least one character that is not white space. DRF trims by Python's
# str.strip, whose white space has four control characters (and NEL) more than JSON Schema's
# (ECMAScript's) \s: named here, so both read the pattern alike.
TEXT_PATTERN = r"^[^\x00]*$"
NOT_BLANK_PATTERN = r"^[^\x00]*[^\s\x00\x1c-\x1f\x85][^\x00]*$"


def _text_patterns(serializer: Any, schema: dict[str, Any]) -> None:
    """What DRF asks of a text field, said in a pattern (unless the field has its own)."""
    properties = schema.get("properties", {})
    for name, field in serializer.fields.items():
        described = properties.get(field.field_name or name)
        if (
            isinstance(field, serializers.CharField)
            and described is not None
            and described.get("type") == "string"
            and "pattern" not in described
        ):
            blank_refused = not field.allow_blank and field.trim_whitespace
            described["pattern"] = NOT_BLANK_PATTERN if blank_refused else TEXT_PATTERN


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Foutbericht volgens RFC 9457 (application/problem+json).",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
    "required": ["title", "status"],
}

API_VERSION_HEADER = {
    "description": "De volledige versie van de API (NL API Design Rules, API-57).",
    "schema": {"type": "string", "example": "1.0.0"},
}

ERRORS = {
    "401": "Niet geauthenticeerd",
    "403": "Geen toegang",
    "404": "Niet gevonden",
    "429": "Te veel verzoeken met dit token; de header Retry-After zegt na hoeveel seconden weer",
}


def _body_limit() -> str:
    return f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024:.1f} MB".replace(".", ",")


def add_problem_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    reference = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, {"description": description, "content": reference})
            # A body or a query parameter can be invalid.
            if "requestBody" in operation or any(
                parameter.get("in") == "query" for parameter in operation.get("parameters", [])
            ):
                responses.setdefault(
                    "400", {"description": "Ongeldige invoer", "content": reference}
                )
            if "requestBody" in operation:
                responses.setdefault(
                    "413",
                    {
                        "description": f"Verzoek te groot (meer dan {_body_limit()})",
                        "content": reference,
                    },
                )
            for response in responses.values():
                response.setdefault("headers", {})["API-Version"] = API_VERSION_HEADER
    return result

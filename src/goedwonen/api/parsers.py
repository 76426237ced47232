"""The API's one request parser: JSON, nested no deeper than the contract needs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# The contract's deepest body is three levels (a report, its address, a value); a generous
# margin, far below what Python's JSON decoder recurses into before it fails.
MAX_DEPTH = 32
TOO_DEEP = f"JSON parse error - de inhoud is dieper genest dan {MAX_DEPTH} niveaus."


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than MAX_DEPTH with a 400: nested a
    thousand levels deep, the decoder's RecursionError would otherwise end the request in a
    server error."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if _deeper_than(data, MAX_DEPTH):
            raise ParseError(TOO_DEEP)
        return data


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and objects nest more than `limit` levels (without recursion)."""
    level: list[tuple[Any, int]] = [(data, 1)]
    while level:
        value, depth = level.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if depth > limit:
            return True
        level.extend((child, depth + 1) for child in value)
    return False

"""Pages of a list, as the contract documents them.

`page` and `pageSize` are whole numbers from 1 (`pageSize` up to MAX_PAGE_SIZE); anything else
is a 400 that names the parameter. DRF itself reads an empty or unknown page as the first and
ignores a page size it cannot read, so a partner's typo would silently give other data.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from goedwonen.core.display import getal
from goedwonen.core.lists import TELGRENS, BegrensdePaginator

MAX_PAGE_SIZE = 500
# The most digits a page number has (the contract's maximum); a longer string is refused
# before int() reads it.
_MAX_DIGITS = 9


def _whole_number(request: Request, name: str, maximum: int | None) -> int | None:
    """The parameter as a whole number from 1 (to `maximum`), None when absent."""
    if name not in request.query_params:
        return None
    value = request.query_params[name]
    maximum = maximum or 10**_MAX_DIGITS - 1
    number = int(value) if value.isascii() and value.isdigit() and len(value) <= _MAX_DIGITS else 0
    if not 1 <= number <= maximum:
        reason = f"Geef een geheel getal van 1 tot en met {maximum}."
        raise exceptions.ValidationError({name: [reason]})
    return number


class Pagination(PageNumberPagination):
    # Counts up to TELGRENS rows or the page asked for, and one past (ADR 0027): `count` says
    # "more" by being one past that limit, and `next` leads on.
    django_paginator_class = BegrensdePaginator
    page_size_query_param = "pageSize"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "Paginanummer, vanaf 1."
    page_size_query_description = f"Aantal per pagina, van 1 tot en met {MAX_PAGE_SIZE}."

    def get_page_number(self, request: Request, paginator: Any) -> str:
        return str(_whole_number(request, self.page_query_param, None) or 1)

    def get_page_size(self, request: Request) -> int | None:
        return _whole_number(request, self.page_size_query_param, self.max_page_size) or (
            self.page_size
        )

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = (
                self.max_page_size
                if parameter["name"] == self.page_size_query_param
                else 10**_MAX_DIGITS - 1
            )
        return parameters

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = COUNT_DESCRIPTION
        return response


COUNT_DESCRIPTION = (
    f"Het aantal resultaten, geteld tot {getal(TELGRENS)} of tot en met de gevraagde "
    "pagina. Zijn er meer, dan is het aantal één meer dan die grens en wijst `next` naar de "
    "volgende pagina."
)

"""The landlord signals through the API (issue 13, point 8): the same rules and rows as the
command `goedwonen verhuurders` (verhuurders/regels.py), for organisations whose people may
see landlord monitoring."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from goedwonen.api.fields import BoundedDateField
from goedwonen.api.pagination import Pagination
from goedwonen.api.serializers import QuerySerializer
from goedwonen.core.policy import Capability

from . import regels

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

BAD_DATE = "Geef een bestaande datum als JJJJ-MM-DD, bijvoorbeeld 2026-01-31."
SIGNAAL_CHOICES = [
    (regels.MONITORING, "In monitoring na een waarschuwingsgesprek"),
    (regels.RECIDIVE, "Overtreding tijdens de monitoring (recidive)"),
    (regels.STOPGESPREK_KANDIDAAT, "Kandidaat voor een stopgesprek"),
]


class SignaalSerializer(serializers.Serializer):
    """Een verhuurderssignaal op de peildatum, zoals `goedwonen verhuurders` het schrijft."""

    eigenaarId = serializers.CharField(source="eigenaar_id", help_text="De eigenaar (BRK).")
    signaal = serializers.ChoiceField(choices=SIGNAAL_CHOICES)
    datum = serializers.DateField(
        help_text="monitoring: de datum van het waarschuwingsgesprek; recidive: de datum van "
        "de controle; stopgesprek_kandidaat: de datum van de laatste overtreding."
    )
    objectId = serializers.CharField(
        source="object_id",
        help_text="Het verblijfsobject (BAG) van het gesprek, de controle of de laatste "
        "overtreding; leeg als het gesprek geen object noemt.",
    )
    bronId = serializers.CharField(
        source="bron_id",
        help_text="Het kenmerk in de bron (handhavingen.csv, controles.csv), of "
        "`gesprek:<id>` en `bezoek:<id>` voor wat in Goedwonen is vastgelegd.",
    )


class SignaalFilterSerializer(QuerySerializer):
    """Queryparameters van de signalen."""

    peildatum = BoundedDateField(
        required=False,
        help_text="De signalen op deze datum (JJJJ-MM-DD); standaard vandaag.",
        error_messages={"invalid": BAD_DATE},
    )


class SignaalCollection(GenericAPIView):
    required_capability = Capability.LANDLORDS_MONITOR
    pagination_class = Pagination
    serializer_class = SignaalSerializer

    @extend_schema(
        operation_id="verhuurders_signalen_list",
        summary="Verhuurderssignalen",
        description="Eigenaren in monitoring na een waarschuwingsgesprek, overtredingen "
        "tijdens die monitoring (recidive) en kandidaten voor een stopgesprek, op de "
        "peildatum; gesorteerd op eigenaar, signaal, datum, object en kenmerk.",
        parameters=[SignaalFilterSerializer],
        responses=SignaalSerializer(many=True),
        tags=["verhuurders"],
    )
    def get(self, request: Request) -> Response:
        query = SignaalFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        peildatum = query.validated_data.get("peildatum") or timezone.localdate()
        page = regels.signalen_lezen(
            actor=cast("User", request.user),
            peildatum=peildatum,
            operation="API: verhuurderssignalen",
            pagina=lambda signalen: self.paginate_queryset(signalen) or [],
        )
        return self.get_paginated_response(SignaalSerializer(page, many=True).data)

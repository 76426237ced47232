"""A meeting's agenda through the API (issue 15, point 4), read-only: every item through the
same rule as the agenda page (`selectors.items_shown`), so the API shows nothing the page
would not; a pseudonymised item carries its reference, question and status only."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from goedwonen.core.policy import Capability

from . import selectors
from .models import Agendapuntstatus, Tafelvergadering, Vraagsoort

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


class AgendapuntSerializer(serializers.Serializer):
    """Een agendapunt zoals de organisatie van de aanroeper het mag zien."""

    referentie = serializers.CharField(help_text="De casusreferentie, of SIG-… voor een signaal.")
    gepseudonimiseerd = serializers.BooleanField(
        help_text="Waar: de organisatie heeft geen grondslag voor de casus; titel, adressen, "
        "eigenaren en signaal zijn dan leeg."
    )
    titel = serializers.CharField(allow_null=True)
    adressen = serializers.ListField(child=serializers.CharField())
    eigenaren = serializers.ListField(
        child=serializers.CharField(), help_text="Alleen als ook de partijen zijn gedeeld."
    )
    signaal = serializers.CharField(allow_null=True)
    vraagsoort = serializers.ChoiceField(choices=Vraagsoort.choices, source="item.vraagsoort")
    vraag = serializers.CharField(source="item.vraag")
    status = serializers.ChoiceField(choices=Agendapuntstatus.choices, source="item.status")


class AgendaList(GenericAPIView):
    pagination_class = None  # an agenda is short: the whole list
    required_capability = Capability.CASETABLE_TAKE_PART
    serializer_class = AgendapuntSerializer

    @extend_schema(
        operation_id="casustafel_agenda_list",
        summary="Agenda van een vergadering van een casustafel",
        description="Alle agendapunten van de vergadering, voor leden van de tafel; een punt "
        "waarvoor de organisatie geen grondslag heeft is gepseudonimiseerd. Elke inzage wordt "
        "gelogd.",
        responses=AgendapuntSerializer(many=True),
        tags=["casustafels"],
    )
    def get(self, request: Request, pk: int) -> Response:
        actor = cast("User", request.user)
        try:
            vergadering = selectors.meeting_open_to(actor, pk)
            shown = selectors.agenda_items(
                actor=actor, vergadering=vergadering, operation="API: agenda casustafel"
            )
        except Tafelvergadering.DoesNotExist:
            raise Http404 from None
        return Response(AgendapuntSerializer(shown, many=True).data)

"""The procedures API (read): `/api/v1/handhavingstrajecten` and one procedure by its id, for
the organisations allowed to see them. Same selectors as the pages (`trajecten_visible`):
a partner sees a case's procedures only when the sharing includes `handhaving`; every read
is logged."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from goedwonen.api.pagination import Pagination
from goedwonen.api.serializers import QuerySerializer
from goedwonen.core.policy import Capability

from . import traject_selectors as selectors
from .models import Rechtsmiddelsoort, Stapsoort, Traject, Trajectstatus

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


def _actor(request: Request) -> User:
    return cast("User", request.user)


class TrajectSerializer(serializers.Serializer):
    """Een handhavingstraject: het instrument (in de versie waarmee het begon), de
    geadresseerde en de status."""

    id = serializers.IntegerField()
    kenmerk = serializers.CharField()
    casus = serializers.CharField(source="casus.referentie", allow_null=True, default=None)
    melding = serializers.CharField(source="melding.referentie", allow_null=True, default=None)
    organisatie = serializers.CharField(source="organisatie.code")
    instrument = serializers.CharField(source="instrumentversie.instrument.code")
    instrumentversie = serializers.IntegerField(source="instrumentversie.versie")
    eigenaarId = serializers.CharField(source="eigenaar.eigenaar_id")
    status = serializers.ChoiceField(choices=Trajectstatus.choices)
    gestartOp = serializers.DateTimeField(source="gestart_op")
    afgeslotenOp = serializers.DateField(source="afgesloten_op", allow_null=True)


class TrajectstapSerializer(serializers.Serializer):
    """Een gezette stap: datum, termijn, uitkomst, en of de brief is verzonden."""

    soort = serializers.ChoiceField(choices=Stapsoort.choices)
    naam = serializers.CharField()
    datum = serializers.DateField()
    termijnTot = serializers.DateField(source="termijn_tot", allow_null=True)
    uitkomst = serializers.CharField()
    nageleefd = serializers.BooleanField(allow_null=True)
    bedrag = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    brief = serializers.CharField(source="brief_titel", help_text="Leeg: geen brief.")
    briefVerzonden = serializers.SerializerMethodField()

    def get_briefVerzonden(self, obj: object) -> bool:
        return hasattr(obj, "verzending")


class RechtsmiddelSerializer(serializers.Serializer):
    """Een bezwaar of beroep met zijn termijnen en, als die er is, de beslissing."""

    soort = serializers.ChoiceField(choices=Rechtsmiddelsoort.choices)
    ingediendOp = serializers.DateField(source="ingediend_op")
    indienenTot = serializers.DateField(source="indienen_tot")
    beslissenTot = serializers.DateField(source="beslissen_tot", allow_null=True)
    uitspraak = serializers.SerializerMethodField(
        help_text="De beslissing erop: gegrond, ongegrond, niet_ontvankelijk of ingetrokken; "
        "null zolang er niet op is beslist."
    )

    def get_uitspraak(self, obj: object) -> str | None:
        beslissing = getattr(obj, "beslissing", None)
        return beslissing.uitspraak if beslissing is not None else None


class TrajectDetailSerializer(TrajectSerializer):
    stappen = TrajectstapSerializer(many=True, source="stappen.all")
    rechtsmiddelen = RechtsmiddelSerializer(many=True, source="rechtsmiddelen.all")


class TrajectFilterSerializer(QuerySerializer):
    """Filters op de lijst van handhavingstrajecten (queryparameters)."""

    casus = serializers.CharField(
        max_length=20, required=False, help_text="Alleen de trajecten van deze casus (kenmerk)."
    )


class TrajectCollection(GenericAPIView):
    required_capability = Capability.CASES_VIEW
    pagination_class = Pagination
    serializer_class = TrajectSerializer

    @extend_schema(
        operation_id="handhavingstrajecten_list",
        summary="Handhavingstrajecten",
        description="De handhavingstrajecten die de eigen organisatie mag zien: van de "
        "casussen waarvan de handhaving met haar is gedeeld, en die zij zelf behandelt.",
        parameters=[TrajectFilterSerializer],
        responses=TrajectSerializer(many=True),
        tags=["handhaving"],
    )
    def get(self, request: Request) -> Response:
        query = TrajectFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        actor = _actor(request)
        trajecten = selectors.traject_list(actor=actor, casus=query.validated_data.get("casus", ""))
        page = self.paginate_queryset(trajecten)
        selectors.trajecten_read(
            actor=actor, trajecten=page or [], operation="Handhavingstrajecten opgevraagd (API)"
        )
        return self.get_paginated_response(TrajectSerializer(page, many=True).data)


class TrajectDetail(GenericAPIView):
    required_capability = Capability.CASES_VIEW
    serializer_class = TrajectDetailSerializer

    @extend_schema(
        operation_id="handhavingstraject_retrieve",
        summary="Eén handhavingstraject",
        tags=["handhaving"],
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            traject = selectors.traject_get(actor=_actor(request), pk=pk)
        except Traject.DoesNotExist:
            raise Http404 from None
        return Response(TrajectDetailSerializer(traject).data)


urlpatterns = [
    path("handhavingstrajecten", TrajectCollection.as_view(), name="api-handhavingstrajecten"),
    path(
        "handhavingstrajecten/<int:pk>",
        TrajectDetail.as_view(),
        name="api-handhavingstraject",
    ),
]

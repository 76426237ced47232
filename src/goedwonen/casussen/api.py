"""The case API for partner and cluster systems: the cases the caller's organisation may see,
and of each case only the parts shared with it. Same selectors as the pages, so the API
shows nothing a page would not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from goedwonen.api.pagination import Pagination
from goedwonen.api.serializers import QuerySerializer
from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability
from goedwonen.intake.models import Meldingstatus

from . import selectors
from .models import Casus, CasusObject, Casusstatus, Onderdeel, Partijrol

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


def _actor(request: Request) -> User:
    return cast("User", request.user)


class CasusSerializer(serializers.Serializer):
    """Een casus zoals de eigen organisatie haar mag zien."""

    referentie = serializers.CharField()
    titel = serializers.CharField(
        source="weergavetitel",
        help_text="De titel van de casus; `Casus <referentie>` voor wie de adressen niet "
        "gedeeld kreeg.",
    )
    status = serializers.ChoiceField(choices=Casusstatus.choices)
    categorieen = serializers.ListField(child=serializers.ChoiceField(choices=Categorie.choices))
    regieOrganisatie = serializers.CharField(source="organisatie.code")
    aangemaaktOp = serializers.DateTimeField(source="aangemaakt_op")


class CasusAdresSerializer(serializers.Serializer):
    """Een adres (verblijfsobject) van de casus."""

    objectId = serializers.CharField(source="verblijfsobject.object_id")
    nummeraanduiding = serializers.SerializerMethodField()
    adres = serializers.SerializerMethodField()

    def get_nummeraanduiding(self, obj: CasusObject) -> str | None:
        return obj.adres.nummeraanduiding if obj.adres else None

    def get_adres(self, obj: CasusObject) -> str | None:
        return str(obj.adres) if obj.adres else None


class CasusTaakSerializer(serializers.Serializer):
    """Een taak; een partner ziet alleen de taken van de eigen organisatie."""

    id = serializers.IntegerField()
    titel = serializers.CharField()
    organisatie = serializers.CharField(source="organisatie.code")
    deadline = serializers.DateField()
    status = serializers.CharField()
    uitkomst = serializers.CharField()


class CasusPartijSerializer(serializers.Serializer):
    """Een partij in de casus: een eigenaar uit de registratie, of een omschrijving."""

    rol = serializers.ChoiceField(choices=Partijrol.choices)
    eigenaarId = serializers.CharField(source="eigenaar.eigenaar_id", allow_null=True)
    eigenaar = serializers.CharField(source="eigenaar.naam", allow_null=True)
    omschrijving = serializers.CharField()


class CasusMeldingSerializer(serializers.Serializer):
    """Een melding die bij de casus hoort."""

    referentie = serializers.CharField(allow_null=True)
    ontvangenOp = serializers.DateTimeField(source="ontvangen_op")
    categorie = serializers.ChoiceField(choices=Categorie.choices)
    status = serializers.ChoiceField(choices=Meldingstatus.choices)


class CasusDetailSerializer(CasusSerializer):
    """Een casus met de onderdelen die met de eigen organisatie zijn gedeeld, dezelfde als
    op de pagina van de casus. Een onderdeel dat niet is gedeeld, ontbreekt (null)."""

    gedeeldeOnderdelen = serializers.ListField(
        child=serializers.ChoiceField(choices=Onderdeel.choices)
    )
    adressen = CasusAdresSerializer(many=True, allow_null=True)
    partijen = CasusPartijSerializer(many=True, allow_null=True)
    meldingen = CasusMeldingSerializer(many=True, allow_null=True)
    taken = CasusTaakSerializer(many=True, allow_null=True)


class CasusFilterSerializer(QuerySerializer):
    """Filters op de lijst van casussen (queryparameters)."""

    status = serializers.ChoiceField(choices=Casusstatus.choices, required=False)
    open = serializers.BooleanField(
        required=False, default=False, help_text="Alleen casussen die niet gesloten zijn."
    )
    categorie = serializers.ChoiceField(choices=Categorie.choices, required=False)
    # As given: white space is part of what is searched for (the contract cannot say that
    # it is trimmed away, to nothing).
    zoek = serializers.CharField(
        max_length=100,
        required=False,
        trim_whitespace=False,
        help_text="Kenmerk, titel, straat of postcode.",
    )


class CasusCollection(GenericAPIView):
    required_capability = Capability.CASES_VIEW
    pagination_class = Pagination
    serializer_class = CasusSerializer

    @extend_schema(
        operation_id="casussen_list",
        summary="Casussen",
        description="De casussen die de eigen organisatie regisseert of gedeeld kreeg.",
        parameters=[CasusFilterSerializer],
        responses=CasusSerializer(many=True),
        tags=["casussen"],
    )
    def get(self, request: Request) -> Response:
        query = CasusFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        actor = _actor(request)
        filters = selectors.CasusFilters(
            wachtrij="",
            status="open" if data["open"] else data.get("status", ""),
            categorie=data.get("categorie", ""),
            zoek=data.get("zoek", ""),
        )
        page = self.paginate_queryset(selectors.casus_list(actor=actor, filters=filters))
        selectors.casus_list_read(actor=actor, filters=filters, cases=page or [])
        return self.get_paginated_response(CasusSerializer(page, many=True).data)


class CasusDetail(GenericAPIView):
    required_capability = Capability.CASES_VIEW
    serializer_class = CasusDetailSerializer

    @extend_schema(operation_id="casus_retrieve", summary="Eén casus", tags=["casussen"])
    def get(self, request: Request, referentie: str) -> Response:
        try:
            detail = selectors.casus_detail(actor=_actor(request), referentie=referentie)
        except Casus.DoesNotExist:
            raise Http404 from None
        return Response(casus_detail_data(detail))


def casus_detail_data(detail: selectors.CasusDetail) -> dict[str, Any]:
    """The case as `casus_detail` read it: each part the actor does not see is null."""

    def listed(serializer: type[serializers.Serializer], rows: list[Any] | None) -> Any:
        return None if rows is None else serializer(rows, many=True).data

    data: dict[str, Any] = dict(CasusSerializer(detail.casus).data)
    data["gedeeldeOnderdelen"] = sorted(detail.inzage.onderdelen)
    data["adressen"] = listed(CasusAdresSerializer, detail.objecten)
    data["partijen"] = listed(CasusPartijSerializer, detail.partijen)
    data["meldingen"] = listed(CasusMeldingSerializer, detail.meldingen)
    data["taken"] = listed(CasusTaakSerializer, detail.taken)
    return data

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from goedwonen.accounts.models import Organisatie
from goedwonen.accounts.selectors import organisatie_list
from goedwonen.core.models import Verwerkingsactiviteit
from goedwonen.core.policy import Capability
from goedwonen.core.selectors import verwerkingsactiviteit_list

from .permissions import SIGNED_IN
from .serializers import MijSerializer, OrganisatieSerializer, VerwerkingsactiviteitSerializer


class MijView(APIView):
    required_capability = SIGNED_IN

    @extend_schema(responses=MijSerializer, summary="Wie ben ik", tags=["account"])
    def get(self, request: Request) -> Response:
        return Response(MijSerializer(request.user).data)


class OrganisatieList(generics.ListAPIView):
    required_capability = SIGNED_IN
    serializer_class = OrganisatieSerializer

    @extend_schema(summary="Deelnemende organisaties", tags=["account"])
    def get(self, request: Request) -> Response:
        return super().get(request)

    def get_queryset(self) -> QuerySet[Organisatie]:
        return organisatie_list(actor=self.request.user)  # type: ignore[arg-type]


class VerwerkingsactiviteitList(generics.ListAPIView):
    required_capability = Capability.REGISTER_VIEW
    serializer_class = VerwerkingsactiviteitSerializer

    @extend_schema(summary="Register van verwerkingsactiviteiten", tags=["privacy"])
    def get(self, request: Request) -> Response:
        return super().get(request)

    def get_queryset(self) -> QuerySet[Verwerkingsactiviteit]:
        return verwerkingsactiviteit_list(actor=self.request.user)  # type: ignore[arg-type]


class VerwerkingsactiviteitDetail(generics.RetrieveAPIView):
    required_capability = Capability.REGISTER_VIEW
    serializer_class = VerwerkingsactiviteitSerializer
    lookup_field = "code"

    @extend_schema(summary="Eén verwerkingsactiviteit", tags=["privacy"])
    def get(self, request: Request, code: str) -> Response:
        return super().get(request, code=code)

    def get_queryset(self) -> QuerySet[Verwerkingsactiviteit]:
        return verwerkingsactiviteit_list(actor=self.request.user)  # type: ignore[arg-type]

"""The intake API for partner and cluster systems: register reports, list and read them.

`POST /meldingen` goes through `services.melding_register`, the one entry point for every
channel, so the API applies the same rules as the reporting point and staff registration.
It is idempotent on (bron, bronId): a retry with the same content returns the stored report
with 200 instead of 201 and stores nothing; other content under a used key is a 409. Reads
go through the selectors with the caller as actor. The reporter's contact details appear
only on the detail, only with REPORTER_IDENTITY_VIEW, and every time they are shown the
processing log gets a line (`selectors.melding_contact`).

Serializers here check the shape of a payload (types, lengths, choices, the field rules of
core.validators; unknown fields refused) so the contract in docs/openapi.yaml says it; the
service stays the authority on the rules and its ValidationError is mapped onto the API's
field names.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from goedwonen.api.exceptions import PROBLEM_CONTENT_TYPE
from goedwonen.api.fields import (
    BoundedDateField,
    BoundedDateTimeField,
    CleanedField,
    HuisnummerField,
)
from goedwonen.api.pagination import Pagination
from goedwonen.api.serializers import FixedFieldsSerializer, InputSerializer, QuerySerializer
from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability, can
from goedwonen.registry.address_lookup import OpgegevenAdres

from . import selectors
from .models import MelderContact, MelderSoort, Melding, Meldingstatus, StatusWijziging
from .routing import Router
from .services.registration import PUBLIC_SOURCE, Contact, Registratie, melding_register

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

# A sender's clock may run a little ahead of ours; a report from further in the future is a
# mistake in the payload.
CLOCK_SKEW = timedelta(minutes=5)

# The service names fields as the model does; the API names them as the payload does.
SERVICE_FIELDS = {
    "bron_id": "bronId",
    "melder_soort": "melderSoort",
    "naam": "contact.naam",
    "email": "contact.email",
    "telefoon": "contact.telefoon",
    "ontvangen_op": "ontvangenOp",
    "nummeraanduiding": "adres.nummeraanduiding",
    "postcode": "adres.postcode",
    "huisnummer": "adres.huisnummer",
    "huisletter": "adres.huisletter",
    "toevoeging": "adres.huisnummertoevoeging",
    NON_FIELD_ERRORS: "nonFieldErrors",
}


def _actor(request: Request) -> User:
    """The caller that passed HasCapability: a token's service account or a signed-in user."""
    return cast("User", request.user)


# Input


# Serializer docstrings are the component descriptions in docs/openapi.yaml: written for
# partners, in Dutch.


class AdresInvoerSerializer(InputSerializer):
    """Het adres zoals de bron het kent: een BAG-nummeraanduiding, of postcode en huisnummer.
    Een adres dat niet in de registratie staat, wordt bewaard en in de koppelwachtrij gezet."""

    nummeraanduiding = CleanedField(
        cleaner=validators.clean_nummeraanduiding,
        pattern=validators.NUMMERAANDUIDING_PATTERN,
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=16,
        help_text="BAG-nummeraanduiding (16 cijfers). Gaat voor postcode en huisnummer.",
    )
    postcode = CleanedField(
        cleaner=validators.clean_postcode,
        pattern=validators.POSTCODE_PATTERN,
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=7,
        help_text="Vier cijfers en twee letters, met of zonder spatie, bv. `3083AB`.",
    )
    huisnummer = HuisnummerField(required=False, allow_null=True)
    huisletter = CleanedField(
        cleaner=validators.clean_huisletter,
        pattern=validators.HUISLETTER_PATTERN,
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=1,
    )
    huisnummertoevoeging = CleanedField(
        cleaner=validators.clean_toevoeging,
        pattern=validators.TOEVOEGING_PATTERN,
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=4,
        help_text="Ten hoogste vier letters of cijfers.",
    )

    # What `validate` asks, as the contract says it (api.schema.InputSerializerScheme).
    contract_any_of: ClassVar = [
        {
            "required": ["nummeraanduiding"],
            "properties": {"nummeraanduiding": {"type": "string", "minLength": 16}},
        },
        {
            "required": ["postcode", "huisnummer"],
            "properties": {
                "postcode": {"type": "string", "minLength": 6},
                "huisnummer": {"type": "integer"},
            },
        },
    ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("nummeraanduiding"):
            return attrs
        missing = {
            name: [
                ErrorDetail(
                    "Geef een nummeraanduiding, of een postcode met een huisnummer.",
                    code="required",
                )
            ]
            for name in ("postcode", "huisnummer")
            if not attrs.get(name)
        }
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


@extend_schema_field(OpenApiTypes.EMAIL)
class _EmailField(CleanedField):
    """An e-mail address, by the rule of every channel."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cleaner=validators.clean_email, max_length=validators.MAX_EMAIL, **kwargs)


class ContactInvoerSerializer(InputSerializer):
    """Contactgegevens van de melder, als die ze wilde geven. Weglaten bij een anonieme
    melding."""

    naam = serializers.CharField(max_length=validators.MAX_NAME, required=False, allow_blank=True)
    email = _EmailField(required=False, allow_blank=True)
    telefoon = CleanedField(
        cleaner=validators.clean_telefoon,
        pattern=validators.PHONE_PATTERN,
        max_length=validators.MAX_PHONE,
        required=False,
        allow_blank=True,
        help_text="6 tot 15 cijfers, met eventueel + ( ) - . / en spaties.",
    )


class MeldingRegistratieSerializer(InputSerializer):
    """Een nieuwe melding uit een partner- of clustersysteem."""

    bron = serializers.CharField(
        max_length=60,
        help_text="Het systeem of kanaal waar de melding vandaan komt, bv. `so_wonen`.",
    )
    bronId = serializers.CharField(
        source="bron_id",
        max_length=80,
        help_text=(
            "Kenmerk van de melding in de bron. Met `bron` de sleutel voor idempotentie: "
            "een herhaling met dezelfde inhoud levert de bestaande melding op en slaat niets "
            "nieuws op; een andere melding onder een gebruikt kenmerk krijgt 409."
        ),
    )
    categorie = serializers.ChoiceField(choices=Categorie.choices)
    omschrijving = serializers.CharField(max_length=validators.MAX_DESCRIPTION)
    melderSoort = serializers.ChoiceField(source="melder_soort", choices=MelderSoort.choices)
    adres = AdresInvoerSerializer()
    contact = ContactInvoerSerializer(required=False, allow_null=True)
    ontvangenOp = BoundedDateTimeField(
        source="ontvangen_op",
        required=False,
        allow_null=True,
        help_text="Wanneer de bron de melding ontving. Weggelaten: nu.",
    )

    def validate_bron(self, value: str) -> str:
        if value == PUBLIC_SOURCE:
            raise serializers.ValidationError(
                "Deze bron is voorbehouden aan het openbare meldpunt.", code="reserved"
            )
        return value

    def validate_ontvangenOp(self, value: Any) -> Any:
        if value is not None and value > timezone.now() + CLOCK_SKEW:
            raise serializers.ValidationError("Dit tijdstip ligt in de toekomst.", code="future")
        return value

    def registration(self, actor: User) -> Registratie:
        """Register the validated payload through the service (the one entry point)."""
        data = self.validated_data
        adres = data["adres"]
        contact = data.get("contact") or {}
        return melding_register(
            actor=actor,
            bron=data["bron"],
            bron_id=data["bron_id"],
            categorie=data["categorie"],
            omschrijving=data["omschrijving"],
            melder_soort=data["melder_soort"],
            adres=OpgegevenAdres(
                nummeraanduiding=adres.get("nummeraanduiding") or "",
                postcode=adres.get("postcode") or "",
                huisnummer=str(adres.get("huisnummer") or ""),
                huisletter=adres.get("huisletter") or "",
                toevoeging=adres.get("huisnummertoevoeging") or "",
            ),
            contact=Contact(
                naam=contact.get("naam", ""),
                email=contact.get("email", ""),
                telefoon=contact.get("telefoon", ""),
            )
            or None,
            ontvangen_op=data.get("ontvangen_op"),
            # Shared by this process's requests: the rules, norms and areas are not read
            # again for every report (see Router.shared for how soon a change applies).
            router=Router.shared(),
        )


class MeldingFilterSerializer(QuerySerializer):
    """Filters op de lijst van meldingen (queryparameters)."""

    status = serializers.ChoiceField(choices=Meldingstatus.choices, required=False)
    categorie = serializers.ChoiceField(choices=Categorie.choices, required=False)
    bron = serializers.CharField(max_length=60, required=False, trim_whitespace=False)
    buurt = serializers.RegexField(
        r"^BU\d{8}$",
        required=False,
        error_messages={"invalid": "Een buurtcode is BU gevolgd door acht cijfers."},
        help_text="CBS-buurtcode van het gevonden adres, bv. BU05991572.",
    )
    ontvangenVan = BoundedDateField(required=False, help_text="Ontvangen op of na deze datum.")
    ontvangenTot = BoundedDateField(
        required=False, help_text="Ontvangen op of vóór deze datum (tot en met)."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        van, tot = attrs.get("ontvangenVan"), attrs.get("ontvangenTot")
        if van and tot and tot < van:
            raise serializers.ValidationError(
                {"ontvangenTot": [ErrorDetail("Deze datum ligt vóór ontvangenVan.", code="order")]}
            )
        return attrs

    def filters(self) -> selectors.MeldingFilters:
        data = self.validated_data
        return selectors.MeldingFilters(
            status=data.get("status", ""),
            categorie=data.get("categorie", ""),
            bron=data.get("bron", ""),
            buurt=data.get("buurt", ""),
            van=data.get("ontvangenVan"),
            tot=data.get("ontvangenTot"),
        )


# Output


class AdresSerializer(FixedFieldsSerializer):
    """Het adres uit de registratie waaraan de melding is gekoppeld."""

    nummeraanduiding = serializers.CharField()
    straatnaam = serializers.CharField(source="openbareruimte")
    huisnummer = serializers.IntegerField()
    huisletter = serializers.CharField()
    huisnummertoevoeging = serializers.CharField(source="toevoeging")
    postcode = serializers.CharField()
    woonplaats = serializers.CharField()


class OpgegevenAdresSerializer(FixedFieldsSerializer):
    """Het adres zoals de bron het opgaf, bewaard voor het koppelen en voor het dossier: in
    de vorm die elk kanaal bewaart (postcode zonder spatie; letters als hoofdletters)."""

    nummeraanduiding = serializers.CharField(source="opgegeven_nummeraanduiding")
    postcode = serializers.CharField(source="opgegeven_postcode")
    huisnummer = serializers.CharField(source="opgegeven_huisnummer")
    huisletter = serializers.CharField(source="opgegeven_huisletter")
    huisnummertoevoeging = serializers.CharField(source="opgegeven_toevoeging")


class MeldingSerializer(FixedFieldsSerializer):
    """Een melding. Tekst komt terug zoals hij is opgegeven: als JSON-tekst, nooit als HTML."""

    referentie = serializers.CharField(
        allow_null=True,
        help_text=(
            "Kenmerk van Goedwonen. Leeg alleen bij meldingen die vóór 2026-11-29 uit een "
            "levering kwamen."
        ),
    )
    bron = serializers.CharField()
    bronId = serializers.CharField(source="bron_id")
    ontvangenOp = serializers.DateTimeField(source="ontvangen_op")
    categorie = serializers.ChoiceField(choices=Categorie.choices)
    omschrijving = serializers.CharField()
    melderSoort = serializers.ChoiceField(
        source="melder_soort", choices=MelderSoort.choices, allow_blank=True
    )
    status = serializers.ChoiceField(choices=Meldingstatus.choices)
    adresGevonden = serializers.SerializerMethodField(
        help_text="Onwaar: het adres staat niet in de registratie; de melding is bewaard en "
        "wacht in de koppelwachtrij tot iemand het adres koppelt."
    )
    adres = AdresSerializer(allow_null=True)
    opgegevenAdres = OpgegevenAdresSerializer(source="*")
    buurt = serializers.CharField(
        source="verblijfsobject.buurt.code", allow_null=True, help_text="CBS-buurtcode."
    )
    team = serializers.CharField(source="team.naam", allow_null=True)
    triageVoor = serializers.DateField(source="triage_voor", allow_null=True)
    afgehandeldVoor = serializers.DateField(source="afgehandeld_voor", allow_null=True)

    def get_adresGevonden(self, melding: Melding) -> bool:
        return melding.adres_id is not None


class MelderContactSerializer(FixedFieldsSerializer):
    """Naam en contactgegevens van de melder."""

    naam = serializers.CharField()
    email = serializers.CharField()
    telefoon = serializers.CharField()


# The detail's contract. `contact` is composed by `melding_detail_data` from the selector,
# never read from the report, so no path shows it without the check and the log line.
class MeldingDetailSerializer(MeldingSerializer):
    """Een melding, met de contactgegevens van de melder voor wie ze mag zien."""

    contact = MelderContactSerializer(
        required=False,
        allow_null=True,
        help_text=(
            "Alleen met de bevoegdheid om melders te zien; elke keer dat het wordt getoond, "
            "komt er een regel in het verwerkingslogboek. Null: de melder liet geen "
            "contactgegevens achter of ze zijn na de bewaartermijn geanonimiseerd."
        ),
    )


def melding_detail_data(*, actor: User, melding: Melding) -> dict[str, Any]:
    selectors.meldingen_read(actor=actor, meldingen=[melding], operation="Melding opgevraagd")
    data: dict[str, Any] = dict(MeldingSerializer(melding).data)
    if can(actor, Capability.REPORTER_IDENTITY_VIEW):
        contact: MelderContact | None = selectors.melding_contact(actor=actor, melding=melding)
        shown = contact is not None and contact.geanonimiseerd_op is None
        data["contact"] = MelderContactSerializer(contact).data if shown else None
    return data


# Errors


class BronIdInGebruik(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = (
        "Deze combinatie van bron en bronId is al gebruikt voor een melding die uw organisatie "
        "niet heeft geregistreerd."
    )
    default_code = "conflict"


class AndereInhoud(exceptions.APIException):
    """A retry under a used (bron, bronId) whose content differs: not the same report again,
    and a second report under one key would be dropped without a word."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, verschillen: tuple[str, ...]) -> None:
        fields = ", ".join(SERVICE_FIELDS.get(name, name) for name in verschillen)
        super().__init__(
            "Onder deze bron en bronId is al een melding opgeslagen met een andere inhoud "
            f"(anders: {fields}). Een herhaling heeft dezelfde inhoud; een andere melding "
            "krijgt een eigen bronId."
        )


def _as_field_errors(error: DjangoValidationError) -> dict[str, Any]:
    """The service's ValidationError, named as the payload names its fields (nested for
    `contact.email`), for problem+json's invalidParams."""
    if not hasattr(error, "error_dict"):
        return {
            "nonFieldErrors": [
                ErrorDetail(message, code=getattr(item, "code", None) or "invalid")
                for item in error.error_list
                for message in item.messages
            ]
        }
    named: dict[str, Any] = {}
    for field, errors in error.error_dict.items():
        *parents, leaf = SERVICE_FIELDS.get(field, field).split(".")
        target = named
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = [
            ErrorDetail(message, code=item.code or "invalid")
            for item in errors
            for message in item.messages
        ]
    return named


def _registered_by(melding: Melding) -> int | None:
    """The organisation whose account registered the report (its first history step)."""
    first = (
        StatusWijziging.objects.filter(melding=melding)
        .order_by("op", "pk")
        .values_list("door__organisatie_id", flat=True)
        .first()
    )
    return first


# Views


class MeldingCollection(GenericAPIView):
    """`GET` lists reports (REPORTS_VIEW); `POST` registers one (REPORTS_REGISTER)."""

    # The access the URL walk reads (tests/core/test_url_walk.py): reading the collection.
    required_capability = Capability.REPORTS_VIEW
    # Registering needs its own capability. HasCapability reads `required_capability` from
    # the view instance, so `initial` sets it per method before the permission check.
    capability_per_method = {"POST": Capability.REPORTS_REGISTER}
    pagination_class = Pagination
    serializer_class = MeldingSerializer

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        method = request.method or "GET"
        self.required_capability = self.capability_per_method.get(
            method, type(self).required_capability
        )
        super().initial(request, *args, **kwargs)

    @extend_schema(
        summary="Meldingen zoeken",
        description=(
            "Meldingen, nieuwste eerst, met filters. Contactgegevens van melders staan niet in "
            "de lijst, alleen in de detailweergave."
        ),
        parameters=[MeldingFilterSerializer],
        responses=MeldingSerializer(many=True),
        tags=["meldingen"],
    )
    def get(self, request: Request) -> Response:
        query = MeldingFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        actor = _actor(request)
        page = self.paginate_queryset(selectors.melding_list(actor=actor, filters=query.filters()))
        selectors.meldingen_read(
            actor=actor, meldingen=page or [], operation="Meldingenlijst opgevraagd"
        )
        return self.get_paginated_response(MeldingSerializer(page, many=True).data)

    @extend_schema(
        summary="Melding registreren",
        description=(
            "Registreert een melding uit een partner- of clustersysteem. Idempotent op "
            "(`bron`, `bronId`): een herhaling met dezelfde inhoud levert de opgeslagen melding "
            "op met 200 en slaat niets nieuws op; een andere inhoud onder een gebruikt "
            "kenmerk geeft 409 en de melding die er al was blijft zoals ze was. Een adres dat "
            "niet in de registratie staat, wordt bewaard en in de koppelwachtrij gezet "
            "(`adresGevonden: false`); de melding gaat nooit verloren."
        ),
        request=MeldingRegistratieSerializer,
        responses={
            201: OpenApiResponse(MeldingSerializer, description="Geregistreerd"),
            200: OpenApiResponse(
                MeldingSerializer, description="Bestond al (zelfde bron en bronId)"
            ),
            (409, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                {"$ref": "#/components/schemas/Problem"},
                description="Bron en bronId zijn al gebruikt: door een andere organisatie of "
                "een levering, of voor een melding met een andere inhoud",
            ),
        },
        tags=["meldingen"],
    )
    def post(self, request: Request) -> Response:
        actor = _actor(request)
        payload = MeldingRegistratieSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            registratie = payload.registration(actor)
        except DjangoValidationError as error:
            raise exceptions.ValidationError(_as_field_errors(error)) from error
        melding = registratie.melding
        if not registratie.created and _registered_by(melding) != actor.organisatie_id:
            # A retry is the same sender's; another organisation's key gets nothing back.
            raise BronIdInGebruik()
        if registratie.verschillen:
            raise AndereInhoud(registratie.verschillen)
        headers = {}
        if registratie.created:
            path = reverse("api-melding", kwargs={"referentie": melding.referentie})
            headers["Location"] = request.build_absolute_uri(path)
        else:
            # The stored report, with what its representation shows, in one query.
            melding = Melding.objects.select_related("adres", "verblijfsobject__buurt", "team").get(
                pk=melding.pk
            )
        return Response(
            MeldingSerializer(melding).data,
            status=status.HTTP_201_CREATED if registratie.created else status.HTTP_200_OK,
            headers=headers,
        )


class MeldingDetail(GenericAPIView):
    required_capability = Capability.REPORTS_VIEW
    serializer_class = MeldingDetailSerializer

    @extend_schema(summary="Eén melding", tags=["meldingen"])
    def get(self, request: Request, referentie: str) -> Response:
        actor = _actor(request)
        try:
            melding = selectors.melding_get(actor=actor, referentie=referentie)
        except Melding.DoesNotExist:
            raise Http404 from None
        return Response(melding_detail_data(actor=actor, melding=melding))

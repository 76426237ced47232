"""The access policy: capabilities are code, roles (data) grant them.

Default deny. A view declares how it may be reached with one of the decorators below; the
LoginRequiredMiddleware refuses any view that declares nothing. Selectors and services check
the capability again with `require`, so a side door into the data finds the same lock.
Superuser and staff flags grant nothing here on purpose: nobody reads personal data outside
a role.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects

if TYPE_CHECKING:
    from django.http import HttpRequest

    from goedwonen.accounts.models import User


class Capability(StrEnum):
    LOG_SEARCH = "privacy.logboek.doorzoeken"
    REGISTER_VIEW = "privacy.verwerkingsregister.inzien"
    ACCESS_REVIEW = "privacy.toegang.beoordelen"
    ACCOUNTS_VIEW = "beheer.accounts.inzien"
    ACCOUNTS_MANAGE = "beheer.accounts.beheren"
    REGISTRY_VIEW = "registratie.inzien"
    REPORTS_VIEW = "meldingen.inzien"
    REPORTS_MATCH = "meldingen.koppelen"
    ENFORCEMENT_HISTORY_VIEW = "handhaving.historie.inzien"
    DELIVERIES_VIEW = "bronnen.leveringen.inzien"
    REPORTS_REGISTER = "meldingen.registreren"
    REPORTS_TRIAGE = "meldingen.triageren"
    REPORTER_IDENTITY_VIEW = "meldingen.melder.inzien"
    ROUTING_MANAGE = "meldingen.routering.beheren"
    CASES_VIEW = "casussen.inzien"
    CASES_DIRECT = "casussen.regisseren"
    TASKS_WORK = "casussen.taken.uitvoeren"
    INSPECTIONS_RECORD = "inspecties.vastleggen"
    ANALYSIS_VIEW = "analyse.inzien"
    ANALYSIS_RUN = "analyse.runs.starten"
    SELECTION_COMPOSE = "analyse.selecties.samenstellen"
    SELECTION_APPROVE = "analyse.selecties.goedkeuren"
    CATALOGUE_MANAGE = "analyse.catalogus.beheren"
    ENFORCEMENT_WORK = "handhaving.trajecten.behandelen"
    INSTRUMENTS_MANAGE = "handhaving.instrumenten.beheren"
    LANDLORDS_MONITOR = "verhuurders.monitoring.inzien"
    LANDLORD_TALKS = "verhuurders.gesprekken.voeren"
    CASETABLE_TAKE_PART = "casustafels.deelnemen"
    CASETABLES_MANAGE = "casustafels.inrichten"
    ACTIONS_TAKE_PART = "acties.deelnemen"
    ACTIONS_ORGANISE = "acties.organiseren"
    STEERING_VIEW = "sturing.inzien"
    TARGETS_MANAGE = "sturing.doelen.beheren"
    ACCOUNT_REPORTS = "sturing.verantwoording.opstellen"
    ANALYSIS_EXPORT = "sturing.export.gepseudonimiseerd"

    @property
    def label(self) -> str:
        return CAPABILITY_LABELS[self]


CAPABILITY_LABELS: dict[Capability, str] = {
    Capability.LOG_SEARCH: "Verwerkingslogboek doorzoeken en de integriteit ervan controleren",
    Capability.REGISTER_VIEW: "Register van verwerkingsactiviteiten inzien",
    Capability.ACCESS_REVIEW: "Toegang beoordelen: wie welke bevoegdheid heeft, sinds wanneer",
    Capability.ACCOUNTS_VIEW: "Organisaties, teams en gebruikers inzien",
    Capability.ACCOUNTS_MANAGE: "Gebruikers en API-tokens aanmaken en wijzigen",
    Capability.REGISTRY_VIEW: "Adressen, woningen en eigenaren inzien (adres, eigenaar, kaart)",
    Capability.REPORTS_VIEW: "Meldingen per adres en per eigenaar inzien",
    Capability.REPORTS_MATCH: "Meldingen zonder gevonden adres aan een adres koppelen",
    Capability.ENFORCEMENT_HISTORY_VIEW: "Eerdere controles en handhavingsbesluiten inzien",
    Capability.DELIVERIES_VIEW: "Bronleveringen en hun importrapporten inzien",
    Capability.REPORTS_REGISTER: "Meldingen registreren (telefoon, mail, partner, bronsysteem)",
    Capability.REPORTS_TRIAGE: "Meldingen triageren en afhandelen",
    Capability.REPORTER_IDENTITY_VIEW: "Naam en contactgegevens van melders inzien",
    Capability.ROUTING_MANAGE: (
        "Werkprocessen inrichten: routeringsregels, servicenormen, taaksjablonen, "
        "toetsparameters, briefsjablonen"
    ),
    Capability.CASES_VIEW: "Casussen inzien die de eigen organisatie regisseert of gedeeld kreeg",
    Capability.CASES_DIRECT: "Casussen aanmaken en regisseren: status, delen, taken uitzetten",
    Capability.TASKS_WORK: "Taken van de eigen organisatie in casussen uitvoeren en afronden",
    Capability.INSPECTIONS_RECORD: "Woning- en straatbezoeken en hun bevindingen vastleggen",
    Capability.ANALYSIS_VIEW: "Risicoruns, scores met hun redenen en de indicatorcatalogus inzien",
    Capability.ANALYSIS_RUN: "Risicoruns starten over een gebied",
    Capability.SELECTION_COMPOSE: "Selecties van adressen samenstellen en ter goedkeuring geven",
    Capability.SELECTION_APPROVE: "Selecties van een ander goedkeuren of afwijzen (vier ogen)",
    Capability.CATALOGUE_MANAGE: "Nieuwe versies van de indicatorcatalogus vaststellen",
    Capability.ENFORCEMENT_WORK: (
        "Handhavingstrajecten starten en behandelen: brieven, termijnen, besluiten"
    ),
    Capability.INSTRUMENTS_MANAGE: (
        "Handhavingsinstrumenten en het boetebeleid wijzigen (nieuwe versie)"
    ),
    Capability.LANDLORDS_MONITOR: (
        "Verhuurders in monitoring, recidive en stopgesprekkandidaten inzien"
    ),
    Capability.LANDLORD_TALKS: (
        "Waarschuwings- en stopgesprekken met verhuurders plannen en vastleggen"
    ),
    Capability.CASETABLE_TAKE_PART: (
        "Deelnemen aan de casustafels van de eigen organisatie: agenda, casussen inbrengen, "
        "notulen; voorzitter en secretaris leiden hun tafel"
    ),
    Capability.CASETABLES_MANAGE: (
        "Casustafels inrichten: gebieden, voorzitter, secretaris, leden met hun grondslag"
    ),
    Capability.ACTIONS_TAKE_PART: (
        "Deelnemen aan integrale acties van de eigen organisatie: briefing, looplijst, "
        "bezoeken in het veld vastleggen, elk alleen het eigen deel"
    ),
    Capability.ACTIONS_ORGANISE: (
        "Integrale acties organiseren: van een goedgekeurde selectie een actie maken, "
        "deelnemers en teams, looplijsten, nabespreking"
    ),
    Capability.STEERING_VIEW: (
        "Het stuurdashboard inzien: doelen en realisatie, doorlooptijden, trefkansen, "
        "handhaving; de lijsten achter een cijfer alleen voor zover de eigen toegang reikt"
    ),
    Capability.TARGETS_MANAGE: "De doelen van het plan vaststellen en wijzigen (nieuwe versie)",
    Capability.ACCOUNT_REPORTS: (
        "Signaleringsrapportage, raadsinformatie en evaluaties opstellen en de toelichting "
        "schrijven"
    ),
    Capability.ANALYSIS_EXPORT: (
        "Gepseudonimiseerde analyse-export maken voor trendanalyses van partners"
    ),
}


_KNOWN = frozenset(c.value for c in Capability)


def capabilities_of(actor: User | None) -> frozenset[Capability]:
    """What the actor may do: the union of its roles' capabilities. Cached on the actor."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return frozenset()
    cached: frozenset[Capability] | None = getattr(actor, "_capabilities", None)
    if cached is None:
        organisatie = actor.organisatie
        if organisatie is None or not organisatie.actief:
            cached = frozenset()
        else:
            # Kept on the actor as a prefetch: a page that shows the roles reads them once.
            prefetch_related_objects([actor], "rollen")
            cached = frozenset(
                Capability(code)
                for rol in actor.rollen.all()
                for code in rol.capabilities
                if code in _KNOWN
            )
        actor._capabilities = cached  # type: ignore[attr-defined]
    return cached


def can(actor: User | None, capability: Capability) -> bool:
    return capability in capabilities_of(actor)


def require(actor: User | None, capability: Capability) -> None:
    if not can(actor, capability):
        raise PermissionDenied(f"Hiervoor is de bevoegdheid '{capability.label}' nodig.")


def require_any(actor: User | None, *capabilities: Capability) -> None:
    if not any(can(actor, c) for c in capabilities):
        raise PermissionDenied(
            "Hiervoor is een van deze bevoegdheden nodig: "
            + "; ".join(f"'{c.label}'" for c in capabilities)
        )


def _methods(methods: Iterable[str]) -> frozenset[str]:
    """HEAD comes with GET, as Django's require_safe has it."""
    named = frozenset(method.upper() for method in methods)
    return named | {"HEAD"} if "GET" in named else named


@dataclass(frozen=True)
class Access:
    """How a view may be reached. capability None and public False: any signed-in user.

    `methods`: the HTTP methods it answers; AllowedMethodsMiddleware answers any other with
    405. GET (and HEAD) unless the view says otherwise, so a page never treats PUT, DELETE or
    TRACE as GET; a form names GET and POST, an action POST alone."""

    public: bool = False
    capability: Capability | None = None
    methods: frozenset[str] = _methods(["GET"])


F = TypeVar("F", bound=Callable[..., Any])


def _declare(access: Access) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        view.access = access  # type: ignore[attr-defined]
        return view

    return decorate


@overload
def public_view(view: F, /) -> F: ...
@overload
def public_view(*, methods: Iterable[str]) -> Callable[[F], F]: ...
def public_view(view: F | None = None, /, *, methods: Iterable[str] = ("GET",)) -> Any:
    """Reachable without signing in. Use sparingly: login, health, the public reporting point.
    `@public_view` or `@public_view(methods=[...])`."""
    declare: Callable[[F], F] = _declare(Access(public=True, methods=_methods(methods)))
    return declare if view is None else declare(view)


@overload
def signed_in_view(view: F, /) -> F: ...
@overload
def signed_in_view(*, methods: Iterable[str]) -> Callable[[F], F]: ...
def signed_in_view(view: F | None = None, /, *, methods: Iterable[str] = ("GET",)) -> Any:
    """Reachable by any signed-in user; the view shows only what selectors allow.
    `@signed_in_view` or `@signed_in_view(methods=[...])`."""
    declare: Callable[[F], F] = _declare(Access(methods=_methods(methods)))
    return declare if view is None else declare(view)


def requires(capability: Capability, *, methods: Iterable[str] = ("GET",)) -> Callable[[F], F]:
    return _declare(Access(capability=capability, methods=_methods(methods)))


def access_of(view: Callable[..., Any]) -> Access | None:
    """The declared access of a resolved view function (function or class based)."""
    declared = getattr(view, "access", None)
    if declared is None:
        declared = getattr(getattr(view, "view_class", None), "access", None)
    return declared


def actor_of(request: HttpRequest) -> User:
    """The signed-in user of a request that passed the gate (LoginRequiredMiddleware)."""
    return cast("User", request.user)

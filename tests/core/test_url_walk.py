"""Walk every URL pattern and prove the access policy holds on each.

The table below is the contract: every route must appear in it with the access it should
have. A new route without an entry fails; a route whose check was removed or weakened fails,
because an anonymous user or a user without the capability then gets data.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from goedwonen.accounts.models import Organisatie, Rol, Rolwijziging, Team, User
from goedwonen.accounts.services import api_token_create
from goedwonen.analytics.models import Catalogusversie, Risicorun, Selectie, Selectieadres
from goedwonen.api.permissions import SIGNED_IN, required_capability
from goedwonen.casussen.models import Casus, CasusObject, Deling, Taak, Taaksjabloon
from goedwonen.core.middleware import is_api_view
from goedwonen.core.models import Ketencontrole, OpgeslagenFilter, Verwerkingslog
from goedwonen.core.policy import Capability, access_of
from goedwonen.documenten.models import Document
from goedwonen.inspecties.models import Bezoek
from goedwonen.intake.models import Bijlage, Melding, Routeringsregel
from goedwonen.intake.services.registration import melding_register
from goedwonen.registry.address_lookup import OpgegevenAdres
from goedwonen.registry.models import Adres, Eigenaar, Eigendom, Verblijfsobject

PUBLIC = "public"

EXPECTED: dict[str, Capability | str] = {
    "home": SIGNED_IN,
    "login": PUBLIC,
    "logout": PUBLIC,
    "health": PUBLIC,
    "melden": PUBLIC,
    "melden-ontvangen": PUBLIC,
    "melding-status": PUBLIC,
    "privacy-log": Capability.LOG_SEARCH,
    "privacy-log-verify": Capability.LOG_SEARCH,
    "privacy-register": Capability.REGISTER_VIEW,
    "accounts-overview": Capability.ACCOUNTS_VIEW,
    "user-create": Capability.ACCOUNTS_MANAGE,
    "user-update": Capability.ACCOUNTS_MANAGE,
    "api-tokens": Capability.ACCOUNTS_MANAGE,
    "api-token-revoke": Capability.ACCOUNTS_MANAGE,
    "rolaanvragen": Capability.ACCOUNTS_MANAGE,
    "rolaanvraag-besluit": Capability.ACCOUNTS_MANAGE,
    "toegangsbeoordeling": Capability.ACCESS_REVIEW,
    "toegangsbeoordeling-export": Capability.ACCESS_REVIEW,
    "adres-zoeken": Capability.REGISTRY_VIEW,
    "adres": Capability.REGISTRY_VIEW,
    "eigenaar": Capability.REGISTRY_VIEW,
    "kaart": Capability.REGISTRY_VIEW,
    "kaart-buurten": Capability.REGISTRY_VIEW,
    "kaart-woningen": Capability.REGISTRY_VIEW,
    "koppelwachtrij": Capability.REPORTS_MATCH,
    "melding-koppelen": Capability.REPORTS_MATCH,
    "melding-koppelen-opslaan": Capability.REPORTS_MATCH,
    "leveringen": Capability.DELIVERIES_VIEW,
    "meldingen": Capability.REPORTS_TRIAGE,
    "routering": Capability.ROUTING_MANAGE,
    "melding-registreren": Capability.REPORTS_REGISTER,
    "melding": Capability.REPORTS_VIEW,
    "melding-bijlage": Capability.REPORTS_VIEW,
    "melding-triage": Capability.REPORTS_TRIAGE,
    "melding-afsluiten": Capability.REPORTS_TRIAGE,
    "api-schema": PUBLIC,
    "api-mij": SIGNED_IN,
    "api-organisaties": SIGNED_IN,
    "api-verwerkingsactiviteiten": Capability.REGISTER_VIEW,
    "api-verwerkingsactiviteit": Capability.REGISTER_VIEW,
    # GET lists; POST registers and needs REPORTS_REGISTER (tests/intake/test_api.py).
    "api-meldingen": Capability.REPORTS_VIEW,
    "api-melding": Capability.REPORTS_VIEW,
    "casussen": Capability.CASES_VIEW,
    "casus-nieuw": Capability.CASES_DIRECT,
    "casus": Capability.CASES_VIEW,
    "casus-status": Capability.CASES_DIRECT,
    "casus-afsluiten": Capability.CASES_DIRECT,
    "casus-delen": Capability.CASES_DIRECT,
    "casus-deling-beeindigen": Capability.CASES_DIRECT,
    "casus-taak": Capability.CASES_DIRECT,
    "casus-sjablonen": Capability.CASES_DIRECT,
    "taak-afronden": Capability.TASKS_WORK,
    "casus-notitie": Capability.CASES_DIRECT,
    # Who may add a file or download is decided in the service and selector (directors; a
    # partner with the findings shared); the page gate is seeing cases.
    "document-toevoegen": Capability.CASES_VIEW,
    "document-downloaden": Capability.CASES_VIEW,
    "brief-maken": Capability.CASES_DIRECT,
    "taken": Capability.TASKS_WORK,
    "api-casussen": Capability.CASES_VIEW,
    "casussen-export": Capability.CASES_VIEW,
    "casus-nieuw-adres": Capability.CASES_DIRECT,
    "partij-toevoegen": Capability.CASES_DIRECT,
    "api-casus": Capability.CASES_VIEW,
    # Landlord signals (issue 13, point 8).
    "api-verhuurders-signalen": Capability.LANDLORDS_MONITOR,
    "bezoek-nieuw": Capability.INSPECTIONS_RECORD,
    "bezoek": Capability.CASES_VIEW,
    "analyse": Capability.ANALYSIS_VIEW,
    "run-starten": Capability.ANALYSIS_RUN,
    "analyse-run": Capability.ANALYSIS_VIEW,
    "analyse-run-status": Capability.ANALYSIS_VIEW,
    "analyse-kaart": Capability.ANALYSIS_VIEW,
    "analyse-woning": Capability.ANALYSIS_VIEW,
    "analyse-catalogus": Capability.ANALYSIS_VIEW,
    "analyse-voorstel": Capability.ANALYSIS_VIEW,
    "analyse-voorstel-vaststellen": Capability.CATALOGUE_MANAGE,
    "analyse-algoritmeregister": Capability.ANALYSIS_VIEW,
    "analyse-algoritmeregister-json": Capability.ANALYSIS_VIEW,
    "selectie-samenstellen": Capability.SELECTION_COMPOSE,
    "selecties": Capability.ANALYSIS_VIEW,
    "selectie": Capability.ANALYSIS_VIEW,
    "selectie-toevoegen": Capability.SELECTION_COMPOSE,
    "selectie-verwijderen": Capability.SELECTION_COMPOSE,
    "selectie-indienen": Capability.SELECTION_COMPOSE,
    "selectie-besluit": Capability.SELECTION_APPROVE,
    "selectie-export": Capability.ANALYSIS_VIEW,
    # Making cases of an approved selection is case direction; the service checks the status.
    "selectie-casussen": Capability.CASES_DIRECT,
    # Sign-in: reachable halfway through signing in (after the password, before the second
    # factor), when nobody is signed in yet; each answers only the person halfway or signed in.
    "oidc-start": PUBLIC,
    "oidc-terug": PUBLIC,
    "tweestap": PUBLIC,
    "tweestap-instellen": PUBLIC,
    "passkey-registratie-opties": PUBLIC,
    "passkey-registratie": PUBLIC,
    "passkey-controle-opties": PUBLIC,
    "passkey-controle": PUBLIC,
    "herstelcodes": SIGNED_IN,
    "beveiliging": SIGNED_IN,
    "tweestap-beheer": Capability.ACCOUNTS_MANAGE,
    # The enforcement catalogue and fine policy (catalogus lane). The selectors also let case
    # directors read the catalogue; the pages are gated on handling procedures.
    "handhaving-catalogus": Capability.ENFORCEMENT_WORK,
    "handhaving-instrument": Capability.ENFORCEMENT_WORK,
    "handhaving-instrumentversie-nieuw": Capability.INSTRUMENTS_MANAGE,
    "handhaving-boetebeleid": Capability.INSTRUMENTS_MANAGE,
    "handhaving-boetebeleid-nieuw": Capability.INSTRUMENTS_MANAGE,
    # The landlord monitor (verhuurders): seeing needs LANDLORDS_MONITOR, talks and the
    # decision about a candidate LANDLORD_TALKS.
    "verhuurders-monitoring": Capability.LANDLORDS_MONITOR,
    "verhuurders-signaleringen": Capability.LANDLORDS_MONITOR,
    "verhuurders-signalering-afhandelen": Capability.LANDLORDS_MONITOR,
    "verhuurders-kandidaten": Capability.LANDLORDS_MONITOR,
    "verhuurders-kandidaat-niet-nu": Capability.LANDLORD_TALKS,
    "verhuurders-uitnodigen": Capability.LANDLORD_TALKS,
    "verhuurders-gesprek": Capability.LANDLORDS_MONITOR,
    "verhuurders-gesprek-vastleggen": Capability.LANDLORD_TALKS,
    "verhuurders-gesprek-afzeggen": Capability.LANDLORD_TALKS,
    "verhuurders-gesprek-uitnodiging": Capability.LANDLORDS_MONITOR,
    # Enforcement procedures (traject lane): reading follows the case rule (part
    # `handhaving`) in the selector; acting is a jurist's of the handling organisation.
    "traject-nieuw-casus": Capability.ENFORCEMENT_WORK,
    "traject-nieuw-melding": Capability.ENFORCEMENT_WORK,
    "traject": Capability.CASES_VIEW,
    "traject-stap": Capability.ENFORCEMENT_WORK,
    "traject-brief": Capability.CASES_VIEW,
    "traject-brief-verzenden": Capability.ENFORCEMENT_WORK,
    "traject-rechtsmiddel": Capability.ENFORCEMENT_WORK,
    "traject-rechtsmiddel-beslissing": Capability.ENFORCEMENT_WORK,
    "traject-afsluiten": Capability.ENFORCEMENT_WORK,
    "handhaving-werkvoorraad": Capability.ENFORCEMENT_WORK,
    "api-handhavingstrajecten": Capability.CASES_VIEW,
    "api-handhavingstraject": Capability.CASES_VIEW,
    # Administration of organisations, teams and roles (issue 14, beheer lane).
    "organisatie-nieuw": Capability.ACCOUNTS_MANAGE,
    "organisatie": Capability.ACCOUNTS_VIEW,
    "organisatie-wijzigen": Capability.ACCOUNTS_MANAGE,
    "team-nieuw": Capability.ACCOUNTS_MANAGE,
    "team": Capability.ACCOUNTS_VIEW,
    "team-wijzigen": Capability.ACCOUNTS_MANAGE,
    "rol-nieuw": Capability.ACCOUNTS_MANAGE,
    "rol": Capability.ACCOUNTS_VIEW,
    "rol-wijzigen": Capability.ACCOUNTS_MANAGE,
    "rolbevoegdheid-besluit": Capability.ACCOUNTS_MANAGE,
    # The set-up of the work process (parameters lane): check parameters, task templates.
    "parameters": Capability.ROUTING_MANAGE,
    "parameter": Capability.ROUTING_MANAGE,
    "taaksjablonen": Capability.ROUTING_MANAGE,
    "taaksjabloon": Capability.ROUTING_MANAGE,
    "routeringsregel": Capability.ROUTING_MANAGE,
    # Letter templates as data (brieven lane).
    "briefsjablonen": Capability.ROUTING_MANAGE,
    "briefsjabloon": Capability.ROUTING_MANAGE,
    # The case page as a workspace (casus lane): pickers and actions of the director.
    "casus-adres-toevoegen": Capability.CASES_DIRECT,
    "casus-adres-zoeken": Capability.CASES_DIRECT,
    "casus-eigenaar-zoeken": Capability.CASES_DIRECT,
    "casus-samenvoegen": Capability.CASES_DIRECT,
    # Notifications (werk lane): each person's own, so any signed-in person.
    "notificaties": SIGNED_IN,
    "notificatie-gelezen": SIGNED_IN,
    "notificaties-alles-gelezen": SIGNED_IN,
    "notificatie-voorkeuren": SIGNED_IN,
}


def _sample_user() -> dict[str, object]:
    organisatie = Organisatie.objects.get_or_create(
        code="wi", naam="Werk & Inkomen", soort="intern"
    )[0]
    return {"pk": User.objects.create_user(username="voorbeeld", organisatie=organisatie).pk}


def _sample_token() -> dict[str, object]:
    organisatie = Organisatie.objects.get_or_create(code="stedin", naam="Stedin", soort="extern")[0]
    token, _ = api_token_create(actor=None, organisatie=organisatie, naam="Voorbeeld", rollen=[])
    return {"pk": token.pk}


def _sample_role_request() -> dict[str, object]:
    """A request for a four-eyes role, made by one administrator for another's account."""
    organisatie = Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]
    rol = Rol.objects.create(
        code="melders", naam="Melders", capabilities=[Capability.REPORTER_IDENTITY_VIEW.value]
    )
    requester = User.objects.create_user(username="aanvrager", organisatie=organisatie)
    subject = User.objects.create_user(username="ontvanger", organisatie=organisatie)
    aanvraag = Rolwijziging.objects.create(
        gebruiker=subject, rol=rol, soort=Rolwijziging.Soort.AANGEVRAAGD, door=requester
    )
    return {"pk": aanvraag.pk}


def _sample_address() -> Adres:
    vbo = Verblijfsobject.objects.create(
        object_id="0599010000000001", objecttype="VBO", is_woning=True
    )
    return Adres.objects.create(
        nummeraanduiding="0599200000000001",
        verblijfsobject=vbo,
        openbareruimte="Carnisselaan",
        huisnummer=1,
        postcode="3083AB",
        woonplaats="Rotterdam",
    )


def _sample_owner() -> dict[str, object]:
    adres = _sample_address()
    eigenaar = Eigenaar.objects.create(
        eigenaar_id="E1", soort="natuurlijk_persoon", naam="J. Jansen"
    )
    Eigendom.objects.create(verblijfsobject=adres.verblijfsobject, eigenaar=eigenaar)
    return {"eigenaar_id": "E1"}


def _sample_unmatched_report() -> dict[str, object]:
    melding = Melding.objects.create(
        bron="meldpunt",
        bron_id="M1",
        ontvangen_op=timezone.now(),
        categorie="overbewoning",
        melder_soort="bewoner",
        opgegeven_postcode="3083AB",
        opgegeven_huisnummer="999",
    )
    return {"pk": melding.pk}


def _sample_attachment() -> dict[str, object]:
    """A photo on the sample report, on disk in the test's MEDIA_ROOT."""
    melding = Melding.objects.get(pk=_sample_unmatched_report()["pk"])
    bijlage = Bijlage(melding=melding, soort="image/png", grootte=8, oorspronkelijke_naam="a.png")
    bijlage.bestand.save("a.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    bijlage.save()
    return {"pk": melding.pk, "bijlage": bijlage.pk}


def _sample_status_link() -> dict[str, object]:
    registratie = melding_register(
        actor=None,
        bron="meldpunt",
        categorie="overbewoning",
        omschrijving="Te veel mensen in één woning.",
        adres=OpgegevenAdres(postcode="3083AB", huisnummer="999"),
        melder_soort="anoniem",
    )
    return {
        "referentie": registratie.melding.referentie,
        "secret": registratie.statuslink_secret,
    }


def _sample_report_reference() -> dict[str, object]:
    melding = Melding.objects.create(
        bron="so_wonen",
        bron_id="SOW-1",
        referentie="GW-TEST-0001",
        ontvangen_op=timezone.now(),
        categorie="overbewoning",
        melder_soort="bewoner",
    )
    return {"referentie": melding.referentie}


def _sample_case() -> Casus:
    """A case directed by Stadsontwikkeling (the organisation of the walk's users), shared
    with the police, with a task for Stadsontwikkeling."""
    so = Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]
    politie = Organisatie.objects.get_or_create(
        code="politie", defaults={"naam": "Politie", "soort": "extern"}
    )[0]
    regisseur = User.objects.create_user(username="regisseur-voorbeeld", organisatie=so)
    casus = Casus.objects.create(
        referentie="CS-TEST-0001",
        titel="Voorbeeld",
        herkomst="melding",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        organisatie=so,
    )
    Deling.objects.create(
        casus=casus,
        organisatie=politie,
        rol="wijkagent",
        doel="x",
        grondslag="x",
        onderdelen=["taken"],
        tot=timezone.localdate() + timedelta(days=30),
        gedeeld_door=regisseur,
    )
    Taak.objects.create(
        casus=casus, titel="Huurprijscheck", organisatie=so, deadline=timezone.localdate()
    )
    return casus


def _sample_case_reference() -> dict[str, object]:
    return {"referentie": _sample_case().referentie}


def _sample_sharing() -> dict[str, object]:
    casus = _sample_case()
    return {"referentie": casus.referentie, "pk": casus.delingen.get().pk}


def _sample_task() -> dict[str, object]:
    casus = _sample_case()
    return {"referentie": casus.referentie, "pk": casus.taken.get().pk}


def _sample_document() -> dict[str, object]:
    """A file in the sample case, on disk in the test's MEDIA_ROOT."""
    casus = _sample_case()
    document = Document(
        casus=casus,
        soort="upload",
        oorspronkelijke_naam="foto.png",
        content_type="image/png",
        grootte=8,
        sha256="0" * 64,
        toegevoegd_door=casus.casusregisseur,
    )
    document.bestand.save("foto.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    document.save()
    return {"referentie": casus.referentie, "pk": document.pk}


def _sample_visit() -> dict[str, object]:
    """A home visit on the sample case's one address."""
    casus = _sample_case()
    adres = _sample_address()
    casusobject = CasusObject.objects.create(
        casus=casus, verblijfsobject=adres.verblijfsobject, adres=adres
    )
    bezoek = Bezoek.objects.create(
        casus=casus,
        casusobject=casusobject,
        soort="woningbezoek",
        datum=timezone.localdate(),
        toegang="verleend",
        vastgelegd_door=casus.casusregisseur,
        organisatie=casus.organisatie,
    )
    return {"referentie": casus.referentie, "pk": bezoek.pk}


def _sample_run() -> Risicorun:
    """A run that failed: it has a record but no scores."""
    return Risicorun.objects.create(
        catalogus=Catalogusversie.objects.get_or_create(versie=1, defaults={"toelichting": "x"})[0],
        peildatum=timezone.localdate(),
        status=Risicorun.Status.MISLUKT,
        melding="Geen BAG-levering",
    )


def _sample_selection() -> Selectie:
    """A concept selection on the sample run with one address."""
    composer = User.objects.create_user(username="analist-voorbeeld")
    selectie = Selectie.objects.create(
        run=_sample_run(), naam="Voorbeeld", criteria={"top_n": 1}, samengesteld_door=composer
    )
    Selectieadres.objects.create(
        selectie=selectie, verblijfsobject=_sample_address().verblijfsobject, score=1.0, rang=1
    )
    return selectie


def _sample_selection_address() -> dict[str, object]:
    selectie = _sample_selection()
    return {"pk": selectie.pk, "adres": selectie.adressen.get().pk}


def _sample_talk() -> dict[str, object]:
    """A planned warning talk with the owner E1, its invitation letter kept."""
    from goedwonen.verhuurders.models import Verhuurdergesprek

    if not Eigenaar.objects.filter(eigenaar_id="E1").exists():
        _sample_owner()
    casus = _sample_case()
    gesprek = Verhuurdergesprek(
        eigenaar=Eigenaar.objects.get(eigenaar_id="E1"),
        soort="waarschuwingsgesprek",
        organisatie=casus.organisatie,
        aangemaakt_door=casus.casusregisseur,
    )
    gesprek.uitnodiging.save("uitnodiging.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    gesprek.save()
    return {"pk": gesprek.pk}


def _sample_alert() -> dict[str, object]:
    from goedwonen.verhuurders.models import Recidivesignalering

    _sample_owner()
    eigenaar = Eigenaar.objects.get(eigenaar_id="E1")
    alert = Recidivesignalering.objects.create(
        eigenaar=eigenaar,
        verblijfsobject=eigenaar.eigendommen.get().verblijfsobject,
        soort="controle",
        bron="controle:C1",
        datum=timezone.localdate(),
        waarschuwing_op=timezone.localdate() - timedelta(days=30),
    )
    return {"pk": alert.pk}


def _sample_procedure() -> dict[str, object]:
    """A procedure on the sample case's address, with a decision step that has a letter and
    an objection against it."""
    from datetime import date

    from goedwonen.handhaving.models import (
        Instrument,
        Instrumentversie,
        Rechtsmiddel,
        Traject,
        Trajectstap,
    )

    casus = Casus.objects.get(referentie=_sample_visit()["referentie"])
    eigenaar = Eigenaar.objects.create(eigenaar_id="E9", soort="natuurlijk_persoon", naam="X")
    instrument = Instrument.objects.create(code="x", naam="X", registratiecode="x")
    versie = Instrumentversie.objects.create(
        instrument=instrument,
        versie=1,
        regeling="x",
        artikel="x",
        regeling_versiedatum=date(2024, 1, 1),
        bevoegd_orgaan="x",
        stappen=[{"soort": "besluit", "naam": "Besluit", "termijn_dagen": 1}],
        reden="x",
    )
    traject = Traject.objects.create(
        casus=casus,
        organisatie=casus.organisatie,
        instrumentversie=versie,
        eigenaar=eigenaar,
        aanleiding="x",
        gestart_door=casus.casusregisseur,
    )
    stap = Trajectstap(
        traject=traject,
        index=0,
        soort="besluit",
        naam="Besluit",
        uitvoerder="jurist",
        datum=timezone.localdate(),
        brief_titel="Besluit",
        door=casus.casusregisseur,
    )
    stap.brief_pdf.save("besluit.pdf", ContentFile(b"%PDF-1.7"), save=False)
    stap.save()
    rechtsmiddel = Rechtsmiddel.objects.create(
        traject=traject,
        stap=stap,
        soort="bezwaar",
        ingediend_op=timezone.localdate(),
        indienen_tot=timezone.localdate(),
        door=casus.casusregisseur,
    )
    return {"pk": traject.pk, "stap": stap.pk, "rechtsmiddel": rechtsmiddel.pk}


def _sample_report_handled_alone() -> dict[str, object]:
    """A report on the sample address forwarded to Stadsontwikkeling, handled without a case."""
    so = Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]
    adres = _sample_address()
    melding = Melding.objects.create(
        bron="telefoon",
        bron_id="T1",
        referentie="GW-TEST-0002",
        ontvangen_op=timezone.now(),
        categorie="overbewoning",
        adres=adres,
        verblijfsobject=adres.verblijfsobject,
        status="doorgezet",
        triage="mono",
        doorgezet_naar=so,
    )
    return {"pk": melding.pk}


def _sample_procedure_only() -> dict[str, object]:
    return {"pk": _sample_procedure()["pk"]}


def _sample_procedure_step() -> dict[str, object]:
    sample = _sample_procedure()
    return {"pk": sample["pk"], "stap": sample["stap"]}


def _sample_procedure_objection() -> dict[str, object]:
    sample = _sample_procedure()
    return {"pk": sample["pk"], "rechtsmiddel": sample["rechtsmiddel"]}


def _sample_organisation() -> dict[str, object]:
    return {"pk": Organisatie.objects.create(code="huurteam", naam="Huurteam", soort="extern").pk}


def _sample_team() -> dict[str, object]:
    from goedwonen.accounts.models import Team

    return {"pk": Team.objects.create(naam="Team Voorbeeld").pk}


def _sample_role() -> dict[str, object]:
    return {"pk": Rol.objects.create(code="voorbeeld", naam="Voorbeeld", capabilities=[]).pk}


def _sample_capability_request() -> dict[str, object]:
    """A request, by another administrator, to add a four-eyes capability to a role."""
    from goedwonen.accounts.models import Beheerwijziging

    rol = Rol.objects.create(code="voorbeeld", naam="Voorbeeld", capabilities=[])
    aanvraag = Beheerwijziging.objects.create(
        rol=rol,
        soort=Beheerwijziging.Soort.AANGEVRAAGD,
        veld="capabilities",
        van=[],
        naar=[Capability.REPORTER_IDENTITY_VIEW.value],
        door=User.objects.create_user(username="aanvrager"),
    )
    return {"pk": aanvraag.pk}


def _sample_routing_rule() -> dict[str, object]:
    team = Team.objects.create(naam="Team Voorbeeld")
    return {"pk": Routeringsregel.objects.create(volgorde=1, naam="Alles", team=team).pk}


def _sample_notification() -> dict[str, object]:
    """Another person's notice: marking it read is refused with a message, not a 404."""
    from goedwonen.notificaties.models import Notificatie

    ontvanger = User.objects.create_user(username="ontvanger-notificatie")
    notificatie = Notificatie.objects.create(
        ontvanger=ontvanger, soort="taak", titel="Taak bij casus C-2026-0001", link="/"
    )
    return {"pk": notificatie.pk}


# Routes with parameters get real objects to point at, made in the test's database.
SAMPLES = {
    "api-verwerkingsactiviteit": lambda: {"code": "accountbeheer"},
    "api-melding": _sample_report_reference,
    "user-update": _sample_user,
    "tweestap-beheer": _sample_user,
    "api-token-revoke": _sample_token,
    "rolaanvraag-besluit": _sample_role_request,
    "adres": lambda: {"nummeraanduiding": _sample_address().nummeraanduiding},
    "eigenaar": _sample_owner,
    "melding-koppelen": _sample_unmatched_report,
    "melding-koppelen-opslaan": _sample_unmatched_report,
    "melding": _sample_unmatched_report,
    "melding-bijlage": _sample_attachment,
    "melding-triage": _sample_unmatched_report,
    "melding-afsluiten": _sample_unmatched_report,
    "melding-status": _sample_status_link,
    "casus-nieuw": _sample_unmatched_report,
    "casus": _sample_case_reference,
    "casus-status": _sample_case_reference,
    "casus-afsluiten": _sample_case_reference,
    "casus-delen": _sample_case_reference,
    "casus-deling-beeindigen": _sample_sharing,
    "casus-taak": _sample_case_reference,
    "casus-sjablonen": _sample_case_reference,
    "taak-afronden": _sample_task,
    "casus-notitie": _sample_case_reference,
    "document-toevoegen": _sample_case_reference,
    "document-downloaden": _sample_document,
    "brief-maken": _sample_case_reference,
    "api-casus": _sample_case_reference,
    "partij-toevoegen": _sample_case_reference,
    "bezoek-nieuw": _sample_case_reference,
    "bezoek": _sample_visit,
    "analyse-run": lambda: {"pk": _sample_run().pk},
    "analyse-run-status": lambda: {"pk": _sample_run().pk},
    "analyse-kaart": lambda: {"pk": _sample_run().pk},
    "analyse-woning": lambda: {"pk": _sample_run().pk, "object_id": "0599010000000001"},
    "selectie-samenstellen": lambda: {"pk": _sample_run().pk},
    "analyse-voorstel": lambda: {"pk": _sample_run().pk},
    "analyse-voorstel-vaststellen": lambda: {"pk": _sample_run().pk},
    "selectie": lambda: {"pk": _sample_selection().pk},
    "selectie-toevoegen": lambda: {"pk": _sample_selection().pk},
    "selectie-verwijderen": _sample_selection_address,
    "selectie-indienen": lambda: {"pk": _sample_selection().pk},
    "selectie-besluit": lambda: {"pk": _sample_selection().pk},
    "selectie-export": lambda: {"pk": _sample_selection().pk},
    "selectie-casussen": lambda: {"pk": _sample_selection().pk},
    # A seeded instrument (handhaving migration 0003).
    "handhaving-instrument": lambda: {"code": "waarschuwing"},
    "handhaving-instrumentversie-nieuw": lambda: {"code": "waarschuwing"},
    "verhuurders-signalering-afhandelen": _sample_alert,
    "verhuurders-kandidaat-niet-nu": _sample_owner,
    "verhuurders-uitnodigen": _sample_owner,
    "verhuurders-gesprek": _sample_talk,
    "verhuurders-gesprek-vastleggen": _sample_talk,
    "verhuurders-gesprek-afzeggen": _sample_talk,
    "verhuurders-gesprek-uitnodiging": _sample_talk,
    "traject-nieuw-casus": _sample_case_reference,
    "traject-nieuw-melding": _sample_report_handled_alone,
    "traject": _sample_procedure_only,
    "traject-stap": _sample_procedure_only,
    "traject-brief": _sample_procedure_step,
    "traject-brief-verzenden": _sample_procedure_step,
    "traject-rechtsmiddel": _sample_procedure_only,
    "traject-rechtsmiddel-beslissing": _sample_procedure_objection,
    "traject-afsluiten": _sample_procedure_only,
    "api-handhavingstraject": _sample_procedure_only,
    # Administration of organisations, teams and roles (issue 14, beheer lane).
    "organisatie": _sample_organisation,
    "organisatie-wijzigen": _sample_organisation,
    "team": _sample_team,
    "team-wijzigen": _sample_team,
    "rol": _sample_role,
    "rol-wijzigen": _sample_role,
    "rolbevoegdheid-besluit": _sample_capability_request,
    # A seeded parameter (parameters migration 0002) and a seeded task template.
    "parameter": lambda: {"code": "huur-overschrijdingsdrempel"},
    "taaksjabloon": lambda: {"pk": Taaksjabloon.objects.order_by("pk").first().pk},
    "routeringsregel": _sample_routing_rule,
    # A seeded letter template (documenten migration briefsjabloonversies).
    "briefsjabloon": lambda: {"code": "vooraankondiging_controle"},
    "casus-adres-toevoegen": _sample_case_reference,
    "casus-adres-zoeken": _sample_case_reference,
    "casus-eigenaar-zoeken": _sample_case_reference,
    "casus-samenvoegen": _sample_case_reference,
    "notificatie-gelezen": _sample_notification,
}


# Case tables (tafels lane): the list is any signed-in person's (empty without a table); a
# table's pages are its members' and leaders'; setting tables up needs CASETABLES_MANAGE.
def _sample_table() -> dict[str, object]:
    """A table Stadsontwikkeling (the walk's users' organisation) sits at, chaired and
    served by the walk's latest user (so the chair's pages answer), with a planned meeting."""
    from goedwonen.casustafels.models import Casustafel, Tafellid, Tafelvergadering

    so = Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]
    leider = User.objects.filter(organisatie=so).order_by("-pk").first()
    leider = leider or User.objects.create_user(username="voorzitter-voorbeeld", organisatie=so)
    tafel = Casustafel.objects.create(
        naam="Casustafel Voorbeeld", voorzitter=leider, secretaris=leider
    )
    lid = Tafellid.objects.create(
        tafel=tafel, organisatie=so, grondslag="Convenant", sinds=timezone.localdate()
    )
    moment = timezone.now() + timedelta(days=7)
    vergadering = Tafelvergadering.objects.create(
        tafel=tafel, volgens_schema=moment, begint_op=moment
    )
    return {"pk": tafel.pk, "lid": lid.pk, "vergadering": vergadering.pk}


def _sample_table_pk() -> dict[str, object]:
    return {"pk": _sample_table()["pk"]}


def _sample_table_meeting() -> dict[str, object]:
    return {"pk": _sample_table()["vergadering"]}


def _sample_table_member() -> dict[str, object]:
    sample = _sample_table()
    return {"pk": sample["pk"], "lid": sample["lid"]}


EXPECTED.update(
    {
        "casustafels": SIGNED_IN,
        "casustafel": Capability.CASETABLE_TAKE_PART,
        "casustafel-nieuw": Capability.CASETABLES_MANAGE,
        "casustafel-wijzigen": Capability.CASETABLES_MANAGE,
        "casustafel-lid-toevoegen": Capability.CASETABLES_MANAGE,
        "casustafel-lid-beeindigen": Capability.CASETABLES_MANAGE,
        "casustafel-plannen": Capability.CASETABLE_TAKE_PART,
        "casustafel-opvolging": Capability.CASETABLE_TAKE_PART,
        "vergadering-verplaatsen": Capability.CASETABLE_TAKE_PART,
        "vergadering-annuleren": Capability.CASETABLE_TAKE_PART,
    }
)
SAMPLES.update(
    {
        "casustafel": _sample_table_pk,
        "casustafel-wijzigen": _sample_table_pk,
        "casustafel-lid-toevoegen": _sample_table_pk,
        "casustafel-lid-beeindigen": _sample_table_member,
        "casustafel-plannen": _sample_table_pk,
        "casustafel-opvolging": _sample_table_pk,
        "vergadering-verplaatsen": _sample_table_meeting,
        "vergadering-annuleren": _sample_table_meeting,
    }
)


# Routes that only accept POST; GET is not how they leak.
POST_ONLY = {
    "logout",
    "privacy-log-verify",
    "api-token-revoke",
    "rolaanvraag-besluit",
    "melding-koppelen-opslaan",
    "melding-triage",
    "melding-afsluiten",
    "casus-status",
    "casus-afsluiten",
    "casus-delen",
    "casus-deling-beeindigen",
    "casus-taak",
    "casus-sjablonen",
    "taak-afronden",
    "casus-notitie",
    "partij-toevoegen",
    "document-toevoegen",
    "brief-maken",
    "run-starten",
    "analyse-voorstel-vaststellen",
    "selectie-samenstellen",
    "selectie-toevoegen",
    "selectie-verwijderen",
    "selectie-indienen",
    "selectie-besluit",
    "selectie-casussen",
    "passkey-registratie-opties",
    "passkey-registratie",
    "passkey-controle-opties",
    "passkey-controle",
    "verhuurders-signalering-afhandelen",
    "verhuurders-kandidaat-niet-nu",
    "verhuurders-gesprek-vastleggen",
    "verhuurders-gesprek-afzeggen",
    "traject-stap",
    "traject-brief-verzenden",
    "traject-rechtsmiddel",
    "traject-rechtsmiddel-beslissing",
    "traject-afsluiten",
    "rolbevoegdheid-besluit",
    "casus-adres-toevoegen",
    "casus-samenvoegen",
    "notificatie-gelezen",
    "notificaties-alles-gelezen",
}

# Query strings a route needs to answer at all.
QUERY = {"kaart-woningen": "?bbox=4.4,51.8,4.6,51.9", "adres-zoeken": "?q=Carnisselaan"}
# The case page's pickers (casus lane) search, so the walk exercises the search.
QUERY |= {"casus-adres-zoeken": "?q=Carnisselaan", "casus-eigenaar-zoeken": "?q=Jansen"}


# Lists (lijsten lane): saved filters are any signed-in person's own; exports need the list's.
def _sample_saved_filter() -> dict[str, object]:
    owner = User.objects.create_user(username="filtereigenaar")
    return {"pk": OpgeslagenFilter.objects.create(eigenaar=owner, lijst="meldingen", naam="x").pk}


EXPECTED.update(
    {
        "opgeslagen-filter-bewaren": SIGNED_IN,
        "opgeslagen-filter-hernoemen": SIGNED_IN,
        "opgeslagen-filter-verwijderen": SIGNED_IN,
        "meldingen-export": Capability.REPORTS_TRIAGE,
        "meldingen-toewijzen": Capability.REPORTS_TRIAGE,
        "taken-export": Capability.TASKS_WORK,
        "taken-toewijzen": Capability.TASKS_WORK,
        "verhuurders-monitoring-export": Capability.LANDLORDS_MONITOR,
    }
)
SAMPLES.update(
    {
        "opgeslagen-filter-hernoemen": _sample_saved_filter,
        "opgeslagen-filter-verwijderen": _sample_saved_filter,
    }
)
POST_ONLY |= {
    "opgeslagen-filter-bewaren",
    "opgeslagen-filter-hernoemen",
    "opgeslagen-filter-verwijderen",
    "meldingen-toewijzen",
    "taken-toewijzen",
}


# Case-table minutes (notulen lane): members of the table; others get 404 in the view.
def _sample_held_meeting() -> dict[str, object]:
    """A held meeting of a table at which Stadsontwikkeling (the walk's users) sits."""
    from datetime import date

    from goedwonen.casustafels.models import Casustafel, Tafellid, Tafelvergadering

    so = Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]
    voorzitter = User.objects.create_user(username="voorzitter-voorbeeld", organisatie=so)
    tafel = Casustafel.objects.create(naam="Tafel", voorzitter=voorzitter, secretaris=voorzitter)
    Tafellid.objects.create(tafel=tafel, organisatie=so, grondslag="x", sinds=date(2026, 1, 1))
    moment = timezone.now() - timedelta(days=1)
    vergadering = Tafelvergadering.objects.create(
        tafel=tafel, volgens_schema=moment, begint_op=moment, status="gehouden"
    )
    return {"pk": vergadering.pk}


EXPECTED.update(
    {
        "vergadering-notulen": Capability.CASETABLE_TAKE_PART,
        "vergadering-notulen-pdf": Capability.CASETABLE_TAKE_PART,
        "vergadering-notulen-vaststellen": Capability.CASETABLE_TAKE_PART,
    }
)
SAMPLES.update(
    {
        "vergadering-notulen": _sample_held_meeting,
        "vergadering-notulen-pdf": _sample_held_meeting,
        "vergadering-notulen-vaststellen": _sample_held_meeting,
    }
)
POST_ONLY |= {"vergadering-notulen-vaststellen"}


# The case-table meeting (vergadering lane): members of the table see it, the chair and the
# secretary record; anyone else gets 404 in the view.
def _sample_meeting_item() -> dict[str, object]:
    """An accepted new signal on a meeting of a table that Stadsontwikkeling (the walk's
    users) sits at; the meeting began an hour ago and has attendance, so it can be closed."""
    from datetime import date

    from goedwonen.casustafels.models import (
        Aanwezigheid,
        Agendapunt,
        Casustafel,
        Tafellid,
        Tafelvergadering,
    )

    so = Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]
    voorzitter = User.objects.create_user(username="voorzitter-vergadering", organisatie=so)
    tafel = Casustafel.objects.create(naam="Tafel", voorzitter=voorzitter, secretaris=voorzitter)
    Tafellid.objects.create(tafel=tafel, organisatie=so, grondslag="x", sinds=date(2026, 1, 1))
    moment = timezone.now() - timedelta(hours=1)
    vergadering = Tafelvergadering.objects.create(
        tafel=tafel, volgens_schema=moment, begint_op=moment
    )
    Aanwezigheid.objects.create(vergadering=vergadering, organisatie=so, aanwezig=False)
    punt = Agendapunt.objects.create(
        vergadering=vergadering,
        signaal="x",
        vraagsoort="informatie",
        vraag="x",
        ingebracht_namens=so,
        status="geaccepteerd",
    )
    return {"pk": punt.pk}


def _sample_meeting() -> dict[str, object]:
    from goedwonen.casustafels.models import Agendapunt

    return {"pk": Agendapunt.objects.get(pk=_sample_meeting_item()["pk"]).vergadering_id}


VERGADERING_ROUTES = {
    "vergadering": _sample_meeting,
    "vergadering-aanwezigheid": _sample_meeting,
    "vergadering-signaal": _sample_meeting,
    "vergadering-afsluiten": _sample_meeting,
    "agendapunt-verslag": _sample_meeting_item,
    "agendapunt-afspraak": _sample_meeting_item,
    "agendapunt-delen": _sample_meeting_item,
    "agendapunt-doorschuiven": _sample_meeting_item,
    "agendapunt-casus-aanmaken": _sample_meeting_item,
}
EXPECTED.update(dict.fromkeys(VERGADERING_ROUTES, Capability.CASETABLE_TAKE_PART))
SAMPLES.update(VERGADERING_ROUTES)
POST_ONLY |= set(VERGADERING_ROUTES) - {"vergadering"}


# The case-table agenda (agenda lane): members of the table see it and bring items in, the
# chair decides; anyone else gets 404 in the view.
def _sample_agenda_item() -> dict[str, object]:
    """A new signal brought in for a meeting in a week of a table that Stadsontwikkeling (the
    walk's users) sits at."""
    from datetime import date

    from goedwonen.casustafels.models import Agendapunt, Casustafel, Tafellid, Tafelvergadering

    so = Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]
    voorzitter = User.objects.create_user(username="voorzitter-agenda", organisatie=so)
    tafel = Casustafel.objects.create(
        naam="Agendatafel", voorzitter=voorzitter, secretaris=voorzitter
    )
    Tafellid.objects.create(tafel=tafel, organisatie=so, grondslag="x", sinds=date(2026, 1, 1))
    moment = timezone.now() + timedelta(days=7)
    vergadering = Tafelvergadering.objects.create(
        tafel=tafel, volgens_schema=moment, begint_op=moment
    )
    punt = Agendapunt.objects.create(
        vergadering=vergadering,
        signaal="x",
        vraagsoort="informatie",
        vraag="x",
        ingebracht_namens=so,
    )
    return {"pk": punt.pk}


def _sample_agenda_meeting() -> dict[str, object]:
    from goedwonen.casustafels.models import Agendapunt

    return {"pk": Agendapunt.objects.get(pk=_sample_agenda_item()["pk"]).vergadering_id}


AGENDA_ROUTES = {
    "vergadering-agenda": _sample_agenda_meeting,
    "vergadering-agenda-export": _sample_agenda_meeting,
    "agendapunt-inbrengen": _sample_agenda_meeting,
    "agendapunt-besluiten": _sample_agenda_item,
    "api-casustafel-agenda": _sample_agenda_meeting,
}
EXPECTED.update(dict.fromkeys(AGENDA_ROUTES, Capability.CASETABLE_TAKE_PART))
SAMPLES.update(AGENDA_ROUTES)
POST_ONLY |= {"agendapunt-besluiten"}


# Integral actions (acties lane): the list and an action's page for those who take part; its
# set-up and planning for organisers of the lead's organisation (others get 404 in the view).
def _acties_sample_action() -> dict[str, object]:
    """An action in preparation led by Stadsontwikkeling (the walk's users' organisation),
    from an approved selection, with a participant, a team and an address."""
    from goedwonen.acties.models import Actie, Actieadres, Actiepartner, Actieteam

    so = Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]
    politie = Organisatie.objects.get_or_create(
        code="politie", defaults={"naam": "Politie", "soort": "extern"}
    )[0]
    leider = User.objects.create_user(username="leider-actie", organisatie=so)
    selectie = _sample_selection()
    selectie.status = "goedgekeurd"
    selectie.save()
    actie = Actie.objects.create(
        naam="Actie Voorbeeld",
        datum=timezone.localdate() + timedelta(days=7),
        gebied=selectie.run.gebied or _acties_sample_area(),
        leider=leider,
        organisatie=so,
        aangemaakt_door=leider,
        selectie=selectie,
    )
    partner = Actiepartner.objects.create(actie=actie, organisatie=politie, grondslag="x")
    team = Actieteam.objects.create(actie=actie, naam="Team 1")
    adres = Actieadres.objects.create(
        actie=actie, verblijfsobject=selectie.adressen.get().verblijfsobject
    )
    return {
        "pk": actie.pk,
        "selectie": selectie.pk,
        "partner": partner.pk,
        "team": team.pk,
        "adres": adres.pk,
    }


def _acties_sample_area():
    from goedwonen.registry.models import Gebied

    return Gebied.objects.get_or_create(
        code="BU05991572", defaults={"naam": "Carnisse", "soort": "buurt"}
    )[0]


def _acties_sample_action_keys(*keys: str):
    def sample() -> dict[str, object]:
        found = _acties_sample_action()
        return {key: found[key] for key in keys}

    return sample


ACTIE_ROUTES = {
    "actie": _acties_sample_action_keys("pk"),
    "actie-uit-selectie": _acties_sample_action_keys("selectie"),
    "actie-wijzigen": _acties_sample_action_keys("pk"),
    "actie-partner-toevoegen": _acties_sample_action_keys("pk"),
    "actie-partner-verwijderen": _acties_sample_action_keys("pk", "partner"),
    "actie-team-nieuw": _acties_sample_action_keys("pk"),
    "actie-team-wijzigen": _acties_sample_action_keys("pk", "team"),
    "actie-adres-toevoegen": _acties_sample_action_keys("pk"),
    "actie-adres-wijzigen": _acties_sample_action_keys("pk", "adres"),
    "actie-plannen": _acties_sample_action_keys("pk"),
    "actie-annuleren": _acties_sample_action_keys("pk"),
}
EXPECTED.update(dict.fromkeys(ACTIE_ROUTES, Capability.ACTIONS_ORGANISE))
EXPECTED.update(
    {
        "acties": Capability.ACTIONS_TAKE_PART,
        "actie": Capability.ACTIONS_TAKE_PART,
        "actie-nieuw": Capability.ACTIONS_ORGANISE,
    }
)
SAMPLES.update(ACTIE_ROUTES)
POST_ONLY |= {"actie-plannen"}


# Walk lists and briefings (looplijsten lane): an action Stadsontwikkeling (the walk's users)
# leads, planned, with one address and a team whose member is the walk's latest user (a
# team's pages are its members' and the organisers'; anyone else gets 404 in the view).
def _looplijsten_sample_action_team() -> dict[str, object]:
    from goedwonen.acties.models import Actie, Actieadres, Actieteam
    from goedwonen.registry.models import Gebied

    so = Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]
    lid = User.objects.filter(organisatie=so).order_by("-pk").first()
    lid = lid or User.objects.create_user(username="actielid-voorbeeld", organisatie=so)
    gebied = Gebied.objects.get_or_create(code="BU0599LOOP", naam="Loopbuurt", soort="buurt")[0]
    actie = Actie.objects.create(
        naam="Actie Voorbeeld",
        datum=timezone.localdate(),
        gebied=gebied,
        leider=lid,
        organisatie=so,
        status="gepland",
        aangemaakt_door=lid,
    )
    team = Actieteam.objects.create(actie=actie, naam="Team 1")
    team.leden.add(lid)
    Actieadres.objects.create(
        actie=actie, verblijfsobject=_sample_address().verblijfsobject, rang=1
    )
    return {"pk": actie.pk, "team": team.pk}


def _looplijsten_sample_action() -> dict[str, object]:
    return {"pk": _looplijsten_sample_action_team()["pk"]}


LOOPLIJSTEN_ROUTES = {
    "actie-looplijsten": (Capability.ACTIONS_TAKE_PART, _looplijsten_sample_action),
    "actie-looplijsten-maken": (Capability.ACTIONS_ORGANISE, _looplijsten_sample_action),
    "actie-herplannen": (Capability.ACTIONS_ORGANISE, _looplijsten_sample_action),
    "actie-team-klaar": (Capability.ACTIONS_TAKE_PART, _looplijsten_sample_action_team),
    "actie-briefing": (Capability.ACTIONS_TAKE_PART, _looplijsten_sample_action_team),
    "actie-briefing-pdf": (Capability.ACTIONS_TAKE_PART, _looplijsten_sample_action_team),
}
EXPECTED.update({name: capability for name, (capability, _) in LOOPLIJSTEN_ROUTES.items()})
SAMPLES.update({name: sample for name, (_, sample) in LOOPLIJSTEN_ROUTES.items()})
POST_ONLY |= {"actie-looplijsten-maken", "actie-herplannen", "actie-team-klaar"}


# The field view of an integral action (veld lane): the team's members and the action's
# organisers; anyone else gets 404 in the view. The walk's users are put in the team.
def _veld_sample_field_team() -> dict[str, object]:
    from goedwonen.acties.models import Actie, Actieadres, Actieteam
    from goedwonen.registry.models import Gebied

    so = Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]
    leider = User.objects.create_user(username="leider-veld", organisatie=so)
    actie = Actie.objects.create(
        naam="Actie",
        datum=timezone.localdate(),
        gebied=Gebied.objects.create(code="BU1", naam="Buurt", soort="buurt"),
        leider=leider,
        organisatie=so,
        status="gepland",
        aangemaakt_door=leider,
    )
    team = Actieteam.objects.create(actie=actie, naam="Team 1")
    team.leden.set(User.objects.filter(organisatie=so))
    adres = Actieadres.objects.create(
        actie=actie, verblijfsobject=_sample_address().verblijfsobject, team=team, volgorde=1
    )
    return {"pk": actie.pk, "team": team.pk, "adres": adres.pk}


def _veld_sample_field_list() -> dict[str, object]:
    sample = _veld_sample_field_team()
    return {"pk": sample["pk"], "team": sample["team"]}


VELD_ROUTES = {
    "actie-veld": _veld_sample_field_list,
    "actie-veld-adres": _veld_sample_field_team,
    "actie-veld-registratie": _veld_sample_field_list,
    "actie-veld-overslaan": _veld_sample_field_team,
}
EXPECTED.update(dict.fromkeys(VELD_ROUTES, Capability.ACTIONS_TAKE_PART))
SAMPLES.update(VELD_ROUTES)
POST_ONLY |= {"actie-veld-registratie", "actie-veld-overslaan"}
# JSON endpoints that answer an empty post with what is missing (422), past the gate.
EMPTY_POST_REFUSED = {"actie-veld-registratie"}


# The debrief of an integral action (nabespreking lane): participants read the debrief and
# the report; organisers of the lead's organisation follow up and close. Anyone else: 404.
def _nabespreking_sample_debriefed_action() -> dict[str, object]:
    """A planned action of today led by Stadsontwikkeling (the walk's users), with one
    address (no case yet)."""
    from goedwonen.acties.models import Actie, Actieadres
    from goedwonen.registry.models import Gebied

    so = Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]
    leider = User.objects.create_user(username="actieleider-nabespreking", organisatie=so)
    adres = _sample_address()
    actie = Actie.objects.create(
        naam="Actie",
        datum=timezone.localdate(),
        gebied=Gebied.objects.create(code="BU05990099", naam="Actiebuurt", soort="buurt"),
        leider=leider,
        organisatie=so,
        status="gepland",
        aangemaakt_door=leider,
    )
    punt = Actieadres.objects.create(actie=actie, verblijfsobject=adres.verblijfsobject)
    return {"pk": actie.pk, "adres": punt.pk}


def _nabespreking_sample_debriefed_action_pk() -> dict[str, object]:
    return {"pk": _nabespreking_sample_debriefed_action()["pk"]}


NABESPREKING_ROUTES = {
    "actie-nabespreking": (Capability.ACTIONS_TAKE_PART, _nabespreking_sample_debriefed_action_pk),
    "actie-adres-opvolging": (Capability.ACTIONS_ORGANISE, _nabespreking_sample_debriefed_action),
    "actie-afronden": (Capability.ACTIONS_ORGANISE, _nabespreking_sample_debriefed_action_pk),
    "actie-rapport": (Capability.ACTIONS_TAKE_PART, _nabespreking_sample_debriefed_action_pk),
    "actie-rapport-pdf": (Capability.ACTIONS_TAKE_PART, _nabespreking_sample_debriefed_action_pk),
}


def _nabespreking_sample_field_photo() -> dict[str, object]:
    """A photo of a field visit at the sample action's address, in the sample case."""
    import uuid

    from django.core.files.base import ContentFile

    from goedwonen.acties.models import Actie, Actieadres, Actieteam, Veldfoto, Veldregistratie
    from goedwonen.registry.models import Gebied

    bezoek = Bezoek.objects.select_related("casus", "casusobject").get(pk=_sample_visit()["pk"])
    casus = bezoek.casus
    actie = Actie.objects.create(
        naam="Actie met foto",
        datum=timezone.localdate(),
        gebied=Gebied.objects.get_or_create(
            code="BU05990098", defaults={"naam": "Fotobuurt", "soort": "buurt"}
        )[0],
        leider=casus.casusregisseur,
        organisatie=casus.organisatie,
        status="gepland",
        aangemaakt_door=casus.casusregisseur,
    )
    adres = Actieadres.objects.create(
        actie=actie, verblijfsobject=bezoek.casusobject.verblijfsobject, casus=casus
    )
    registratie = Veldregistratie.objects.create(
        sleutel=uuid.uuid4(),
        actieadres=adres,
        team=Actieteam.objects.create(actie=actie, naam="Team foto"),
        bezoek=bezoek,
        vastgelegd_door=actie.leider,
    )
    foto = Veldfoto(registratie=registratie, soort="image/png", grootte=8)
    foto.bestand.save("foto.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    return {"pk": actie.pk, "foto": foto.pk}


NABESPREKING_ROUTES["actie-veldfoto"] = (
    Capability.ACTIONS_TAKE_PART,
    _nabespreking_sample_field_photo,
)
EXPECTED.update({name: access for name, (access, _) in NABESPREKING_ROUTES.items()})
SAMPLES.update({name: sample for name, (_, sample) in NABESPREKING_ROUTES.items()})
POST_ONLY |= {"actie-afronden"}

# Steering and account (issue 17): the dashboard for those who steer.
EXPECTED.update({"sturing": Capability.STEERING_VIEW, "sturing-stand": Capability.STEERING_VIEW})

# Lane doelen (issue 17): the plan's targets and the list behind a figure.
EXPECTED.update(
    {
        "sturing-doelen": Capability.STEERING_VIEW,
        "sturing-doel": Capability.STEERING_VIEW,
        "sturing-doel-wijzigen": Capability.TARGETS_MANAGE,
        "sturing-lijst": Capability.STEERING_VIEW,
    }
)
SAMPLES.update(
    {
        "sturing-doel": lambda: {"code": "nieuwe-casussen"},
        "sturing-doel-wijzigen": lambda: {"code": "nieuwe-casussen"},
        "sturing-lijst": lambda: {"maat": "casussen_nieuw"},
    }
)

# Steering exports (issue 17, werkstroom lane): the dashboard's figures and the pseudonymised
# analysis file.
EXPECTED.update(
    {
        "sturing-export": Capability.STEERING_VIEW,
        "sturing-analyse-export": Capability.ANALYSIS_EXPORT,
    }
)
QUERY["sturing-export"] = "?formaat=csv"

# Steering and account, rapporten lane (issue 17): the reports and their narrative.
EXPECTED.update(
    {
        "sturing-rapporten": Capability.STEERING_VIEW,
        "sturing-rapport": Capability.STEERING_VIEW,
        "sturing-rapport-pdf": Capability.STEERING_VIEW,
        "sturing-toelichting": Capability.ACCOUNT_REPORTS,
    }
)
SAMPLES.update(
    dict.fromkeys(
        [
            "sturing-rapport",
            "sturing-rapport-pdf",
            "sturing-toelichting",
            "sturing-rapport-vaststellen",
        ],
        lambda: {"soort": "signalering", "jaar": 2025},
    )
)


def _sturing_sample_established_report() -> dict[str, object]:
    """A published edition of a report (its PDF a stand-in: the walk checks the gate)."""
    from django.core.files.base import ContentFile

    from goedwonen.rapportage.models import Rapportvaststelling

    door = User.objects.filter(username="vaststeller").first() or User.objects.create_user(
        username="vaststeller", organisatie=Organisatie.objects.get_or_create(code="so")[0]
    )
    row = Rapportvaststelling(
        soort="signalering", jaar=2025, sha256="0" * 64, vastgesteld_door=door
    )
    row.pdf.save("signalering-2025.pdf", ContentFile(b"%PDF-1.7"), save=False)
    row.save()
    return {"pk": row.pk}


EXPECTED.update(
    {
        "sturing-rapport-vaststellen": Capability.ACCOUNT_REPORTS,
        "sturing-vastgesteld-pdf": Capability.STEERING_VIEW,
    }
)
SAMPLES["sturing-vastgesteld-pdf"] = _sturing_sample_established_report
POST_ONLY |= {"sturing-rapport-vaststellen"}


# Outcomes in a case (uitkomsten lane): recorded and corrected by who works the case; a
# viewer who may not record is sent back to the case, an unseen case answers 404.
def _uitkomsten_sample_outcome() -> dict[str, object]:
    from goedwonen.rapportage.models import Uitkomst

    casus = _sample_case()
    adres = _sample_address()
    casusobject = CasusObject.objects.create(
        casus=casus, verblijfsobject=adres.verblijfsobject, adres=adres
    )
    uitkomst = Uitkomst.objects.create(
        casus=casus,
        casusobject=casusobject,
        soort="gebreken_hersteld",
        datum=timezone.localdate(),
        bewijs="Hercontrole",
        vastgelegd_door=casus.casusregisseur,
        organisatie=casus.organisatie,
    )
    return {"referentie": casus.referentie, "pk": uitkomst.pk}


EXPECTED.update(
    {"uitkomst-vastleggen": Capability.CASES_VIEW, "uitkomst-corrigeren": Capability.CASES_VIEW}
)
SAMPLES.update(
    {
        "uitkomst-vastleggen": _sample_case_reference,
        "uitkomst-corrigeren": _uitkomsten_sample_outcome,
    }
)


EXPECTED.update(
    {
        "eigenaar-meldingen": Capability.REPORTS_VIEW,
        "eigenaar-controles": Capability.ENFORCEMENT_HISTORY_VIEW,
        "eigenaar-handhaving": Capability.ENFORCEMENT_HISTORY_VIEW,
        "eigenaar-kaart": Capability.REGISTRY_VIEW,
    }
)
SAMPLES.update(
    {
        "eigenaar-meldingen": _sample_owner,
        "eigenaar-controles": _sample_owner,
        "eigenaar-handhaving": _sample_owner,
        "eigenaar-kaart": _sample_owner,
    }
)


def _walk(patterns, prefix="") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


ROUTES = list(_walk(get_resolver().url_patterns))


def _url(pattern: URLPattern) -> str:
    kwargs = SAMPLES[pattern.name]() if pattern.pattern.converters else {}
    return reverse(pattern.name, kwargs=kwargs) + QUERY.get(pattern.name, "")


def _declared(pattern: URLPattern) -> Capability | str | None:
    if is_api_view(pattern.callback):
        view_class = pattern.callback.cls  # type: ignore[attr-defined]
        if getattr(view_class, "public", False):
            return PUBLIC
        return required_capability(view_class)
    access = access_of(pattern.callback)
    if access is None:
        return None
    if access.public:
        return PUBLIC
    return access.capability or SIGNED_IN


def test_every_route_is_named_and_in_the_table():
    names = [pattern.name for _, pattern in ROUTES]
    assert None not in names, "every route needs a name so the walk can reach it"
    assert sorted(names) == sorted(EXPECTED), "add the new route to EXPECTED with its access"
    with_parameters = {p.name for _, p in ROUTES if p.pattern.converters}
    assert with_parameters == set(SAMPLES), "give each route with parameters a sample"


@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[p.name for _, p in ROUTES])
def test_route_declares_the_expected_access(route, pattern):
    assert _declared(pattern) == EXPECTED[pattern.name], f"{route} declares other access"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[p.name for _, p in ROUTES])
def test_anonymous_gets_no_data(route, pattern, client):
    expected = EXPECTED[pattern.name]
    url = _url(pattern)
    lines_before = Verwerkingslog.objects.count()
    response = client.get(url) if pattern.name not in POST_ONLY else client.post(url)
    if expected == PUBLIC:
        # The health check is degraded (503) here: no worker runs (tests/core/test_health.py).
        assert response.status_code in ({200, 302, 503} if pattern.name == "health" else {200, 302})
        return
    if is_api_view(pattern.callback):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    assert Verwerkingslog.objects.count() == lines_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "pattern"),
    [(r, p) for r, p in ROUTES if isinstance(EXPECTED[p.name], Capability)],
    ids=[p.name for _, p in ROUTES if isinstance(EXPECTED[p.name], Capability)],
)
def test_user_without_the_capability_gets_no_data(route, pattern, make_user):
    needed = EXPECTED[pattern.name]
    others = [c for c in Capability if c != needed]
    user = make_user(others)
    client = APIClient()
    client.force_login(user)
    url = _url(pattern)
    lines_before = Verwerkingslog.objects.count()
    checks_before = Ketencontrole.objects.count()
    response = client.post(url) if pattern.name in POST_ONLY else client.get(url)
    assert response.status_code == 403
    body = response.content.decode()
    assert "Geen toegang" in body
    # Nothing was read on the user's behalf, nothing was changed.
    assert Verwerkingslog.objects.count() == lines_before
    assert Ketencontrole.objects.count() == checks_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "pattern"),
    [(r, p) for r, p in ROUTES if EXPECTED[p.name] != PUBLIC],
    ids=[p.name for _, p in ROUTES if EXPECTED[p.name] != PUBLIC],
)
def test_user_with_the_capability_gets_through(route, pattern, make_user):
    needed = EXPECTED[pattern.name]
    user = make_user([needed] if isinstance(needed, Capability) else [])
    client = APIClient()
    client.force_login(user)
    url = _url(pattern)
    response = client.post(url) if pattern.name in POST_ONLY else client.get(url)
    passed = {200, 302} | ({422} if pattern.name in EMPTY_POST_REFUSED else set())
    assert response.status_code in passed, response.content[:500]
    assert "no-store" in response["Cache-Control"]  # personal data: kept nowhere


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "pattern"),
    [
        (r, p)
        for r, p in ROUTES
        if isinstance(EXPECTED[p.name], Capability) and not is_api_view(p.callback)
    ],
    ids=[
        p.name
        for _, p in ROUTES
        if isinstance(EXPECTED[p.name], Capability) and not is_api_view(p.callback)
    ],
)
def test_page_gate_refuses_on_its_own(route, pattern, make_user, rf):
    """The view-level gate holds without the selector behind it (each layer is tested)."""
    from django.core.exceptions import PermissionDenied

    from goedwonen.core.middleware import LoginRequiredMiddleware

    request = rf.get(_url(pattern))
    request.user = make_user([c for c in Capability if c != EXPECTED[pattern.name]])
    gate = LoginRequiredMiddleware(lambda r: None)  # type: ignore[arg-type, return-value]
    with pytest.raises(PermissionDenied):
        gate.process_view(request, pattern.callback, (), {})


PAGE_ROUTES = [(r, p) for r, p in ROUTES if not is_api_view(p.callback)]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), PAGE_ROUTES, ids=[p.name for _, p in PAGE_ROUTES])
def test_a_page_answers_only_its_own_methods(route, pattern, make_user):
    """PUT, PATCH, DELETE and TRACE got the page as if GET. Now 405 with Allow, for anyone,
    before sign-in or capability are checked (the same answer for every client)."""
    needed = EXPECTED[pattern.name]
    user = make_user([needed] if isinstance(needed, Capability) else [])
    signed_in = APIClient()
    signed_in.force_login(user)
    url = _url(pattern)
    allowed = {"POST"} if pattern.name in POST_ONLY else {"GET", "HEAD"}
    lines_before = Verwerkingslog.objects.count()
    for client in (signed_in, APIClient()):
        for method in ("put", "patch", "delete", "trace"):
            response = getattr(client, method)(url)
            assert response.status_code == 405, f"{method.upper()} {route}"
            assert allowed <= set(response["Allow"].split(", ")), response["Allow"]
            assert "OPTIONS" not in response["Allow"]
    assert Verwerkingslog.objects.count() == lines_before

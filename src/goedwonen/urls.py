import logging

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.urls import include, path

from goedwonen.aanmelden import views as aanmelden_views
from goedwonen.accounts import views as account_views
from goedwonen.api.exceptions import problem_response
from goedwonen.casussen import views as casus_views
from goedwonen.casussen import views_sjablonen as casus_sjabloon_views
from goedwonen.casussen import views_werkplek as casus_werkplek
from goedwonen.core import views as core_views
from goedwonen.core import views_lists as list_views
from goedwonen.documenten import views as document_views
from goedwonen.documenten import views_sjablonen as brief_sjabloon_views
from goedwonen.inspecties import views as inspectie_views
from goedwonen.inspecties import views_stappen as bezoekstappen_views
from goedwonen.intake import public_views as intake_public_views
from goedwonen.intake import views as intake_views
from goedwonen.intake import views_routering as intake_routering_views
from goedwonen.rapportage import views_uitkomsten as uitkomst_views
from goedwonen.registry import eigenaar_views
from goedwonen.registry import views as registry_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("inloggen", aanmelden_views.login, name="login"),
    path("uitloggen", aanmelden_views.logout, name="logout"),
    path("", include("goedwonen.aanmelden.urls")),
    path("gezondheid", core_views.health, name="health"),
    path("melden", intake_public_views.melden, name="melden"),
    path("melden/ontvangen", intake_public_views.melden_ontvangen, name="melden-ontvangen"),
    path(
        "melden/status/<str:referentie>/<str:secret>",
        intake_public_views.melding_status,
        name="melding-status",
    ),
    path("lijsten/filters", list_views.opgeslagen_filter_bewaren, name="opgeslagen-filter-bewaren"),
    path(
        "lijsten/filters/<int:pk>/hernoemen",
        list_views.opgeslagen_filter_hernoemen,
        name="opgeslagen-filter-hernoemen",
    ),
    path(
        "lijsten/filters/<int:pk>/verwijderen",
        list_views.opgeslagen_filter_verwijderen,
        name="opgeslagen-filter-verwijderen",
    ),
    path("privacy/logboek", core_views.privacy_log, name="privacy-log"),
    path("privacy/logboek/controle", core_views.privacy_log_verify, name="privacy-log-verify"),
    path("privacy/verwerkingsregister", core_views.privacy_register, name="privacy-register"),
    path(
        "privacy/toegangsbeoordeling",
        account_views.toegangsbeoordeling,
        name="toegangsbeoordeling",
    ),
    path(
        "privacy/toegangsbeoordeling.csv",
        account_views.toegangsbeoordeling_export,
        name="toegangsbeoordeling-export",
    ),
    path("beheer/organisaties", account_views.accounts_overview, name="accounts-overview"),
    path("beheer/gebruikers/nieuw", account_views.user_create, name="user-create"),
    path("beheer/gebruikers/<int:pk>", account_views.user_update, name="user-update"),
    path("beheer/api-tokens", account_views.api_tokens, name="api-tokens"),
    path(
        "beheer/api-tokens/<int:pk>/intrekken",
        account_views.api_token_revoke,
        name="api-token-revoke",
    ),
    path("beheer/rolaanvragen", account_views.rolaanvragen, name="rolaanvragen"),
    path(
        "beheer/rolaanvragen/<int:pk>/besluit",
        account_views.rolaanvraag_besluit,
        name="rolaanvraag-besluit",
    ),
    path("", include("goedwonen.accounts.urls_beheer")),
    path("adressen", registry_views.adres_zoeken, name="adres-zoeken"),
    path("adressen/<str:nummeraanduiding>", registry_views.adres_detail, name="adres"),
    path("eigenaren/<str:eigenaar_id>", eigenaar_views.eigenaar_detail, name="eigenaar"),
    path(
        "eigenaren/<str:eigenaar_id>/meldingen",
        eigenaar_views.eigenaar_meldingen,
        name="eigenaar-meldingen",
    ),
    path(
        "eigenaren/<str:eigenaar_id>/controles",
        eigenaar_views.eigenaar_controles,
        name="eigenaar-controles",
    ),
    path(
        "eigenaren/<str:eigenaar_id>/handhaving",
        eigenaar_views.eigenaar_handhaving,
        name="eigenaar-handhaving",
    ),
    path(
        "eigenaren/<str:eigenaar_id>/kaart.json",
        eigenaar_views.eigenaar_kaart,
        name="eigenaar-kaart",
    ),
    path("kaart", registry_views.kaart, name="kaart"),
    path("kaart/buurten.geojson", registry_views.kaart_buurten, name="kaart-buurten"),
    path("kaart/woningen.json", registry_views.kaart_woningen, name="kaart-woningen"),
    path("meldingen/koppelwachtrij", registry_views.koppelwachtrij, name="koppelwachtrij"),
    path("meldingen/<int:pk>/koppelen", registry_views.melding_koppelen, name="melding-koppelen"),
    path(
        "meldingen/<int:pk>/koppelen/opslaan",
        registry_views.melding_koppelen_opslaan,
        name="melding-koppelen-opslaan",
    ),
    path("beheer/leveringen", registry_views.leveringen, name="leveringen"),
    path("meldingen", intake_views.meldingen, name="meldingen"),
    path("meldingen.csv", intake_views.meldingen_export, name="meldingen-export"),
    path("meldingen/toewijzen", intake_views.meldingen_toewijzen, name="meldingen-toewijzen"),
    path("beheer/routering", intake_views.routering, name="routering"),
    path(
        "beheer/routering/regels/<int:pk>",
        intake_routering_views.routeringsregel,
        name="routeringsregel",
    ),
    path("beheer/", include("goedwonen.parameters.urls")),
    path("beheer/briefsjablonen", brief_sjabloon_views.briefsjablonen, name="briefsjablonen"),
    path(
        "beheer/briefsjablonen/<slug:code>",
        brief_sjabloon_views.briefsjabloon,
        name="briefsjabloon",
    ),
    path("beheer/taaksjablonen", casus_sjabloon_views.taaksjablonen, name="taaksjablonen"),
    path("beheer/taaksjablonen/<int:pk>", casus_sjabloon_views.taaksjabloon, name="taaksjabloon"),
    path("meldingen/registreren", intake_views.melding_registreren, name="melding-registreren"),
    path("meldingen/<int:pk>", intake_views.melding_detail, name="melding"),
    path(
        "meldingen/<int:pk>/bijlagen/<int:bijlage>",
        intake_views.melding_bijlage,
        name="melding-bijlage",
    ),
    path("meldingen/<int:pk>/triage", intake_views.melding_triage, name="melding-triage"),
    path("meldingen/<int:pk>/afsluiten", intake_views.melding_afsluiten, name="melding-afsluiten"),
    path("meldingen/<int:pk>/casus", casus_views.casus_nieuw, name="casus-nieuw"),
    path("casussen", casus_views.casussen, name="casussen"),
    path("casussen/export.csv", casus_views.casussen_export, name="casussen-export"),
    path("casussen/nieuw", casus_views.casus_nieuw_adres, name="casus-nieuw-adres"),
    path("casussen/<str:referentie>", casus_views.casus_detail, name="casus"),
    path("casussen/<str:referentie>/status", casus_views.casus_status, name="casus-status"),
    path("casussen/<str:referentie>/sluiten", casus_views.casus_afsluiten, name="casus-afsluiten"),
    path("casussen/<str:referentie>/delen", casus_views.casus_delen, name="casus-delen"),
    path(
        "casussen/<str:referentie>/delen/<int:pk>/beeindigen",
        casus_views.deling_beeindigen,
        name="casus-deling-beeindigen",
    ),
    path("casussen/<str:referentie>/taken", casus_views.casus_taak, name="casus-taak"),
    path(
        "casussen/<str:referentie>/taken/standaard",
        casus_views.casus_sjablonen,
        name="casus-sjablonen",
    ),
    path(
        "casussen/<str:referentie>/taken/<int:pk>/afronden",
        casus_views.taak_afronden,
        name="taak-afronden",
    ),
    path("casussen/<str:referentie>/notities", casus_views.casus_notitie, name="casus-notitie"),
    path(
        "casussen/<str:referentie>/partijen", casus_views.partij_toevoegen, name="partij-toevoegen"
    ),
    # The case page as a workspace (casussen/views_werkplek.py).
    path(
        "casussen/<str:referentie>/adressen",
        casus_werkplek.casus_adres_toevoegen,
        name="casus-adres-toevoegen",
    ),
    path(
        "casussen/<str:referentie>/adressen/zoeken",
        casus_werkplek.casus_adres_zoeken,
        name="casus-adres-zoeken",
    ),
    path(
        "casussen/<str:referentie>/eigenaren/zoeken",
        casus_werkplek.casus_eigenaar_zoeken,
        name="casus-eigenaar-zoeken",
    ),
    path(
        "casussen/<str:referentie>/samenvoegen",
        casus_werkplek.casus_samenvoegen,
        name="casus-samenvoegen",
    ),
    path(
        "casussen/<str:referentie>/documenten",
        document_views.document_toevoegen,
        name="document-toevoegen",
    ),
    path(
        "casussen/<str:referentie>/documenten/<int:pk>",
        document_views.document_downloaden,
        name="document-downloaden",
    ),
    path("casussen/<str:referentie>/brieven", document_views.brief_maken, name="brief-maken"),
    # What changed after an intervention (issue 17, outcomes; kept in rapportage).
    path(
        "casussen/<str:referentie>/uitkomsten",
        uitkomst_views.uitkomst_vastleggen,
        name="uitkomst-vastleggen",
    ),
    path(
        "casussen/<str:referentie>/uitkomsten/<int:pk>/corrigeren",
        uitkomst_views.uitkomst_corrigeren,
        name="uitkomst-corrigeren",
    ),
    path(
        "casussen/<str:referentie>/bezoeken/nieuw",
        bezoekstappen_views.bezoek_nieuw,
        name="bezoek-nieuw",
    ),
    path(
        "casussen/<str:referentie>/bezoeken/<int:pk>",
        inspectie_views.bezoek_detail,
        name="bezoek",
    ),
    path("taken", casus_views.taken, name="taken"),
    path("taken.csv", casus_views.taken_export, name="taken-export"),
    path("taken/toewijzen", casus_views.taken_toewijzen, name="taken-toewijzen"),
    path("", include("goedwonen.analytics.urls")),
    path("handhaving/", include("goedwonen.handhaving.urls")),
    path("verhuurders/", include("goedwonen.verhuurders.urls")),
    path("casustafels/", include("goedwonen.casustafels.urls")),
    path("acties/", include("goedwonen.acties.urls")),
    path("sturing/", include("goedwonen.rapportage.urls")),
    path("notificaties/", include("goedwonen.notificaties.urls")),
    path("api/v1/", include("goedwonen.api.urls")),
]


def _error(request: HttpRequest, status: int, template: str, detail: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return problem_response(request, status, detail)
    response = render(request, template, {"detail": detail}, status=status)
    response.error_page = True  # type: ignore[attr-defined]  # OwnNotFoundPageMiddleware
    return response


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Bad input outside a form: a body over DATA_UPLOAD_MAX_MEMORY_SIZE (413), a query that
    a view refuses (BadRequest, whose message says what), or a request Django finds
    malformed. For the API as problem+json, as every API error."""
    if isinstance(exception, RequestDataTooBig):
        megabytes = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024:.1f}".replace(".", ",")
        return _error(
            request, 413, "400.html", f"De inhoud van het verzoek is groter dan {megabytes} MB."
        )
    if isinstance(exception, BadRequest):
        return _error(request, 400, "400.html", str(exception))
    return _error(request, 400, "400.html", "Het verzoek is ongeldig.")


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "403.html", str(exception or "") or "Geen toegang.")


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "404.html", "Deze pagina of dit object bestaat niet.")


# The server-error page when even the normal one fails (what broke may be what it needs: the
# database behind the signed-in user and the menu, the static-file manifest, a template).
SERVER_ERROR_PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Er ging iets mis · Goedwonen</title></head>
<body><main><h1>Er ging iets mis</h1><p>Er ging iets mis aan onze kant. Probeer het later opnieuw.
</p><p><a href="/">Terug naar het overzicht</a></p></main></body></html>
"""


def handler500(request: HttpRequest) -> HttpResponse:
    try:
        return _error(request, 500, "500.html", "Er ging iets mis aan onze kant.")
    except Exception:  # the page must still answer
        logging.getLogger(__name__).exception("De foutpagina zelf mislukte")
        return HttpResponseServerError(SERVER_ERROR_PAGE)

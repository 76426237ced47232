"""The public reporting point (Wet goed verhuurderschap): report without an account, then
follow the report by a secret status link.

Everything here is public, so it shows nothing the reporter did not give: the address lookup
only confirms that an address exists, and the status page shows the reporter's texts of the
status history, never the handler, the team or an internal reason. Spam protection: a honeypot
field and a rate limit per client address (behind the trusted proxies) in Django's shared cache.
It all works without JavaScript; with htmx the address check answers in place. The pages
speak the reporter's language (intake/talen.py).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.network import client_address
from goedwonen.core.policy import public_view
from goedwonen.registry.address_lookup import find_address

from .attachments import MAX_BYTES, MAX_FILES
from .hulpaanbod import hulpaanbod_for
from .models import MelderSoort, Melding, StatusWijziging
from .public_forms import CATEGORIE_LABELS, HONEYPOT, AdresForm, MeldenForm
from .services import contacts, registration
from .talen import in_reporter_language, language_menu, with_language

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Accepted reports (and honeypot hits) per client address per window. Attempts that fail
# validation cost work too (images are re-encoded), so all attempts have a looser limit, and
# address checks one of their own. The window slides: each counted request counts for an hour.
RATE_LIMIT = 10
ATTEMPT_LIMIT = 30
LOOKUP_LIMIT = 60
RATE_WINDOW = 3600
# Five attachments of 10 MB and the text fields; a larger request is refused before parsing.
MAX_REQUEST_BYTES = MAX_FILES * MAX_BYTES + 1024 * 1024
SESSION_KEY = "meldpunt_bevestiging"
# Compared against when the reference is unknown, so that path costs the same work.
_NO_MATCH = registration.statuslink_hash("geen melding met dit kenmerk")

TOO_MANY = _(
    "U heeft in korte tijd vaak een melding verstuurd. Daarom nemen wij nu geen nieuwe melding "
    "van u aan. Probeer het over een uur opnieuw, of bel 14 010."
)
SPAM = _(
    "Uw melding is niet verstuurd: het formulier lijkt automatisch ingevuld. Probeer het "
    "opnieuw, of bel 14 010."
)
TOO_LARGE = format_lazy(
    _(
        "Uw melding is niet verstuurd: de bestanden zijn samen te groot. Kies ten hoogste "
        "{files} bestanden van elk ten hoogste 10 MB."
    ),
    files=MAX_FILES,
)
FILES_AGAIN = _(
    "Kies uw foto's of bestanden opnieuw: wij bewaren ze niet zolang het formulier nog niet "
    "verstuurd is."
)


def _client(request: HttpRequest) -> str:
    """The client's address as the rate limit counts it: IPv6 per /64 (one subscriber),
    keyed (HMAC) so the cache holds no addresses."""
    raw = client_address(request)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        key = raw
    else:
        mapped = getattr(address, "ipv4_mapped", None)
        if mapped is not None:
            key = str(mapped)
        elif address.version == 6:
            key = str(ipaddress.ip_network(f"{address}/64", strict=False))
        else:
            key = str(address)
    return hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()[:32]


def _slots(request: HttpRequest, scope: str, limit: int) -> list[str]:
    """One cache key per request that may be counted."""
    client = _client(request)
    return [f"meldpunt:{scope}:{client}:{slot}" for slot in range(limit)]


def _reserve(request: HttpRequest, scope: str, limit: int) -> str | None:
    """Count this request before its work is done: take a free slot and return its key, or
    None when all are taken. Checking first and counting after the work let a burst of
    requests all pass the check (12 stored for a limit of 10).

    A slot is taken with `add`, which is atomic in every cache the settings allow (a unique
    key in the database, SET NX in Redis, a lock in locmem), so two requests never take the
    same one; `incr` is read-then-write outside Redis and would lose counts."""
    slots = _slots(request, scope, limit)
    taken = cache.get_many(slots)
    for slot in slots:
        # A slot taken by another request since get_many: try the next one.
        if slot not in taken and cache.add(slot, 1, RATE_WINDOW):
            return slot
    return None


def _release(slot: str) -> None:
    """Give back a slot whose request turned out not to count (a form with errors)."""
    cache.delete(slot)


def _kept(request: HttpRequest) -> dict[str, Any]:
    """What the reporter typed, to show again in an unbound form (no honeypot, no files)."""
    kept: dict[str, Any] = {
        name: request.POST.get(name, "")
        for name in MeldenForm.base_fields
        if name not in (HONEYPOT, "bijlagen")
    }
    return kept


def _language(request: HttpRequest) -> dict[str, Any]:
    """The menu to choose the page's language: this page in each language."""
    return {"talen": language_menu(request, get_language())}


def _page(
    request: HttpRequest,
    form: MeldenForm,
    *,
    adres_form: AdresForm | None = None,
    lookup: dict[str, str] | None = None,
    alert: StrOrPromise = "",
    status: int = 200,
) -> HttpResponse:
    # Files cannot be shown again in a form: say so when some were sent with this one.
    files_chosen = status != 413 and request.method == "POST" and bool(request.FILES)
    response = render(
        request,
        "intake/melden.html",
        {
            "form": form,
            "adres_form": adres_form or form,
            "lookup": lookup,
            "alert": alert,
            "files_again": FILES_AGAIN if files_chosen else "",
            "retention_years": contacts.CONTACT_RETENTION.days // 365,
            "melden_url": with_language(reverse("melden"), get_language()),
            **_language(request),
        },
        status=status,
    )
    return response


def _lookup(request: HttpRequest) -> HttpResponse:
    """Confirm that an address exists, and nothing more (no owner, no reports, no object)."""
    adres_form = AdresForm(request.POST)
    if not adres_form.is_valid():
        lookup = {"soort": "ongeldig"}
    elif _reserve(request, "adres", LOOKUP_LIMIT) is None:
        lookup = {"soort": "limiet"}
    else:
        found = find_address(adres_form.adres())
        lookup = (
            {
                "soort": "gevonden",
                "adres": f"{found.straat_huisnummer}, {found.postcode} {found.woonplaats}",
            }
            if found is not None
            else {"soort": "onbekend"}
        )
    if request.headers.get("HX-Request"):
        return render(request, "intake/melden_adres.html", {"lookup": lookup})
    return _page(request, MeldenForm(initial=_kept(request)), adres_form=adres_form, lookup=lookup)


@public_view(methods=["GET", "POST"])
@in_reporter_language
def melden(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, MeldenForm())
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_REQUEST_BYTES:
        return _page(request, MeldenForm(), alert=TOO_LARGE, status=413)
    if request.POST.get("actie") == "adres":
        return _lookup(request)
    report_slot = _reserve(request, "melding", RATE_LIMIT)
    if report_slot is None or _reserve(request, "poging", ATTEMPT_LIMIT) is None:
        if report_slot is not None:
            _release(report_slot)
        response = _page(request, MeldenForm(initial=_kept(request)), alert=TOO_MANY, status=429)
        response["Retry-After"] = str(RATE_WINDOW)
        return response
    form = MeldenForm(request.POST, request.FILES)
    if form.is_spam:
        # Counts as a report: a robot filling in every field is what the limit is for.
        return _page(request, MeldenForm(initial=_kept(request)), alert=SPAM, status=400)
    if not form.is_valid():
        _release(report_slot)  # the attempt counts, the report does not
        return _page(request, form, status=400)
    contact = form.contact()
    try:
        result = registration.melding_register(
            actor=None,
            bron=registration.PUBLIC_SOURCE,
            categorie=form.cleaned_data["categorie"],
            omschrijving=form.cleaned_data["omschrijving"],
            adres=form.adres(),
            melder_soort=MelderSoort.BEWONER if contact else MelderSoort.ANONIEM,
            contact=contact,
            bijlagen=form.cleaned_data["bijlagen"],
        )
    except ValidationError as error:
        _release(report_slot)
        form_add_service_errors(form, error)
        return _page(request, form, status=400)
    # Shown once: the session holds the secret only until the confirmation page takes it
    # out, so a reload shows it no more, and the redirect keeps the form from being sent twice.
    request.session[SESSION_KEY] = {
        "referentie": result.melding.referentie,
        "secret": result.statuslink_secret,
    }
    return redirect(with_language(reverse("melden-ontvangen"), get_language()))


@public_view
@in_reporter_language
def melden_ontvangen(request: HttpRequest) -> HttpResponse:
    taal = get_language()
    shown = request.session.pop(SESSION_KEY, None)
    if not shown:
        return redirect(with_language(reverse("melden"), taal))
    melding = Melding.objects.get(referentie=shown["referentie"])
    # The link opens the status page in the language the report was made in.
    status_url = request.build_absolute_uri(
        with_language(
            reverse(
                "melding-status",
                kwargs={"referentie": shown["referentie"], "secret": shown["secret"]},
            ),
            taal,
        )
    )
    response = render(
        request,
        "intake/melden_ontvangen.html",
        {
            "melding": melding,
            "onderwerp": CATEGORIE_LABELS.get(melding.categorie, ""),
            "bijlagen": melding.bijlagen.count(),
            "status_url": status_url,
            "met_email": hasattr(melding, "contact") and bool(melding.contact.email),
            "hulpaanbod": hulpaanbod_for(melding.categorie),
            # No language menu here: the page is shown once, so a link to it in another
            # language would find nothing. The status page it links to has the menu.
            "melden_url": with_language(reverse("melden"), taal),
        },
    )
    return response


def _by_status_link(referentie: str, secret: str) -> Melding:
    """The report the link points to; 404 alike for an unknown reference and a wrong secret."""
    melding = Melding.objects.filter(referentie=referentie).first()
    expected = melding.statuslink_hash if melding is not None else ""
    given = registration.statuslink_hash(secret)
    if not hmac.compare_digest(given, expected or _NO_MATCH) or melding is None or not expected:
        raise Http404
    return melding


@public_view
@in_reporter_language
def melding_status(request: HttpRequest, referentie: str, secret: str) -> HttpResponse:
    melding = _by_status_link(referentie, secret)
    # The standard texts (intake/workflow.py) in the reporter's language; a text a handler
    # wrote has no translation and shows as written.
    historie = [
        {"melder_tekst": gettext(stap["melder_tekst"]), "op": stap["op"]}
        for stap in StatusWijziging.objects.filter(melding=melding)
        .exclude(melder_tekst="")
        .order_by("op", "pk")
        .values("melder_tekst", "op")
    ]
    response = render(
        request,
        "intake/status.html",
        {
            "referentie": melding.referentie,
            "ontvangen_op": melding.ontvangen_op,
            "historie": historie,
            "huidig": historie[-1]["melder_tekst"] if historie else "",
            # What the reporter gave at the reporting point; nothing the case added.
            "eigen_melding": melding.bron == registration.PUBLIC_SOURCE,
            "onderwerp": CATEGORIE_LABELS.get(melding.categorie, ""),
            "opgegeven_adres": melding.opgegeven_adres,
            "omschrijving": melding.omschrijving,
            "hulpaanbod": hulpaanbod_for(melding.categorie),
            **_language(request),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

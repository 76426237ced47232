"""The public reporting point in the reporter's language: the form, its errors, the
confirmation and the status page in Dutch (the source), English, Polish, Romanian and
Bulgarian, with the reporter's rights and the partners' help offers that fit the report.
Staff pages stay Dutch."""

from __future__ import annotations

import re

import pytest

from django.urls import reverse

from goedwonen.core.policy import Capability
from goedwonen.intake.hulpaanbod import HULPAANBOD, hulpaanbod_for
from goedwonen.intake.services.triage import melding_triage
from goedwonen.intake.talen import COOKIE

from .test_public import fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


# Per language a few texts of each page, written out here (not read from the catalogue),
# so a missing or stale translation fails.
TEXTS = {
    "nl": {
        "title": "Misstand bij wonen melden",
        "label": "Waar gaat uw melding over?",
        "choice": "Er wonen te veel mensen in de woning",
        "rights": "Uw rechten als huurder",
        "deposit": "De borg is ten hoogste twee keer de kale huur",
        "postcode_error": "Een postcode is vier cijfers en twee letters, bijvoorbeeld 3083 AB.",
        "required": "Beschrijf wat er aan de hand is.",
        "optional": "(niet verplicht)",
        "check_form": "Controleer het formulier:",
        "thanks": "Bedankt, wij hebben uw melding ontvangen",
        "help": "Hulp voor u",
        "wijkteam": "Wijkteam",
        "status": "Status van uw melding",
        "received": "Uw melding is ontvangen.",
        "assessed": "Uw melding wordt beoordeeld.",
        "skip": "Direct naar de inhoud",
    },
    "en": {
        "title": "Report housing abuse",
        "label": "What is your report about?",
        "choice": "Too many people live in the home",
        "rights": "Your rights as a tenant",
        "deposit": "The deposit is at most twice the basic rent",
        "postcode_error": "A postcode is four digits and two letters, for example 3083 AB.",
        "required": "Describe what is going on.",
        "optional": "(optional)",
        "check_form": "Check the form:",
        "thanks": "Thank you, we have received your report",
        "help": "Help for you",
        "wijkteam": "Neighbourhood team (Wijkteam)",
        "status": "Status of your report",
        "received": "Your report has been received.",
        "assessed": "Your report is being assessed.",
        "skip": "Skip to content",
    },
    "pl": {
        "title": "Zgłoś nieprawidłowości związane z mieszkaniem",
        "label": "Czego dotyczy twoje zgłoszenie?",
        "choice": "W mieszkaniu mieszka zbyt wiele osób",
        "rights": "Twoje prawa jako najemcy",
        "deposit": "Kaucja wynosi najwyżej dwukrotność czynszu podstawowego",
        "postcode_error": "Kod pocztowy to cztery cyfry i dwie litery, na przykład 3083 AB.",
        "required": "Opisz, co się dzieje.",
        "optional": "(nieobowiązkowe)",
        "check_form": "Sprawdź formularz:",
        "thanks": "Dziękujemy, otrzymaliśmy twoje zgłoszenie",
        "help": "Pomoc dla ciebie",
        "wijkteam": "Zespół dzielnicowy (Wijkteam)",
        "status": "Status twojego zgłoszenia",
        "received": "Twoje zgłoszenie zostało przyjęte.",
        "assessed": "Twoje zgłoszenie jest rozpatrywane.",
        "skip": "Przejdź do treści",
    },
    "ro": {
        "title": "Semnalați un abuz legat de locuință",
        "label": "Despre ce este sesizarea dumneavoastră?",
        "choice": "În locuință locuiesc prea multe persoane",
        "rights": "Drepturile dumneavoastră ca chiriaș",
        "deposit": "Garanția este de cel mult de două ori chiria de bază",
        "postcode_error": "Un cod poștal are patru cifre și două litere, de exemplu 3083 AB.",
        "required": "Descrieți ce se întâmplă.",
        "optional": "(opțional)",
        "check_form": "Verificați formularul:",
        "thanks": "Vă mulțumim, am primit sesizarea dumneavoastră",
        "help": "Ajutor pentru dumneavoastră",
        "wijkteam": "Echipa de cartier (Wijkteam)",
        "status": "Stadiul sesizării dumneavoastră",
        "received": "Sesizarea dumneavoastră a fost primită.",
        "assessed": "Sesizarea dumneavoastră este în curs de evaluare.",
        "skip": "Salt la conținut",
    },
    "bg": {
        "title": "Подайте сигнал за нередност с жилище",
        "label": "За какво е вашият сигнал?",
        "choice": "В жилището живеят твърде много хора",
        "rights": "Вашите права като наемател",
        "deposit": "Депозитът е най-много два пъти основния наем",
        "postcode_error": "Пощенският код се състои от четири цифри и две букви, например 3083 AB.",
        "required": "Опишете какво се случва.",
        "optional": "(по желание)",
        "check_form": "Проверете формуляра:",
        "thanks": "Благодарим ви, получихме вашия сигнал",
        "help": "Помощ за вас",
        "wijkteam": "Квартален екип (Wijkteam)",
        "status": "Статус на вашия сигнал",
        "received": "Сигналът ви е получен.",
        "assessed": "Сигналът ви се разглежда.",
        "skip": "Към съдържанието",
    },
}
OTHERS = ["en", "pl", "ro", "bg"]


def in_language(url: str, taal: str) -> str:
    return f"{url}?taal={taal}"


def page_lang(body: str) -> str:
    return re.search(r'<html lang="([^"]+)"', body)[1]


def status_link(client, taal: str) -> str:
    body = client.get(in_language(reverse("melden-ontvangen"), taal)).content.decode()
    return re.search(r'id="statuslink">(http[^<]+)<', body)[1]


@pytest.mark.parametrize("taal", ["nl", *OTHERS])
def test_the_form_speaks_the_chosen_language(client, taal):
    response = client.get(in_language(reverse("melden"), taal))
    body = response.content.decode()
    text = TEXTS[taal]
    assert response.status_code == 200
    assert page_lang(body) == taal
    assert response["Content-Language"] == taal
    assert f"<title>{text['title']} · Goedwonen</title>" in body
    for key in ("title", "label", "choice", "rights", "deposit", "optional", "skip"):
        assert text[key] in body, key
    if taal != "nl":
        # No Dutch left of the page's own texts.
        for key in ("label", "choice", "rights", "deposit", "optional", "skip"):
            assert TEXTS["nl"][key] not in body, key
    # The form posts back in the same language.
    assert f'action="/melden?taal={taal}"' in body or taal == "nl"


def test_the_menu_names_each_language_in_its_own_language_and_marks_the_current(client):
    body = client.get(in_language(reverse("melden"), "pl")).content.decode()
    menu = re.search(r'<nav class="gw-talen" aria-label="([^"]+)">(.*?)</nav>', body, re.S)
    assert menu[1] == "Wybierz język"
    links = re.findall(
        r'<a class="utrecht-link" href="([^"]+)" lang="(\w+)" hreflang="(\w+)"'
        r'( aria-current="true")?>([^<]+)</a>',
        menu[2],
    )
    assert [
        (href, lang, hreflang, bool(current), name) for href, lang, hreflang, current, name in links
    ] == [
        ("/melden?taal=nl", "nl", "nl", False, "Nederlands"),
        ("/melden?taal=en", "en", "en", False, "English"),
        ("/melden?taal=pl", "pl", "pl", True, "Polski"),
        ("/melden?taal=ro", "ro", "ro", False, "Română"),
        ("/melden?taal=bg", "bg", "bg", False, "Български"),
    ]


@pytest.mark.parametrize("taal", OTHERS)
def test_errors_come_in_the_chosen_language_and_keep_what_was_typed(client, city, taal):
    response = client.post(
        in_language(reverse("melden"), taal),
        fields(postcode="30830", omschrijving="", naam="Jan Melder"),
    )
    body = response.content.decode()
    text = TEXTS[taal]
    assert response.status_code == 400
    assert page_lang(body) == taal
    assert text["check_form"] in body
    assert text["postcode_error"] in body
    assert text["required"] in body
    assert TEXTS["nl"]["postcode_error"] not in body
    assert 'value="Jan Melder"' in body


@pytest.mark.parametrize("taal", OTHERS)
def test_a_report_in_a_language_confirms_and_follows_in_that_language(
    client, reports, make_user, taal
):
    response = client.post(in_language(reverse("melden"), taal), fields())
    assert response.status_code == 302
    assert response["Location"] == in_language(reverse("melden-ontvangen"), taal)

    confirmation = client.get(response["Location"])
    body = confirmation.content.decode()
    text = TEXTS[taal]
    assert page_lang(body) == taal
    assert text["thanks"] in body
    # The category's help offers (overbewoning: the neighbourhood team), in the language.
    assert text["help"] in body and text["wijkteam"] in body
    assert 'id="hulp-wijkteam"' in body and 'id="hulp-huurteam"' not in body
    link = re.search(r'id="statuslink">(http[^<]+)<', body)[1]
    assert link.endswith(f"?taal={taal}")

    # The status link opens in the report's language in a browser that never chose one.
    client.cookies.clear()
    status = client.get(link).content.decode()
    assert page_lang(status) == taal
    for key in ("status", "received", "help", "wijkteam", "rights"):
        assert text[key] in status, key

    # A standard step the handler takes shows translated too.
    melding_triage(
        actor=make_user([Capability.REPORTS_TRIAGE], username="behandelaar"),
        melding=reports().get(),
        uitkomst="multi",
        reden="Vermoeden van uitbuiting",
        casusregisseur=make_user([Capability.CASES_DIRECT], username="regisseur"),
    )
    status = client.get(link).content.decode()
    assert text["assessed"] in status
    assert TEXTS["nl"]["assessed"] not in status


def test_a_choice_is_remembered_in_a_cookie_for_the_next_page(client):
    first = client.get(in_language(reverse("melden"), "ro"))
    assert first.cookies[COOKIE].value == "ro"
    assert first.cookies[COOKIE]["samesite"] == "Lax"
    again = client.get(reverse("melden")).content.decode()
    assert page_lang(again) == "ro" and TEXTS["ro"]["title"] in again
    # Choosing Dutch again goes back to Dutch.
    client.get(in_language(reverse("melden"), "nl"))
    assert page_lang(client.get(reverse("melden")).content.decode()) == "nl"


def test_dutch_without_a_choice_and_for_an_unknown_language(client):
    plain = client.get(reverse("melden"), HTTP_ACCEPT_LANGUAGE="pl,en;q=0.8")
    assert page_lang(plain.content.decode()) == "nl"
    assert COOKIE not in plain.cookies
    unknown = client.get(in_language(reverse("melden"), "xx"))
    assert unknown.status_code == 200
    assert page_lang(unknown.content.decode()) == "nl"
    assert COOKIE not in unknown.cookies


def test_staff_pages_stay_dutch_whatever_the_reporter_chose(client, make_user):
    client.cookies[COOKIE] = "pl"
    login = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert page_lang(login) == "nl" and "Direct naar de inhoud" in login
    client.force_login(make_user([Capability.REPORTS_TRIAGE], username="behandelaar"))
    queue = client.get(in_language(reverse("meldingen"), "pl"), HTTP_ACCEPT_LANGUAGE="pl")
    body = queue.content.decode()
    assert queue.status_code == 200
    assert page_lang(body) == "nl" and "Direct naar de inhoud" in body


def test_the_address_check_answers_in_the_chosen_language(client, city):
    response = client.post(
        in_language(reverse("melden"), "bg"),
        {"actie": "adres", "postcode": "3083AB", "huisnummer": "10"},
        HTTP_HX_REQUEST="true",
    )
    assert "Адресът е намерен: Carnisselaan 10" in response.content.decode()


def test_help_offers_fit_the_category():
    assert [a.code for a in hulpaanbod_for("te_hoge_huur")] == ["huurteam", "juridisch_loket"]
    assert [a.code for a in hulpaanbod_for("uitbuiting")] == ["juridisch_loket", "wijkteam"]
    assert [a.code for a in hulpaanbod_for("huurcontract_werk")] == [
        "huurteam",
        "juridisch_loket",
        "wijkteam",
    ]
    assert hulpaanbod_for("leegstand") == []
    assert {a.code for a in HULPAANBOD} == {"huurteam", "juridisch_loket", "wijkteam"}


def test_no_help_section_when_no_offer_fits(client, city):
    client.post(reverse("melden"), fields(categorie="leegstand"))
    body = client.get(reverse("melden-ontvangen")).content.decode()
    assert "Bedankt, wij hebben uw melding ontvangen" in body
    assert "Hulp voor u" not in body and 'id="hulpaanbod"' not in body

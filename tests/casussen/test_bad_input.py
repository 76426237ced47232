"""Bad input on the case pages: a clear error beside the field or a 400 that says what is
wrong, never a server error, and text within the lengths every channel shares."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Casus, Gebeurtenis, Gebeurtenissoort, Taak
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.casussen.services.timeline import casus_note
from goedwonen.casussen.workflow import sharing_horizon
from goedwonen.core import display
from goedwonen.core.validators import HUISNUMMER_MESSAGE, MAX_NOTE

pytestmark = pytest.mark.django_db

BAD_DIRECTOR = "Het filter op casusregisseur is ongeldig: kies iemand uit de lijst."


@pytest.mark.parametrize("regisseur_", ["²", "①", "\u0661", "9" * 20, "-1", "abc"])
@pytest.mark.parametrize("page", ["casussen", "casussen-export"])
def test_an_odd_director_filter_is_a_400_that_says_so(client, casus, regisseur, regisseur_, page):
    client.force_login(regisseur)

    response = client.get(reverse(page), {"regisseur": regisseur_})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Ongeldig verzoek" in body and BAD_DIRECTOR in body
    assert casus.referentie not in body


def test_the_director_filter_still_filters(client, casus, regisseur):
    client.force_login(regisseur)

    response = client.get(reverse("casussen"), {"regisseur": str(regisseur.pk)})

    assert response.status_code == 200
    assert casus.referentie in response.content.decode()


def test_a_case_on_an_address_with_an_odd_house_number_names_the_field(client, city, regisseur):
    client.force_login(regisseur)
    data = {
        "herkomst": "casustafel",
        "postcode": "3083 ab",
        "huisnummer": "²",
        "titel": "Ingebracht aan de casustafel",
        "categorieen": ["woonoverlast"],
        "casusregisseur": str(regisseur.pk),
    }

    response = client.post(reverse("casus-nieuw-adres"), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"huisnummer": [HUISNUMMER_MESSAGE]}
    assert 'value="Ingebracht aan de casustafel"' in response.content.decode()
    assert not Casus.objects.exists()


# Sharing ends within two years


def test_a_sharing_until_9999_is_refused_beside_the_field(client, casus, regisseur, politie):
    client.force_login(regisseur)
    data = {
        "delen-organisatie": str(politie.organisatie_id),
        "delen-rol": "wijkagent",
        "delen-doel": "Controle",
        "delen-grondslag": "Wet politiegegevens art. 16",
        "delen-onderdelen": ["objecten"],
        "delen-tot": "9999-12-31",
    }

    response = client.post(reverse("casus-delen", args=[casus.referentie]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies een datum van 1 januari 1900 tot en met 31 december 2100." in page
    assert 'value="wijkagent"' in page
    assert not casus.delingen.exists()


def test_a_sharing_runs_at_most_two_years(casus, regisseur, partner_organisatie):
    share = {
        "actor": regisseur,
        "casus": casus,
        "organisatie": partner_organisatie,
        "rol": "wijkagent",
        "doel": "Controle",
        "grondslag": "Wet politiegegevens art. 16",
        "onderdelen": ["objecten"],
    }
    horizon = sharing_horizon(timezone.localdate())
    assert horizon.year == timezone.localdate().year + 2

    with pytest.raises(ValidationError) as raised:
        casus_share(**share, tot=horizon + timedelta(days=1))

    assert raised.value.message_dict == {
        "tot": [
            f"Deel ten hoogste 2 jaar vooruit, tot en met {display.datum(horizon)}. Loopt de "
            "samenwerking langer, deel dan opnieuw met een nieuw besluit."
        ]
    }
    assert casus_share(**share, tot=horizon).tot == horizon


# Text lengths


def test_a_note_of_a_megabyte_is_refused_and_kept_in_the_form(client, casus, regisseur):
    client.force_login(regisseur)
    before = Gebeurtenis.objects.filter(casus=casus, soort=Gebeurtenissoort.NOTITIE).count()

    response = client.post(
        reverse("casus-notitie", args=[casus.referentie]), {"notitie-tekst": "x" * 1_000_000}
    )

    assert response.status_code == 200
    assert response.context["notitie_form"].errors == {
        "tekst": [
            f"Zorg dat deze waarde niet meer dan {MAX_NOTE} tekens bevat (het zijn er nu 1000000)."
        ]
    }
    assert Gebeurtenis.objects.filter(casus=casus, soort=Gebeurtenissoort.NOTITIE).count() == (
        before
    )


def test_services_refuse_text_beyond_its_length(casus, regisseur):
    """Every channel, not only the forms: the service is the authority on the rules."""
    cases = [
        (casus_note, {"tekst": "x" * (MAX_NOTE + 1)}, "tekst"),
        (
            taak_create,
            {
                "titel": "t" * 201,
                "organisatie": regisseur.organisatie,
                "deadline": timezone.localdate(),
            },
            "titel",
        ),
        (
            taak_create,
            {
                "titel": "Huurcontract opvragen",
                "omschrijving": "o" * 5001,
                "organisatie": regisseur.organisatie,
                "deadline": timezone.localdate(),
            },
            "omschrijving",
        ),
    ]
    for service, fields, name in cases:
        with pytest.raises(ValidationError) as raised:
            service(actor=regisseur, casus=casus, **fields)
        assert list(raised.value.message_dict) == [name]
    assert not Taak.objects.exists()


def test_a_title_too_long_is_refused_not_cut(triaged, regisseur):
    with pytest.raises(ValidationError) as raised:
        casus_create(
            actor=regisseur,
            titel="T" * 201,
            categorieen=["overbewoning"],
            casusregisseur=regisseur,
            meldingen=[triaged],
        )
    assert raised.value.message_dict == {"titel": ["Gebruik ten hoogste 200 tekens."]}
    assert not Casus.objects.exists()

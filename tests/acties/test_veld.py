"""Recording visits in the field (services/veld.py): once per key, in the address's case,
with the photos stripped of their metadata; what a refusal leaves; skipping an address."""

from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from goedwonen.acties.models import Actieadres, Adresstatus, Veldfoto, Veldregistratie
from goedwonen.acties.services import veld
from goedwonen.acties.services.veld import actieadres_skip, veldbezoek_record
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.inspecties.models import Bevinding, Bezoek
from goedwonen.inspecties.services import BevindingInvoer
from tests.acties.support_veld import first_of_team_1 as _first
from tests.crafted_files import photo_with_exif
from tests.scenario import INSPECTOR

pytestmark = pytest.mark.django_db

TAKE_PART = [Capability.ACTIONS_TAKE_PART]


def _counts():
    return (
        Bezoek.objects.count(),
        Bevinding.objects.count(),
        Veldregistratie.objects.count(),
        Veldfoto.objects.count(),
    )


def _record(actor, team, adres, **kwargs):
    defaults = {
        "sleutel": uuid.uuid4(),
        "toegang": "verleend",
        "volwassenen": 5,
        "kinderen": 2,
        "bevindingen": [BevindingInvoer("overbewoning", True, "Vijf matrassen in de woonkamer.")],
    }
    return veldbezoek_record(actor=actor, team=team, actieadres=adres, **(defaults | kwargs))


def test_a_visit_is_recorded_in_the_address_case_and_the_address_is_done(
    veld_actie, veld_inspecteur
):
    team, adres = _first(veld_actie)
    sleutel = uuid.uuid4()

    ontvangst = _record(veld_inspecteur, team, adres, sleutel=sleutel, opmerkingen="Hond aanwezig.")

    assert ontvangst.nieuw is True
    registratie = Veldregistratie.objects.get()
    assert registratie.sleutel == sleutel
    assert (registratie.team, registratie.vastgelegd_door) == (team, veld_inspecteur)
    bezoek = registratie.bezoek
    assert bezoek.casus == adres.casus
    assert bezoek.casusobject.verblijfsobject == adres.verblijfsobject
    assert (bezoek.soort, bezoek.toegang, bezoek.volwassenen, bezoek.kinderen) == (
        "woningbezoek",
        "verleend",
        5,
        2,
    )
    # The team members of the recorder's organisation; the others as partners present.
    assert sorted(u.username for u in bezoek.medewerkers.all()) == ["collega", "inspecteur"]
    assert bezoek.partners == "Politie"
    assert [(b.categorie, b.vastgesteld) for b in bezoek.bevindingen.all()] == [
        ("overbewoning", True)
    ]
    # The quick checks ran: 7 persons on 40 m² is overcrowded.
    assert bezoek.bewoning.overbewoond is True
    assert bezoek.vergunningen is not None
    adres.refresh_from_db()
    assert (adres.status, adres.bezoek) == (Adresstatus.BEZOCHT, bezoek)
    assert Verwerkingslog.objects.filter(
        name="Veldbezoek vastgelegd", object_ref__startswith=f"actie:{veld_actie.pk}/"
    ).exists()


def test_the_same_key_again_returns_the_first_visit_and_stores_nothing(veld_actie, veld_inspecteur):
    team, adres = _first(veld_actie)
    sleutel = uuid.uuid4()
    first = _record(veld_inspecteur, team, adres, sleutel=sleutel)
    counts = _counts()

    again = _record(veld_inspecteur, team, adres, sleutel=sleutel, volwassenen=9)

    assert again.nieuw is False
    assert again.registratie == first.registratie
    assert _counts() == counts
    assert Bezoek.objects.get().volwassenen == 5


def test_two_copies_at_once_store_one_visit(veld_actie, veld_inspecteur, monkeypatch):
    """The copy that loses the race passed the check before the other was stored: the unique
    key refuses its registration, its visit is rolled back and it answers with the first."""
    team, adres = _first(veld_actie)
    sleutel = uuid.uuid4()
    first = _record(veld_inspecteur, team, adres, sleutel=sleutel)
    counts = _counts()
    known = veld._known
    calls = []

    def missed_once(key, actieadres):
        calls.append(key)
        return None if len(calls) == 1 else known(key, actieadres)

    monkeypatch.setattr(veld, "_known", missed_once)
    again = _record(veld_inspecteur, team, adres, sleutel=sleutel)

    assert (again.nieuw, again.registratie) == (False, first.registratie)
    assert _counts() == counts
    assert len(calls) == 2


def test_a_key_of_another_address_is_refused(veld_actie, veld_inspecteur):
    team, adres = _first(veld_actie)
    other = team.adressen.exclude(pk=adres.pk).first()
    sleutel = uuid.uuid4()
    _record(veld_inspecteur, team, adres, sleutel=sleutel)

    with pytest.raises(ValidationError) as refused:
        _record(veld_inspecteur, team, other, sleutel=sleutel)
    assert "sleutel" in refused.value.message_dict


def test_errors_name_their_field_and_store_nothing(veld_actie, veld_inspecteur):
    team, adres = _first(veld_actie)
    counts = _counts()
    lines = Verwerkingslog.objects.count()

    with pytest.raises(ValidationError) as refused:
        _record(
            veld_inspecteur,
            team,
            adres,
            volwassenen=None,
            bevindingen=[BevindingInvoer("overbewoning", True, "")],
        )

    assert set(refused.value.message_dict) == {
        "volwassenen",
        "bevindingen[overbewoning].toelichting",
    }
    assert _counts() == counts
    assert Verwerkingslog.objects.count() == lines
    adres.refresh_from_db()
    assert adres.status == Adresstatus.OPEN


def _upload(content: bytes, name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_photos_are_stored_without_their_metadata(veld_actie, veld_inspecteur):
    team, adres = _first(veld_actie)
    original = photo_with_exif()
    with Image.open(io.BytesIO(original)) as sent:
        assert dict(sent.getexif())  # the phone's camera, place and orientation

    ontvangst = _record(veld_inspecteur, team, adres, fotos=[_upload(original)])

    foto = ontvangst.registratie.fotos.get()
    assert foto.soort == "image/jpeg"
    with foto.bestand.open("rb") as stored, Image.open(stored) as image:
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        assert image.size == (48, 64)  # turned upright as the camera said, then the tag went


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_stored(veld_actie, veld_inspecteur):
    team, adres = _first(veld_actie)
    counts = _counts()

    with pytest.raises(ValidationError) as refused:
        _record(veld_inspecteur, team, adres, fotos=[_upload(b"%PDF-1.7\n", "brief.pdf")])

    assert refused.value.message_dict["fotos"] == [
        "brief.pdf: alleen foto's (JPEG, PNG) zijn toegestaan."
    ]
    assert _counts() == counts


def test_the_bare_rent_goes_with_the_remarks(veld_actie, veld_inspecteur):
    from decimal import Decimal

    team, adres = _first(veld_actie)
    ontvangst = _record(
        veld_inspecteur, team, adres, opmerkingen="Contract gezien.", kale_huur=Decimal("950")
    )
    assert ontvangst.registratie.bezoek.opmerkingen == (
        "Contract gezien.\nKale huur volgens opgave in het veld: € 950,00 per maand."
    )


def test_someone_outside_the_team_records_nothing(veld_actie, make_user):
    buitenstaander = make_user([*INSPECTOR, *TAKE_PART])
    team, adres = _first(veld_actie)
    counts = _counts()

    with pytest.raises(veld.Actieteam.DoesNotExist):
        _record(buitenstaander, team, adres)
    assert _counts() == counts


def test_a_team_member_who_may_not_record_visits_is_refused(veld_actie, veld_agent):
    team, adres = _first(veld_actie)
    counts = _counts()

    with pytest.raises(PermissionDenied):
        _record(veld_agent, team, adres)
    assert _counts() == counts


def test_an_address_is_skipped_with_a_reason(veld_actie, veld_inspecteur):
    team, adres = _first(veld_actie)

    with pytest.raises(ValidationError) as refused:
        actieadres_skip(actor=veld_inspecteur, team=team, actieadres=adres, reden="  ")
    assert "reden" in refused.value.message_dict

    actieadres_skip(actor=veld_inspecteur, team=team, actieadres=adres, reden="Toegang geweigerd.")
    adres = Actieadres.objects.get(pk=adres.pk)
    assert (adres.status, adres.overgeslagen_reden) == (
        Adresstatus.OVERGESLAGEN,
        "Toegang geweigerd.",
    )
    with pytest.raises(ValidationError):
        actieadres_skip(actor=veld_inspecteur, team=team, actieadres=adres, reden="Nogmaals.")

from __future__ import annotations

from datetime import timedelta

import pytest

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goedwonen.accounts.models import Team
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import DataSubject, pseudonymise
from goedwonen.intake.models import MelderContact, Melding, Routeringsregel, StatusWijziging
from goedwonen.intake.services.contacts import reporter_contacts_anonymise
from goedwonen.intake.services.registration import Contact, melding_register
from goedwonen.intake.services.triage import melding_transition, melding_triage
from goedwonen.registry.address_lookup import OpgegevenAdres, find_address
from goedwonen.registry.models import Adres, Gebied

pytestmark = pytest.mark.django_db

CARNISSE_10 = OpgegevenAdres(postcode="3083 ab", huisnummer="10")


@pytest.fixture
def registrar(make_user):
    return make_user([Capability.REPORTS_REGISTER], username="registrator")


@pytest.fixture
def handler(make_user):
    return make_user([Capability.REPORTS_TRIAGE, Capability.REPORTS_VIEW], username="behandelaar")


def register(actor, **overrides):
    fields = {
        "bron": "telefoon",
        "categorie": "overbewoning",
        "omschrijving": "Tien matrassen",
        "adres": CARNISSE_10,
        "melder_soort": "bewoner",
    } | overrides
    return melding_register(actor=actor, **fields)


def test_registration_matches_the_address_and_starts_the_history(city, registrar):
    result = register(registrar)
    melding = result.melding
    assert result.created
    assert melding.adres.nummeraanduiding == "0599200000000001"
    assert melding.verblijfsobject.object_id == "0599010000000001"
    assert melding.referentie.startswith("GW-") and len(melding.referentie) == 12
    assert melding.bron_id == melding.referentie
    (step,) = StatusWijziging.objects.filter(melding=melding)
    assert (step.van, step.naar, step.door) == ("", "ontvangen", registrar)
    assert "routering: geen regel: centrale wachtrij" in step.reden


def test_same_source_and_id_twice_stores_one_report(city, registrar):
    first = register(registrar, bron="so-systeem", bron_id="Z-1")
    second = register(registrar, bron="so-systeem", bron_id="Z-1", omschrijving="anders")
    assert (first.created, second.created) == (True, False)
    assert second.melding.pk == first.melding.pk
    assert Melding.objects.filter(bron="so-systeem", bron_id="Z-1").count() == 1


def test_a_reference_already_taken_is_drawn_again(city, registrar, monkeypatch, run_worker):
    taken = register(registrar).melding.referentie
    draws = iter([taken, taken, "GW-NIEU-WWW2"])
    monkeypatch.setattr(
        "goedwonen.intake.services.registration._new_reference", lambda: next(draws)
    )
    result = register(registrar, bron_id="Z-2", contact=Contact(email="a@example.nl"))
    assert result.created
    assert result.melding.referentie == "GW-NIEU-WWW2"
    # Nothing of the attempts that collided was kept: one report, one history step, one contact.
    assert Melding.objects.filter(bron_id="Z-2").count() == 1
    assert StatusWijziging.objects.filter(melding=result.melding).count() == 1
    assert MelderContact.objects.filter(melding__bron_id="Z-2").count() == 1
    run_worker()
    assert len(mail.outbox) == 1  # one confirmation, not one per attempt


def test_unknown_address_is_kept_for_matching(city, registrar):
    melding = register(registrar, adres=OpgegevenAdres(postcode="3083AB", huisnummer="999")).melding
    assert (melding.adres, melding.opgegeven_adres) == (None, "3083AB 999")
    assert "in de koppelwachtrij" in melding.historie.get().reden


def test_of_several_matching_addresses_the_first_in_their_order_is_taken(city, registrar):
    carnisse = find_address(CARNISSE_10)
    assert carnisse is not None
    # The same postcode and number under a street name that sorts first (bad data, but
    # possible): found only by ordering the candidates, as the registry orders addresses.
    twin = Adres.objects.create(
        nummeraanduiding="0599200000999999",
        verblijfsobject=carnisse.verblijfsobject,
        openbareruimte="Aaa-straat",
        huisnummer=carnisse.huisnummer,
        huisletter=carnisse.huisletter.swapcase(),
        toevoeging=carnisse.toevoeging.swapcase(),
        postcode=carnisse.postcode,
        woonplaats=carnisse.woonplaats,
    )
    assert find_address(CARNISSE_10) == twin
    assert register(registrar).melding.adres == twin


def test_invalid_input_names_each_field_and_stores_nothing(city, registrar):
    before = Melding.objects.count()
    with pytest.raises(ValidationError) as raised:
        register(
            registrar,
            categorie="drugslab",
            omschrijving=" ",
            melder_soort="buurman",
            contact=Contact(email="geen-adres"),
        )
    assert set(raised.value.message_dict) == {"categorie", "omschrijving", "melder_soort", "email"}
    assert Melding.objects.count() == before


def test_registering_needs_the_capability(city, make_user):
    before = Melding.objects.count()
    with pytest.raises(PermissionDenied):
        register(make_user([Capability.REPORTS_VIEW]))
    with pytest.raises(ValidationError):
        register(None)  # only the public reporting point registers without an account
    assert Melding.objects.count() == before


def test_first_matching_routing_rule_wins_and_sets_deadlines(city, registrar):
    carnisse, gemeente = Gebied.objects.get(code="BU05991572"), Gebied.objects.get(code="GM0599")
    team_c, team_o = (
        Team.objects.create(naam="Team Carnisse"),
        Team.objects.create(naam="Team Overlast"),
    )
    Routeringsregel.objects.create(
        volgorde=1, naam="overlast", gebied=gemeente, categorie="woonoverlast", team=team_o
    )
    Routeringsregel.objects.create(volgorde=2, naam="carnisse", gebied=carnisse, team=team_c)
    assert register(registrar, categorie="woonoverlast").melding.team == team_o
    melding = register(registrar).melding
    assert melding.team == team_c
    today = timezone.localdate()
    # Default norms: overbewoning 3 days to triage, 42 to finish.
    assert (melding.triage_voor, melding.afgehandeld_voor) == (
        today + timedelta(days=3),
        today + timedelta(days=42),
    )


def test_triage_multidisciplinary_with_reason_and_history(city, registrar, handler, make_user):
    director = make_user([Capability.CASES_DIRECT], username="regisseur")
    melding = register(registrar, contact=Contact(email="melder@example.org")).melding
    mail.outbox.clear()
    with pytest.raises(ValidationError) as raised:
        melding_triage(actor=handler, melding=melding, uitkomst="multi", reden="")
    assert set(raised.value.message_dict) == {"casusregisseur", "reden"}
    melding_triage(
        actor=handler,
        melding=melding,
        uitkomst="multi",
        reden="Ook huur en BRP",
        casusregisseur=director,
    )
    melding.refresh_from_db()
    assert (melding.status, melding.triage, melding.casusregisseur) == (
        "casusregie",
        "multi",
        director,
    )
    steps = list(melding.historie.values_list("van", "naar", "reden"))
    assert steps[1:] == [
        ("ontvangen", "in_triage", "Triage gestart"),
        ("in_triage", "casusregie", "Ook huur en BRP"),
    ]


def test_triage_hands_a_report_only_to_someone_who_may_direct_a_case(
    city, registrar, handler, make_user
):
    """Creating the case asks the director's capability: a report handed to someone without
    it would wait in a queue where nobody can make its case."""
    triager = make_user([Capability.REPORTS_TRIAGE], username="triagist")
    melding = register(registrar).melding
    with pytest.raises(ValidationError) as raised:
        melding_triage(
            actor=handler,
            melding=melding,
            uitkomst="multi",
            reden="Meerdere misstanden",
            casusregisseur=triager,
        )
    assert raised.value.message_dict == {
        "casusregisseur": [
            f"{triager.get_full_name()} kan geen casussen regisseren: kies een casusregisseur "
            "uit de lijst."
        ]
    }
    melding.refresh_from_db()
    assert (melding.status, melding.triage, melding.casusregisseur) == ("ontvangen", "", None)


def test_triage_mono_needs_an_organisation(city, registrar, handler, organisatie):
    melding = register(registrar).melding
    with pytest.raises(ValidationError) as raised:
        melding_triage(actor=handler, melding=melding, uitkomst="mono", reden="Alleen SB")
    assert raised.value.message_dict == {
        "organisatie": ["Kies de organisatie die de melding behandelt."]
    }
    melding_triage(
        actor=handler, melding=melding, uitkomst="mono", reden="Alleen SO", organisatie=organisatie
    )
    melding.refresh_from_db()
    assert (melding.status, melding.doorgezet_naar) == ("doorgezet", organisatie)


def test_transitions_follow_the_table(city, registrar, handler):
    melding = register(registrar).melding
    with pytest.raises(ValidationError, match="kan een melding niet naar"):
        melding_transition(actor=handler, melding=melding, naar="afgesloten", reden="klaar")
    melding_transition(actor=handler, melding=melding, naar="geannuleerd", reden="dubbel")
    melding_transition(actor=handler, melding=melding, naar="heropend", reden="toch niet dubbel")
    assert Melding.objects.get(pk=melding.pk).status == "heropend"
    assert melding.historie.count() == 3


def test_status_changes_are_mailed_to_a_reporter_who_left_an_address(
    city, registrar, handler, run_worker
):
    melding = register(
        registrar, contact=Contact(naam="A. Melder", email="melder@example.org")
    ).melding
    melding_transition(actor=handler, melding=melding, naar="geannuleerd", reden="dubbel")
    run_worker()
    subjects = [(m.to, m.subject) for m in mail.outbox]
    assert subjects == [
        (["melder@example.org"], f"Uw melding {melding.referentie}"),
        (["melder@example.org"], f"Uw melding {melding.referentie}"),
    ]
    assert "Uw melding is niet in behandeling genomen." in mail.outbox[1].body


def test_registration_with_contact_is_logged_with_the_reporter_as_subject(city, registrar):
    melding = register(registrar, contact=Contact(naam="A. Melder")).melding
    line = Verwerkingslog.objects.get(name="Melding geregistreerd")
    assert line.data_subject_id == pseudonymise(DataSubject("melder", melding.referentie))


def test_contacts_are_anonymised_after_four_years(city, registrar):
    old = register(
        registrar,
        contact=Contact(naam="Oud", email="oud@example.org"),
        ontvangen_op=timezone.now() - timedelta(days=4 * 365 + 1),
    ).melding
    new = register(registrar, contact=Contact(naam="Nieuw")).melding
    assert reporter_contacts_anonymise() == 1
    gone, kept = MelderContact.objects.get(melding=old), MelderContact.objects.get(melding=new)
    assert (gone.naam, gone.email, gone.geanonimiseerd_op is not None) == ("", "", True)
    assert (kept.naam, kept.geanonimiseerd_op) == ("Nieuw", None)
    assert reporter_contacts_anonymise() == 0

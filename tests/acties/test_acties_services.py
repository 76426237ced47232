"""The acties lane's services: making an action from an approved selection or a hand-made
list, its participants, teams and addresses, planning it (a case per address, shared with
each participant for its parts) and cancelling it. Refusals change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from goedwonen.acties.models import Actie, Actieadres, Actiestatus, Toegangsbasis
from goedwonen.acties.services import acties as services
from goedwonen.acties.services import plannen
from goedwonen.analytics.models import Selectiestatus
from goedwonen.casussen.models import Casus, Deling, Gebeurtenis, Herkomst, Onderdeel
from goedwonen.casussen.services.cases import casus_create
from goedwonen.core import display
from goedwonen.core.models import Verwerkingsactiviteitcode, Verwerkingslog
from goedwonen.core.policy import Capability

from .support_acties import approved_selection, build_opzet, dwelling

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(make_user, organisatie, partner_organisatie):
    return build_opzet(make_user, organisatie, partner_organisatie)


def _log(part: str) -> int:
    return Verwerkingslog.objects.filter(
        verwerkingsactiviteit__code=Verwerkingsactiviteitcode.INTEGRALE_ACTIE,
        name__contains=part,
    ).count()


def _from_selection(opzet, **changes):
    selectie = changes.pop("selectie", None) or approved_selection(
        opzet.adressen, opzet.organiser, opzet.buurt, removed=1
    )
    fields = {
        "naam": "Actie Carnisse",
        "datum": opzet.vandaag + timedelta(days=7),
        "gebied": opzet.buurt,
        "leider": opzet.organiser,
        "doel": "",
    } | changes
    return services.actie_from_selectie_create(actor=opzet.organiser, selectie=selectie, **fields)


def _set_up(opzet, actie):
    """The police (no parts, no reasons) and Stadsbeheer (the registry facts and the reasons)
    take part; one team with the inspector and the officer."""
    services.actiepartner_add(
        actor=opzet.organiser,
        actie=actie,
        organisatie=opzet.politie,
        grondslag="Wet politiegegevens art. 16",
        onderdelen=[],
        ziet_redenen=False,
        controleert=["crimineel_gebruik"],
        taak="Veiligheid",
    )
    services.actiepartner_add(
        actor=opzet.organiser,
        actie=actie,
        organisatie=opzet.sb,
        grondslag="Woningwet art. 92",
        onderdelen=[Onderdeel.OBJECTEN],
        ziet_redenen=True,
        controleert=["overbewoning"],
        taak="",
    )
    services.actieteam_save(
        actor=opzet.organiser,
        actie=actie,
        naam="Team 1",
        leden=[opzet.inspecteur, opzet.agent, opzet.organiser],
    )


def test_an_action_from_an_approved_selection_copies_its_addresses_not_the_removed_ones(opzet):
    actie = _from_selection(opzet)

    rows = list(actie.adressen.order_by("rang"))
    assert [r.rang for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].score == 0.99
    assert rows[0].redenen == ["Signaal 1: meer ingeschrevenen dan de oppervlakte toelaat"]
    assert rows[0].selectieadres.selectie_id == actie.selectie_id
    assert actie.status == Actiestatus.VOORBEREIDING
    assert actie.organisatie == opzet.so
    assert actie.doel.startswith("Plan Rotterdams Goed Wonen")
    assert _log("gemaakt van selectie") == 1


def test_a_selection_not_approved_gives_no_action(opzet):
    selectie = approved_selection(opzet.adressen, opzet.organiser, opzet.buurt)
    selectie.status = Selectiestatus.TER_GOEDKEURING
    selectie.save()

    with pytest.raises(ValidationError) as error:
        _from_selection(opzet, selectie=selectie)

    assert "goedgekeurde selectie" in str(error.value.message_dict["selectie"])
    assert not Actie.objects.exists()


def test_the_lead_is_a_case_director_of_the_organisers_organisation(opzet):
    with pytest.raises(ValidationError) as error:
        _from_selection(opzet, leider=opzet.inspecteur)
    assert "casusregisseur van uw eigen organisatie" in error.value.message_dict["leider"][0]

    actie = _from_selection(opzet, leider=opzet.tweede_regisseur)
    assert actie.leider == opzet.tweede_regisseur


def test_a_date_in_the_past_is_refused(opzet):
    with pytest.raises(ValidationError) as error:
        _from_selection(opzet, datum=opzet.vandaag - timedelta(days=1))
    assert error.value.message_dict["datum"] == ["Kies een datum vanaf vandaag."]


def test_only_organisers_make_actions(opzet):
    with pytest.raises(PermissionDenied):
        services.actie_handmatig_create(
            actor=opzet.inspecteur,
            naam="x",
            datum=opzet.vandaag,
            gebied=opzet.buurt,
            leider=opzet.organiser,
            doel="",
            reden_handmatig="Meldingen",
        )
    assert not Actie.objects.exists()


def test_a_hand_made_list_needs_a_reason_and_each_address_its_own(opzet):
    fields = {
        "actor": opzet.organiser,
        "naam": "Actie met de hand",
        "datum": opzet.vandaag,
        "gebied": opzet.buurt,
        "leider": opzet.organiser,
        "doel": "",
    }
    with pytest.raises(ValidationError) as error:
        services.actie_handmatig_create(**fields, reden_handmatig="  ")
    assert "reden_handmatig" in error.value.message_dict

    actie = services.actie_handmatig_create(**fields, reden_handmatig="Meldingen van de wijkagent")
    with pytest.raises(ValidationError) as error:
        services.actieadres_add(
            actor=opzet.organiser,
            actie=actie,
            verblijfsobject=opzet.adressen[0].verblijfsobject,
            reden="",
        )
    assert error.value.message_dict == {"reden": ["Zeg waarom u dit adres toevoegt."]}
    services.actieadres_add(
        actor=opzet.organiser,
        actie=actie,
        verblijfsobject=opzet.adressen[0].verblijfsobject,
        reden="Melding van de wijkagent",
    )
    with pytest.raises(ValidationError) as error:
        services.actieadres_add(
            actor=opzet.organiser,
            actie=actie,
            verblijfsobject=opzet.adressen[0].verblijfsobject,
            reden="Nog eens",
        )
    assert "al op de lijst" in error.value.message_dict["postcode"][0]
    row = actie.adressen.get()
    assert (row.rang, row.reden_handmatig) == (None, "Melding van de wijkagent")


def test_a_participant_needs_a_basis_and_known_parts(opzet):
    actie = _from_selection(opzet)
    with pytest.raises(ValidationError) as error:
        services.actiepartner_add(
            actor=opzet.organiser,
            actie=actie,
            organisatie=opzet.politie,
            grondslag=" ",
            onderdelen=["documenten"],
            ziet_redenen=False,
            controleert=["onbekend"],
            taak="",
        )
    assert set(error.value.message_dict) == {"grondslag", "onderdelen", "controleert"}
    with pytest.raises(ValidationError) as error:
        services.actiepartner_add(
            actor=opzet.organiser,
            actie=actie,
            organisatie=opzet.so,
            grondslag="x",
            onderdelen=[],
            ziet_redenen=False,
            controleert=[],
            taak="",
        )
    assert "organiserende organisatie" in error.value.message_dict["organisatie"][0]
    assert not actie.partners.exists()


def test_a_team_takes_people_of_participating_organisations_only(opzet):
    actie = _from_selection(opzet)
    with pytest.raises(ValidationError) as error:
        services.actieteam_save(
            actor=opzet.organiser, actie=actie, naam="Team 1", leden=[opzet.agent]
        )
    assert error.value.message_dict["leden"] == [
        "Test Gebruiker 4 werkt niet bij een deelnemende organisatie."
    ]
    assert not actie.teams.exists()

    _set_up(opzet, actie)
    team = actie.teams.get()
    assert set(team.leden.all()) == {opzet.inspecteur, opzet.agent, opzet.organiser}


def test_a_participant_with_people_in_a_team_is_not_removed(opzet):
    actie = _from_selection(opzet)
    _set_up(opzet, actie)
    politie = actie.partners.get(organisatie=opzet.politie)

    with pytest.raises(ValidationError) as error:
        services.actiepartner_remove(actor=opzet.organiser, partner=politie)
    assert "Team 1" in error.value.messages[0]

    team = actie.teams.get()
    services.actieteam_save(
        actor=opzet.organiser, actie=actie, team=team, naam="Team 1", leden=[opzet.inspecteur]
    )
    services.actiepartner_remove(actor=opzet.organiser, partner=politie)
    assert not actie.partners.filter(organisatie=opzet.politie).exists()


def test_planning_gives_every_address_a_case_shared_with_each_participant(opzet):
    actie = _from_selection(opzet)
    _set_up(opzet, actie)
    # The selection's first address already has a case of its own; the second an open case.
    eerste = actie.adressen.get(rang=1)
    eigen = casus_create(
        actor=opzet.organiser,
        titel="Uit de selectie",
        categorieen=["overbewoning"],
        casusregisseur=opzet.organiser,
        herkomst=Herkomst.PROACTIEF,
        adressen=[opzet.adressen[0]],
    )
    eerste.selectieadres.casus = eigen
    eerste.selectieadres.save()
    open_casus = casus_create(
        actor=opzet.organiser,
        titel="Lopende casus",
        categorieen=["overbewoning"],
        casusregisseur=opzet.organiser,
        adressen=[opzet.adressen[1]],
    )

    plannen.actie_plan(actor=opzet.organiser, actie=actie)

    actie.refresh_from_db()
    assert actie.status == Actiestatus.GEPLAND
    rows = {r.rang: r for r in actie.adressen.select_related("casus")}
    assert rows[1].casus == eigen
    assert rows[2].casus == open_casus
    made = [rows[r].casus for r in (3, 4, 5)]
    assert all(c.herkomst == Herkomst.PROACTIEF for c in made)
    assert all(c.casusregisseur == opzet.organiser for c in made)
    assert made[0].titel == (
        "Crimineel gebruik (drugs, hennep), overbewoning in Carnisse (proactieve selectie)"
    )
    assert Casus.objects.count() == 5
    for row in rows.values():
        assert Gebeurtenis.objects.filter(
            casus=row.casus, tekst__contains="integrale actie 'Actie Carnisse'"
        ).exists()
        # The police holds no part and no one of it records visits: nothing is shared.
        assert not Deling.objects.filter(casus=row.casus, organisatie=opzet.politie).exists()
        sb = Deling.objects.get(casus=row.casus, organisatie=opzet.sb)
        assert sb.onderdelen == [Onderdeel.OBJECTEN, Onderdeel.BEVINDINGEN]
        assert sb.tot == actie.datum + timedelta(days=30)
        assert sb.doel == f"Integrale actie Actie Carnisse op {display.datum(actie.datum)}"
        assert sb.grondslag == "Woningwet art. 92"
        assert sb.gedeeld_door == opzet.organiser
    assert _log("Integrale actie gepland") == 1


def test_planning_twice_changes_nothing_and_running_sharings_are_not_repeated(opzet):
    actie = _from_selection(opzet)
    _set_up(opzet, actie)
    plannen.actie_plan(actor=opzet.organiser, actie=actie)
    shares, cases = Deling.objects.count(), Casus.objects.count()

    plannen.actie_plan(actor=opzet.organiser, actie=actie)

    assert (Deling.objects.count(), Casus.objects.count()) == (shares, cases)


def test_planning_needs_addresses_teams_and_what_is_checked_and_says_so(opzet):
    actie = services.actie_handmatig_create(
        actor=opzet.organiser,
        naam="Leeg",
        datum=opzet.vandaag,
        gebied=opzet.buurt,
        leider=opzet.organiser,
        doel="",
        reden_handmatig="Proef",
    )
    with pytest.raises(ValidationError) as error:
        plannen.actie_plan(actor=opzet.organiser, actie=actie)
    assert error.value.messages == [
        "De actie heeft nog geen adressen.",
        "Vorm eerst ten minste één team.",
        "Leg bij de deelnemers vast welke probleemcategorieën zij controleren.",
    ]
    actie.refresh_from_db()
    assert actie.status == Actiestatus.VOORBEREIDING


def test_a_case_that_cannot_be_shared_plans_nothing(opzet, make_user):
    """An open case directed by another organisation: the lead cannot share it. The whole
    planning is refused and names the case; no case is made, nothing is shared."""
    actie = _from_selection(opzet)
    _set_up(opzet, actie)
    elders = make_user(
        [Capability.CASES_DIRECT],
        username="regisseur-sb",
        organisatie_=opzet.sb,
    )
    vreemd = casus_create(
        actor=elders,
        titel="Casus van Stadsbeheer",
        categorieen=["overbewoning"],
        casusregisseur=elders,
        adressen=[opzet.adressen[2]],
    )
    actie.partners.filter(organisatie=opzet.politie).update(onderdelen=[Onderdeel.OBJECTEN])

    with pytest.raises(ValidationError) as error:
        plannen.actie_plan(actor=opzet.organiser, actie=actie)

    assert f"Casus {vreemd.referentie} kon niet worden gedeeld met Politie" in " ".join(
        error.value.messages
    )
    actie.refresh_from_db()
    assert actie.status == Actiestatus.VOORBEREIDING
    assert Casus.objects.count() == 1
    assert not Deling.objects.exists()
    assert not actie.adressen.filter(casus__isnull=False).exists()


def test_only_the_organising_organisation_plans(opzet, make_user):
    actie = _from_selection(opzet)
    _set_up(opzet, actie)
    with pytest.raises(PermissionDenied):
        plannen.actie_plan(actor=opzet.agent, actie=actie)
    assert not Casus.objects.exists()


def test_entry_basis_and_safety_per_address(opzet):
    actie = _from_selection(opzet)
    row = actie.adressen.get(rang=1)
    with pytest.raises(ValidationError) as error:
        services.actieadres_update(
            actor=opzet.organiser, adres=row, toegangsbasis="inbreken", veiligheid=""
        )
    assert "toegangsbasis" in error.value.message_dict

    services.actieadres_update(
        actor=opzet.organiser,
        adres=row,
        toegangsbasis=Toegangsbasis.MACHTIGING_VERLEEND,
        veiligheid="Hond aanwezig",
    )
    row = Actieadres.objects.get(pk=row.pk)
    assert (row.toegangsbasis, row.veiligheid) == ("machtiging_verleend", "Hond aanwezig")


def test_cancelling_needs_a_reason_and_ends_the_set_up(opzet):
    actie = _from_selection(opzet)
    with pytest.raises(ValidationError):
        services.actie_cancel(actor=opzet.organiser, actie=actie, reden="")
    services.actie_cancel(actor=opzet.organiser, actie=actie, reden="Te weinig mensen")
    actie.refresh_from_db()
    assert (actie.status, actie.annuleringsreden) == ("geannuleerd", "Te weinig mensen")
    with pytest.raises(ValidationError):
        services.actieadres_add(
            actor=opzet.organiser,
            actie=actie,
            verblijfsobject=dwelling(50, opzet.buurt).verblijfsobject,
            reden="x",
        )
    assert _log("geannuleerd") == 1


def test_the_demo_action_is_in_preparation_in_a_focus_area_with_the_police():
    from goedwonen.accounts.demo import demo_seed
    from goedwonen.acties.demo import NAAM

    demo_seed()
    demo_seed()  # idempotent: nothing made twice

    actie = Actie.objects.get()
    assert actie.naam == NAAM
    assert actie.status == Actiestatus.VOORBEREIDING
    assert actie.gebied.focusgebied
    assert actie.datum.weekday() == 1
    assert set(actie.partners.values_list("organisatie__code", flat=True)) == {"sb", "politie"}
    assert actie.teams.count() == 2
    assert actie.leider.username == "regisseur.so"


def test_a_sharing_that_already_runs_is_not_made_again_only_the_missing_parts(opzet):
    from goedwonen.casussen.services.sharing import casus_share

    actie = _from_selection(opzet)
    _set_up(opzet, actie)
    gedeeld, half = (
        casus_create(
            actor=opzet.organiser,
            titel=titel,
            categorieen=["overbewoning"],
            casusregisseur=opzet.organiser,
            adressen=[adres],
        )
        for titel, adres in (("Al gedeeld", opzet.adressen[0]), ("Half", opzet.adressen[1]))
    )
    for casus, parts in (
        (gedeeld, [Onderdeel.OBJECTEN, Onderdeel.BEVINDINGEN]),
        (half, [Onderdeel.OBJECTEN]),
    ):
        casus_share(
            actor=opzet.organiser,
            casus=casus,
            organisatie=opzet.sb,
            rol="Toezicht",
            doel="Eerder",
            grondslag="Woningwet",
            onderdelen=parts,
            tot=actie.datum + timedelta(days=90),
        )

    plannen.actie_plan(actor=opzet.organiser, actie=actie)

    assert Deling.objects.filter(casus=gedeeld, organisatie=opzet.sb).count() == 1
    assert [d.onderdelen for d in Deling.objects.filter(casus=half).order_by("pk")] == [
        [Onderdeel.OBJECTEN],
        [Onderdeel.BEVINDINGEN],
    ]

from __future__ import annotations

from datetime import timedelta

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goedwonen.casussen import selectors
from goedwonen.casussen.models import (
    Casus,
    Casusstatus,
    Gebeurtenis,
    Gebeurtenissoort,
    Partijrol,
    Taakstatus,
)
from goedwonen.casussen.selectors import (
    CasusFilters,
    TaakFilters,
    casus_inzage,
    casus_list,
    taak_list,
    taken_in_casus,
    tijdlijn,
    visible_cases,
)
from goedwonen.casussen.services.case_tasks import (
    taak_complete,
    taak_create,
    taak_templates,
    taken_from_templates,
)
from goedwonen.casussen.services.cases import casus_close, casus_create, casus_transition
from goedwonen.casussen.services.sharing import casus_share, casus_share_end
from goedwonen.casussen.services.timeline import casus_note
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.intake.models import Melding
from tests.scenario import share_case as share

pytestmark = pytest.mark.django_db


def test_a_case_from_a_triaged_report_links_it_and_names_the_owner(casus, triaged, regisseur):
    assert casus.referentie.startswith("CS-") and len(casus.referentie) == 12
    assert casus.organisatie == regisseur.organisatie
    assert casus.status == Casusstatus.GEREGISTREERD
    (obj,) = casus.objecten.all()
    assert obj.verblijfsobject.object_id == "0599010000000001"
    (owner,) = casus.partijen.all()
    assert (owner.rol, owner.eigenaar.eigenaar_id) == (Partijrol.EIGENAAR, "E1")
    triaged.refresh_from_db()
    assert triaged.casus == casus
    soorten = list(casus.tijdlijn.order_by("pk").values_list("soort", flat=True))
    assert soorten == [Gebeurtenissoort.STATUS, Gebeurtenissoort.MELDING]
    line = Verwerkingslog.objects.filter(object_ref=f"casus:{casus.referentie}").get()
    assert (line.name, line.data_subject_type) == ("Casus aangemaakt", "eigenaar")


def test_a_report_already_in_a_case_cannot_start_another(casus, triaged, regisseur):
    triaged.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        casus_create(
            actor=regisseur,
            titel="Nog een",
            categorieen=["overbewoning"],
            casusregisseur=regisseur,
            meldingen=[triaged],
        )
    assert "meldingen" in raised.value.message_dict


def test_bad_input_names_each_field(triaged, regisseur, make_user):
    gewoon = make_user([Capability.CASES_VIEW])
    with pytest.raises(ValidationError) as raised:
        casus_create(actor=regisseur, titel=" ", categorieen=["drugslab"], casusregisseur=gewoon)
    assert set(raised.value.message_dict) == {"titel", "categorieen", "casusregisseur", "adressen"}
    assert Casus.objects.count() == 0


@pytest.fixture(params=["by id", "as a subquery"])
def shared_cases_named(request, monkeypatch):
    """The cases shared with an organisation, named by id (up to SHARED_BY_ID sharings) or,
    beyond, through a subquery: both ways must show the same."""
    if request.param == "as a subquery":
        monkeypatch.setattr(selectors, "SHARED_BY_ID", 0)


def test_a_partner_sees_nothing_until_shared_then_only_the_shared_parts(
    casus, regisseur, politie, partner_organisatie, shared_cases_named
):
    assert not visible_cases(politie).exists()
    with pytest.raises(Casus.DoesNotExist):
        casus_inzage(actor=politie, referentie=casus.referentie)
    # A task for the police is refused until the case is shared with them, tasks included.
    with pytest.raises(ValidationError):
        taak_create(
            actor=regisseur,
            casus=casus,
            titel="Controle",
            organisatie=partner_organisatie,
            deadline=timezone.localdate() + timedelta(days=7),
        )
    share(casus, regisseur, partner_organisatie, onderdelen=["taken"])
    politie_taak = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Controle",
        organisatie=partner_organisatie,
        deadline=timezone.localdate() + timedelta(days=7),
    )
    eigen_taak = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Huurprijscheck",
        organisatie=regisseur.organisatie,
        deadline=timezone.localdate() + timedelta(days=7),
    )
    casus_note(actor=regisseur, casus=casus, tekst="Eigenaar is bekend van eerdere zaken")

    inzage = casus_inzage(actor=politie, referentie=casus.referentie)
    assert not inzage.regie
    assert inzage.ziet("taken") and not inzage.ziet("partijen") and not inzage.ziet("meldingen")
    assert list(taken_in_casus(inzage)) == [politie_taak]
    events = list(tijdlijn(inzage))
    assert {e.taak_id for e in events} == {politie_taak.pk}
    assert all(e.soort == Gebeurtenissoort.TAAK for e in events)
    assert "Eigenaar is bekend" not in " ".join(e.tekst for e in events)
    # The director sees all of it.
    regie = casus_inzage(actor=regisseur, referentie=casus.referentie)
    assert set(taken_in_casus(regie)) == {politie_taak, eigen_taak}
    assert tijdlijn(regie).filter(soort=Gebeurtenissoort.NOTITIE).exists()
    # Viewing a shared case is logged with the viewer.
    line = Verwerkingslog.objects.filter(name="Casus ingezien").order_by("pk").first()
    assert line.audit.organisatiecode == "politie"


def test_a_partner_completes_its_own_task_only(
    casus, regisseur, politie, partner_organisatie, shared_cases_named
):
    share(casus, regisseur, partner_organisatie)
    deadline = timezone.localdate() + timedelta(days=7)
    politie_taak = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Controle",
        organisatie=partner_organisatie,
        deadline=deadline,
    )
    eigen_taak = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Brief",
        organisatie=regisseur.organisatie,
        deadline=deadline,
    )
    assert list(taak_list(actor=politie, filters=TaakFilters())) == [politie_taak]
    with pytest.raises(PermissionDenied):
        taak_complete(actor=politie, taak=eigen_taak, uitkomst="Gedaan")
    with pytest.raises(ValidationError):
        taak_complete(actor=politie, taak=politie_taak, uitkomst=" ")
    done = taak_complete(actor=politie, taak=politie_taak, uitkomst="Zes personen aangetroffen")
    assert (done.status, done.afgerond_door) == (Taakstatus.AFGEROND, politie)
    last = casus.tijdlijn.first()
    assert "Zes personen aangetroffen" in last.tekst and last.taak == politie_taak


def test_when_the_sharing_ends_the_partner_sees_nothing_again(
    casus, regisseur, politie, partner_organisatie, shared_cases_named
):
    deling = share(casus, regisseur, partner_organisatie, onderdelen=["objecten", "partijen"])
    assert list(casus_list(actor=politie, filters=CasusFilters(wachtrij="gedeeld"))) == [casus]
    casus_share_end(actor=regisseur, deling=deling)
    assert not casus_list(actor=politie, filters=CasusFilters()).exists()
    with pytest.raises(Casus.DoesNotExist):
        casus_inzage(actor=politie, referentie=casus.referentie)


def test_a_sharing_past_its_end_date_shows_nothing(
    casus, regisseur, politie, partner_organisatie, shared_cases_named
):
    deling = share(casus, regisseur, partner_organisatie)
    type(deling).objects.filter(pk=deling.pk).update(tot=timezone.localdate() - timedelta(days=1))
    assert not visible_cases(politie).exists()


def test_only_the_directing_organisation_directs(casus, politie, partner_organisatie, make_user):
    other_director = make_user(
        [Capability.CASES_VIEW, Capability.CASES_DIRECT], organisatie_=partner_organisatie
    )
    with pytest.raises(PermissionDenied):
        casus_transition(actor=other_director, casus=casus, naar="onderzoek", reden="x")
    with pytest.raises(PermissionDenied):
        casus_note(actor=politie, casus=casus, tekst="x")


def test_the_transition_table_is_enforced_with_a_reason(casus, regisseur):
    with pytest.raises(ValidationError):
        casus_transition(actor=regisseur, casus=casus, naar="monitoring", reden="te vroeg")
    with pytest.raises(ValidationError):
        casus_transition(actor=regisseur, casus=casus, naar="onderzoek", reden=" ")
    with pytest.raises(ValidationError):
        casus_transition(actor=regisseur, casus=casus, naar="gesloten", reden="zonder resultaat")
    casus = casus_transition(actor=regisseur, casus=casus, naar="onderzoek", reden="Bezoek gepland")
    assert list(casus.historie.values_list("van", "naar")) == [
        ("", "geregistreerd"),
        ("geregistreerd", "onderzoek"),
    ]


def test_a_case_that_reached_enforcement_keeps_the_enforcement_term(casus, regisseur):
    for naar in ("onderzoek", "handhaving", "monitoring"):
        casus = casus_transition(actor=regisseur, casus=casus, naar=naar, reden="verder")
    open_taak = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Nacontrole",
        organisatie=regisseur.organisatie,
        deadline=timezone.localdate() + timedelta(days=30),
    )
    # An open task lapses only when the director says so.
    with pytest.raises(ValidationError) as raised:
        casus_close(actor=regisseur, casus=casus, resultaat="toezicht", reden="Hersteld")
    assert set(raised.value.message_dict) == {"taken_laten_vervallen"}
    casus.refresh_from_db()
    assert casus.status == "monitoring"
    casus = casus_close(
        actor=regisseur,
        casus=casus,
        resultaat="toezicht",
        reden="Hersteld",
        taken_laten_vervallen=True,
    )
    today = timezone.localdate()
    assert casus.handhaving_bereikt
    assert casus.bewaren_tot == today.replace(year=today.year + 10)  # not the 5 of toezicht
    open_taak.refresh_from_db()
    assert open_taak.status == Taakstatus.VERVALLEN
    casus = casus_transition(actor=regisseur, casus=casus, naar="heropend", reden="Nieuwe melding")
    assert (casus.resultaat, casus.bewaren_tot, casus.handhaving_bereikt) == ("", None, True)


def test_closing_a_case_closes_its_reports_with_the_outcome_for_the_reporter(
    casus, triaged, regisseur
):
    from goedwonen.intake.services.registration import Contact, melding_register
    from goedwonen.registry.address_lookup import OpgegevenAdres

    # A report that came in while the case was open joined it without a triage.
    later = melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="woonoverlast",
        omschrijving="Weer geluid",
        adres=OpgegevenAdres(postcode="3083AB", huisnummer="10"),
        melder_soort="bewoner",
        contact=Contact(email="buur@example.nl"),
    ).melding
    assert (later.casus, later.status) == (casus, "ontvangen")

    casus_close(actor=regisseur, casus=casus, resultaat="boete", reden="Boete opgelegd")

    outcome = (
        "Uw melding is onderzocht. De gemeente heeft maatregelen genomen; de behandeling is "
        "afgerond."
    )
    for melding in (triaged, later):
        melding.refresh_from_db()
        last = melding.historie.order_by("-pk").first()
        assert (melding.status, last.naar, last.melder_tekst) == (
            "afgesloten",
            "afgesloten",
            outcome,
        )
    # The later report's reporter reads that it came in and the outcome; not the step through
    # triage that closing it needed.
    assert list(
        later.historie.exclude(melder_tekst="")
        .order_by("pk")
        .values_list("melder_tekst", flat=True)
    ) == ["Uw melding is ontvangen.", outcome]
    assert list(later.contact.berichten.values_list("tekst", flat=True))[-1] == outcome
    assert casus.tijdlijn.filter(
        soort=Gebeurtenissoort.MELDING,
        tekst="2 meldingen afgesloten; de melders zien de uitkomst op hun statuspagina.",
    ).exists()


def test_an_aborted_case_without_enforcement_keeps_one_year(casus, regisseur):
    casus = casus_close(actor=regisseur, casus=casus, resultaat="afgebroken", reden="Geen grond")
    today = timezone.localdate()
    assert casus.bewaren_tot == today.replace(year=today.year + 1)


def test_tasks_from_the_templates_of_the_case_categories(casus, regisseur, make_user):
    from goedwonen.accounts.models import Organisatie, Organisatiesoort

    dv = Organisatie.objects.create(
        code="dv", naam="Dienstverlening", soort=Organisatiesoort.INTERN
    )
    sjablonen = taak_templates(casus=casus)
    titels = {s.titel for s in sjablonen}
    assert "BRP-adresonderzoek" in titels and "Woningbezoek" in titels
    brp = [s for s in sjablonen if s.titel == "BRP-adresonderzoek"]
    # Dienstverlening is another organisation: share first, with its tasks.
    share(casus, regisseur, dv)
    (taak,) = taken_from_templates(actor=regisseur, casus=casus, sjablonen=brp).made
    assert taak.organisatie == dv
    assert taak.deadline == timezone.localdate() + timedelta(days=28)


def test_a_template_two_categories_share_is_offered_once(casus):
    # Overbewoning and niet_ingeschreven each have the BRP address check of Dienstverlening.
    assert {"overbewoning", "niet_ingeschreven"} <= set(casus.categorieen)
    titels = [(s.titel, s.organisatiecode) for s in taak_templates(casus=casus)]
    assert titels.count(("BRP-adresonderzoek", "dv")) == 1
    assert len(titels) == len(set(titels))


def test_standard_tasks_are_made_where_they_can_be_and_the_others_name_their_organisation(
    casus, regisseur
):
    from goedwonen.accounts.models import Organisatie, Organisatiesoort

    dv = Organisatie.objects.create(
        code="dv", naam="Dienstverlening", soort=Organisatiesoort.INTERN
    )
    Organisatie.objects.create(code="sb", naam="Stadsbeheer", soort=Organisatiesoort.KERNCLUSTER)
    share(casus, regisseur, dv)
    chosen = [
        s for s in taak_templates(casus=casus) if s.titel in ("BRP-adresonderzoek", "Woningbezoek")
    ]
    done = taken_from_templates(actor=regisseur, casus=casus, sjablonen=chosen)
    assert [(t.titel, t.organisatie) for t in done.made] == [("BRP-adresonderzoek", dv)]
    assert [(s.titel, why) for s, why in done.refused] == [
        ("Woningbezoek", "Deel de casus eerst met Stadsbeheer (met het onderdeel taken).")
    ]
    assert list(casus.taken.values_list("titel", flat=True)) == ["BRP-adresonderzoek"]


def test_sharing_a_signal_only_case_is_recorded_as_a_hand_over(
    triaged, regisseur, partner_organisatie
):
    casus = casus_create(
        actor=regisseur,
        titel="Signaal uitbuiting",
        categorieen=["uitbuiting"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )
    share(casus, regisseur, partner_organisatie, onderdelen=["objecten"])
    event = Gebeurtenis.objects.filter(casus=casus).first()
    assert event.soort == Gebeurtenissoort.OVERDRACHT
    assert event.tekst.startswith("Overgedragen aan Politie")


def test_sharing_needs_purpose_basis_parts_and_a_future_end(casus, regisseur, partner_organisatie):
    with pytest.raises(ValidationError) as raised:
        casus_share(
            actor=regisseur,
            casus=casus,
            organisatie=partner_organisatie,
            rol=" ",
            doel="",
            grondslag="",
            onderdelen=[],
            tot=timezone.localdate(),
        )
    assert set(raised.value.message_dict) == {"rol", "doel", "grondslag", "onderdelen", "tot"}


def test_a_new_report_on_an_object_with_an_open_case_joins_it_and_the_director_hears(
    casus, regisseur, django_capture_on_commit_callbacks
):
    from django.core import mail

    from goedwonen.intake.services.registration import melding_register
    from goedwonen.registry.address_lookup import OpgegevenAdres

    with django_capture_on_commit_callbacks(execute=True):
        nieuwe = melding_register(
            actor=regisseur,
            bron="telefoon",
            categorie="woonoverlast",
            omschrijving="Geluidsoverlast 's nachts",
            adres=OpgegevenAdres(postcode="3083AB", huisnummer="10"),
            melder_soort="bewoner",
        ).melding
    assert nieuwe.casus == casus
    event = casus.tijdlijn.first()
    assert (event.soort, event.door) == (Gebeurtenissoort.MELDING, None)
    assert nieuwe.referentie in event.tekst
    (notice,) = [m for m in mail.outbox if m.to == ["regisseur@goedwonen.test"]]
    assert casus.referentie in notice.body and nieuwe.referentie in notice.body
    assert casus.titel not in notice.body  # the title names the address: not by mail


def test_a_report_on_an_object_whose_case_is_closed_stays_on_its_own(casus, regisseur):
    from goedwonen.intake.services.registration import melding_register
    from goedwonen.registry.address_lookup import OpgegevenAdres

    casus_close(actor=regisseur, casus=casus, resultaat="toezicht", reden="Hersteld")
    nieuwe = melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="woonoverlast",
        omschrijving="Weer overlast",
        adres=OpgegevenAdres(postcode="3083AB", huisnummer="10"),
        melder_soort="bewoner",
    ).melding
    assert nieuwe.casus is None


def test_reports_from_a_delivery_join_the_open_case_on_their_object(casus, source_folder):
    from goedwonen.registry.importer.run import import_folder

    with (source_folder / "meldingen.csv").open("a") as csv:
        csv.write(
            "so_wonen,SOW-77,2026-11-20,0599200000000001,,,,,kamerverhuur,Kamers,bewoner,open\n"
        )
    import_folder(actor=None, folder=source_folder, progress=False)
    nieuwe = Melding.objects.get(bron="so_wonen", bron_id="SOW-77")
    assert nieuwe.casus == casus
    assert casus.tijdlijn.filter(
        soort=Gebeurtenissoort.MELDING, tekst__contains=nieuwe.referentie
    ).exists()

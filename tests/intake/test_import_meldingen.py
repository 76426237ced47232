"""Reports delivered in meldingen.csv are registered by the rules of every other channel: a
reference, routing and deadlines, the first history step and a log line each. A re-delivery
stores nothing twice; a bad row is named by its line and the others are kept."""

from __future__ import annotations

import re

import pytest

from rest_framework.test import APIClient

from goedwonen.accounts.models import Rol, Team
from goedwonen.accounts.services import api_token_create
from goedwonen.core.categories import Categorie
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import DataSubject, pseudonymise
from goedwonen.intake.models import Melding, Routeringsregel, StatusWijziging
from goedwonen.intake.services.registration import melding_register
from goedwonen.registry.address_lookup import OpgegevenAdres
from goedwonen.registry.importer.report import FileReport
from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import Gebied, Levering
from goedwonen.registry.selectors import koppelwachtrij

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"GW-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")
DELIVERY = "meldingen.csv van 2026-10-01"  # the file and the manifest's peildatum
HEADER = (
    "bron,bron_id,ontvangen_op,nummeraanduiding,postcode,huisnummer,huisletter,"
    "huisnummertoevoeging,categorie,omschrijving,melder_soort,status\n"
)
LOGGED = "Melding uit levering geregistreerd"


@pytest.fixture
def folder(source_folder):
    """The hand-made folder, its registry already imported and routing rules saved for its
    areas: the next delivery of meldingen.csv is the ongoing one from the clusters."""
    meldingen = source_folder / "meldingen.csv"
    held_back = meldingen.read_text()
    meldingen.unlink()
    import_folder(actor=None, folder=source_folder, progress=False)
    meldingen.write_text(held_back)
    Routeringsregel.objects.create(
        volgorde=1,
        naam="Overlast",
        categorie="woonoverlast",
        team=Team.objects.create(naam="Team Overlast"),
    )
    Routeringsregel.objects.create(
        volgorde=2,
        naam="Carnisse",
        gebied=Gebied.objects.get(code="BU05991572"),
        team=Team.objects.create(naam="Team Carnisse"),
    )
    return source_folder


def deliver(folder) -> FileReport:
    report = import_folder(actor=None, folder=folder, progress=False)
    (meldingen,) = [f for f in report.files if f.file.startswith("meldingen")]
    return meldingen


def write_meldingen(folder, *rows: str) -> None:
    (folder / "meldingen.csv").write_text(HEADER + "".join(f"{row}\n" for row in rows))


def routed(melding: Melding) -> tuple[object, ...]:
    return (
        melding.adres.nummeraanduiding if melding.adres else None,
        melding.verblijfsobject_id,
        melding.team.naam if melding.team else None,
        melding.behandelaar_id,
        str(melding.triage_voor),
        str(melding.afgehandeld_voor),
        melding.status,
    )


def test_imported_reports_are_routed_and_given_deadlines_as_one_registration_is(folder, make_user):
    # M5 gives a nummeraanduiding that does not exist and a postcode that does: a registration
    # looks only at the nummeraanduiding then, and so does the import.
    with (folder / "meldingen.csv").open("a") as meldingen:
        meldingen.write(
            "meldpunt,M5,2026-09-05,0599200000000099,3083AB,10,,,overbewoning,Nummer fout,"
            "bewoner,open\n"
        )
    deliver(folder)
    registrar = make_user([Capability.REPORTS_REGISTER])
    imported = {m.bron_id: m for m in Melding.objects.select_related("adres", "team")}

    assert {bron_id: routed(m) for bron_id, m in imported.items()} == {
        # Carnisse; overbewoning: 3 days to triage, 42 to finish, from the day it came in.
        "M1": (
            "0599200000000001",
            imported["M1"].adres.verblijfsobject_id,
            "Team Carnisse",
            None,
            "2026-09-04",
            "2026-10-13",
            "ontvangen",
        ),
        # Tarwewijk, found by postcode, number and addition; woonoverlast: 3 and 28 days.
        "M2": (
            "0599200000000004",
            imported["M2"].adres.verblijfsobject_id,
            "Team Overlast",
            None,
            "2026-09-05",
            "2026-09-30",
            "ontvangen",
        ),
        # Not found: no area, so no rule. te_hoge_huur has the default norm (5 and 56 days).
        "M3": (None, None, None, None, "2026-09-08", "2026-10-29", "ontvangen"),
        "M5": (None, None, None, None, "2026-09-08", "2026-10-17", "ontvangen"),
    }
    for bron_id, melding in imported.items():
        assert REFERENCE.fullmatch(melding.referentie), bron_id
        registered = melding_register(
            actor=registrar,
            bron=melding.bron,
            bron_id=f"{bron_id}-telefonisch",
            categorie=melding.categorie,
            omschrijving=melding.omschrijving,
            melder_soort=melding.melder_soort,
            adres=OpgegevenAdres(
                nummeraanduiding=melding.opgegeven_nummeraanduiding,
                postcode=melding.opgegeven_postcode,
                huisnummer=melding.opgegeven_huisnummer,
                huisletter=melding.opgegeven_huisletter,
                toevoeging=melding.opgegeven_toevoeging,
            ),
            ontvangen_op=melding.ontvangen_op,
        ).melding
        assert routed(registered) == routed(melding), bron_id
    assert len({m.referentie for m in imported.values()}) == 4


def test_each_imported_report_starts_its_history_and_is_logged(folder):
    deliver(folder)
    steps = {
        s.melding.bron_id: (s.van, s.naar, s.door, s.reden, s.melder_tekst)
        for s in StatusWijziging.objects.select_related("melding")
    }

    assert steps == {
        "M1": (
            "",
            "ontvangen",
            None,
            f"Geregistreerd via meldpunt (levering {DELIVERY}); routering: Carnisse",
            "Uw melding is ontvangen.",
        ),
        "M2": (
            "",
            "ontvangen",
            None,
            f"Geregistreerd via meldpunt (levering {DELIVERY}); routering: Overlast",
            "Uw melding is ontvangen.",
        ),
        "M3": (
            "",
            "ontvangen",
            None,
            f"Geregistreerd via meldpunt (levering {DELIVERY}); routering: geen regel: "
            "centrale wachtrij; adres niet gevonden, in de koppelwachtrij",
            "Uw melding is ontvangen.",
        ),
    }
    lines = Verwerkingslog.objects.filter(name=LOGGED).select_related(
        "audit", "verwerkingsactiviteit"
    )
    references = Melding.objects.values_list("referentie", flat=True)
    assert sorted(line.data_subject_id for line in lines) == sorted(
        pseudonymise(DataSubject("melder", referentie)) for referentie in references
    )
    assert {
        (
            line.data_subject_type,
            line.object_ref,
            line.verwerkingsactiviteit.code,
            line.audit.gebruikersnaam,
        )
        for line in lines
    } == {("melder", f"levering:{DELIVERY}", "meldingen-behandeling", "systeem")}
    assert len({line.trace_id for line in lines}) == 1  # one delivery, one trace


def test_the_api_opens_an_imported_report_by_its_reference(folder, organisatie):
    deliver(folder)
    melding = Melding.objects.get(bron_id="M1")
    rol = Rol.objects.create(
        code="inzien", naam="Inzien", capabilities=[Capability.REPORTS_VIEW.value]
    )
    _, key = api_token_create(
        actor=None, organisatie=organisatie, naam="Clustersysteem", rollen=[rol]
    )

    response = APIClient().get(
        f"/api/v1/meldingen/{melding.referentie}", HTTP_AUTHORIZATION=f"Token {key}"
    )

    assert response.status_code == 200
    assert response.json() == {
        "referentie": melding.referentie,
        "bron": "meldpunt",
        "bronId": "M1",
        "ontvangenOp": "2026-09-01T00:00:00+02:00",
        "categorie": "overbewoning",
        "omschrijving": "Veel mensen",
        "melderSoort": "bewoner",
        "status": "ontvangen",
        "adresGevonden": True,
        "adres": {
            "nummeraanduiding": "0599200000000001",
            "straatnaam": "Carnisselaan",
            "huisnummer": 10,
            "huisletter": "",
            "huisnummertoevoeging": "",
            "postcode": "3083AB",
            "woonplaats": "Rotterdam",
        },
        "opgegevenAdres": {
            "nummeraanduiding": "0599200000000001",
            "postcode": "",
            "huisnummer": "",
            "huisletter": "",
            "huisnummertoevoeging": "",
        },
        "buurt": "BU05991572",
        "team": "Team Carnisse",
        "triageVoor": "2026-09-04",
        "afgehandeldVoor": "2026-10-13",
    }


def test_a_second_delivery_of_the_same_file_changes_nothing(folder, make_user):
    deliver(folder)

    def stored() -> tuple[object, ...]:
        return (
            sorted(
                Melding.objects.values_list(
                    "pk",
                    "bron_id",
                    "referentie",
                    "status",
                    "team_id",
                    "triage_voor",
                    "afgehandeld_voor",
                    "adres_id",
                    "omschrijving",
                )
            ),
            sorted(StatusWijziging.objects.values_list("pk", "melding_id", "naar", "reden")),
            Verwerkingslog.objects.filter(name=LOGGED).count(),
        )

    before = stored()
    again = deliver(folder)

    assert (again.read, again.inserted, again.updated, again.unchanged) == (4, 0, 0, 3)
    assert stored() == before
    # Idempotent on (bron, bron_id) across channels: registering a delivered report again
    # returns it and stores nothing.
    registrar = make_user([Capability.REPORTS_REGISTER])
    retry = melding_register(
        actor=registrar,
        bron="meldpunt",
        bron_id="M1",
        categorie="overbewoning",
        omschrijving="Veel mensen",
        melder_soort="bewoner",
        adres=OpgegevenAdres(nummeraanduiding="0599200000000001"),
    )
    assert (retry.created, retry.melding.referentie) == (
        False,
        Melding.objects.get(bron_id="M1").referentie,
    )
    assert stored() == before


def test_a_report_for_an_unknown_address_is_kept_and_queued(folder, make_user):
    report = deliver(folder)

    melding = Melding.objects.get(bron_id="M3")
    assert (melding.adres, melding.verblijfsobject, melding.opgegeven_adres) == (
        None,
        None,
        "3083AB 999",
    )
    assert REFERENCE.fullmatch(melding.referentie)
    matcher = make_user([Capability.REPORTS_MATCH])
    assert list(koppelwachtrij(actor=matcher)) == [melding]
    assert [(w.line, w.reason) for w in report.warnings] == [
        (4, "adres niet gevonden; de melding staat in de koppelwachtrij")
    ]
    assert report.note == "1 meldingen in de koppelwachtrij"


def test_bad_rows_are_named_by_line_and_the_others_are_stored(folder):
    write_meldingen(
        folder,
        # lines 2-3: one record, its description spans two lines
        'meldpunt,N1,2026-09-01,0599200000000001,,,,,overbewoning,"Veel mensen,\nook op zolder"'
        ",bewoner,open",
        # line 4: no description (every channel asks for one)
        "meldpunt,N2,2026-09-02,0599200000000001,,,,,overbewoning,,bewoner,open",
        # line 5: a category the contract does not know
        "meldpunt,N3,2026-09-03,0599200000000001,,,,,drugslab,Lab,bewoner,open",
        # line 6: no date
        "meldpunt,N4,gisteren,0599200000000001,,,,,leegstand,Leeg,bewoner,open",
        # line 7: the key of line 2 again
        "meldpunt,N1,2026-09-07,0599200000000001,,,,,leegstand,Leeg,bewoner,open",
        # line 8: an unknown kind of reporter is stored as unknown, with a warning
        "meldpunt,N5,2026-09-08,,3083AB,10,,,leegstand,Leeg,buurman,open",
        # line 9: a description longer than any channel accepts
        f"meldpunt,N6,2026-09-09,0599200000000001,,,,,leegstand,{'x' * 5001},bewoner,open",
    )

    report = deliver(folder)

    assert [(r.line, r.reason) for r in report.rejected] == [
        (4, "omschrijving: Beschrijf wat er aan de hand is."),
        (
            5,
            "categorie: onbekende waarde 'drugslab' (toegestaan: "
            f"{', '.join(sorted(Categorie.values))})",
        ),
        (6, "ontvangen_op: 'gisteren' is geen bestaande datum of tijd (ISO 8601)"),
        (7, "dubbele sleutel meldpunt/N1; eerder op regel 2"),
        (9, "omschrijving: Gebruik ten hoogste 5000 tekens."),
    ]
    assert [(w.line, w.reason) for w in report.warnings] == [
        (
            8,
            "melder_soort: onbekende waarde 'buurman' (toegestaan: anoniem, bewoner, partner, "
            "professional); opgeslagen als onbekend",
        )
    ]
    assert (report.read, report.inserted, report.updated, report.unchanged) == (7, 2, 0, 0)
    stored = {m.bron_id: m for m in Melding.objects.all()}
    assert sorted(stored) == ["N1", "N5"]
    assert stored["N1"].omschrijving == "Veel mensen,\nook op zolder"
    assert (stored["N5"].melder_soort, stored["N5"].adres.nummeraanduiding) == (
        "",
        "0599200000000001",
    )
    assert all(REFERENCE.fullmatch(m.referentie) for m in stored.values())
    assert StatusWijziging.objects.count() == 2
    assert Levering.objects.latest("pk").status == Levering.Status.DEELS


def test_a_report_closed_in_the_source_starts_closed_with_that_in_its_history(folder):
    write_meldingen(
        folder,
        "so_wonen,SOW-1,2026-03-01,0599200000000001,,,,,overbewoning,Opgelost,professional,"
        "afgehandeld",
    )

    deliver(folder)

    melding = Melding.objects.get()
    assert (melding.status, melding.bron_status, melding.team.naam) == (
        "afgesloten",
        "afgehandeld",
        "Team Carnisse",
    )
    assert list(melding.historie.values_list("van", "naar", "door", "reden")) == [
        (
            "",
            "ontvangen",
            None,
            f"Geregistreerd via so_wonen (levering {DELIVERY}); routering: Carnisse",
        ),
        (
            "ontvangen",
            "afgesloten",
            None,
            f"Afgehandeld in het systeem van so_wonen (levering {DELIVERY})",
        ),
    ]


def test_a_changed_redelivery_updates_what_the_source_owns_and_keeps_the_rest(folder):
    deliver(folder)
    before = Melding.objects.get(bron_id="M1")
    meldingen = folder / "meldingen.csv"
    meldingen.write_text(meldingen.read_text().replace("Veel mensen", "Twaalf mensen"))

    report = deliver(folder)

    after = Melding.objects.get(bron_id="M1")
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 2)
    assert after.omschrijving == "Twaalf mensen"
    assert (after.referentie, after.team_id, after.triage_voor, after.status) == (
        before.referentie,
        before.team_id,
        before.triage_voor,
        before.status,
    )
    assert after.historie.count() == 1


def test_a_reference_already_taken_is_drawn_again_for_the_whole_batch(
    folder, make_user, monkeypatch
):
    registrar = make_user([Capability.REPORTS_REGISTER])
    taken = melding_register(
        actor=registrar,
        bron="telefoon",
        categorie="leegstand",
        omschrijving="Leeg",
        melder_soort="bewoner",
        adres=OpgegevenAdres(nummeraanduiding="0599200000000001"),
    ).melding.referentie
    draws = iter([taken, *(f"GW-NIEU-WWA{c}" for c in "BCDEFGH")])
    monkeypatch.setattr("goedwonen.intake.services.delivery._new_reference", lambda: next(draws))

    report = deliver(folder)

    assert (report.inserted, report.rejected[0].line) == (3, 5)
    imported = Melding.objects.exclude(bron="telefoon")
    # The first draw for the batch (taken, WWAB, WWAC) failed as a whole and left nothing.
    assert sorted(imported.values_list("bron_id", "referentie")) == [
        ("M1", "GW-NIEU-WWAD"),
        ("M2", "GW-NIEU-WWAE"),
        ("M3", "GW-NIEU-WWAF"),
    ]
    assert StatusWijziging.objects.filter(melding__in=imported).count() == 3
    assert Verwerkingslog.objects.filter(name=LOGGED).count() == 3

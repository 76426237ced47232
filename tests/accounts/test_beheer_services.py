"""Administration of organisations, teams and roles through the services: every change in
the history (from what to what, by whom) and the processing log; the grant rules hold for
roles' capabilities (organisation kind, four eyes, not one's own); refusals change nothing."""

from __future__ import annotations

import pytest

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from goedwonen.accounts.administration import (
    organisatie_create,
    organisatie_update,
    team_create,
    team_update,
)
from goedwonen.accounts.history import history_lines
from goedwonen.accounts.models import (
    Beheerwijziging,
    Organisatie,
    Organisatiesoort,
    Rol,
    Team,
    User,
)
from goedwonen.accounts.role_changes import rol_create, rol_update, rolbevoegdheid_decide
from goedwonen.accounts.services import user_update
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability, capabilities_of
from goedwonen.core.processing_log import DataSubject, pseudonymise
from goedwonen.registry.models import Gebied

pytestmark = pytest.mark.django_db
C = Capability
Soort = Beheerwijziging.Soort


def written() -> tuple[int, int]:
    """The history and the log, to show that a refusal wrote nothing."""
    return Beheerwijziging.objects.count(), Verwerkingslog.objects.count()


def rows(**subject: object) -> list[tuple[str, str, object, object, str]]:
    return [
        (r.soort, r.veld, r.van, r.naar, r.door.username if r.door else "")
        for r in Beheerwijziging.objects.filter(**subject)
    ]


@pytest.fixture
def gebieden(db) -> dict[str, Gebied]:
    return {
        code: Gebied.objects.create(code=code, naam=naam, soort="buurt")
        for code, naam in [("BU05991572", "Carnisse"), ("BU05991571", "Tarwewijk")]
    }


# Organisations


def test_an_administrator_adds_a_partner_organisation(bas):
    organisatie = organisatie_create(
        actor=bas, code="huurteam", naam=" Huurteam  Zuid ", soort=Organisatiesoort.EXTERN
    )
    assert (organisatie.code, organisatie.naam, organisatie.soort, organisatie.actief) == (
        "huurteam",
        "Huurteam Zuid",
        "extern",
        True,
    )
    assert rows(organisatie=organisatie) == [
        (Soort.AANGEMAAKT, "code", None, "huurteam", "bas"),
        (Soort.AANGEMAAKT, "naam", None, "Huurteam Zuid", "bas"),
        (Soort.AANGEMAAKT, "soort", None, "extern", "bas"),
        (Soort.AANGEMAAKT, "actief", None, True, "bas"),
    ]
    line = Verwerkingslog.objects.get()
    assert (line.name, line.object_ref, line.audit.gebruiker) == (
        "Organisatie aangemaakt",
        "organisatie:huurteam",
        bas,
    )


@pytest.mark.parametrize(
    ("code", "naam", "soort", "errors"),
    [
        ("so", "Nieuw", "extern", {"code": ["Code 'so' is al in gebruik."]}),
        (
            "huur team",
            "Nieuw",
            "extern",
            {
                "code": [
                    "Code 'huur team' kan niet: gebruik alleen kleine letters, cijfers en streepjes."
                ]
            },
        ),
        (
            "nieuw",
            "stadsontwikkeling",
            "extern",
            {"naam": ["Er is al een organisatie met de naam 'stadsontwikkeling'."]},
        ),
        ("nieuw", "Nieuw", "bedrijf", {"soort": ["Kies de soort organisatie."]}),
        ("", " ", "extern", {"code": ["Geef een code."], "naam": ["Geef een naam."]}),
    ],
)
def test_a_bad_organisation_is_refused_field_by_field(bas, code, naam, soort, errors):
    before = (Organisatie.objects.count(), *written())
    with pytest.raises(ValidationError) as raised:
        organisatie_create(actor=bas, code=code, naam=naam, soort=soort)
    assert raised.value.message_dict == errors
    assert (Organisatie.objects.count(), *written()) == before


def test_an_organisation_is_renamed_and_deactivated_never_deleted(
    bas, partner_organisatie, make_user
):
    agent = make_user([C.CASES_VIEW], username="agent", organisatie_=partner_organisatie)
    assert capabilities_of(agent) == {C.CASES_VIEW}
    organisatie_update(
        actor=bas,
        organisatie=partner_organisatie,
        naam="Politie Rotterdam",
        soort=Organisatiesoort.EXTERN,
        actief=False,
    )
    assert rows(organisatie=partner_organisatie) == [
        (Soort.GEWIJZIGD, "naam", "Politie", "Politie Rotterdam", "bas"),
        (Soort.GEWIJZIGD, "actief", True, False, "bas"),
    ]
    # Its people can do nothing now; the organisation and its accounts are still there.
    assert capabilities_of(User.objects.get(pk=agent.pk)) == frozenset()
    assert Organisatie.objects.get(pk=partner_organisatie.pk).gebruikers.get() == agent
    assert Verwerkingslog.objects.filter(name="Organisatie gewijzigd").count() == 1


def test_saving_an_organisation_unchanged_writes_nothing(bas, partner_organisatie):
    before = written()
    organisatie_update(
        actor=bas, organisatie=partner_organisatie, naam="Politie", soort="extern", actief=True
    )
    assert written() == before


def test_nobody_deactivates_their_own_organisation(bas, organisatie):
    before = written()
    with pytest.raises(ValidationError) as raised:
        organisatie_update(
            actor=bas,
            organisatie=organisatie,
            naam=organisatie.naam,
            soort="kerncluster",
            actief=False,
        )
    assert (
        "U kunt uw eigen organisatie niet op non-actief zetten"
        in raised.value.message_dict["actief"][0]
    )
    assert Organisatie.objects.get(pk=organisatie.pk).actief
    assert written() == before


def test_an_organisation_changes_kind_only_when_its_roles_fit(bas, rollen, organisatie, collega):
    collega.rollen.add(rollen["behandelaar"])
    before = written()
    with pytest.raises(ValidationError) as raised:
        organisatie_update(
            actor=bas, organisatie=organisatie, naam=organisatie.naam, soort="extern", actief=True
        )
    message = raised.value.message_dict["soort"][0]
    assert (
        "Accounts van Stadsontwikkeling hebben de rol 'Behandelaar', en een externe partner mag niet: "
        in message
    )
    assert "meldingen per adres en per eigenaar inzien" in message
    assert Organisatie.objects.get(pk=organisatie.pk).soort == "kerncluster"
    assert written() == before


def test_reading_an_organisation_needs_the_capability_and_writing_needs_managing(make_user):
    viewer = make_user([C.ACCOUNTS_VIEW], username="kijker")
    with pytest.raises(PermissionDenied):
        organisatie_create(actor=viewer, code="x", naam="X", soort="extern")
    assert Organisatie.objects.filter(code="x").count() == 0


# Teams


def test_a_team_is_made_with_areas_and_members_and_each_member_logged(bas, collega, gebieden):
    team = team_create(
        actor=bas, naam="Team Carnisse", gebieden=[gebieden["BU05991572"]], leden=[collega]
    )
    assert list(team.leden.all()) == [collega]
    assert rows(team=team) == [
        (Soort.AANGEMAAKT, "naam", None, "Team Carnisse", "bas"),
        (Soort.AANGEMAAKT, "gebieden", [], ["Carnisse (BU05991572)"], "bas"),
        (Soort.AANGEMAAKT, "leden", [], ["collega"], "bas"),
    ]
    line = Verwerkingslog.objects.get()
    assert (line.name, line.object_ref, line.data_subject_id) == (
        "Team aangemaakt",
        f"team:{team.pk}",
        pseudonymise(DataSubject("gebruiker", "collega")),
    )


def test_a_team_is_renamed_and_its_areas_and_members_change(bas, bo, collega, gebieden):
    team = team_create(
        actor=None, naam="Team Carnisse", gebieden=[gebieden["BU05991572"]], leden=[collega]
    )
    team_update(
        actor=bas,
        team=team,
        naam="Team Carnisse-Tarwewijk",
        gebieden=list(gebieden.values()),
        leden=[bo],
    )
    team = Team.objects.get(pk=team.pk)
    assert (team.naam, list(team.leden.all())) == ("Team Carnisse-Tarwewijk", [bo])
    changes = rows(team=team, soort=Soort.GEWIJZIGD)
    assert changes == [
        (Soort.GEWIJZIGD, "naam", "Team Carnisse", "Team Carnisse-Tarwewijk", "bas"),
        (
            Soort.GEWIJZIGD,
            "gebieden",
            ["Carnisse (BU05991572)"],
            ["Tarwewijk (BU05991571)", "Carnisse (BU05991572)"],
            "bas",
        ),
        (Soort.GEWIJZIGD, "leden", ["collega"], ["bo"], "bas"),
    ]
    # Shown as what was added and taken away, newest first.
    leden = history_lines(Beheerwijziging.objects.filter(team=team, veld="leden"))[0]
    assert (leden.wat, leden.erbij, leden.eraf, leden.door) == ("Leden", ["bo"], ["collega"], "bas")
    # Both people whose membership changed are in the log.
    line_subjects = set(
        Verwerkingslog.objects.filter(name="Team gewijzigd").values_list(
            "data_subject_id", flat=True
        )
    )
    assert line_subjects == {
        pseudonymise(DataSubject("gebruiker", "bo")),
        pseudonymise(DataSubject("gebruiker", "collega")),
    }


@pytest.mark.parametrize("start_as_member", [False, True])
def test_nobody_changes_their_own_team_membership(bas, collega, start_as_member):
    team = team_create(
        actor=None, naam="Team Carnisse", gebieden=[], leden=[bas] if start_as_member else []
    )
    before = written()
    with pytest.raises(ValidationError) as raised:
        team_update(
            actor=bas,
            team=team,
            naam=team.naam,
            gebieden=[],
            leden=[] if start_as_member else [bas],
        )
    assert raised.value.message_dict["leden"] == [
        "U kunt uw eigen rollen en teams niet wijzigen: vraag dit aan een andere beheerder."
    ]
    assert list(Team.objects.get(pk=team.pk).leden.all()) == ([bas] if start_as_member else [])
    assert written() == before


def test_a_team_name_is_unique(bas):
    team_create(actor=bas, naam="Team Carnisse", gebieden=[], leden=[])
    with pytest.raises(ValidationError) as raised:
        team_create(actor=bas, naam="team carnisse", gebieden=[], leden=[])
    assert raised.value.message_dict == {"naam": ["Er is al een team met de naam 'team carnisse'."]}


def test_joining_a_team_from_the_account_page_is_in_the_teams_history(bas, collega):
    team = team_create(actor=None, naam="Team Carnisse", gebieden=[], leden=[])
    user_update(actor=bas, user=collega, rollen=[], teams=[team], is_active=True)
    user_update(actor=bas, user=collega, rollen=[], teams=[], is_active=True)
    assert rows(team=team, veld="leden") == [
        (Soort.AANGEMAAKT, "leden", [], [], ""),
        (Soort.GEWIJZIGD, "leden", [], ["collega"], "bas"),
        (Soort.GEWIJZIGD, "leden", ["collega"], [], "bas"),
    ]


# Roles


def test_a_role_is_made_with_ordinary_capabilities_at_once(bas):
    rol = rol_create(
        actor=bas,
        code="wijkcoach",
        naam="Wijkcoach",
        omschrijving="Begeleidt bewoners.",
        capabilities=[C.TASKS_WORK.value, C.CASES_VIEW.value],
    )
    # Kept in the order of the capabilities, whatever the order given.
    assert rol.capabilities == [C.CASES_VIEW.value, C.TASKS_WORK.value]
    assert rows(rol=rol)[-1] == (
        Soort.AANGEMAAKT,
        "capabilities",
        [],
        [C.CASES_VIEW.value, C.TASKS_WORK.value],
        "bas",
    )
    assert not Beheerwijziging.objects.filter(soort=Soort.AANGEVRAAGD).exists()
    assert Verwerkingslog.objects.get().object_ref == "rol:wijkcoach"


def test_an_unknown_capability_is_refused(bas):
    with pytest.raises(ValidationError) as raised:
        rol_create(actor=bas, code="x", naam="X", omschrijving="", capabilities=["alles.mogen"])
    assert raised.value.message_dict == {"capabilities": ["Onbekende bevoegdheid: alles.mogen"]}
    assert not Rol.objects.filter(code="x").exists()


def test_a_sensitive_capability_on_a_role_waits_for_a_second_administrator(
    bas, bo, collega, rollen, fg, django_capture_on_commit_callbacks
):
    rol = rollen["behandelaar"]
    collega.rollen.add(rol)
    with django_capture_on_commit_callbacks(execute=True):
        rol_update(
            actor=bas,
            rol=rol,
            naam=rol.naam,
            omschrijving="",
            capabilities=[*rol.capabilities, C.REPORTER_IDENTITY_VIEW.value, C.REPORTS_MATCH.value],
        )
    rol.refresh_from_db()
    # The ordinary one is there; the sensitive one is a request, and nobody holds it yet.
    assert C.REPORTS_MATCH.value in rol.capabilities
    assert C.REPORTER_IDENTITY_VIEW.value not in rol.capabilities
    assert C.REPORTER_IDENTITY_VIEW not in capabilities_of(User.objects.get(pk=collega.pk))
    aanvraag = Beheerwijziging.objects.get(soort=Soort.AANGEVRAAGD)
    assert (aanvraag.rol, aanvraag.door, aanvraag.van) == (rol, bas, rol.capabilities)
    assert [c for c in aanvraag.naar if c not in aanvraag.van] == [C.REPORTER_IDENTITY_VIEW.value]

    # Asking again while it waits is no second request.
    rol_update(actor=bas, rol=rol, naam=rol.naam, omschrijving="", capabilities=aanvraag.naar)
    assert Beheerwijziging.objects.filter(soort=Soort.AANGEVRAAGD).count() == 1

    with pytest.raises(ValidationError) as raised:
        rolbevoegdheid_decide(actor=bas, aanvraag=aanvraag, approve=True)
    assert raised.value.messages == [
        "U heeft deze bevoegdheden zelf aangevraagd: een andere beheerder beslist erover."
    ]
    with django_capture_on_commit_callbacks(execute=True):
        besluit = rolbevoegdheid_decide(actor=bo, aanvraag=aanvraag, approve=True)
    assert (besluit.soort, besluit.door, besluit.aanvraag) == (Soort.GOEDGEKEURD, bo, aanvraag)
    assert C.REPORTER_IDENTITY_VIEW in capabilities_of(User.objects.get(pk=collega.pk))
    with pytest.raises(ValidationError, match="Over deze aanvraag is al besloten"):
        rolbevoegdheid_decide(actor=bo, aanvraag=aanvraag, approve=False)

    # The privacy officer heard of the request and the approval; role and capability only.
    assert [m.to for m in mail.outbox] == [["fg@gemeente.example"]] * 2
    label = C.REPORTER_IDENTITY_VIEW.label
    assert f"aangevraagd door bas, wacht op een tweede beheerder: {label}" in mail.outbox[0].body
    assert f"goedgekeurd door bo (aangevraagd door bas): {label}" in mail.outbox[1].body
    assert "Meldingen zonder gevonden adres" not in mail.outbox[0].body  # not sensitive
    for message in mail.outbox:
        assert "collega" not in message.body and "Cora" not in message.body


def test_a_holder_of_the_role_cannot_approve_its_capabilities(bas, bo, rollen):
    rol = rollen["behandelaar"]
    bo.rollen.add(rol)
    rol_update(
        actor=bas,
        rol=rol,
        naam=rol.naam,
        omschrijving="",
        capabilities=[*rol.capabilities, C.LOG_SEARCH.value],
    )
    aanvraag = Beheerwijziging.objects.get(soort=Soort.AANGEVRAAGD)
    with pytest.raises(ValidationError) as raised:
        rolbevoegdheid_decide(actor=bo, aanvraag=aanvraag, approve=True)
    assert raised.value.messages == [
        "U heeft de rol 'Behandelaar' zelf: een andere beheerder beslist erover."
    ]
    assert C.LOG_SEARCH.value not in Rol.objects.get(pk=rol.pk).capabilities


def test_a_rejected_capability_is_not_added(bas, bo, rollen):
    rol = rollen["partnercontact"]
    before = list(rol.capabilities)
    rol_update(
        actor=bas,
        rol=rol,
        naam=rol.naam,
        omschrijving="",
        capabilities=[*before, C.ACCOUNTS_MANAGE.value],
    )
    aanvraag = Beheerwijziging.objects.get(soort=Soort.AANGEVRAAGD)
    besluit = rolbevoegdheid_decide(actor=bo, aanvraag=aanvraag, approve=False)
    assert besluit.soort == Soort.AFGEWEZEN
    assert Rol.objects.get(pk=rol.pk).capabilities == before
    line = history_lines([besluit])[0]
    assert (line.soort, line.erbij) == ("Afgewezen", [C.ACCOUNTS_MANAGE.label])


def test_a_new_role_asks_for_its_sensitive_capabilities(bas):
    rol = rol_create(
        actor=bas,
        code="fg-assistent",
        naam="FG-assistent",
        omschrijving="",
        capabilities=[C.REGISTER_VIEW.value, C.LOG_SEARCH.value],
    )
    assert rol.capabilities == [C.REGISTER_VIEW.value]
    aanvraag = Beheerwijziging.objects.get(soort=Soort.AANGEVRAAGD)
    assert (aanvraag.van, aanvraag.naar) == (
        [C.REGISTER_VIEW.value],
        [C.LOG_SEARCH.value, C.REGISTER_VIEW.value],
    )


def test_the_operator_adds_sensitive_capabilities_directly(rollen):
    rol = rollen["behandelaar"]
    rol_update(
        actor=None,
        rol=rol,
        naam=rol.naam,
        omschrijving="",
        capabilities=[*rol.capabilities, C.LOG_SEARCH.value],
    )
    assert C.LOG_SEARCH.value in Rol.objects.get(pk=rol.pk).capabilities
    assert not Beheerwijziging.objects.filter(soort=Soort.AANGEVRAAGD).exists()


def test_taking_a_capability_away_takes_effect_at_once(bas, collega, rollen):
    rol = rollen["behandelaar"]
    collega.rollen.add(rol)
    rol_update(
        actor=bas,
        rol=rol,
        naam="Wijkbehandelaar",
        omschrijving="Behandelt meldingen.",
        capabilities=[c for c in rol.capabilities if c != C.REPORTS_TRIAGE.value],
    )
    assert C.REPORTS_TRIAGE not in capabilities_of(User.objects.get(pk=collega.pk))
    [naam, omschrijving, bevoegdheden] = history_lines(Beheerwijziging.objects.filter(rol=rol))[
        ::-1
    ]
    assert (naam.van, naam.naar) == ("Behandelaar", "Wijkbehandelaar")
    assert (omschrijving.van, omschrijving.naar) == ("—", "Behandelt meldingen.")
    assert (bevoegdheden.erbij, bevoegdheden.eraf) == ([], [C.REPORTS_TRIAGE.label])


def test_a_role_held_by_a_partner_gets_no_internal_capability(
    bas, rollen, partner_organisatie, make_user
):
    rol = rollen["partnercontact"]
    agent = User.objects.create_user(username="agent", organisatie=partner_organisatie)
    agent.rollen.add(rol)
    before = written()
    with pytest.raises(ValidationError) as raised:
        rol_update(
            actor=bas,
            rol=rol,
            naam=rol.naam,
            omschrijving="",
            capabilities=[*rol.capabilities, C.REPORTS_VIEW.value],
        )
    assert raised.value.message_dict == {
        "capabilities": [
            "Rol 'Partnercontact' is toegekend aan accounts van Politie (een externe partner). "
            "Een externe partner mag niet: meldingen per adres en per eigenaar inzien."
        ]
    }
    assert C.REPORTS_VIEW.value not in Rol.objects.get(pk=rol.pk).capabilities
    assert written() == before


def test_an_approval_checks_the_holders_again(bas, bo, rollen, partner_organisatie):
    """A partner got the role while the request waited: the partner may not hold it."""
    rol = rollen["partnercontact"]
    rol_update(
        actor=bas,
        rol=rol,
        naam=rol.naam,
        omschrijving="",
        capabilities=[*rol.capabilities, C.REPORTER_IDENTITY_VIEW.value],
    )
    agent = User.objects.create_user(username="agent", organisatie=partner_organisatie)
    agent.rollen.add(rol)
    aanvraag = Beheerwijziging.objects.get(soort=Soort.AANGEVRAAGD)
    with pytest.raises(ValidationError, match="Een externe partner mag niet: naam en contact"):
        rolbevoegdheid_decide(actor=bo, aanvraag=aanvraag, approve=True)
    assert C.REPORTER_IDENTITY_VIEW.value not in Rol.objects.get(pk=rol.pk).capabilities


def test_nobody_changes_the_capabilities_of_a_role_they_hold(bas):
    rol = bas.rollen.get()
    before = (list(rol.capabilities), *written())
    with pytest.raises(ValidationError) as raised:
        rol_update(
            actor=bas,
            rol=rol,
            naam=rol.naam,
            omschrijving="",
            capabilities=[*rol.capabilities, C.CASES_DIRECT.value],
        )
    assert raised.value.message_dict == {
        "capabilities": [
            "U heeft deze rol zelf: u kunt zijn bevoegdheden niet wijzigen. "
            "Vraag dit aan een andere beheerder."
        ]
    }
    assert (Rol.objects.get(pk=rol.pk).capabilities, *written()) == before
    # Its name and description are no rights: those may change.
    rol_update(actor=bas, rol=rol, naam="Beheer", omschrijving="", capabilities=rol.capabilities)
    assert Rol.objects.get(pk=rol.pk).naam == "Beheer"


def test_the_same_capabilities_in_another_order_are_no_change(bas):
    rol = Rol.objects.create(
        code="x", naam="X", capabilities=[C.TASKS_WORK.value, C.CASES_VIEW.value]
    )
    before = written()
    rol_update(
        actor=bas,
        rol=rol,
        naam="X",
        omschrijving="",
        capabilities=[C.CASES_VIEW.value, C.TASKS_WORK.value],
    )
    assert written() == before
    assert Rol.objects.get(pk=rol.pk).capabilities == [C.TASKS_WORK.value, C.CASES_VIEW.value]


def test_the_access_review_lists_sensitive_capabilities_of_roles(bas, bo, fg, rollen):
    from goedwonen.accounts.access_review import access_review

    rol = rollen["behandelaar"]
    rol_update(
        actor=bas,
        rol=rol,
        naam=rol.naam,
        omschrijving="",
        capabilities=[*rol.capabilities, C.LOG_SEARCH.value, C.CASES_DIRECT.value],
    )
    aanvraag = Beheerwijziging.objects.get(soort=Soort.AANGEVRAAGD)
    rolbevoegdheid_decide(actor=bo, aanvraag=aanvraag, approve=True)
    review = access_review(actor=fg)
    label = C.LOG_SEARCH.label
    # Newest first; the ordinary capability added at the same time is not listed.
    assert [text for _, text in review.role_capabilities] == [
        f"goedgekeurd en doorgevoerd door bo; erbij: {label}",
        f"aangevraagd door bas (goedgekeurd en doorgevoerd door bo); erbij: {label}",
    ]

"""The demo organisations, areas, teams, roles and one user per role (idempotent).

Demo accounts share one well-known password. `goedwonen demo` refuses to run outside debug
mode, so they never reach production.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from goedwonen.core.policy import Capability
from goedwonen.core.registries import demo_seeds
from goedwonen.registry.models import Gebied, Gebiedssoort

from .models import Organisatie, Organisatiesoort, Rol, Team, User
from .services import rol_validate_capabilities, user_create

DEMO_PASSWORD = "Goedwonen-demo-2026"  # noqa: S105 - demo only, printed on purpose

ORGANISATIES = [
    ("so", "Stadsontwikkeling", Organisatiesoort.KERNCLUSTER),
    ("sb", "Stadsbeheer", Organisatiesoort.KERNCLUSTER),
    ("dirv", "Directie Veiligheid", Organisatiesoort.KERNCLUSTER),
    ("mo", "Maatschappelijke Ontwikkeling", Organisatiesoort.INTERN),
    ("dv", "Dienstverlening", Organisatiesoort.INTERN),
    ("wi", "Werk & Inkomen", Organisatiesoort.INTERN),
    ("euam", "Actieprogramma EU-arbeidsmigranten", Organisatiesoort.INTERN),
    ("nprz", "Nationaal Programma Rotterdam Zuid", Organisatiesoort.EXTERN),
    ("politie", "Politie Rotterdam", Organisatiesoort.EXTERN),
    ("woonstad", "Woonstad Rotterdam", Organisatiesoort.EXTERN),
    ("stedin", "Stedin", Organisatiesoort.EXTERN),
    ("belastingdienst", "Belastingdienst", Organisatiesoort.EXTERN),
]

# (code, naam, soort, bovenliggend, focus)
GEBIEDEN = [
    ("GM0599", "Rotterdam", Gebiedssoort.GEMEENTE, None, False),
    ("WK059910", "Feijenoord", Gebiedssoort.WIJK, "GM0599", False),
    ("WK059915", "Charlois", Gebiedssoort.WIJK, "GM0599", False),
    ("BU05991081", "Bloemhof", Gebiedssoort.BUURT, "WK059910", True),
    ("BU05991082", "Hillesluis", Gebiedssoort.BUURT, "WK059910", True),
    ("BU05991571", "Tarwewijk", Gebiedssoort.BUURT, "WK059915", True),
    ("BU05991572", "Carnisse", Gebiedssoort.BUURT, "WK059915", True),
    ("BU05991573", "Zuidwijk", Gebiedssoort.BUURT, "WK059915", True),
    ("BU05991577", "Pendrecht", Gebiedssoort.BUURT, "WK059915", True),
]

# The five focus areas of the plan; Pendrecht-Zuidwijk is one area of two buurten.
TEAMS = [
    ("Team Bloemhof", ["BU05991081"]),
    ("Team Hillesluis", ["BU05991082"]),
    ("Team Tarwewijk", ["BU05991571"]),
    ("Team Carnisse", ["BU05991572"]),
    ("Team Pendrecht-Zuidwijk", ["BU05991573", "BU05991577"]),
]
# Routing sends a report in a focus area to its area team; the demo's handler and case
# director work in every one, so no report lands in a team without anyone to triage it.
AREA_TEAMS = tuple(naam for naam, _ in TEAMS)

C = Capability
ALL_STAFF = [C.REGISTER_VIEW]
CASEWORK = [
    *ALL_STAFF,
    C.REGISTRY_VIEW,
    C.REPORTS_VIEW,
    C.ENFORCEMENT_HISTORY_VIEW,
    C.CASES_VIEW,
    C.TASKS_WORK,
    C.CASETABLE_TAKE_PART,
    C.ACTIONS_TAKE_PART,
]
ROLLEN = [
    (
        "administratief-medewerker",
        "Administratief medewerker",
        "Registreert meldingen en ondersteunt de casustafel.",
        [
            *ALL_STAFF,
            C.REGISTRY_VIEW,
            C.REPORTS_VIEW,
            C.REPORTS_MATCH,
            C.REPORTS_REGISTER,
            C.REPORTER_IDENTITY_VIEW,
            C.CASETABLE_TAKE_PART,
        ],
    ),
    (
        "behandelaar",
        "Behandelaar",
        "Behandelt meldingen in een wijk en triageert ze.",
        [
            *CASEWORK,
            C.REPORTS_MATCH,
            C.REPORTS_REGISTER,
            C.REPORTS_TRIAGE,
            C.REPORTER_IDENTITY_VIEW,
        ],
    ),
    (
        "casusregisseur",
        "Casusregisseur",
        "Voert regie op multidisciplinaire casussen en zit de casustafel voor.",
        # Sees approved selections, to turn them into cases (the analyst composes them).
        [
            *CASEWORK,
            C.REPORTS_TRIAGE,
            C.CASES_DIRECT,
            C.ANALYSIS_VIEW,
            C.LANDLORDS_MONITOR,
            C.LANDLORD_TALKS,
            C.ACTIONS_ORGANISE,
            C.STEERING_VIEW,
        ],
    ),
    (
        "toezichthouder",
        "Toezichthouder / inspecteur",
        "Voert straat- en woningbezoeken uit.",
        [*CASEWORK, C.INSPECTIONS_RECORD, C.LANDLORDS_MONITOR],
    ),
    (
        "analist",
        "Analist",
        "Maakt gebiedsanalyses en selecties.",
        [
            *CASEWORK,
            C.DELIVERIES_VIEW,
            C.ANALYSIS_VIEW,
            C.ANALYSIS_RUN,
            C.SELECTION_COMPOSE,
            C.CATALOGUE_MANAGE,
            C.STEERING_VIEW,
            C.ACCOUNT_REPORTS,
            C.ANALYSIS_EXPORT,
        ],
    ),
    (
        "jurist",
        "Jurist",
        "Verzorgt de juridische opvolging en handhaving.",
        [
            *CASEWORK,
            C.ENFORCEMENT_WORK,
            C.INSTRUMENTS_MANAGE,
            C.LANDLORDS_MONITOR,
            C.LANDLORD_TALKS,
        ],
    ),
    (
        "procesregisseur",
        "Procesregisseur / management",
        "Stuurt op de aanpak en de doelen.",
        [
            *ALL_STAFF,
            C.REGISTRY_VIEW,
            C.ACCOUNTS_VIEW,
            C.DELIVERIES_VIEW,
            C.ANALYSIS_VIEW,
            C.SELECTION_APPROVE,
            C.LANDLORDS_MONITOR,
            C.CASETABLES_MANAGE,
            C.ACTIONS_TAKE_PART,
            C.STEERING_VIEW,
            C.TARGETS_MANAGE,
            C.ACCOUNT_REPORTS,
        ],
    ),
    (
        "partnercontact",
        "Contactpersoon partner",
        "Contactpersoon van een externe partner; ziet alleen wat met de partner is gedeeld.",
        [C.CASES_VIEW, C.TASKS_WORK, C.CASETABLE_TAKE_PART, C.ACTIONS_TAKE_PART],
    ),
    (
        "privacy-officer",
        "Privacy officer (FG/CPO)",
        "Houdt toezicht op de rechtmatigheid van verwerkingen.",
        [
            *ALL_STAFF,
            C.LOG_SEARCH,
            C.ACCESS_REVIEW,
            C.ACCOUNTS_VIEW,
            C.DELIVERIES_VIEW,
            C.ANALYSIS_VIEW,
        ],
    ),
    (
        "functioneel-beheerder",
        "Functioneel beheerder",
        "Beheert gebruikers, rollen, API-tokens, routering, taaksjablonen, toetsparameters, "
        "briefsjablonen, casustafels en bronleveringen.",
        [
            *ALL_STAFF,
            C.ACCOUNTS_VIEW,
            C.ACCOUNTS_MANAGE,
            C.DELIVERIES_VIEW,
            C.ROUTING_MANAGE,
            C.CASETABLES_MANAGE,
        ],
    ),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    naam: str
    organisatie: str
    rol: str
    teams: tuple[str, ...] = ()


DEMO_USERS = [
    DemoUser("admin.so", "Anouk Administratie", "so", "administratief-medewerker"),
    DemoUser("behandelaar.sb", "Bram Behandelaar", "sb", "behandelaar", AREA_TEAMS),
    DemoUser("regisseur.so", "Cem Regisseur", "so", "casusregisseur", AREA_TEAMS),
    DemoUser("inspecteur.sb", "Ilse Inspecteur", "sb", "toezichthouder", ("Team Tarwewijk",)),
    DemoUser("analist.so", "Amir Analist", "so", "analist"),
    DemoUser("jurist.dirv", "Julia Jurist", "dirv", "jurist"),
    DemoUser("procesregisseur.dirv", "Pieter Procesregie", "dirv", "procesregisseur"),
    DemoUser("partner.politie", "Wendy Wijkagent", "politie", "partnercontact"),
    DemoUser("privacy.dv", "Fatima Functionaris", "dv", "privacy-officer"),
    DemoUser("beheer.so", "Bas Beheer", "so", "functioneel-beheerder"),
    # A second administrator: sensitive roles need one to approve (four eyes).
    DemoUser("beheer.sb", "Bo Beheer", "sb", "functioneel-beheerder"),
]


@transaction.atomic
def demo_seed() -> list[DemoUser]:
    """Create what is missing; leave what exists. Returns the demo users."""
    organisaties = {}
    for code, naam, soort in ORGANISATIES:
        organisaties[code], _ = Organisatie.objects.get_or_create(
            code=code, defaults={"naam": naam, "soort": soort}
        )
    gebieden: dict[str, Gebied] = {}
    for code, naam, gebiedssoort, parent, focus in GEBIEDEN:
        gebieden[code], _ = Gebied.objects.get_or_create(
            code=code,
            defaults={
                "naam": naam,
                "soort": gebiedssoort,
                "focusgebied": focus,
                "bovenliggend": gebieden.get(parent) if parent else None,
            },
        )
    teams = {}
    for naam, codes in TEAMS:
        teams[naam], created = Team.objects.get_or_create(naam=naam)
        if created:
            teams[naam].gebieden.set([gebieden[c] for c in codes])
    rollen = {}
    for code, naam, omschrijving, capabilities in ROLLEN:
        # update_or_create: a demo database picks up capabilities added since it was made.
        rollen[code], _ = Rol.objects.update_or_create(
            code=code,
            defaults={
                "naam": naam,
                "omschrijving": omschrijving,
                "capabilities": rol_validate_capabilities(capabilities),
            },
        )
    _routing_rules(teams, gebieden)
    for demo in DEMO_USERS:
        existing = User.objects.filter(username=demo.username).first()
        if existing is not None:
            # A demo database from before a user joined more teams: the teams are added.
            existing.teams.add(*(teams[naam] for naam in demo.teams))
            continue
        first, _, last = demo.naam.partition(" ")
        user_create(
            actor=None,
            username=demo.username,
            organisatie=organisaties[demo.organisatie],
            rollen=[rollen[demo.rol]],
            teams=[teams[naam] for naam in demo.teams],
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            email=f"{demo.username}@goedwonen.test",
            validate=False,
        )
    for seed in demo_seeds:
        seed()
    return DEMO_USERS


def _routing_rules(teams: dict[str, Team], gebieden: dict[str, Gebied]) -> None:
    """One routing rule per focus area: reports there go to its area team."""
    from goedwonen.intake.models import Routeringsregel

    if Routeringsregel.objects.exists():
        return
    order = 10
    for naam, codes in TEAMS:
        for code in codes:
            Routeringsregel.objects.create(
                volgorde=order,
                naam=f"{gebieden[code].naam} naar {naam}",
                gebied=gebieden[code],
                team=teams[naam],
            )
            order += 10

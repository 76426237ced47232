"""The rows of the scale store (bench/scale_store.py), drawn from a seeded random generator
and bulk loaded with COPY, in one pass through time: each case brings, around its own moment,
its objects, parties, tasks, sharings, history and timeline, the reports of its window and the
processing-log lines of its window, so ids and times rise together as in a store that grew.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import random
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import psycopg

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

import goedwonen
from goedwonen.accounts.demo import DEMO_PASSWORD, demo_seed
from goedwonen.accounts.models import Organisatie, Rol, Team, User
from goedwonen.casussen import workflow
from goedwonen.casussen.models import Casusstatus, Herkomst, Onderdeel, Resultaat
from goedwonen.casussen.services.timeline import nieuws_herberekenen
from goedwonen.core import display, log_guard
from goedwonen.core.categories import SIGNAL_ONLY, Categorie
from goedwonen.core.models import LogKetting, Verwerkingsactiviteit
from goedwonen.core.processing_log import (
    GENESIS_HASH,
    DataSubject,
    _line_hash,
    processing_log_seal,
    pseudonymise,
)
from goedwonen.core.references import ALPHABET
from goedwonen.core.registries import demo_seeds
from goedwonen.intake import workflow as report_workflow
from goedwonen.intake.models import Servicenorm
from goedwonen.registry.models import Gebied
from goedwonen.synth.names import FAMILY_NAMES

SEED = 2026
START = datetime(2019, 1, 1, 7, tzinfo=UTC)
END = datetime(2026, 12, 5, 17, tzinfo=UTC)
REPORTS_PER_CASE = 3
LOG_LINES_PER_CASE = 10
CHUNK = 2000  # cases per transaction

# The columns each table gets, in COPY order; checked against the models before loading, so a
# column added later fails the build instead of loading rows without it.
COLUMNS: dict[str, Sequence[str]] = {
    "casussen.Casus": [
        "id",
        "referentie",
        "titel",
        "herkomst",
        "categorieen",
        "casusregisseur_id",
        "organisatie_id",
        "team_id",
        "status",
        "aangemaakt_op",
        "handhaving_bereikt",
        "resultaat",
        "gesloten_op",
        "bewaren_tot",
        "nieuws_op",  # filled after the load from the events (nieuws_herberekenen)
    ],
    "casussen.CasusObject": ("id", "casus_id", "verblijfsobject_id", "adres_id", "buurt_id"),
    "casussen.Partij": ("id", "casus_id", "rol", "eigenaar_id", "omschrijving"),
    "casussen.Deling": [
        "id",
        "casus_id",
        "organisatie_id",
        "rol",
        "doel",
        "grondslag",
        "onderdelen",
        "tot",
        "gedeeld_door_id",
        "gedeeld_op",
        "beeindigd_op",
    ],
    "casussen.Taak": [
        "id",
        "casus_id",
        "titel",
        "omschrijving",
        "organisatie_id",
        "toegewezen_aan_id",
        "deadline",
        "woningbezoek",
        "status",
        "uitkomst",
        "afgerond_door_id",
        "afgerond_op",
        "aangemaakt_op",
    ],
    "casussen.Gebeurtenis": ("id", "casus_id", "soort", "tekst", "door_id", "taak_id", "op"),
    "casussen.Casusstatuswijziging": ("id", "casus_id", "van", "naar", "reden", "door_id", "op"),
    "intake.Melding": [
        "id",
        "bron",
        "bron_id",
        "referentie",
        "statuslink_hash",
        "ontvangen_op",
        "adres_id",
        "verblijfsobject_id",
        "buurt_id",
        "opgegeven_nummeraanduiding",
        "opgegeven_postcode",
        "opgegeven_huisnummer",
        "opgegeven_huisletter",
        "opgegeven_toevoeging",
        "categorie",
        "omschrijving",
        "melder_soort",
        "bron_status",
        "gekoppeld_door_id",
        "gekoppeld_op",
        "status",
        "team_id",
        "behandelaar_id",
        "triage_voor",
        "afgehandeld_voor",
        "triage",
        "doorgezet_naar_id",
        "casusregisseur_id",
        "casus_id",
    ],
    "intake.StatusWijziging": (
        "id",
        "melding_id",
        "van",
        "naar",
        "reden",
        "melder_tekst",
        "door_id",
        "op",
    ),
    "core.Verwerkingslog": [
        "id",
        "volgnummer",
        "trace_id",
        "span_id",
        "parent_span_id",
        "name",
        "start_time",
        "end_time",
        "status",
        "verwerkingsactiviteit_id",
        "data_subject_id",
        "data_subject_type",
        "object_ref",
        "resource_name",
        "resource_version",
        "vorige_hash",
        "hash",
    ],
    "core.Auditregel": (
        "logregel_id",
        "gebruiker_id",
        "gebruikersnaam",
        "organisatie_id",
        "organisatiecode",
    ),
}

FIRST_NAMES = [
    "Anna",
    "Bas",
    "Chantal",
    "Daan",
    "Esra",
    "Fleur",
    "Gijs",
    "Hanna",
    "Ivo",
    "Jasmijn",
    "Kees",
    "Lotte",
    "Mohamed",
    "Noor",
    "Olaf",
    "Priya",
    "Quinten",
    "Rachid",
    "Sanne",
    "Tim",
    "Umut",
    "Vera",
    "Willem",
    "Yara",
    "Zeynep",
    "Joost",
    "Marieke",
    "Sevda",
    "Thijs",
    "Lieke",
]
CORE = ("so", "sb", "dirv")
CORE_WEIGHTS = (45, 35, 20)
# (organisation, weight, role in the case, purpose, legal basis)
PARTNERS = [
    (
        "politie",
        30,
        "Wijkagent",
        "Gezamenlijk optreden bij signalen van ondermijning",
        "Wpg art. 19",
    ),
    ("woonstad", 18, "Verhuurder", "Herstel van gebreken in corporatiebezit", "Convenant"),
    ("stedin", 10, "Netbeheerder", "Onderzoek naar afwijkend energieverbruik", "Convenant"),
    ("wi", 10, "Werk & Inkomen", "Toets op rechtmatigheid van uitkeringen", "Participatiewet"),
    ("belastingdienst", 10, "Fiscus", "Signaal van fiscale fraude", "AWR art. 43c"),
    ("dv", 10, "Dienstverlening", "BRP-adresonderzoek", "Wet BRP art. 2.34"),
    ("mo", 6, "Zorg", "Hulp aan kwetsbare bewoners", "Wmo 2015"),
    ("euam", 3, "EU-arbeidsmigranten", "Huisvesting van arbeidsmigranten", "Convenant"),
    ("nprz", 3, "NPRZ", "Gebiedsaanpak Zuid", "Convenant"),
]
CASE_CATEGORIES = [c for c in Categorie if c not in SIGNAL_ONLY and c != Categorie.WOONOVERLAST] + [
    Categorie.WOONOVERLAST
]
TASKS = [
    ("Woningbezoek afleggen", True, 14),
    ("Eigenaar aanschrijven", False, 21),
    ("BRP-adresonderzoek", False, 28),
    ("Huurcontract opvragen", False, 21),
    ("Hercontrole na herstel", True, 42),
    ("Vooraankondiging last onder dwangsom", False, 14),
]
REASONS = [
    "Na het eerste bezoek",
    "Bevindingen besproken met het team",
    "Eigenaar reageert niet op de brief",
    "Afspraak met de verhuurder gemaakt",
    "Volgens afspraak in de casustafel",
    "Herstel gecontroleerd",
]
# Closed cases' paths after 'geregistreerd', with their weights; an open case stops on one.
PATHS = [
    (("onderzoek", "gesloten"), 50),
    (("onderzoek", "interventie", "gesloten"), 20),
    (("onderzoek", "handhaving", "monitoring", "gesloten"), 8),
    (("onderzoek", "interventie", "handhaving", "gesloten"), 7),
    (("gesloten",), 10),
    (("onderzoek", "monitoring", "gesloten"), 5),
]
SOURCES = ["meldpunt", "telefoon", "e-mail", "balie", "partner", "so-systeem", "sb-systeem"]
SOURCE_WEIGHTS = [40, 15, 12, 5, 12, 8, 8]
RESIDENTS = [
    "{} bewoners, arbeidsmigranten",
    "{} bewoners",
    "{} studenten",
    "gezin met {} kinderen",
]


@dataclass(frozen=True)
class Person:
    id: int
    username: str
    naam: str
    organisatie_id: int
    organisatiecode: str


@dataclass(frozen=True)
class Address:
    id: int
    vbo: int
    buurt: int
    postcode: str
    huisnummer: int
    huisletter: str
    toevoeging: str


@dataclass
class World:
    """What the rows refer to, read from the imported and seeded store."""

    addresses: list[Address]
    team_addresses: dict[int, list[int]]  # team id -> indices into addresses
    team_of_buurt: dict[int, int]
    buurt_naam: dict[int, str]
    owners: dict[int, list[tuple[int, str]]]  # vbo -> (Eigenaar pk, eigenaar_id)
    orgs: dict[str, Organisatie]
    directors: dict[str, list[Person]]  # core organisation -> case directors
    staff: dict[str, list[Person]]  # organisation -> every person in it
    handlers: dict[int | None, list[Person]]  # team (None: any) -> who triages its reports
    activities: dict[str, int]
    norms: dict[str, tuple[int, int]]
    hot: list[int] = field(default_factory=list)  # objects with very many reports


# Two characters of the alphabet for each 10 bits.
_PAIRS = [a + b for a in ALPHABET for b in ALPHABET]


def _reference(prefix: str, code: int) -> str:
    return (
        f"{prefix}-{_PAIRS[code >> 30]}{_PAIRS[(code >> 20) & 1023]}-"
        f"{_PAIRS[(code >> 10) & 1023]}{_PAIRS[code & 1023]}"
    )


class References:
    """Unique references in the app's format (core/references.py), drawn without repeating:
    a counter through a bijection of the 40-bit space, skipping those already in the store."""

    def __init__(self, prefix: str, salt: int, taken: set[str]) -> None:
        self.prefix, self.salt, self.taken, self.counter = prefix, salt, taken, 0
        self.codes = array("q")

    def next(self) -> int:
        """A new reference's index into `codes`."""
        while True:
            self.counter += 1
            code = (self.counter * 0x9E3779B97F4A7 + self.salt) & (2**40 - 1)
            if _reference(self.prefix, code) not in self.taken:
                self.codes.append(code)
                return len(self.codes) - 1

    def __getitem__(self, index: int) -> str:
        return _reference(self.prefix, self.codes[index])


class Copier:
    """Rows per table, sent with COPY when a chunk of cases is complete: by a thread of its
    own, so that the server stores one chunk while the next is drawn. Its connection skips
    the foreign-key triggers (session_replication_role = replica; the keys are right by
    construction, and a build with the triggers on checks that); the constraints themselves
    stay as they are."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self.rows: dict[str, list[Sequence[object]]] = {label: [] for label in COLUMNS}
        self.counts: dict[str, int] = dict.fromkeys(COLUMNS, 0)
        self.next_id: dict[str, int] = {}
        with conn.cursor() as cursor:
            for label in COLUMNS:
                model = apps.get_model(label)
                columns = {f.column for f in model._meta.concrete_fields}
                if columns != set(COLUMNS[label]):
                    raise SystemExit(f"{label}: columns {sorted(columns ^ set(COLUMNS[label]))}")
                pk = model._meta.pk
                assert pk is not None
                cursor.execute(f"SELECT coalesce(max({pk.column}), 0) FROM {model._meta.db_table}")  # noqa: S608
                row = cursor.fetchone()
                assert row is not None
                self.next_id[label] = row[0] + 1
            if os.environ.get("BENCH_CHECK_KEYS") != "1":
                cursor.execute("SET session_replication_role = replica")
        conn.commit()
        self.chunks: queue.Queue[dict[str, list[Sequence[object]]] | None] = queue.Queue(2)
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._copy_chunks, daemon=True)
        self.thread.start()

    def id(self, label: str) -> int:
        value = self.next_id[label]
        self.next_id[label] = value + 1
        return value

    def add(self, label: str, row: Sequence[object]) -> None:
        self.rows[label].append(row)

    def flush(self) -> None:
        if self.failure is not None:
            raise self.failure
        self.chunks.put(self.rows)
        self.rows = {label: [] for label in COLUMNS}

    def close(self) -> None:
        """Send what is left and wait until everything is stored."""
        self.flush()
        self.chunks.put(None)
        self.thread.join()
        if self.failure is not None:
            raise self.failure

    def _copy_chunks(self) -> None:
        while (chunk := self.chunks.get()) is not None:
            if self.failure is not None:
                continue  # drain: the main thread raises it
            try:
                self._copy(chunk)
            except BaseException as error:
                self.failure = error

    def _copy(self, chunk: dict[str, list[Sequence[object]]]) -> None:
        with self.conn.cursor() as cursor:
            for label, rows in chunk.items():
                if not rows:
                    continue
                table = apps.get_model(label)._meta.db_table
                columns = ", ".join(COLUMNS[label])
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                self.counts[label] += len(rows)
        self.conn.commit()


def staff_seed(rng: random.Random) -> dict[str, int]:
    """Case directors, handlers, inspectors and lawyers in the core organisations (30-60 each)
    and a few contacts in every partner; a few more teams, one per large district."""
    rollen = {r.code: r for r in Rol.objects.all()}
    orgs = {o.code: o for o in Organisatie.objects.all()}
    focus = {
        pk
        for pk in Gebied.objects.filter(teams__isnull=False).values_list("bovenliggend", flat=True)
        if pk is not None
    }
    wijken = (
        Gebied.objects.filter(soort="wijk")
        .exclude(pk__in=focus)
        .order_by("code")
        .values_list("pk", "naam")
    )
    for pk, naam in list(wijken)[:4]:
        team = Team.objects.create(naam=f"Team {naam}")
        team.gebieden.set(Gebied.objects.filter(bovenliggend_id=pk))
    teams = list(Team.objects.all())
    password = make_password(DEMO_PASSWORD)
    made: list[tuple[User, str, list[Team]]] = []
    for code, org in orgs.items():
        if code in CORE:
            count = rng.randint(30, 60)
            roles = rng.choices(
                ["casusregisseur", "behandelaar", "toezichthouder", "jurist"],
                [45, 30, 15, 10],
                k=count,
            )
        else:
            count = rng.randint(2, 6)
            roles = ["partnercontact"] * count
        for n in range(count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(FAMILY_NAMES)
            username = f"{first}.{last.replace(' ', '')}{n}.{code}".lower()
            member = rng.sample(teams, rng.randint(1, 2)) if code in ("so", "sb") else []
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@goedwonen.test",
                password=password,
                organisatie=org,
            )
            made.append((user, roles[n], member))
    User.objects.bulk_create([user for user, _, _ in made])
    User.rollen.through.objects.bulk_create(
        User.rollen.through(user_id=u.pk, rol_id=rollen[r].pk) for u, r, _ in made
    )
    User.teams.through.objects.bulk_create(
        User.teams.through(user_id=u.pk, team_id=t.pk) for u, _, ts in made for t in ts
    )
    return {"users": len(made), "teams": len(teams)}


def world_read() -> World:
    def person(u: User) -> Person:
        assert u.organisatie is not None
        return Person(
            u.pk, u.username, u.get_full_name() or u.username, u.organisatie.pk, u.organisatie.code
        )

    users = list(
        User.objects.filter(organisatie__isnull=False, is_serviceaccount=False)
        .select_related("organisatie")
        .prefetch_related("rollen", "teams")
        .order_by("pk")
    )
    staff: dict[str, list[Person]] = {}
    directors: dict[str, list[Person]] = {}
    handlers: dict[int | None, list[Person]] = {None: []}
    for user in users:
        p = person(user)
        staff.setdefault(p.organisatiecode, []).append(p)
        roles = {r.code for r in user.rollen.all()}
        if "casusregisseur" in roles:
            directors.setdefault(p.organisatiecode, []).append(p)
        if "behandelaar" in roles:
            handlers[None].append(p)
            for team in user.teams.all():
                handlers.setdefault(team.pk, []).append(p)
    team_of_buurt = dict(
        Team.gebieden.through.objects.values_list("gebied_id", "team_id").order_by("gebied_id")
    )
    addresses: list[Address] = []
    team_addresses: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, a.verblijfsobject_id, v.buurt_id, a.postcode, a.huisnummer, "
            "a.huisletter, a.toevoeging FROM registry_adres a "
            "JOIN registry_verblijfsobject v ON v.id = a.verblijfsobject_id "
            "WHERE v.buurt_id IS NOT NULL ORDER BY a.id"
        )
        for row in cursor.fetchall():
            address = Address(*row)
            if (team_id := team_of_buurt.get(address.buurt)) is not None:
                team_addresses.setdefault(team_id, []).append(len(addresses))
            addresses.append(address)
        cursor.execute(
            "SELECT d.verblijfsobject_id, e.id, e.eigenaar_id FROM registry_eigendom d "
            "JOIN registry_eigenaar e ON e.id = d.eigenaar_id WHERE d.beeindigd_op IS NULL "
            "ORDER BY d.verblijfsobject_id, e.id"
        )
        owners: dict[int, list[tuple[int, str]]] = {}
        for vbo, pk, eigenaar_id in cursor.fetchall():
            owners.setdefault(vbo, []).append((pk, eigenaar_id))
    norms = {n.categorie: (n.dagen_triage, n.dagen_afhandeling) for n in Servicenorm.objects.all()}
    return World(
        addresses=addresses,
        team_addresses=team_addresses,
        team_of_buurt=team_of_buurt,
        buurt_naam=dict(Gebied.objects.values_list("pk", "naam")),
        owners=owners,
        orgs={o.code: o for o in Organisatie.objects.all()},
        directors=directors,
        staff=staff,
        handlers=handlers,
        activities=dict(Verwerkingsactiviteit.objects.values_list("code", "pk")),
        norms=norms,
    )


class Loader:
    """Draws the rows case by case, in time order, and copies them in chunks."""

    def __init__(self, world: World, conn: psycopg.Connection[Any], cases: int) -> None:
        self.w, self.cases = world, cases
        self.rng = random.Random(SEED)  # noqa: S311 - deterministic on purpose
        self.out = Copier(conn)
        with connection.cursor() as cursor:
            cursor.execute("SELECT referentie FROM casussen_casus")
            case_refs = {r for (r,) in cursor.fetchall()}
            cursor.execute("SELECT referentie FROM intake_melding WHERE referentie IS NOT NULL")
            report_refs = {r for (r,) in cursor.fetchall()}
        self.case_refs = References("CS", 0x5A17, case_refs)
        self.report_refs = References("GW", 0x3C96, report_refs)
        self.case_org = array("b")  # index into CORE, per case
        self.case_vbo = array("i")  # the first object, per case
        self.case_director = array("i")  # index into its organisation's directors
        self.reports_made = 0
        self.lines_made = 0
        head = LogKetting.objects.get(pk=1)
        self.volgnummer, self.previous_hash = head.volgnummer, head.hash or GENESIS_HASH
        self.version = goedwonen.__version__
        hot_count = max(5, cases // 50_000)
        self.teams = sorted(world.team_addresses)
        self.w.hot = [self.rng.randrange(len(world.addresses)) for _ in range(hot_count)]

    # -- time ---------------------------------------------------------------------------------

    def moment(self, index: float) -> datetime:
        """The moment of case `index`: the work grows over the years (density rising)."""
        share = (index / self.cases) ** 0.8
        return START + (END - START) * share

    def after(self, moment: datetime, days: float) -> datetime:
        return min(END, moment + timedelta(days=days, seconds=self.rng.randrange(3600 * 8)))

    # -- cases --------------------------------------------------------------------------------

    def run(self) -> None:
        for index in range(self.cases):
            self.case(index)
            if (index + 1) % CHUNK == 0:
                self.out.flush()
        self.out.close()

    def address(self) -> int:
        """A case's first address (its index): mostly in a team's area."""
        rng, w = self.rng, self.w
        if rng.random() < 0.6:
            team = rng.choice(self.teams)
            return rng.choice(w.team_addresses[team])
        return rng.randrange(len(w.addresses))

    def case(self, index: int) -> None:
        rng, w, out = self.rng, self.w, self.out
        created = self.moment(index + rng.random())
        window_end = self.moment(index + 1)
        org_index = rng.choices(range(3), CORE_WEIGHTS)[0]
        code = CORE[org_index]
        director_index = rng.randrange(len(w.directors[code]))
        director = w.directors[code][director_index]
        first_index = self.address()
        first = w.addresses[first_index]
        addresses = [first]
        for offset in range(1, 1 + rng.choices((0, 1, 2), (75, 18, 7))[0]):
            # Neighbours on the same street: the addresses are in the registry's order.
            near = w.addresses[(first_index + offset) % len(w.addresses)]
            if near.vbo not in {a.vbo for a in addresses}:
                addresses.append(near)
        herkomst = rng.choices(list(Herkomst), (70, 15, 8, 7))[0]
        categorieen: list[str] = list(
            dict.fromkeys(rng.choices(CASE_CATEGORIES, k=rng.choice((1, 1, 2))))
        )
        titel = (
            ", ".join(
                [
                    Categorie(categorieen[0]).label,
                    *(Categorie(c).label.lower() for c in categorieen[1:]),
                ]
            )
            + f" in {w.buurt_naam[first.buurt]}"
        )
        if herkomst != Herkomst.MELDING:
            titel += f" ({Herkomst(herkomst).label.lower()})"
        path, status, closed = self.path(created)
        case_id = out.id("casussen.Casus")
        ref_index = self.case_refs.next()
        referentie = self.case_refs[ref_index]
        self.case_org.append(org_index)
        self.case_vbo.append(first.vbo)
        self.case_director.append(director_index)
        handhaving = "handhaving" in [naar for naar, _ in path]
        resultaat, bewaren = "", None
        if closed is not None:
            resultaat = rng.choice(
                [Resultaat.HANDHAVING_AFGEROND, Resultaat.BESTUURLIJKE_BOETE]
                if handhaving
                else rng.choices(
                    [
                        Resultaat.TOEZICHT_AFGEROND,
                        Resultaat.BRP_ONDERZOEK,
                        Resultaat.OVERGEDRAGEN,
                        Resultaat.AFGEBROKEN,
                    ],
                    (55, 20, 13, 12),
                )
            )
            jaren = workflow.bewaartermijn_jaren(resultaat, handhaving_bereikt=handhaving)
            bewaren = workflow.bewaren_tot(closed.date(), jaren)
        out.add(
            "casussen.Casus",
            (
                case_id,
                referentie,
                titel[:200],
                herkomst,
                json.dumps(categorieen),
                director.id,
                director.organisatie_id,
                w.team_of_buurt.get(first.buurt),
                status,
                created,
                handhaving,
                resultaat,
                closed,
                bewaren,
                None,
            ),
        )
        for address in addresses:
            out.add(
                "casussen.CasusObject",
                (out.id("casussen.CasusObject"), case_id, address.vbo, address.id, address.buurt),
            )
        owners = {pk: eid for a in addresses for pk, eid in w.owners.get(a.vbo, [])}
        for pk in owners:
            out.add("casussen.Partij", (out.id("casussen.Partij"), case_id, "eigenaar", pk, ""))
        if rng.random() < 0.25:
            text = rng.choice(RESIDENTS).format(rng.randint(2, 9))
            out.add("casussen.Partij", (out.id("casussen.Partij"), case_id, "bewoners", None, text))
        self.event(
            case_id,
            "status",
            f"Casus aangemaakt ({Herkomst(herkomst).label.lower()}); "
            f"casusregisseur {director.naam}.",
            director,
            None,
            created,
        )
        self.history(case_id, "", "geregistreerd", "Casus aangemaakt", director, created)
        van = "geregistreerd"
        for naar, moment in path:
            reason = (
                # A case closed and reopened since: the result of that first closing.
                f"Casus {referentie} gesloten: "
                f"{Resultaat(resultaat or Resultaat.TOEZICHT_AFGEROND).label.lower()}"
                if naar == "gesloten"
                else rng.choice(REASONS)
            )
            self.history(case_id, van, naar, reason, director, moment)
            self.event(
                case_id,
                "status",
                f"Status {Casusstatus(van).label.lower()} → {Casusstatus(naar).label.lower()}: "
                f"{reason}",
                director,
                None,
                moment,
            )
            van = naar
        partner = self.sharing(case_id, director, created, closed)
        self.tasks(case_id, code, partner, director, created, closed)
        self.reports(
            index, case_id, herkomst, first, categorieen, director, created, window_end, closed
        )
        self.log_lines(index, created, window_end, owners, referentie)

    def path(self, created: datetime) -> tuple[list[tuple[str, datetime]], str, datetime | None]:
        """The statuses after 'geregistreerd' with their moments, the status now, and when it
        closed (None: open)."""
        rng = self.rng
        age = (END - created).days
        open_chance = 0.7 if age < 90 else 0.25 if age < 365 else 0.06 if age < 730 else 0.015
        steps = list(rng.choices([p for p, _ in PATHS], [w for _, w in PATHS])[0])
        is_open = rng.random() < open_chance
        reopened = is_open and rng.random() < 0.03
        if is_open and not reopened:
            steps = steps[: rng.randrange(len(steps))]
        if reopened:
            steps.append("heropend")
        total = min(rng.expovariate(1 / 120) + 5, max(age - 1, 0.1))
        moments = sorted(self.after(created, total * rng.random()) for _ in steps)
        path = list(zip(steps, moments, strict=True))
        if steps and steps[-1] == "gesloten":
            return path, "gesloten", moments[-1]
        return path, steps[-1] if steps else "geregistreerd", None

    def history(
        self, case_id: int, van: str, naar: str, reden: str, door: Person, op: datetime
    ) -> None:
        row = (self.out.id("casussen.Casusstatuswijziging"), case_id, van, naar, reden, door.id, op)
        self.out.add("casussen.Casusstatuswijziging", row)

    def event(
        self,
        case_id: int,
        soort: str,
        tekst: str,
        door: Person | None,
        taak: int | None,
        op: datetime,
    ) -> None:
        row = (
            self.out.id("casussen.Gebeurtenis"),
            case_id,
            soort,
            tekst,
            door.id if door else None,
            taak,
            op,
        )
        self.out.add("casussen.Gebeurtenis", row)

    def sharing(
        self, case_id: int, director: Person, created: datetime, closed: datetime | None
    ) -> str | None:
        """A sharing with a partner for about 15 % of the cases: ended with the case, or
        running when the case is open and its term is not over. Returns the partner's code
        when tasks may go to it."""
        rng = self.rng
        if rng.random() >= 0.15:
            return None
        code, _, rol, doel, grondslag = rng.choices(PARTNERS, [p[1] for p in PARTNERS])[0]
        org = self.w.orgs[code]
        onderdelen = [Onderdeel.OBJECTEN, Onderdeel.PARTIJEN, Onderdeel.TAKEN]
        if rng.random() < 0.5:
            onderdelen.append(Onderdeel.NOTITIES)
        gedeeld = self.after(created, rng.uniform(1, 30))
        tot = gedeeld.date() + timedelta(
            days=rng.randint(180, 365 * workflow.SHARING_HORIZON_YEARS)
        )
        ended = (
            closed
            if closed is not None
            else (
                gedeeld + timedelta(days=rng.randint(60, 400))
                if tot < END.date() or rng.random() < 0.3
                else None
            )
        )
        if ended is not None:
            ended = min(max(ended, gedeeld), END)
        self.out.add(
            "casussen.Deling",
            (
                self.out.id("casussen.Deling"),
                case_id,
                org.pk,
                rol,
                doel,
                grondslag,
                json.dumps([str(o) for o in onderdelen]),
                tot,
                director.id,
                gedeeld,
                ended,
            ),
        )
        self.event(
            case_id,
            "deling",
            f"Gedeeld met {org.naam} als {rol} tot {display.datum(tot)}: "
            f"{', '.join(Onderdeel(o).label.lower() for o in onderdelen)}. Doel: {doel}. "
            f"Grondslag: {grondslag}.",
            director,
            None,
            gedeeld,
        )
        return code

    def tasks(
        self,
        case_id: int,
        code: str,
        partner: str | None,
        director: Person,
        created: datetime,
        closed: datetime | None,
    ) -> None:
        rng, w = self.rng, self.w
        count = rng.choices((0, 1, 2, 3), (20, 50, 20, 10))[0]
        for _ in range(count):
            org_code = partner if partner and rng.random() < 0.4 else code
            org = w.orgs[org_code]
            titel, woningbezoek, days = rng.choice(TASKS)
            made = self.after(created, rng.uniform(0, 20))
            if closed is not None:
                made = min(made, closed)
            deadline = (made + timedelta(days=days)).date()
            people = w.staff.get(org_code, [])
            assignee = rng.choice(people) if people and rng.random() < 0.6 else None
            if (
                closed is not None
                or deadline < (END - timedelta(days=120)).date()
                or rng.random() < 0.3
            ):
                status = "vervallen" if rng.random() < 0.08 else "afgerond"
            else:
                status = "open"
            done_by = done_at = None
            outcome = ""
            if status == "afgerond":
                done_by = assignee or (rng.choice(people) if people else director)
                done_at = min(self.after(made, rng.uniform(1, days * 1.5)), closed or END)
                outcome = rng.choice(["Uitgevoerd", "Geen bijzonderheden", "Gebreken vastgesteld"])
            task_id = self.out.id("casussen.Taak")
            self.out.add(
                "casussen.Taak",
                (
                    task_id,
                    case_id,
                    titel,
                    "",
                    org.pk,
                    assignee.id if assignee else None,
                    deadline,
                    woningbezoek,
                    status,
                    outcome,
                    done_by.id if done_by else None,
                    done_at,
                    made,
                ),
            )
            self.event(
                case_id,
                "taak",
                f"Taak '{titel}' voor {org.naam}, uiterlijk {display.datum(deadline)}.",
                director,
                task_id,
                made,
            )
            if done_at is not None and done_by is not None:
                self.event(
                    case_id,
                    "taak",
                    f"Taak '{titel}' afgerond: {outcome}.",
                    done_by,
                    task_id,
                    done_at,
                )

    # -- reports ------------------------------------------------------------------------------

    def reports(
        self,
        index: int,
        case_id: int,
        herkomst: str,
        first: Address,
        categorieen: list[str],
        director: Person,
        created: datetime,
        window_end: datetime,
        closed: datetime | None,
    ) -> None:
        """The reports of the case (those it was made from) and the other reports of its
        window, so that there are REPORTS_PER_CASE per case in all."""
        rng = self.rng
        if herkomst == Herkomst.MELDING:
            for _ in range(rng.choices((1, 2), (80, 20))[0]):
                received = created - timedelta(hours=rng.uniform(2, 24 * 20))
                status = "afgesloten" if closed is not None else "casusregie"
                ref = self.report(
                    first,
                    rng.choice(categorieen),
                    received,
                    case=(case_id, director, status, closed),
                )
                self.event(
                    case_id,
                    "melding",
                    f"Melding {ref} ({Categorie(categorieen[0]).label.lower()}) gekoppeld.",
                    director,
                    None,
                    created,
                )
        due = round((index + 1) * REPORTS_PER_CASE) - self.reports_made
        span = (window_end - created).total_seconds()
        for _ in range(max(due, 0)):
            if rng.random() < 0.05:
                address = self.w.addresses[rng.choice(self.w.hot)]
            else:
                address = self.w.addresses[rng.randrange(len(self.w.addresses))]
            category = rng.choice(list(Categorie))
            self.report(
                address, category, created + timedelta(seconds=span * rng.random()), case=None
            )

    def report(
        self,
        address: Address,
        categorie: str,
        received: datetime,
        case: tuple[int, Person, str, datetime | None] | None,
    ) -> str:
        rng, w, out = self.rng, self.w, self.out
        self.reports_made += 1
        report_id = out.id("intake.Melding")
        ref = self.report_refs[self.report_refs.next()]
        bron = rng.choices(SOURCES, SOURCE_WEIGHTS)[0]
        team = w.team_of_buurt.get(address.buurt)
        age = (END - received).days
        behandelaar = casusregisseur = doorgezet = None
        triage = bron_status = ""
        steps: list[tuple[str, str]] = []  # (naar, reden)
        if case is not None:
            _, director, status, _closed = case
            casusregisseur, triage = director, "multi"
            steps = [("in_triage", "Triage"), ("casusregie", "Multidisciplinair: casus gemaakt")]
            if status == "afgesloten":
                steps.append(("afgesloten", "Casus gesloten"))
        else:
            open_chance = 0.6 if age < 14 else 0.15 if age < 60 else 0.015 if age < 365 else 0.002
            if rng.random() < open_chance:
                status = rng.choices(
                    ["ontvangen", "in_triage", "doorgezet", "heropend"], (35, 25, 35, 5)
                )[0]
            else:
                status = rng.choices(["afgesloten", "geannuleerd"], (95, 5))[0]
            if (
                status == "afgesloten"
                and bron in ("so-systeem", "sb-systeem")
                and rng.random() < 0.5
            ):
                bron_status = "afgehandeld"
                steps = [("afgesloten", f"Afgehandeld in het systeem van {bron}")]
            elif status == "geannuleerd":
                steps = [("geannuleerd", "Dubbele melding")]
            elif status == "heropend":
                steps = [
                    ("in_triage", "Triage"),
                    ("afgesloten", "Afgehandeld"),
                    ("heropend", "Nieuwe informatie"),
                ]
            elif status != "ontvangen":
                steps = [("in_triage", "Triage")]
                if status in ("doorgezet", "afgesloten"):
                    steps.append(("doorgezet", "Monodisciplinair"))
                    triage = "mono"
                    doorgezet = rng.choice(CORE)
                if status == "afgesloten":
                    steps.append(("afgesloten", "Afgehandeld"))
            if status != "ontvangen" or rng.random() < 0.3:
                people = w.handlers.get(team) or w.handlers[None]
                behandelaar = rng.choice(people)
        triage_days, done_days = w.norms.get(categorie) or w.norms.get("") or (5, 56)
        out.add(
            "intake.Melding",
            (
                report_id,
                bron,
                ref,
                ref,
                hashlib.sha256(ref.encode()).hexdigest() if bron == "meldpunt" else "",
                received,
                address.id,
                address.vbo,
                address.buurt,
                "",
                address.postcode,
                str(address.huisnummer),
                address.huisletter,
                address.toevoeging,
                categorie,
                f"{Categorie(categorie).label} gemeld.",
                rng.choice(["bewoner", "bewoner", "anoniem", "professional", "partner"]),
                bron_status,
                None,
                None,
                steps[-1][0] if steps else "ontvangen",
                team,
                behandelaar.id if behandelaar else None,
                received.date() + timedelta(days=triage_days),
                received.date() + timedelta(days=done_days),
                triage,
                w.orgs[doorgezet].pk if doorgezet else None,
                casusregisseur.id if casusregisseur else None,
                case[0] if case else None,
            ),
        )
        regel = "centrale wachtrij" if team is None else "gebiedsteam"
        history = [("", "ontvangen", f"Geregistreerd via {bron}; routering: {regel}", received)]
        van, moment = "ontvangen", received
        for naar, reden in steps:
            moment = self.after(moment, rng.uniform(0.2, 12 if age > 60 else 0.5))
            history.append((van, naar, reden, moment))
            van = naar
        door = behandelaar or casusregisseur
        for van, naar, reden, op in history:
            out.add(
                "intake.StatusWijziging",
                (
                    out.id("intake.StatusWijziging"),
                    report_id,
                    van,
                    naar,
                    reden,
                    report_workflow.FOR_REPORTER[naar],
                    None if naar == "ontvangen" else (door.id if door else None),
                    op,
                ),
            )
        return ref

    # -- processing log -----------------------------------------------------------------------

    def log_lines(
        self, index: int, start: datetime, end: datetime, owners: dict[int, str], referentie: str
    ) -> None:
        """The log lines of the case's window: views and changes of real cases, reports and
        owners by people of the organisations involved."""
        rng, w = self.rng, self.w
        due = round((index + 1) * LOG_LINES_PER_CASE) - self.lines_made
        span = (end - start).total_seconds()
        moments = sorted(start + timedelta(seconds=span * rng.random()) for _ in range(max(due, 0)))
        for moment in moments:
            kind = rng.random()
            earlier = max(0, index - int(rng.expovariate(1 / 3000)))
            org = CORE[self.case_org[earlier]]
            actor: Person | None = rng.choice(w.staff[org])
            subject: DataSubject | None = None
            if kind < 0.35:
                ref = referentie if earlier == index else self.case_refs[earlier]
                case_owners = w.owners.get(self.case_vbo[earlier], [])
                subject = DataSubject("eigenaar", case_owners[0][1]) if case_owners else None
                name, activity, object_ref = "Casus bekeken", "casusregie", f"casus:{ref}"
            elif kind < 0.45:
                actor = w.directors[org][self.case_director[earlier]]
                ref = referentie if earlier == index else self.case_refs[earlier]
                name = rng.choice(["Notitie toegevoegd", "Taak uitgezet", "Casus naar onderzoek"])
                activity, object_ref = "casusregie", f"casus:{ref}"
            elif kind < 0.85 and self.reports_made:
                report = max(0, self.reports_made - 1 - int(rng.expovariate(1 / 5000)))
                ref = self.report_refs[report]
                subject = DataSubject("melder", ref)
                actor = rng.choice(w.handlers[None])
                name = "Melding bekeken" if kind < 0.75 else "Melding geregistreerd"
                if name == "Melding geregistreerd" and rng.random() < 0.5:
                    actor = None
                activity, object_ref = "meldingen-behandeling", f"melding:{ref}"
            else:
                vbo = self.case_vbo[earlier]
                case_owners = w.owners.get(vbo, [])
                if not case_owners:
                    continue
                eigenaar = case_owners[0][1]
                subject = DataSubject("eigenaar", eigenaar)
                name, activity = "Eigenaar bekeken", "registratie-woningen-eigenaren"
                object_ref = f"eigenaar:{eigenaar}"
            self.log_line(moment, name, activity, object_ref, subject, actor)

    def log_line(
        self,
        moment: datetime,
        name: str,
        activity: str,
        object_ref: str,
        subject: DataSubject | None,
        actor: Person | None,
    ) -> None:
        """One line, sealed as `processing_log_seal` seals it: numbered after the head, its
        hash by the app's own `_line_hash` over the line and its audit record."""
        rng = self.rng
        self.lines_made += 1
        self.volgnummer += 1
        line = SimpleNamespace(
            volgnummer=self.volgnummer,
            trace_id=f"{rng.getrandbits(128):032x}",
            span_id=f"{rng.getrandbits(64):016x}",
            parent_span_id=f"{rng.getrandbits(64):016x}",
            name=name,
            start_time=moment,
            end_time=moment + timedelta(microseconds=rng.randrange(2000, 90000)),
            status="OK",
            verwerkingsactiviteit_id=self.w.activities[activity],
            data_subject_id=pseudonymise(subject) if subject else "",
            data_subject_type=subject.type if subject else "",
            object_ref=object_ref[:120],
            resource_name="goedwonen",
            resource_version=self.version,
            vorige_hash=self.previous_hash,
        )
        audit = SimpleNamespace(
            gebruiker_id=actor.id if actor else None,
            gebruikersnaam=actor.username if actor else "systeem",
            organisatie_id=actor.organisatie_id if actor else None,
            organisatiecode=actor.organisatiecode if actor else "",
        )
        line.hash = _line_hash(cast(Any, line), cast(Any, audit))
        self.previous_hash = line.hash
        line_id = self.out.id("core.Verwerkingslog")
        self.out.add(
            "core.Verwerkingslog",
            (
                line_id,
                line.volgnummer,
                line.trace_id,
                line.span_id,
                line.parent_span_id,
                line.name,
                line.start_time,
                line.end_time,
                line.status,
                line.verwerkingsactiviteit_id,
                line.data_subject_id,
                line.data_subject_type,
                line.object_ref,
                line.resource_name,
                line.resource_version,
                line.vorige_hash,
                line.hash,
            ),
        )
        self.out.add(
            "core.Auditregel",
            (
                line_id,
                audit.gebruiker_id,
                audit.gebruikersnaam,
                audit.organisatie_id,
                audit.organisatiecode,
            ),
        )


def _counts(labels: Iterator[str] | Sequence[str]) -> dict[str, int]:
    result = {}
    with connection.cursor() as cursor:
        for label in labels:
            model = apps.get_model(label)
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")  # noqa: S608
            row = cursor.fetchone()
            assert row is not None
            result[model._meta.db_table] = row[0]
    return result


def database_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        row = cursor.fetchone()
        assert row is not None
        return int(row[0])


Step = Callable[[str, Callable[[], dict[str, int] | None]], None]


def migrate() -> None:
    """The store's schema brought up to date: a new one, or a kept city made before the
    latest migrations (they apply to its few thousand rows in seconds)."""
    call_command("migrate", interactive=False, verbosity=0)


def build_city(*, city: Path, step: Step) -> None:
    """The store before the bulk load: migrated, the demo organisations and users, the city
    imported as `goedwonen demo` does it, and the extra staff and teams."""

    def city_import() -> dict[str, int]:
        if not (city / "manifest.json").exists():
            call_command("generate", scale="city", seed=SEED, out=city, force=True)
        call_command("import", str(city), geen_voortgang=True)
        return _counts(["registry.Adres", "registry.Eigenaar", "intake.Melding"])

    def demo() -> dict[str, int]:
        demo_seed()
        return _counts(["accounts.User"])

    def demo_again() -> None:
        for seed in demo_seeds:
            seed()

    def staff() -> dict[str, int]:
        return staff_seed(random.Random(SEED))  # noqa: S311 - deterministic

    step("migrate", migrate)
    step("demo organisations, teams, roles, users", demo)
    step("import city", city_import)
    step("demo seeds on the city", demo_again)
    step("staff and teams", staff)


def build_load(*, cases: int, url: str, step: Step, verify: bool) -> None:
    """The bulk load, with the log's guard lifted while it runs, and what follows it."""
    loader: list[Loader] = []

    def load() -> dict[str, int]:
        world = world_read()
        with psycopg.connect(url) as conn:
            log_guard.uninstall(connection)
            try:
                loader.append(Loader(world, conn, cases))
                loader[0].run()
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE core_logketting SET volgnummer = %s, hash = %s WHERE id = 1",
                        [loader[0].volgnummer, loader[0].previous_hash],
                    )
                # The lines the import and the demo wrote join the chain after these.
                processing_log_seal()
            finally:
                log_guard.install(connection)
        return {apps.get_model(k)._meta.db_table: v for k, v in loader[0].out.counts.items()}

    def sequences() -> None:
        models = list(apps.get_models(include_auto_created=True))
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def news() -> dict[str, int]:
        # Loaded by COPY, past the service that keeps it (the case's time of news).
        return {"casussen_casus": nieuws_herberekenen()}

    def analyze() -> None:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")

    def chain() -> None:
        call_command("verify_log")

    step(f"cases, reports and log lines (COPY, {cases:,} cases)", load)
    step("sequences", sequences)
    step("each case's time of news", news)
    step("vacuum analyze", analyze)
    if verify:
        step("verify the log chain", chain)
    print("rows:", ", ".join(f"{t} {n:,}" for t, n in _counts(list(COLUMNS)).items()))


def build_samples(*, step: Step) -> None:
    """What no bulk load makes and a benchmarked page needs, made through the services as
    a person would: an enforcement procedure of the lawyer's organisation (its detail page),
    with its first step and letter, and a finished analysis run (its ranking). Each only when
    the store has none yet, so this may run again on a built store (`scale_store.py
    samples`)."""
    from django.utils import timezone

    from goedwonen.analytics.models import Risicorun
    from goedwonen.analytics.services import risicorun_start
    from goedwonen.casussen.models import Casus
    from goedwonen.handhaving import catalogus
    from goedwonen.handhaving.models import Traject
    from goedwonen.handhaving.traject_services.lifecycle import traject_start_on_case
    from goedwonen.handhaving.traject_services.stappen import stap_record

    def procedure() -> dict[str, int]:
        jurist = User.objects.select_related("organisatie").get(username="jurist.dirv")
        if Traject.objects.filter(organisatie=jurist.organisatie_id).exists():
            return {}
        owned = Casus.objects.filter(partijen__eigenaar__isnull=False)
        casus = (
            owned.filter(organisatie=jurist.organisatie_id)
            .exclude(status=Casusstatus.GESLOTEN)
            .order_by("-aangemaakt_op")
            .first()
        )
        assert casus is not None, "no open case of the lawyer's organisation with an owner"
        instrument = catalogus.instrument_get(actor=jurist, code="last-onder-dwangsom")
        versie = catalogus.instrumentversie_current(actor=jurist, instrument=instrument)
        traject = traject_start_on_case(
            actor=jurist,
            casus=casus,
            instrumentversie=versie,
            partij=casus.partijen.filter(eigenaar__isnull=False).first(),
            aanleiding="Bij de controle is verhuur zonder vergunning vastgesteld.",
            last="Vraag een verhuurvergunning aan of beëindig de verhuur.",
        )
        stap_record(actor=jurist, traject=traject, datum=timezone.localdate() - timedelta(days=3))
        return {"handhaving_traject": 1}

    def analysis() -> dict[str, int]:
        if Risicorun.objects.filter(status=Risicorun.Status.KLAAR).exists():
            return {}
        risicorun_start(actor=User.objects.get(username="analist.so"))
        return {"analytics_risicorun": 1}

    step("an enforcement procedure of the lawyer's organisation", procedure)
    step("an analysis run over the city", analysis)

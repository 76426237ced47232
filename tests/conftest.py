"""Shared fixtures: real database, real roles, real users. No mocks of our own code."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from django_tasks_db.management.commands import db_worker

from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython

from goedwonen.accounts.models import Organisatie, Organisatiesoort, Rol, User
from goedwonen.core import log_guard
from goedwonen.core.memo import ProcessMemo
from goedwonen.core.policy import Capability

# The shared scenario (city, director, partners, the case on Carnisselaan 10), for every test.
pytest_plugins = [
    "tests.scenario",
    "tests.handhaving.trajectfixtures",
    "tests.acties.support_veld",
]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite the test database is a file, as in the product, not Django's default of one
    in-memory database: that one is reached through a single connection object, which the live
    server then shares between the test and every request thread. Two requests of one page
    (a fragment loading beside it) interleave their transactions on it, and an interleaving
    can leave the connection inside a transaction that nobody ends: its commit hooks (the
    mails) never run, and nothing fails. A file gives each thread a connection of its own."""
    database = django_settings.DATABASES[DEFAULT_DB_ALIAS]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Uploads, snapshots and run files of a test stay in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    settings.LOG_ANCHOR_FILE = tmp_path / "log-anchors.jsonl"


@pytest.fixture(autouse=True)
def _second_factor_optional(settings) -> None:
    """Tests sign in with a password (force_login, the login form) for what they are about;
    the second-factor requirement has its own tests (tests/aanmelden), which switch it on."""
    settings.MFA_REQUIRED = False


# Argon2 costs ~0.3 s of CPU per hash by design, and most tests create users or sign in: they
# hash with MD5 instead. The tests of hashing itself ask for `production_hashers`.
PRODUCTION_HASHERS = list(django_settings.PASSWORD_HASHERS)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def production_hashers(settings) -> None:
    """The password hashers of the settings, for a test about hashing."""
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


@pytest.fixture(autouse=True)
def _fresh_process_memos() -> None:
    """Each test starts without what an earlier test's requests kept (tokens, routing rules,
    processing-activity keys of rows that a transactional test may have emptied)."""
    ProcessMemo.forget_everywhere()


# Transactional tests (live_server, threads) end by emptying every table, also the rows our
# data migrations wrote (the processing activities, the head of the log chain, service norms)
# that the product cannot work without. Those migrations are idempotent (get_or_create), so
# replaying them restores the rows, whatever other transactional tests ran before. (A
# serialized rollback does not mix with transactional tests that have none: those re-create
# the content types under new ids.)

DataMigrations = list[tuple[Callable[..., Any], Any]]


@pytest.fixture(scope="session")
def data_migrations() -> DataMigrations:
    """Our data migrations' functions (RunPython), each with the historical models it expects."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan: list[tuple[str, str]] = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan += [node for node in loader.graph.forwards_plan(leaf) if node not in plan]
    replays = []
    for node in plan:
        migration = loader.graph.nodes[node]
        if not type(migration).__module__.startswith("goedwonen."):
            continue
        state = loader.project_state(node, at_end=False)
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                # A clone: the models as they are at this operation, not after the later ones.
                replays.append((operation.code, state.clone().apps))
            operation.state_forwards(migration.app_label, state)
    return replays


def replay_data_migrations(data_migrations: DataMigrations) -> None:
    with connection.schema_editor() as schema_editor:
        for code, apps in data_migrations:
            code(apps, schema_editor)


@pytest.fixture
def migrated_rows(transactional_db: None, data_migrations: DataMigrations) -> None:
    """For a transactional test: the data-migration rows, present when it starts."""
    replay_data_migrations(data_migrations)


@contextlib.contextmanager
def log_guard_lifted(database: BaseDatabaseWrapper = connection) -> Iterator[None]:
    """What the owner of the tables may do: take the processing log's guard away (drop its
    triggers), and put it back after."""
    log_guard.uninstall(database)
    try:
        yield
    finally:
        log_guard.install(database)


@pytest.fixture(scope="session", autouse=True)
def _flush_as_the_owner() -> Iterator[None]:
    """Transactional tests end by emptying every table (`flush`), the processing log's too,
    which the database refuses (core/log_guard.py): the test database's owner lifts the guard
    for that flush only. The product has no such way around it."""
    original = flush.Command.handle

    def handle(self: flush.Command, *args: Any, **options: Any) -> None:
        with log_guard_lifted(connections[options.get("database", DEFAULT_DB_ALIAS)]):
            original(self, *args, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flush.Command, "handle", handle)
        yield


@pytest.fixture(scope="module")
def data_migration_rows_back(
    django_db_setup: None, django_db_blocker: Any, data_migrations: DataMigrations
) -> Iterator[None]:
    """Put the data-migration rows back after a module of transactional tests, for the tests
    of other modules that may run next."""
    yield
    with django_db_blocker.unblock():
        replay_data_migrations(data_migrations)


@pytest.fixture
def organisatie(db) -> Organisatie:
    return Organisatie.objects.create(
        code="so", naam="Stadsontwikkeling", soort=Organisatiesoort.KERNCLUSTER
    )


@pytest.fixture
def partner_organisatie(db) -> Organisatie:
    return Organisatie.objects.create(code="politie", naam="Politie", soort=Organisatiesoort.EXTERN)


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db, organisatie) -> MakeUser:
    """A user whose one role grants exactly the given capabilities."""
    counter = iter(range(1, 10_000))

    def make(
        capabilities: Iterable[Capability] = (),
        *,
        username: str | None = None,
        organisatie_: Organisatie | None = None,
    ) -> User:
        n = next(counter)
        rol = Rol.objects.create(
            code=f"rol-{n}", naam=f"Rol {n}", capabilities=[c.value for c in capabilities]
        )
        user = User.objects.create_user(
            username=username or f"gebruiker{n}",
            password=PASSWORD,
            organisatie=organisatie_ or organisatie,
            first_name="Test",
            last_name=f"Gebruiker {n}",
        )
        user.rollen.add(rol)
        return user

    return make


@pytest.fixture
def source_folder(tmp_path):
    """A small hand-made source folder (tests/registry/conftest.py), as a municipality would
    deliver it."""
    from tests.registry.conftest import write_folder

    return write_folder(tmp_path / "levering")


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a database that `goedwonen migrate` made, for tests that run goedwonen as a
    process to copy (tests/processes.py `database(template=...)`): migrating takes a while."""
    from tests.processes import database, environment, goedwonen_ok

    folder = tmp_path_factory.mktemp("migrated")
    with database(folder) as url:
        goedwonen_ok("migrate", env=environment(folder, url, GOEDWONEN_DEBUG="true"))
        yield url


@pytest.fixture
def run_worker(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """`goedwonen worker --batch`: runs what the request queued, inside the test's transaction.
    Between tasks the worker drops database connections that are in a transaction (a worker's
    connection never should be); that would end the test's own, so here it keeps them."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("worker", batch=True, verbosity=0)


@pytest.fixture
def never_decoded(monkeypatch: pytest.MonkeyPatch):
    """Fails the test when Pillow decodes the pixels of any image in this process: a spy on
    ImageFile.load, through which every format's decoder runs (it still decodes)."""
    from PIL import ImageFile

    decoded: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def spy(self):
        decoded.append(self.size)
        return load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    yield
    assert decoded == [], f"images decoded: {decoded}"

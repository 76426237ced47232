"""Single actions a person waits for, on the demo data (synthetic Rotterdam-Zuid, seed 2026):
composing a selection, adding one address to it, the learning proposal, submitting a public
report, sharing a case. Target: each under 300 ms, or under 1 s where real work is done.

Each action is what the browser waits for: the POST and the page it is sent on to, through
Django's test client in this process (no network, no server). Runs on a throwaway database
(SQLite in a temp folder, or BENCH_DATABASE_URL); the Zuid folder is generated once into
bench/results/. Prints per action the median, fastest and slowest of BENCH_REPEAT runs and
the SQL statements of the last one. `BENCH_PROFILE=<action>` prints that action's profile.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "results" / "zuid-2026"
# The imported and scored demo database (SQLite), kept to start the next time from a copy.
PREPARED = HERE / "results" / "single-actions-var"
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
PROFILE = os.environ.get("BENCH_PROFILE", "")


def main() -> None:
    var = tempfile.mkdtemp(prefix="goedwonen-bench-")
    reuse = "BENCH_DATABASE_URL" not in os.environ and (PREPARED / "bench.sqlite3").exists()
    if reuse:
        shutil.copytree(PREPARED, var, dirs_exist_ok=True)
    os.environ["GOEDWONEN_VAR_DIR"] = var
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{var}/bench.sqlite3"
    )
    os.environ.setdefault("GOEDWONEN_DEBUG", "true")  # as the demo runs
    os.environ["GOEDWONEN_MFA_REQUIRED"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goedwonen.settings")
    import goedwonen.wsgi  # noqa: F401 - as a server process starts

    try:
        from goedwonen.gunicorn_hooks import post_worker_init
    except ImportError:  # a tree from before the hook: the process starts cold
        pass
    else:
        post_worker_init(None)  # as gunicorn does before the process takes requests
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from goedwonen.accounts.demo import demo_seed
    from goedwonen.accounts.models import Organisatie, User
    from goedwonen.analytics.models import Risicorun
    from goedwonen.analytics.selectors import scores_path
    from goedwonen.analytics.services import risicorun_request
    from goedwonen.analytics.tasks import score_run
    from goedwonen.casussen.services.cases import casus_create
    from goedwonen.registry.importer.run import import_folder
    from goedwonen.registry.models import Adres

    setup_test_environment()  # the test client keeps each page's context; mail stays in memory
    if not reuse and not (FOLDER / "manifest.json").exists():
        started = time.perf_counter()
        call_command("generate", scale="zuid", seed=2026, out=FOLDER, force=True)
        print(f"generate zuid: {time.perf_counter() - started:.1f} s (not part of the figures)")
    started = time.perf_counter()
    # Without the system checks, which would load the URL configuration: a server process
    # does not run them.
    call_command("migrate", verbosity=0, skip_checks=True)
    if reuse:
        run = Risicorun.objects.get()
    else:
        demo_seed()
        report = import_folder(actor=None, folder=FOLDER, progress=False)
        assert not report.fatal, report.fatal
        # Every area of the delivery, as a demo user asks for it: recorded, then scored by the
        # worker's task.
        run = risicorun_request(actor=None)
        score_run.call(run_pk=run.pk)
        run.refresh_from_db()
        if "BENCH_DATABASE_URL" not in os.environ:
            shutil.copytree(var, PREPARED, dirs_exist_ok=True)
    print(
        f"database: {connection.vendor}; set-up {time.perf_counter() - started:.1f} s "
        f"(run {run.pk}: {run.aantal_woningen:,} dwellings; not part of the figures)"
    )
    analist = Client(HTTP_HOST="localhost")
    analist.force_login(User.objects.get(username="analist.so"))
    regisseur = Client(HTTP_HOST="localhost")
    regisseur_user = User.objects.get(username="regisseur.so")
    regisseur.force_login(regisseur_user)

    import duckdb

    ranked = [
        r[0]
        for r in duckdb.execute(
            "SELECT object_id FROM read_parquet(?) ORDER BY rank LIMIT 400",
            [str(scores_path(run))],
        ).fetchall()
    ]
    # Addresses to add by hand: ranked far below the selections' top 50.
    to_add = list(
        Adres.objects.filter(verblijfsobject__object_id__in=ranked[200:], hoofdadres=True)
    )
    selecties: list[int] = []

    def compose() -> None:
        response = analist.post(
            reverse("selectie-samenstellen", kwargs={"pk": run.pk}),
            {"naam": f"Actie {len(selecties)}", "top_n": "50"},
            follow=True,
        )
        assert response.status_code == 200, response.status_code
        selecties.append(response.context["selectie"].pk)

    def add_address() -> None:
        adres = to_add.pop()
        response = analist.post(
            reverse("selectie-toevoegen", kwargs={"pk": selecties[-1]}),
            {
                "toevoegen-postcode": adres.postcode,
                "toevoegen-huisnummer": str(adres.huisnummer),
                "toevoegen-huisletter": adres.huisletter,
                "toevoegen-toevoeging": adres.toevoeging,
                "toevoegen-reden": "Tip van de wijkagent",
            },
            follow=True,
        )
        assert response.status_code == 200, response.status_code
        assert "aan de selectie toegevoegd" in response.content.decode()

    def proposal() -> None:
        response = analist.get(reverse("analyse-voorstel", kwargs={"pk": run.pk}))
        assert response.status_code == 200, response.status_code
        assert response.context["lv"] is not None, response.context["fout"]

    adressen = list(Adres.objects.filter(hoofdadres=True).order_by("pk")[:200])
    reports = 0

    def report_submit() -> None:
        nonlocal reports
        reports += 1
        adres = adressen[reports]
        # Another client each time: the reporting point lets one address send ten an hour.
        resident = Client(HTTP_HOST="localhost", REMOTE_ADDR=f"192.0.2.{reports}")
        response = resident.post(
            reverse("melden"),
            {
                "postcode": adres.postcode,
                "huisnummer": str(adres.huisnummer),
                "huisletter": adres.huisletter,
                "toevoeging": adres.toevoeging,
                "categorie": "overbewoning",
                "omschrijving": "Er slapen minstens tien mensen in deze woning.",
                "naam": "Sanne de Bruin",
                "email": "sanne@voorbeeld.nl",
                "telefoon": "010 123 45 67",
                "website": "",
            },
            follow=True,
        )
        assert response.status_code == 200, response.status_code
        assert response.redirect_chain, response.content.decode()[:2000]

    partners = list(Organisatie.objects.exclude(pk=regisseur_user.organisatie_id))
    casussen = [
        casus_create(
            actor=regisseur_user,
            titel=f"Bench {n}",
            categorieen=["overbewoning"],
            casusregisseur=regisseur_user,
            adressen=[adressen[-1 - n]],
        )
        for n in range(REPEAT + 1)
    ]

    def share() -> None:
        casus = casussen.pop()
        response = regisseur.post(
            reverse("casus-delen", args=[casus.referentie]),
            {
                "delen-organisatie": str(partners[0].pk),
                "delen-rol": "wijkagent",
                "delen-doel": "Controle van de bewoning",
                "delen-grondslag": "Wet politiegegevens art. 16",
                "delen-onderdelen": ["objecten"],
                "delen-tot": f"{timezone.localdate() + timezone.timedelta(days=30):%Y-%m-%d}",
            },
            follow=True,
        )
        assert response.status_code == 200, response.status_code
        assert casus.delingen.exists()

    actions: list[tuple[str, Callable[[], None]]] = [
        ("compose-first", compose),  # the first page of a fresh server process
        ("compose", compose),
        ("add-address", add_address),
        ("proposal-first", proposal),  # the first proposal page of the process
        ("proposal", proposal),
        ("report-submit", report_submit),
        ("share", share),
    ]
    for name, action in actions:
        times, statements = [], 0
        for _ in range(1 if name.endswith("-first") else REPEAT):
            profiler = cProfile.Profile() if name == PROFILE else None
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                action()
                if profiler:
                    profiler.disable()
                times.append(time.perf_counter() - started)
            statements = len(queries)
            if os.environ.get("BENCH_SQL") == name:
                for query in queries.captured_queries:
                    print(f"  {query['time']} {query['sql'][:220]}")
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(
                    os.environ.get("BENCH_PROFILE_FILTER", "goedwonen|duckdb|sklearn|vl_convert"),
                    40,
                )
        print(
            f"{name:<15} median {1000 * statistics.median(times):7.0f} ms  "
            f"(min {1000 * min(times):.0f}, max {1000 * max(times):.0f}, n={len(times)}); "
            f"{statements} SQL statements"
        )


if __name__ == "__main__":
    sys.exit(main())

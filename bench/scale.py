"""Staff pages on a large store (issue 18): latency at 1 and at 16 users, and SQL statements.

Measures every list, queue, detail page, search and API list a person uses daily on the
PostgreSQL store at BENCH_DATABASE_URL (default: the store `bench/scale_store.py` builds, as
its `env` command names it). The store must hold the demo users (accounts/demo.py) with their
demo password.

1. Samples: the pages' targets are looked up in the store (a case of the director's
   organisation, the object with the most reports, the largest private owner, …). A page
   whose target the store lacks is reported as "no sample", not left out.
2. Signing in: `goedwonen serve` runs as an operator deploys it (GOEDWONEN_DEBUG=false,
   BENCH_WORKERS processes, and `goedwonen worker`). Production asks a second factor of
   every account that sees personal data, so each demo user the pages need gets an
   authenticator app set up (through the services the set-up page calls, once per store) and
   recovery codes; every session then signs in through the login form with the password and
   one recovery code, as a person without their phone would.
3. Per page, over HTTP: BENCH_WARMUP (2) requests not counted, then BENCH_REQUESTS (30) one
   after the other by one user; then BENCH_USERS (16) users at once without think time,
   each with its own session, for BENCH_SECONDS (20) or BENCH_MAX_REQUESTS (0: no limit).
   Every answer must be 200: any other answer or a broken connection fails the page.
4. Per page, in this process with Django's test client (force_login as the same user) on
   the same store: the SQL statements of one request, after one request to warm the caches.

The table goes to standard output and bench/results/scale-<timestamp>.md, the figures to
the .json beside it, the server's log (errors, worker timeouts) to .server.log.
BENCH_PAGES=<regex> measures the pages whose key or name matches; BENCH_ONLY=single or
BENCH_ONLY=concurrent measures one of the two loads; BENCH_VAR_DIR is the store's application
folder (GOEDWONEN_VAR_DIR: its keys, the processing log's anchors and the data folder, where
analysis runs keep their ranking); BENCH_WORKER=0 runs no worker; BENCH_SQL=<regex> prints
the statements of the pages whose key matches.
Target per page: p95 ≤ 100 ms at 1 user and ≤ 300 ms at 16 users.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from _browser import Browser
from _serve import WORKERS, free_port, percentile, production_env, served, store_keys

HERE = Path(__file__).resolve().parent
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
USERS = int(os.environ.get("BENCH_USERS", "16"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "0"))
ONLY = os.environ.get("BENCH_ONLY", "")
PAGES = re.compile(os.environ.get("BENCH_PAGES", ""))
SQL = re.compile(os.environ["BENCH_SQL"]) if os.environ.get("BENCH_SQL") else None
TARGET_ONE_MS, TARGET_MANY_MS = 100.0, 300.0
REPEATED = 3  # a SELECT this often in one request, literals aside, is named under the table

# The demo users whose work the pages show (accounts/demo.py).
REGISSEUR = "regisseur.so"
BEHANDELAAR = "behandelaar.sb"
INSPECTEUR = "inspecteur.sb"
PARTNER = "partner.politie"
ANALIST = "analist.so"
JURIST = "jurist.dirv"
PROCESREGISSEUR = "procesregisseur.dirv"
ADMINISTRATIE = "admin.so"


@dataclass(frozen=True)
class Page:
    key: str
    name: str
    user: str
    url: str | None  # None: the store has nothing to show on this page
    why: str = ""  # what the store lacks


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0
    elapsed: float = 0.0

    def add(self, other: Tally) -> None:
        self.latencies += other.latencies
        self.statuses += other.statuses
        self.errors += other.errors

    @property
    def failures(self) -> str:
        """'' when every request got 200, else what went wrong."""
        wrong = {status: n for status, n in self.statuses.items() if status != 200}
        parts = [f"{n} times {status}" for status, n in sorted(wrong.items())]
        if self.errors:
            parts.append(f"{self.errors} broken connections")
        return ", ".join(parts)

    def summary(self) -> dict[str, float]:
        ms = [1000 * v for v in self.latencies]
        return {
            "requests": len(ms),
            "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1),
            "p99_ms": round(percentile(ms, 99), 1),
            "per_second": round(len(ms) / self.elapsed, 1) if self.elapsed else 0.0,
        }


def store() -> tuple[str, Path | None] | None:
    """The store's DATABASE_URL and its application folder (GOEDWONEN_VAR_DIR: its keys, the
    processing log's anchors, its data folder), from BENCH_DATABASE_URL and BENCH_VAR_DIR, else
    from `bench/scale_store.py env`."""
    url = os.environ.get("BENCH_DATABASE_URL")
    var = os.environ.get("BENCH_VAR_DIR")
    script = HERE / "scale_store.py"
    if not url and script.exists():
        done = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, str(script), "env"], capture_output=True, text=True, check=False
        )
        found = dict(re.findall(r"^export (\w+)=(.*)$", done.stdout, re.MULTILINE))
        url, var = found.get("DATABASE_URL"), var or found.get("GOEDWONEN_VAR_DIR")
    return (url, Path(var) if var else None) if url else None


def _url(name: str, *args: object, **params: object) -> str:
    from django.urls import reverse

    path = reverse(name, args=args)
    return f"{path}?{urlencode(params)}" if params else path


def discover() -> list[Page]:
    """Every page measured, each with a target found in the store where it needs one."""
    from django.db.models import Count
    from django.utils import timezone

    from goedwonen.accounts.models import User
    from goedwonen.acties.models import Actie
    from goedwonen.analytics.models import Risicorun
    from goedwonen.casussen.models import Casus
    from goedwonen.casustafels.models import Tafelvergadering
    from goedwonen.handhaving.models.traject import Traject
    from goedwonen.intake.models import Melding
    from goedwonen.registry.contract import Eigenaarsoort
    from goedwonen.registry.models import Adres, Eigendom

    regisseur = User.objects.get(username=REGISSEUR)
    jurist = User.objects.get(username=JURIST)
    case = Casus.objects.filter(organisatie=regisseur.organisatie_id).order_by("-aangemaakt_op")
    casus = case.first()
    casus_adres = (
        casus.objecten.exclude(adres=None).select_related("adres").first() if casus else None
    )
    team = regisseur.teams.first()
    buurt = team.gebieden.order_by("code").first() if team else None
    busiest = (
        Melding.objects.exclude(verblijfsobject=None)
        .values("verblijfsobject")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    melding = (
        Melding.objects.filter(verblijfsobject=busiest["verblijfsobject"])
        .order_by("-ontvangen_op")
        .first()
        if busiest
        else None
    )
    adres = (
        Adres.objects.filter(verblijfsobject=melding.verblijfsobject_id)
        .select_related("verblijfsobject")
        .first()
        if melding
        else None
    )

    def largest_owner(soort: str) -> str | None:
        row = (
            Eigendom.objects.filter(eigenaar__soort=soort, beeindigd_op=None)
            .values("eigenaar__eigenaar_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        return row["eigenaar__eigenaar_id"] if row else None

    particulier = largest_owner(Eigenaarsoort.NATUURLIJK_PERSOON)
    corporatie = largest_owner(Eigenaarsoort.WONINGCORPORATIE)
    run = Risicorun.objects.filter(status=Risicorun.Status.KLAAR).order_by("-gestart_op").first()
    traject = (
        Traject.objects.filter(organisatie=jurist.organisatie_id).order_by("-gestart_op").first()
    )
    vergadering = (
        Tafelvergadering.objects.filter(begint_op__gte=timezone.now()).order_by("begint_op").first()
    )
    actie = Actie.objects.order_by("-pk").first()
    vbo = adres.verblijfsobject if adres else None
    bbox = (
        f"{vbo.lon - 0.006:.5f},{vbo.lat - 0.004:.5f},{vbo.lon + 0.006:.5f},{vbo.lat + 0.004:.5f}"
        if vbo and vbo.lon is not None and vbo.lat is not None
        else None
    )
    year_ago = (timezone.localdate() - timedelta(days=365)).isoformat()

    def sample(key: str, name: str, user: str, url: str | None, lacks: str) -> Page:
        return Page(key, name, user, url, "" if url else f"no sample: {lacks}")

    return [
        Page("start", "start page", REGISSEUR, _url("home")),
        sample(
            "casus",
            "a case",
            REGISSEUR,
            _url("casus", casus.referentie) if casus else None,
            "no case directed by the director's organisation",
        ),
        Page("casussen-mijn", "my cases", REGISSEUR, _url("casussen", wachtrij="mijn")),
        Page("taken-mijn", "my tasks", REGISSEUR, _url("taken", wachtrij="mijn")),
        Page(
            "taken-organisatie",
            "organisation's tasks",
            REGISSEUR,
            _url("taken", wachtrij="organisatie"),
        ),
        Page("taken-te-laat", "overdue tasks", REGISSEUR, _url("taken", wachtrij="te_laat")),
        Page("casussen-team", "cases of my team", REGISSEUR, _url("casussen", wachtrij="team")),
        sample(
            "casussen-team-gefilterd",
            "cases of my team, filtered (category, buurt)",
            REGISSEUR,
            _url("casussen", wachtrij="team", categorie="overbewoning", buurt=buurt.code)
            if buurt
            else None,
            "the director is in no team with a buurt",
        ),
        Page(
            "casussen-alle",
            "all cases, first page",
            REGISSEUR,
            _url("casussen", wachtrij="organisatie", status=""),
        ),
        Page(
            "casussen-alle-p500",
            "all cases, page 500",
            REGISSEUR,
            _url("casussen", wachtrij="organisatie", status="", pagina=500),
        ),
        sample(
            "casussen-zoek",
            "case search (street)",
            REGISSEUR,
            _url(
                "casussen", wachtrij="organisatie", status="", zoek=casus_adres.adres.openbareruimte
            )
            if casus_adres and casus_adres.adres
            else None,
            "no case with an address",
        ),
        Page(
            "casussen-organisatie", "cases of my organisation (open)", REGISSEUR, _url("casussen")
        ),
        Page("casussen-inspecteur", "the inspector's case list", INSPECTEUR, _url("casussen")),
        Page(
            "casussen-partner",
            "the police contact's case list (shared with us)",
            PARTNER,
            _url("casussen", wachtrij="gedeeld"),
        ),
        Page("api-casussen", "cases API", REGISSEUR, _url("api-casussen")),
        *(
            Page(
                f"meldingen-{queue}",
                f"report queue: {queue}",
                BEHANDELAAR,
                _url("meldingen", wachtrij=queue),
            )
            for queue in ("mijn", "team", "centraal", "alle")
        ),
        sample(
            "melding-veel",
            f"a report on the object with the most reports ({busiest['n'] if busiest else 0})",
            BEHANDELAAR,
            _url("melding", melding.pk) if melding else None,
            "no report matched to an object",
        ),
        sample(
            "adres-veel",
            "the address page of that object",
            BEHANDELAAR,
            _url("adres", adres.nummeraanduiding) if adres else None,
            "no report matched to an object",
        ),
        sample(
            "eigenaar-particulier",
            "a large private owner's page",
            REGISSEUR,
            _url("eigenaar", particulier) if particulier else None,
            "no private owner with dwellings",
        ),
        sample(
            "eigenaar-corporatie",
            "a housing corporation's owner page",
            REGISSEUR,
            _url("eigenaar", corporatie) if corporatie else None,
            "no housing corporation with dwellings",
        ),
        sample(
            "api-meldingen-gefilterd",
            "reports API, filtered (category, buurt, last year)",
            BEHANDELAAR,
            _url("api-meldingen", categorie="overbewoning", buurt=buurt.code, ontvangenVan=year_ago)
            if buurt
            else None,
            "the director is in no team with a buurt",
        ),
        Page("analyse", "analysis: runs", ANALIST, _url("analyse")),
        sample(
            "analyse-ranking",
            "analysis ranking (latest finished run)",
            ANALIST,
            _url("analyse-run", run.pk) if run else None,
            "no finished analysis run",
        ),
        sample(
            "adressen-straat",
            "address search by street",
            REGISSEUR,
            _url("adres-zoeken", q=adres.openbareruimte) if adres else None,
            "no report matched to an object",
        ),
        sample(
            "adressen-postcode",
            "address search by postcode",
            REGISSEUR,
            _url("adres-zoeken", q=adres.postcode) if adres else None,
            "no report matched to an object",
        ),
        Page("kaart", "map page", REGISSEUR, _url("kaart")),
        sample(
            "kaart-woningen",
            "map of dwellings (1.2 by 0.9 km)",
            REGISSEUR,
            _url("kaart-woningen", bbox=bbox) if bbox else None,
            "no object with coordinates among those with reports",
        ),
        Page(
            "koppelwachtrij",
            "reports to match to an address",
            ADMINISTRATIE,
            _url("koppelwachtrij"),
        ),
        Page(
            "handhaving-werkvoorraad",
            "enforcement: legal work queue",
            JURIST,
            _url("handhaving-werkvoorraad"),
        ),
        sample(
            "traject",
            "an enforcement track",
            JURIST,
            _url("traject", traject.pk) if traject else None,
            "no enforcement track of the lawyer's organisation",
        ),
        Page(
            "api-handhavingstrajecten",
            "enforcement tracks API",
            JURIST,
            _url("api-handhavingstrajecten"),
        ),
        Page("verhuurders", "landlord monitor", JURIST, _url("verhuurders-monitoring")),
        Page(
            "verhuurders-signaleringen",
            "landlord signals",
            JURIST,
            _url("verhuurders-signaleringen"),
        ),
        Page(
            "verhuurders-kandidaten",
            "warning-talk candidates",
            JURIST,
            _url("verhuurders-kandidaten"),
        ),
        Page("casustafels", "case tables", REGISSEUR, _url("casustafels")),
        sample(
            "vergadering-agenda",
            "a meeting's agenda (next one)",
            REGISSEUR,
            _url("vergadering-agenda", vergadering.pk) if vergadering else None,
            "no meeting planned from now on",
        ),
        Page("acties", "integral actions", REGISSEUR, _url("acties")),
        sample(
            "actie",
            "an integral action",
            REGISSEUR,
            _url("actie", actie.pk) if actie else None,
            "no integral action",
        ),
        Page("sturing", "steering dashboard", PROCESREGISSEUR, _url("sturing")),
        Page("notificaties", "notifications", REGISSEUR, _url("notificaties")),
    ]


def second_factor(username: str) -> Callable[[], str]:
    """The codes this user types at the second step: recovery codes, renewed when used up.
    A user who must pass a second factor and has none gets an authenticator app first, set
    up as the set-up page does it (services.totp_confirm with the app's current code)."""
    from django_otp.oath import TOTP

    from goedwonen.aanmelden import services
    from goedwonen.accounts.models import User

    user = User.objects.get(username=username)
    codes: list[str] = []
    if services.second_factor_required(user) and not services.second_factors(user):
        device = services.totp_device_for_setup(user=user)
        token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        codes += services.totp_confirm(user=user, token=f"{token:0{device.digits}d}")

    def next_code() -> str:
        if not codes:
            codes.extend(services.recovery_codes_renew(user=user))
        return codes.pop()

    return next_code


def sign_in_all(port: int, users: set[str], sessions: int) -> dict[str, list[Browser]]:
    """`sessions` signed-in browsers for each user, each through the login form."""
    from goedwonen.accounts.demo import DEMO_PASSWORD

    started = time.perf_counter()
    browsers: dict[str, list[Browser]] = {}
    for username in sorted(users):
        codes = second_factor(username)
        browsers[username] = []
        for _ in range(sessions):
            browser = Browser(port)
            browser.sign_in(username, DEMO_PASSWORD, codes)
            browsers[username].append(browser)
    print(
        f"signed in: {sessions} sessions each for {len(users)} users "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return browsers


def one_user(browser: Browser, url: str) -> Tally:
    """WARMUP requests (only their answers count), then REQUESTS one after the other."""
    tally = Tally()
    for n in range(WARMUP + REQUESTS):
        try:
            seconds, status = browser.timed_get(url)
        except OSError:
            tally.errors += 1
            continue
        tally.statuses[status] += 1
        if n >= WARMUP:
            tally.latencies.append(seconds)
    tally.elapsed = sum(tally.latencies)
    return tally


def many_users(browsers: list[Browser], url: str) -> Tally:
    """All browsers at once, back to back, for SECONDS (or MAX_REQUESTS in all)."""
    tallies = [Tally() for _ in browsers]
    sent = Counter[str]()
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + SECONDS

    def run(browser: Browser, tally: Tally) -> None:
        while time.perf_counter() < deadline:
            with lock:
                if MAX_REQUESTS and sent["n"] >= MAX_REQUESTS:
                    return
                sent["n"] += 1
            try:
                seconds, status = browser.timed_get(url)
            except OSError:
                tally.errors += 1
                continue
            tally.latencies.append(seconds)
            tally.statuses[status] += 1

    threads = [
        threading.Thread(target=run, args=pair) for pair in zip(browsers, tallies, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Tally(elapsed=time.perf_counter() - start)
    for tally in tallies:
        total.add(tally)
    return total


@dataclass
class Statements:
    count: int
    status: int
    # The SELECT run most often with only its literals different (a query per row?), and how
    # often: 1 when none repeats.
    repeated: int
    repeated_sql: str


LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def statements(page: Page) -> Statements:
    """SQL statements of one request in this process (Django's test client, force_login as
    the page's user), after one request that warms the caches; and the answer's status."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from goedwonen.accounts.models import User

    assert page.url is not None
    client = Client()
    client.force_login(User.objects.get(username=page.user))
    client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    if SQL and SQL.search(page.key):
        print(f"\n{page.key}: {len(queries.captured_queries)} statements")
        for query in queries.captured_queries:
            print(f"  {query['time']} s  {query['sql'][:400]}")
    shapes = Counter(
        LITERALS.sub("?", q["sql"])
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
    )
    shape, repeated = shapes.most_common(1)[0] if shapes else ("", 0)
    # From FROM on: the columns say little about which query it is.
    shape = "… " + shape[shape.find(" FROM ") + 1 :] if " FROM " in shape else shape
    return Statements(len(queries.captured_queries), response.status_code, repeated, shape[:300])


def store_size() -> str:
    """Rows in the largest tables (PostgreSQL's estimate, so as not to count 10 million)."""
    from django.db import connection

    tables = {
        "casussen_casus": "cases",
        "casussen_taak": "tasks",
        "intake_melding": "reports",
        "core_verwerkingslog": "log lines",
        "registry_verblijfsobject": "objects",
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relname = ANY(%s)",
            [list(tables)],
        )
        rows = dict(cursor.fetchall())
    return ", ".join(f"{tables[t]} ≈{max(rows.get(t, 0), 0):,}" for t in tables)


def _ms(summary: dict[str, float] | None) -> str:
    if not summary:
        return "—"
    return f"{summary['p50_ms']:.0f} / {summary['p95_ms']:.0f} / {summary['p99_ms']:.0f}"


def markdown(results: list[dict[str, Any]], heading: str) -> str:
    lines = [
        heading,
        "",
        f"| page | URL | statements | 1 user p50 / p95 / p99 (ms) | {USERS} users p50 / p95 / "
        "p99 (ms) | target met |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        if r["url"] is None:
            lines.append(f"| {r['name']} | — | — | — | — | {r['why']} |")
            continue
        met = "FAILED: " + r["failed"] if r["failed"] else ("yes" if r["met"] else "no")
        count = "—" if r["statements"] is None else r["statements"]
        lines.append(
            f"| {r['name']} | `{r['url']}` | {count} | {_ms(r['one'])} | {_ms(r['many'])} | {met} |"
        )
    repeats = [r for r in results if (r.get("repeated_select") or {}).get("times", 0) >= REPEATED]
    if repeats:
        lines += ["", f"The same SELECT with other values {REPEATED} or more times in one request:"]
        lines += [
            f"- {r['name']}: {r['repeated_select']['times']} times "
            f"`{r['repeated_select']['sql'][:160]}…`"
            for r in repeats
        ]
    return "\n".join(lines) + "\n"


def measure(page: Page, browsers: dict[str, list[Browser]]) -> dict[str, Any]:
    assert page.url is not None
    result: dict[str, Any] = {"one": None, "many": None, "failed": ""}
    failures = []
    targets = []
    if ONLY != "concurrent":
        one = one_user(browsers[page.user][0], page.url)
        result["one"] = one.summary()
        failures.append(one.failures)
        targets.append(result["one"]["p95_ms"] <= TARGET_ONE_MS)
    if ONLY != "single":
        many = many_users(browsers[page.user][:USERS], page.url)
        result["many"] = many.summary()
        failures.append(many.failures)
        targets.append(result["many"]["p95_ms"] <= TARGET_MANY_MS)
    result["failed"] = "; ".join(f for f in failures if f)
    result["met"] = all(targets) and not result["failed"]
    return result


def main() -> int:
    found = store()
    if not found:
        print("no store: set BENCH_DATABASE_URL, or build one with bench/scale_store.py")
        return 0
    url, var = found
    folder = Path(tempfile.mkdtemp(prefix="goedwonen-scale-"))
    try:
        settings = {
            # The test client's host, for the statement counts in this process.
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            # Sixteen sessions of one user on the API: far above the default per user.
            "API_RATE": "1000000/min",
            # A long run leaves a user's sessions unused for longer than the default 30 min.
            "SESSION_IDLE_MINUTES": "600",
        }
        if var is not None:
            settings |= store_keys(var)
        env = production_env(url, var or folder / "var", **settings)
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connections

        pages = [p for p in discover() if PAGES.search(p.key) or PAGES.search(p.name)]
        out = HERE / "results" / f"scale-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
        out.parent.mkdir(exist_ok=True)
        heading = (
            f"Scale benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {store_size()}; "
            f"goedwonen serve --workers {WORKERS}, {os.cpu_count()} cores; 1 user: "
            f"{REQUESTS} requests after {WARMUP}; {USERS} users: {SECONDS:.0f} s"
            + (f" or {MAX_REQUESTS} requests" if MAX_REQUESTS else "")
            + " per page"
        )
        print(heading, flush=True)
        measured = [p for p in pages if p.url is not None]
        if any(p.key == "sturing" for p in measured):
            # The dashboard shows the stand the worker computed (no request computes it):
            # computed here first, as the worker's task does, and timed.
            from django.utils import timezone

            from goedwonen.rapportage.dashboard import stand_bereken

            stand = stand_bereken(jaar=timezone.localdate().year, gebiedcode="")
            heading += f"; the dashboard's stand (all areas) computed in {stand.duur:.1f} s"
            print(heading, flush=True)
            connections.close_all()
        sessions = 1 if ONLY == "single" else max(USERS, 1)
        port = free_port()
        results: list[dict[str, Any]] = []
        log = out.with_suffix(".server.log")
        with served(port, env, log, worker=os.environ.get("BENCH_WORKER") != "0"):
            browsers = sign_in_all(port, {p.user for p in measured}, sessions)
            connections.close_all()
            for page in pages:
                result: dict[str, Any] = asdict(page) | {
                    "statements": None,
                    "met": None,
                    "failed": "",
                }
                if page.url is not None:
                    result |= measure(page, browsers)
                    print(
                        f"{page.key}: 1 user {_ms(result['one'])}, {USERS} users "
                        f"{_ms(result['many'])}"
                        + (f"  FAILED: {result['failed']}" if result["failed"] else ""),
                        flush=True,
                    )
                results.append(result)
        for result, page in zip(results, pages, strict=True):
            if page.url is not None:
                counted = statements(page)
                result["statements"] = counted.count
                result["repeated_select"] = {"times": counted.repeated, "sql": counted.repeated_sql}
                if counted.status != 200:
                    where = f"in-process {counted.status}"
                    result["failed"] += f"; {where}" if result["failed"] else where
                    result["met"] = False
        table = markdown(results, heading)
        print("\n" + table)
        out.with_suffix(".md").write_text(table)
        out.with_suffix(".json").write_text(
            json.dumps({"heading": heading, "pages": results}, indent=2, ensure_ascii=False)
        )
        print(f"written: {out}.md and .json (the server's log: {log})")
        failed = [r["key"] for r in results if r["failed"]]
        if failed:
            print(f"FAILED (answers other than 200): {', '.join(failed)}", file=sys.stderr)
        return 1 if failed else 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Walk lists for an integral action: 200 addresses over 6 teams (target <= 1 s).

Runs on a throwaway database (SQLite in a temp folder, or BENCH_DATABASE_URL): an action
with 200 addresses spread over a neighbourhood of 2 x 1.5 km (RD metres; 10 of them without
coordinates, 20 added by hand) and 6 teams. Measures, each in a warm process:
- `walk_lists` alone (division and routes, in memory);
- `looplijsten_maken` end to end (read, divide, route, write, log line), twice: with the
  day's share set so every address gets a team (34 per team), and with the default 12 (72
  on lists, the rest reserve);
- `looplijsten_herplannen` after every team walked three addresses and one team is done.
The first call in a process also imports scipy and OR-Tools: reported apart.
BENCH_REPEAT (default 5) sets the repeats; the figures are medians.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
ADDRESSES = 200
TEAMS = 6


def _median(action) -> float:
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    folder = tempfile.mkdtemp(prefix="goedwonen-bench-")
    os.environ["GOEDWONEN_VAR_DIR"] = folder
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"
    )
    os.environ.setdefault("GOEDWONEN_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goedwonen.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from goedwonen.accounts.models import Organisatie, Rol, User
    from goedwonen.acties.models import Actie, Actieadres, Actieteam, Adresstatus
    from goedwonen.acties.services.looplijsten import (
        Stop,
        Walker,
        looplijsten_herplannen,
        looplijsten_maken,
        walk_lists,
    )
    from goedwonen.core.policy import Capability
    from goedwonen.registry.models import Gebied, Verblijfsobject

    call_command("migrate", verbosity=0)
    so = Organisatie.objects.create(code="so", naam="Stadsontwikkeling", soort="kerncluster")
    rol = Rol.objects.create(
        code="organisator",
        naam="Organisator",
        capabilities=[Capability.ACTIONS_ORGANISE.value, Capability.ACTIONS_TAKE_PART.value],
    )
    organiser = User.objects.create_user(username="regisseur", organisatie=so)
    organiser.rollen.add(rol)
    buurt = Gebied.objects.create(code="BU0599BENCH", naam="Benchbuurt", soort="buurt")
    actie = Actie.objects.create(
        naam="Bench",
        datum=date(2026, 12, 10),
        gebied=buurt,
        leider=organiser,
        organisatie=so,
        adressen_per_team=34,
        aangemaakt_door=organiser,
    )
    rnd = random.Random(2026)  # noqa: S311 - places, not secrets
    for n in range(ADDRESSES):
        located = n % 20 != 7
        x, y = 92000 + rnd.random() * 2000, 434000 + rnd.random() * 1500
        vbo = Verblijfsobject.objects.create(
            object_id=f"0599010{n:09d}",
            objecttype="VBO",
            is_woning=True,
            rd_x=x if located else None,
            rd_y=y if located else None,
        )
        Actieadres.objects.create(
            actie=actie, verblijfsobject=vbo, rang=n + 1 if n % 10 != 3 else None
        )
    for t in range(TEAMS):
        Actieteam.objects.create(actie=actie, naam=f"Team {t + 1}", volgorde=t)

    stops = [
        Stop(a.pk, a.verblijfsobject.rd_x, a.verblijfsobject.rd_y, a.rang)
        for a in actie.adressen.select_related("verblijfsobject")
    ]
    walkers = [Walker(t.pk) for t in actie.teams.all()]
    started = time.perf_counter()
    walk_lists(stops, walkers, 34)
    cold = time.perf_counter() - started
    pure = _median(lambda: walk_lists(stops, walkers, 34))
    full = _median(lambda: looplijsten_maken(actor=organiser, actie=actie))
    division = looplijsten_maken(actor=organiser, actie=actie)
    on_lists = sum(len(r) for r in division.routes.values())
    Actie.objects.filter(pk=actie.pk).update(adressen_per_team=12)
    actie.refresh_from_db()
    default = _median(lambda: looplijsten_maken(actor=organiser, actie=actie))
    reserve = len(looplijsten_maken(actor=organiser, actie=actie).reserve)

    Actie.objects.filter(pk=actie.pk).update(adressen_per_team=34, status="gepland")
    actie.refresh_from_db()
    looplijsten_maken(actor=organiser, actie=actie)
    for team in actie.teams.all():
        walked = list(team.adressen.order_by("volgorde")[:3])
        Actieadres.objects.filter(pk__in=[a.pk for a in walked]).update(status=Adresstatus.BEZOCHT)
    Actieteam.objects.filter(actie=actie, naam="Team 6").update(klaar_op=timezone.now())
    replan = _median(lambda: looplijsten_herplannen(actor=organiser, actie=actie))

    print(f"{ADDRESSES} addresses over {TEAMS} teams, medians of {REPEAT}:")
    print(f"walk_lists in memory: {pure * 1000:.0f} ms (first call, with imports: {cold:.2f} s)")
    print(f"looplijsten_maken, 34 per team ({on_lists} on lists): {full * 1000:.0f} ms")
    print(
        f"looplijsten_maken, 12 per team (72 on lists, {reserve} reserve): {default * 1000:.0f} ms"
    )
    print(f"looplijsten_herplannen, 18 walked, one team done, 5 teams: {replan * 1000:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())

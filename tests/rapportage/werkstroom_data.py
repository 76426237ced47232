"""Hand-made work for the dashboard's work sections: two buurten of one wijk, dwellings in
them, reports with their status history, cases and tasks, each at a moment the test names."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count

from django.utils import timezone

from goedwonen.casussen.models import Casus, CasusObject, Casusstatus, Taak
from goedwonen.intake.models import Melding, StatusWijziging
from goedwonen.registry.models import Gebied, Verblijfsobject

_n = count(1)


def at(day: date, hour: int = 12) -> datetime:
    """A moment on `day` in the local time zone."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def areas() -> tuple[Gebied, Gebied, Gebied]:
    """The gemeente GM0599, and the buurten Carnisse and Tarwewijk in the wijk Charlois."""
    gemeente = Gebied.objects.create(code="GM0599", naam="Rotterdam", soort="gemeente")
    wijk = Gebied.objects.create(
        code="WK059915", naam="Charlois", soort="wijk", bovenliggend=gemeente
    )
    a = Gebied.objects.create(code="BU05991572", naam="Carnisse", soort="buurt", bovenliggend=wijk)
    b = Gebied.objects.create(code="BU05991571", naam="Tarwewijk", soort="buurt", bovenliggend=wijk)
    return gemeente, a, b


def dwelling(buurt: Gebied) -> Verblijfsobject:
    return Verblijfsobject.objects.create(
        object_id=f"05990100000{next(_n):05d}", objecttype="VBO", is_woning=True, buurt=buurt
    )


def melding(
    vbo: Verblijfsobject | None,
    ontvangen: date,
    categorie: str = "overbewoning",
    triage_voor: date | None = None,
    afgehandeld_voor: date | None = None,
) -> Melding:
    n = next(_n)
    return Melding.objects.create(
        bron="test",
        bron_id=str(n),
        ontvangen_op=at(ontvangen),
        verblijfsobject=vbo,
        buurt_id=vbo.buurt_id if vbo else None,  # as registration keeps it
        categorie=categorie,
        triage_voor=triage_voor,
        afgehandeld_voor=afgehandeld_voor,
    )


def step(m: Melding, van: str, naar: str, day: date) -> None:
    """A status change of the report on `day` (the history's moment is set by the database
    on insert, so the test sets it after)."""
    change = StatusWijziging.objects.create(melding=m, van=van, naar=naar, reden="test")
    StatusWijziging.objects.filter(pk=change.pk).update(op=at(day))


def triage(m: Melding, day: date, naar: str = "casusregie") -> None:
    step(m, "ontvangen", "in_triage", day)
    step(m, "in_triage", naar, day)


def casus(
    regisseur,
    vbo: Verblijfsobject,
    aangemaakt: date,
    gesloten: date | None = None,
    meldingen: tuple[Melding, ...] = (),
    herkomst: str = "melding",
    organisatie=None,
) -> Casus:
    c = Casus.objects.create(
        referentie=f"C-{next(_n)}",
        titel="test",
        herkomst=herkomst,
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        organisatie=organisatie or regisseur.organisatie,
        status=Casusstatus.GESLOTEN if gesloten else Casusstatus.ONDERZOEK,
        gesloten_op=at(gesloten) if gesloten else None,
    )
    Casus.objects.filter(pk=c.pk).update(aangemaakt_op=at(aangemaakt))
    CasusObject.objects.create(casus=c, verblijfsobject=vbo)
    for m in meldingen:
        m.casus = c
        m.save(update_fields=["casus"])
    c.refresh_from_db()
    return c


def taak(
    c: Casus,
    organisatie,
    aangemaakt: date,
    deadline: date,
    afgerond: date | None = None,
) -> Taak:
    t = Taak.objects.create(
        casus=c,
        titel="test",
        organisatie=organisatie,
        deadline=deadline,
        status="afgerond" if afgerond else "open",
        afgerond_op=at(afgerond) if afgerond else None,
    )
    Taak.objects.filter(pk=t.pk).update(aangemaakt_op=at(aangemaakt))
    return t

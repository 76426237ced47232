"""Shared helpers of the monitor's tests: the jurist who holds talks, a planned or held
warning talk with the owner E1 of Carnisselaan 10, and a second dwelling of E1."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from goedwonen.core.policy import Capability
from goedwonen.registry.models import Eigenaar, Eigendom, Verblijfsobject
from goedwonen.verhuurders.models import Verhuurdergesprek
from goedwonen.verhuurders.services.gesprekken import gesprek_invite, gesprek_record

JURIST = [
    Capability.LANDLORD_TALKS,
    Capability.LANDLORDS_MONITOR,
    Capability.CASES_VIEW,
    Capability.REGISTRY_VIEW,
]
# Dordtselaan 7-2 in the hand-made city: a dwelling E1 does not own there.
OTHER_DWELLING = "0599010000000003"


def e1() -> Eigenaar:
    return Eigenaar.objects.get(eigenaar_id="E1")


def give_e1_another_dwelling(since: date = date(2024, 3, 1)) -> Verblijfsobject:
    """E1 bought a second dwelling (BRK), on `since`."""
    vbo = Verblijfsobject.objects.get(object_id=OTHER_DWELLING)
    Eigendom.objects.filter(verblijfsobject=vbo).delete()
    Eigendom.objects.create(verblijfsobject=vbo, eigenaar=e1(), verkregen_op=since)
    return vbo


def invite(jurist, *, casus=None, soort="waarschuwingsgesprek") -> Verhuurdergesprek:
    return gesprek_invite(
        actor=jurist,
        eigenaar=e1(),
        soort=soort,
        gepland_op=timezone.now() + timedelta(days=7),
        locatie="Stadskantoor, kamer 4.12",
        aanleiding="Bij Carnisselaan 10 is overbewoning vastgesteld op 10 september 2026.",
        casus=casus,
    )


def warn(jurist, *, held_on: date, casus=None) -> Verhuurdergesprek:
    """A warning talk with E1, invited and held on `held_on` (W)."""
    return gesprek_record(
        actor=jurist,
        gesprek=invite(jurist, casus=casus),
        gehouden_op=held_on,
        deelnemers="J. Jansen; jurist en casusregisseur van de gemeente",
        afspraken="Binnen vier weken niet meer dan vier bewoners.",
    )


def case_on_other_dwelling(regisseur):
    """The director's case on E1's second dwelling (made after E1 bought it)."""
    from goedwonen.casussen.services.cases import casus_create
    from goedwonen.registry.models import Adres

    return casus_create(
        actor=regisseur,
        titel="Dordtselaan 7-2: overbewoning",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        herkomst="proactief",
        adressen=[Adres.objects.get(verblijfsobject__object_id=OTHER_DWELLING)],
    )

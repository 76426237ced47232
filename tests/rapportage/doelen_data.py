"""Hand-made areas and cases for the tests of the targets and the dashboard."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from goedwonen.casussen.models import Casus, CasusObject
from goedwonen.registry.models import Gebied, Verblijfsobject

AMS = ZoneInfo("Europe/Amsterdam")


def make_areas() -> dict[str, Gebied]:
    """Rotterdam, Charlois, and in it two focus buurten and one other."""
    gemeente = Gebied.objects.create(code="GM0599", naam="Rotterdam", soort="gemeente")
    wijk = Gebied.objects.create(
        code="WK059915", naam="Charlois", soort="wijk", bovenliggend=gemeente
    )

    def buurt(code, naam, focus):
        return Gebied.objects.create(
            code=code, naam=naam, soort="buurt", bovenliggend=wijk, focusgebied=focus
        )

    return {
        "carnisse": buurt("BU05991572", "Carnisse", True),
        "tarwewijk": buurt("BU05991571", "Tarwewijk", True),
        "elders": buurt("BU05991599", "Elders", False),
    }


def _vbo(n, buurt):
    return Verblijfsobject.objects.create(
        object_id=f"05990100000{n:05d}", objecttype="VBO", is_woning=True, buurt=buurt
    )


def case(n, when, *buurten, herkomst="melding", director):
    """A case made at `when` on a new dwelling in each of `buurten`, in that order."""
    casus = Casus.objects.create(
        referentie=f"C-{n}",
        titel=f"Casus {n}",
        herkomst=herkomst,
        casusregisseur=director,
        organisatie=director.organisatie,
    )
    Casus.objects.filter(pk=casus.pk).update(aangemaakt_op=when)
    for i, buurt in enumerate(buurten):
        CasusObject.objects.create(casus=casus, verblijfsobject=_vbo(n * 10 + i, buurt))
    return casus

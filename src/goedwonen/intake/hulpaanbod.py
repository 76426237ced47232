"""The help partners offer a reporter, shown on the confirmation and status pages beside
the report, in the page's language: which offer fits which report category is data here,
read by `hulpaanbod_for`. The texts are Dutch source strings, translated in `locale/`.

A municipality with other partners or numbers changes this list (and its translations).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from goedwonen.core.categories import Categorie


@dataclass(frozen=True)
class Hulpaanbod:
    code: str
    naam: str | Promise
    wat: str | Promise
    contact: str | Promise
    categorieen: frozenset[str]


HULPAANBOD: tuple[Hulpaanbod, ...] = (
    Hulpaanbod(
        code="huurteam",
        naam=_("Huurteam"),
        wat=_(
            "Het huurteam helpt huurders gratis. Het controleert uw huur, servicekosten en borg, "
            "leest uw huurcontract na en helpt u bij een verzoek aan de Huurcommissie."
        ),
        contact=_("Bel 14 010 en vraag naar het huurteam."),
        categorieen=frozenset(
            {
                Categorie.TE_HOGE_HUUR,
                Categorie.ACHTERSTALLIG_ONDERHOUD,
                Categorie.KAMERVERHUUR,
                Categorie.HUURCONTRACT_WERK,
                Categorie.WGV_OVERIG,
                Categorie.VERHUUR_ZONDER_VERGUNNING,
            }
        ),
    ),
    Hulpaanbod(
        code="juridisch_loket",
        naam=_("Het Juridisch Loket"),
        wat=_(
            "Het Juridisch Loket geeft gratis advies over uw rechten, bijvoorbeeld als de "
            "verhuurder u bedreigt, uw borg niet terugbetaalt of u uit de woning wil zetten."
        ),
        contact=_("Bel 0900 8020 of kijk op www.juridischloket.nl."),
        categorieen=frozenset(
            {
                Categorie.TE_HOGE_HUUR,
                Categorie.HUURCONTRACT_WERK,
                Categorie.WGV_OVERIG,
                Categorie.UITBUITING,
                Categorie.ACHTERSTALLIG_ONDERHOUD,
            }
        ),
    ),
    Hulpaanbod(
        code="wijkteam",
        naam=_("Wijkteam"),
        wat=_(
            "Het wijkteam helpt bewoners die zich zorgen maken over hun woning, geld, werk of "
            "gezondheid, of over die van de mensen met wie zij wonen."
        ),
        contact=_("Bel 14 010 en vraag naar het wijkteam in uw wijk."),
        categorieen=frozenset(
            {
                Categorie.OVERBEWONING,
                Categorie.HUURCONTRACT_WERK,
                Categorie.UITBUITING,
                Categorie.ZORG,
                Categorie.WOONOVERLAST,
            }
        ),
    ),
)


def hulpaanbod_for(categorie: str) -> list[Hulpaanbod]:
    """The offers that fit a report of this category, in the list's order."""
    return [aanbod for aanbod in HULPAANBOD if categorie in aanbod.categorieen]

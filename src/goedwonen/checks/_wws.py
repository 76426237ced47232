"""The one door to the `woningwaardering` package (Woonstad Rotterdam's WWS implementation).

Importing that package changes process-wide state (woningwaardering/_setup.py, `initialize`):
it sets the decimal context of the importing thread to `BasicContext` (9 digits), turns every
`UserWarning` in the whole process into an exception, replaces `warnings.showwarning` and
`sys.excepthook`, tries to set the locale to nl_NL.UTF-8 and sets TZ when it is missing. In a
Django process that would change behaviour far from here, so the import below runs with that
state saved and put back. Each calculation then runs in the decimal context the package was
written for, with its warnings recorded instead of raised, so the caller decides what a
warning means.

Nothing here reaches the network as long as every `EenhedenEenheid` carries a BAG
woonplaatscode (the package otherwise asks the Kadaster SPARQL endpoint) and an explicit
`monumenten` list (otherwise it asks the optional `monumenten` package, not installed here).
"""

from __future__ import annotations

import contextlib
import decimal
import locale
import os
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date


@contextlib.contextmanager
def _process_state_restored() -> Iterator[None]:
    excepthook = sys.excepthook
    saved_locale = locale.setlocale(locale.LC_ALL)
    saved_tz = os.environ.get("TZ")
    # catch_warnings restores the filters and showwarning; localcontext the decimal context.
    with warnings.catch_warnings(), decimal.localcontext():
        try:
            yield
        finally:
            sys.excepthook = excepthook
            locale.setlocale(locale.LC_ALL, saved_locale)
            if saved_tz is None:
                os.environ.pop("TZ", None)
            else:
                os.environ["TZ"] = saved_tz
            time.tzset()


with _process_state_restored():
    from woningwaardering import Woningwaardering
    from woningwaardering.stelsels.utils import controleer_peildatum, get_corop_voor_woonplaats
    from woningwaardering.vera.bvg.generated import (
        BouwkundigElementenBouwkundigElement,
        EenhedenAdresseerbaarObjectBasisregistratie,
        EenhedenEenheid,
        EenhedenEenheidadres,
        EenhedenEnergieprestatie,
        EenhedenPand,
        EenhedenRuimte,
        EenhedenWoonplaats,
        EenhedenWozEenheid,
        Referentiedata,
        WoningwaarderingResultatenWoningwaarderingResultaat,
    )
    from woningwaardering.vera.referentiedata import (
        Bouwkundigelementdetailsoort,
        Bouwkundigelementsoort,
        Eenheidmonument,
        Energielabel,
        Energieprestatiesoort,
        Energieprestatiestatus,
        Installatiesoort,
        Pandsoort,
        Ruimtedetailsoort,
        Ruimtesoort,
        Woningwaarderingstelsel,
    )

__all__ = [
    "BouwkundigElementenBouwkundigElement",
    "Bouwkundigelementdetailsoort",
    "Bouwkundigelementsoort",
    "EenhedenAdresseerbaarObjectBasisregistratie",
    "EenhedenEenheid",
    "EenhedenEenheidadres",
    "EenhedenEnergieprestatie",
    "EenhedenPand",
    "EenhedenRuimte",
    "EenhedenWoonplaats",
    "EenhedenWozEenheid",
    "Eenheidmonument",
    "Energielabel",
    "Energieprestatiesoort",
    "Energieprestatiestatus",
    "Installatiesoort",
    "Pandsoort",
    "Referentiedata",
    "Ruimtedetailsoort",
    "Ruimtesoort",
    "Waardering",
    "Woningwaarderingstelsel",
    "bekende_woonplaatscode",
    "controleer_peildatum",
    "waardeer",
]


@dataclass(frozen=True)
class Waardering:
    resultaat: WoningwaarderingResultatenWoningwaarderingResultaat
    waarschuwingen: tuple[str, ...]


def waardeer(eenheid: EenhedenEenheid, peildatum: date) -> Waardering:
    """Run the package on one dwelling. Raises ValueError for a peildatum it does not support
    (this version: 2026 only) and whatever it raises on input it cannot handle."""
    with (
        warnings.catch_warnings(record=True) as caught,
        # The package's own tests run under the context its import sets (BasicContext);
        # other threads of a web server would otherwise compute with the default context.
        decimal.localcontext(decimal.BasicContext),
    ):
        warnings.simplefilter("always", UserWarning)
        resultaat = Woningwaardering(peildatum=peildatum).waardeer(eenheid)
    meldingen = tuple(
        dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, UserWarning))
    )
    return Waardering(resultaat=resultaat, waarschuwingen=meldingen)


def bekende_woonplaatscode(code: str) -> bool:
    """Whether the package's own COROP table knows this BAG woonplaatscode (no network)."""
    return get_corop_voor_woonplaats(code) is not None

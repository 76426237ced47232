"""Translate `Woningkenmerken` into the VERA `EenhedenEenheid` that woningwaardering reads.

Ids carry the field path (`ruimten[2]`), so a warning of the package names the room the
inspector has to look at. Keyword arguments use the models' JSON aliases (camelCase, as in
VERA): those are the names mypy sees, and pydantic accepts them.
"""

from __future__ import annotations

from datetime import date

from . import _wws as vera
from .woning import (
    Buitenruimte,
    Buitenruimtetype,
    Energielabel,
    Labelklasse,
    Ruimte,
    Ruimtetype,
    Woningkenmerken,
    Woningtype,
)

WONING_ID = "woning"

_RUIMTEN: dict[Ruimtetype, tuple[vera.Referentiedata, vera.Referentiedata]] = {
    Ruimtetype.WOONKAMER: (vera.Ruimtesoort.vertrek, vera.Ruimtedetailsoort.woonkamer),
    Ruimtetype.SLAAPKAMER: (vera.Ruimtesoort.vertrek, vera.Ruimtedetailsoort.slaapkamer),
    Ruimtetype.WOON_SLAAPKAMER: (
        vera.Ruimtesoort.vertrek,
        vera.Ruimtedetailsoort.woon_en_of_slaapkamer,
    ),
    Ruimtetype.OVERIG_VERTREK: (vera.Ruimtesoort.vertrek, vera.Ruimtedetailsoort.overig_vertrek),
    Ruimtetype.KEUKEN: (vera.Ruimtesoort.vertrek, vera.Ruimtedetailsoort.keuken),
    Ruimtetype.WOONKAMER_MET_KEUKEN: (
        vera.Ruimtesoort.vertrek,
        vera.Ruimtedetailsoort.woonkamer_en_of_keuken,
    ),
    Ruimtetype.BADKAMER: (vera.Ruimtesoort.vertrek, vera.Ruimtedetailsoort.badkamer),
    Ruimtetype.BADKAMER_MET_TOILET: (
        vera.Ruimtesoort.vertrek,
        vera.Ruimtedetailsoort.badkamer_met_toilet,
    ),
    Ruimtetype.DOUCHERUIMTE: (vera.Ruimtesoort.vertrek, vera.Ruimtedetailsoort.doucheruimte),
    Ruimtetype.TOILETRUIMTE: (
        vera.Ruimtesoort.overige_ruimten,
        vera.Ruimtedetailsoort.toiletruimte,
    ),
    Ruimtetype.BIJKEUKEN: (vera.Ruimtesoort.overige_ruimten, vera.Ruimtedetailsoort.bijkeuken),
    Ruimtetype.BERGING: (vera.Ruimtesoort.overige_ruimten, vera.Ruimtedetailsoort.berging),
    Ruimtetype.KELDER: (vera.Ruimtesoort.overige_ruimten, vera.Ruimtedetailsoort.kelder),
    Ruimtetype.SCHUUR: (vera.Ruimtesoort.overige_ruimten, vera.Ruimtedetailsoort.schuur),
    Ruimtetype.WASRUIMTE: (vera.Ruimtesoort.overige_ruimten, vera.Ruimtedetailsoort.wasruimte),
    Ruimtetype.HAL: (vera.Ruimtesoort.verkeersruimte, vera.Ruimtedetailsoort.hal),
    Ruimtetype.GANG: (vera.Ruimtesoort.verkeersruimte, vera.Ruimtedetailsoort.gang),
    Ruimtetype.OVERLOOP: (vera.Ruimtesoort.verkeersruimte, vera.Ruimtedetailsoort.overloop),
}

_BUITENRUIMTEN: dict[Buitenruimtetype, vera.Referentiedata] = {
    Buitenruimtetype.TUIN: vera.Ruimtedetailsoort.tuin,
    Buitenruimtetype.BALKON: vera.Ruimtedetailsoort.balkon,
    Buitenruimtetype.DAKTERRAS: vera.Ruimtedetailsoort.dakterras,
    Buitenruimtetype.TERRAS: vera.Ruimtedetailsoort.terras,
    Buitenruimtetype.LOGGIA: vera.Ruimtedetailsoort.loggia,
}

_LABELS: dict[Labelklasse, vera.Referentiedata] = {
    Labelklasse.A4PLUS: vera.Energielabel.ap4,
    Labelklasse.A3PLUS: vera.Energielabel.ap3,
    Labelklasse.A2PLUS: vera.Energielabel.app,
    Labelklasse.A1PLUS: vera.Energielabel.ap,
    Labelklasse.A: vera.Energielabel.a,
    Labelklasse.B: vera.Energielabel.b,
    Labelklasse.C: vera.Energielabel.c,
    Labelklasse.D: vera.Energielabel.d,
    Labelklasse.E: vera.Energielabel.e,
    Labelklasse.F: vera.Energielabel.f,
    Labelklasse.G: vera.Energielabel.g,
}

# Beleidsboek 2.4.3.4: a label registered in this period only counts through its energy index.
VEREENVOUDIGD_LABEL_VAN = date(2015, 1, 1)
VEREENVOUDIGD_LABEL_TOT = date(2021, 1, 1)


def _installatie(naam: str) -> vera.Referentiedata:
    installatie: vera.Referentiedata = getattr(vera.Installatiesoort, naam)
    return installatie


def _ruimte(index: int, ruimte: Ruimte, woningtype: Woningtype) -> vera.EenhedenRuimte:
    soort, detailsoort = _RUIMTEN[ruimte.ruimtetype]
    ruimte_id = f"ruimten[{index}]"
    elementen = []
    if ruimte.aanrechtlengte_cm:
        elementen.append(
            vera.BouwkundigElementenBouwkundigElement(
                id=f"{ruimte_id}.aanrecht",
                naam="Aanrecht",
                soort=vera.Bouwkundigelementsoort.voorziening,
                detailSoort=vera.Bouwkundigelementdetailsoort.aanrecht,
                lengte=ruimte.aanrechtlengte_cm * 10,
            )
        )
    installaties = [_installatie(s.value) for s in ruimte.sanitair] + [
        _installatie(k.value) for k in ruimte.keukenvoorzieningen
    ]
    return vera.EenhedenRuimte(
        id=ruimte_id,
        naam=ruimte.naam or f"{ruimte.ruimtetype.value.replace('_', ' ').capitalize()}",
        soort=soort,
        detailSoort=detailsoort,
        oppervlakte=float(ruimte.oppervlakte),
        verwarmd=ruimte.verwarmd,
        verkoeld=ruimte.verkoeld,
        installaties=installaties or None,
        bouwkundigeElementen=elementen or None,
        gedeeldMetAantalOnzelfstandigeWoonruimten=(
            ruimte.gedeeld_met_kamers if woningtype == Woningtype.ONZELFSTANDIG else None
        ),
    )


def _buitenruimte(
    index: int, buitenruimte: Buitenruimte, woningtype: Woningtype
) -> vera.EenhedenRuimte:
    return vera.EenhedenRuimte(
        id=f"buitenruimten[{index}]",
        naam=buitenruimte.naam or buitenruimte.buitenruimtetype.value.capitalize(),
        soort=vera.Ruimtesoort.buitenruimte,
        detailSoort=_BUITENRUIMTEN[buitenruimte.buitenruimtetype],
        oppervlakte=float(buitenruimte.oppervlakte),
        gedeeldMetAantalAdressen=buitenruimte.gedeeld_met_adressen,
        gedeeldMetAantalOnzelfstandigeWoonruimten=(
            buitenruimte.gedeeld_met_kamers if woningtype == Woningtype.ONZELFSTANDIG else None
        ),
    )


def _energieprestatie(label: Energielabel) -> vera.EenhedenEnergieprestatie:
    vereenvoudigd = VEREENVOUDIGD_LABEL_VAN <= label.registratiedatum < VEREENVOUDIGD_LABEL_TOT
    index = vereenvoudigd and label.energie_index is not None
    return vera.EenhedenEnergieprestatie(
        id="energielabel",
        soort=(
            vera.Energieprestatiesoort.energie_index
            if index
            else vera.Energieprestatiesoort.energielabel_conform_nta8800
        ),
        status=vera.Energieprestatiestatus.definitief,
        begindatum=label.registratiedatum,
        einddatum=label.geldig_tot,
        label=_LABELS[label.labelklasse],
        waarde=str(label.energie_index) if index else None,
    )


def eenheid_from_woning(
    woning: Woningkenmerken, *, datum_huurovereenkomst: date | None
) -> vera.EenhedenEenheid:
    zelfstandig = woning.woningtype == Woningtype.ZELFSTANDIG
    return vera.EenhedenEenheid(
        id=WONING_ID,
        Woningwaarderingstelsel=(
            vera.Woningwaarderingstelsel.zelfstandige_woonruimten
            if zelfstandig
            else vera.Woningwaarderingstelsel.onzelfstandige_woonruimten
        ),
        bouwjaar=woning.bouwjaar,
        # A woonplaatscode keeps the package from asking the Kadaster for it.
        adres=vera.EenhedenEenheidadres(
            woonplaats=vera.EenhedenWoonplaats(code=woning.woonplaatscode)
        ),
        adresseerbaarObjectBasisregistratie=vera.EenhedenAdresseerbaarObjectBasisregistratie(
            bagGebruikersOppervlakte=woning.gebruiksoppervlakte
        ),
        gebruiksoppervlakte=woning.gebruiksoppervlakte,
        panden=[vera.EenhedenPand(soort=getattr(vera.Pandsoort, woning.pandtype.value))],
        wozEenheden=[
            vera.EenhedenWozEenheid(
                waardepeildatum=woning.woz_waardepeildatum,
                vastgesteldeWaarde=float(woning.woz_waarde),
            )
        ],
        energieprestaties=(
            [_energieprestatie(woning.energielabel)] if woning.energielabel else None
        ),
        # An explicit list, also when empty: otherwise the package looks monuments up online.
        monumenten=[getattr(vera.Eenheidmonument, m.value) for m in woning.monumenten],
        ruimten=[
            *(_ruimte(i, r, woning.woningtype) for i, r in enumerate(woning.ruimten)),
            *(_buitenruimte(i, b, woning.woningtype) for i, b in enumerate(woning.buitenruimten)),
        ],
        beginBouwdatum=woning.bouw_gestart_op,
        inExploitatiedatum=woning.in_exploitatie_op,
        datumAfsluitenHuurovereenkomst=datum_huurovereenkomst,
    )

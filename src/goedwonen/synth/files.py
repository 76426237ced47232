"""The files of the data contract: their columns, and one gemeente's rows as Arrow columns."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from goedwonen.registry import contract
from goedwonen.synth import names
from goedwonen.synth.abuse import FLAGS, NEVER, PEILDATUM, Episodes
from goedwonen.synth.areas import Gemeente
from goedwonen.synth.buildings import DOELEN, LETTERS, PAND_STATUS, TOEVOEGINGEN, VBO_STATUS, Bag
from goedwonen.synth.encode import bag_ids, dates, fixed_digits, ints, join, take
from goedwonen.synth.history import (
    AANLEIDING,
    BRON_PREFIX,
    BRONNEN,
    CATEGORIES,
    INSTRUMENTEN,
    MELDER,
    OVERTREDING,
    History,
    year_of,
)
from goedwonen.synth.owners import AANDELEN, SOORTEN, Owners
from goedwonen.synth.permits import SOORTEN as VERGUNNINGSOORTEN
from goedwonen.synth.permits import STATUSSEN, Permits

COLUMNS: dict[str, tuple[str, ...]] = {
    **{source.name: source.column_names for source in contract.CSV_SOURCES},
    # The answer key beside the delivery, for evaluating the analysis (not part of it).
    "_synth/waarheid.csv": ("object_id", *FLAGS),
    "_synth/meldingen_adres.csv": ("bron", "bron_id", "object_id", "adresvorm"),
}
# Files with free text are quoted; the others never need quotes, as in the real exports.
QUOTED = {contract.MELDINGEN.name, contract.GEBIEDSAANWIJZINGEN.name}
DELIMITER = {source.name: source.delimiter for source in contract.CSV_SOURCES}

TEMPLATES: dict[int, tuple[str, ...]] = {
    0: (
        "Veel mensen in en uit de woning, vermoedelijk te veel bewoners",
        "Matrassen op het balkon, er wonen veel meer mensen dan er passen",
        "Overbewoning: 's avonds tel ik zeker acht volwassenen",
    ),
    1: (
        "Woning wordt per kamer verhuurd, steeds andere bewoners",
        "Kamerverhuur: namen op de bel wisselen elke maand",
        'Huurder zegt dat hij "een kamer" huurt bij de eigenaar',
    ),
    2: (
        "Huurder betaalt veel te veel huur voor een kleine woning",
        "Kale huur lijkt ver boven de maximale huurprijs, huurder durft niet te klagen",
        "Huur verhoogd zonder uitleg, servicekosten niet gespecificeerd",
    ),
    3: (
        "Woning staat al maanden leeg, post stapelt zich op",
        "Leegstand: niemand gezien sinds de verkoop",
        "Rolluiken altijd dicht, lijkt onbewoond",
    ),
    4: (
        "Bewoners worden 's ochtends met busjes opgehaald voor werk, wonen via de werkgever",
        "Huurcontract hoort bij de baan: wie ontslagen wordt moet meteen weg",
        "Uitzendbureau huisvest personeel in deze woning, veel wisselingen",
    ),
    5: (
        "Woning wordt verhuurd zonder vergunning",
        "Nieuwe eigenaar verhuurt direct door, geen vergunning bekend",
        "Verhuur in Carnisse zonder verhuurvergunning?",
    ),
    6: (
        "Er wonen mensen die niet ingeschreven staan",
        "Bewoners staan op een ander adres ingeschreven",
        "Niemand ingeschreven maar er woont duidelijk iemand",
    ),
    7: (
        "Schimmel en vocht, eigenaar reageert niet",
        "Lekkage en kapotte kozijnen, al lang gemeld bij de verhuurder",
        "Achterstallig onderhoud: trap onveilig, elektra niet in orde",
    ),
    8: (
        "Waarborgsom van drie maanden huur gevraagd",
        "Verhuurder intimideert huurders, dreigt met ontruiming",
        "Geen schriftelijk huurcontract gekregen",
    ),
    9: (
        "Geluidsoverlast tot diep in de nacht",
        "Afval naast de woning, ongedierte",
        "Ruzies en overlast in het portiek",
    ),
    10: (
        "Vermoeden van woonfraude: woning wordt onderverhuurd",
        "Hoofdhuurder woont elders, woning doorverhuurd",
    ),
    11: ("Sterke hennepgeur en dichtgeplakte ramen", "Veel kort bezoek, vermoeden drugshandel"),
    12: ("Pand lijkt dekmantel voor andere activiteiten", "Contante aankopen van meerdere panden"),
    13: ("Bewoner verwaarloost zichzelf, zorgen om gezondheid",),
    14: ("Gezin in problemen, kinderen vaak alleen thuis",),
    15: ("Vermoeden van misbruik van voorzieningen op dit adres",),
    16: ("Bewoners lijken uitgebuit te worden, paspoorten ingehouden",),
}
ADDRESS_FORMS = ("nummeraanduiding", "postcode", "onherleidbaar")


def _constant(value: str, n: int) -> pa.Array:
    return take([value], np.zeros(n, dtype=np.int64))


def _postcodes(pc4: np.ndarray, pair: np.ndarray, sep: str = "") -> pa.Array:
    return join(fixed_digits(pc4, 4), take(names.LETTER_PAIRS, pair), sep=sep)


def _optional_dates(days: np.ndarray) -> pa.Array:
    return dates(np.where(days >= NEVER, 0, days), days >= NEVER)


class Identifiers:
    """BAG identifications of one gemeente: increasing sequences with gaps, like the real ones."""

    def __init__(self, rng: np.random.Generator, gemeente: Gemeente, bag: Bag):
        code = int(gemeente.code)

        def sequence(n: int) -> np.ndarray:
            gaps = np.where(rng.random(n) < 0.1, rng.integers(2, 60, n), 1)
            return int(rng.integers(100_000, 400_000)) + np.cumsum(gaps)

        kinds = bag.kind
        seq = np.zeros(len(kinds), dtype=np.int64)
        for k in range(3):
            where = np.flatnonzero(kinds == k)
            seq[where] = sequence(len(where))
        object_type = np.array([1, 2, 3])[kinds]
        self.objects = join(
            _constant(gemeente.code, len(kinds)),
            fixed_digits(object_type, 2),
            fixed_digits(seq, 10),
        )
        self.panden = bag_ids(code, 10, sequence(len(bag.bouwjaar)))
        self.adressen = bag_ids(code, 20, sequence(len(bag.adr_obj)))


def bag_columns(gemeente: Gemeente, bag: Bag, ids: Identifiers, lon, lat) -> dict[str, Any]:
    obj = bag.adr_obj
    n = len(obj)
    pand = bag.pand[obj]
    no_pand = pand < 0
    safe_pand = np.maximum(pand, 0)
    return {
        "openbareruimte": take(bag.streets, bag.street),
        "huisnummer": ints(bag.huisnummer),
        "huisletter": take(LETTERS, bag.letter, bag.letter == 0),
        "huisnummertoevoeging": take(TOEVOEGINGEN, bag.toev, bag.toev == 0),
        "postcode": _postcodes(bag.pc4, bag.pair),
        "woonplaats": _constant(gemeente.naam, n),
        "gemeente": _constant(gemeente.naam, n),
        "provincie": _constant(gemeente.provincie, n),
        "nummeraanduiding": ids.adressen,
        "verblijfsobjectgebruiksdoel": take(
            DOELEN, np.maximum(bag.doel[obj], 0), bag.doel[obj] < 0
        ),
        "oppervlakteverblijfsobject": ints(bag.area[obj], bag.area[obj] < 0),
        "verblijfsobjectstatus": take(VBO_STATUS, bag.status[obj]),
        "object_id": ids.objects.take(pa.array(obj)),
        "object_type": take(contract.Objecttype.values, bag.kind[obj]),
        "nevenadres": take(("f", "t"), bag.neven.astype(np.int64)),
        "pandid": ids.panden.take(pa.array(safe_pand, mask=no_pand)),
        "pandstatus": take(PAND_STATUS, bag.pand_status[safe_pand], no_pand),
        "pandbouwjaar": ints(bag.bouwjaar[safe_pand], no_pand),
        "x": np.round(bag.x[obj], 3),
        "y": np.round(bag.y[obj], 3),
        "lon": np.round(lon[obj], 7),
        "lat": np.round(lat[obj], 7),
    }


def brp_columns(bag: Bag, ids: Identifiers, brp: dict[str, np.ndarray]) -> dict[str, Any]:
    return {
        "nummeraanduiding": ids.adressen.take(pa.array(bag.main[brp["row"]])),
        "peildatum": dates(brp["peildatum"]),
        "ingeschrevenen": ints(brp["ingeschrevenen"]),
        "volwassenen": ints(brp["volwassenen"]),
        "minderjarigen": ints(brp["minderjarigen"]),
        "achternamen": ints(brp["achternamen"]),
        "inschrijvingen_12m": ints(brp["in"]),
        "uitschrijvingen_12m": ints(brp["uit"]),
        "briefadres": take(("nee", "ja"), brp["briefadres"].astype(np.int64)),
    }


def brk_columns(ids: Identifiers, owners: Owners) -> dict[str, Any]:
    o = owners.row_owner
    kvk = owners.kvk[o]
    return {
        "object_id": ids.objects.take(pa.array(owners.row_obj)),
        "eigenaar_id": owners.ident.take(pa.array(o)),
        "eigenaar_soort": take(SOORTEN, owners.soort[o]),
        "eigenaar_naam": owners.naam.take(pa.array(o)),
        "kvk_nummer": pc.if_else(
            pa.array(kvk >= 0), fixed_digits(np.maximum(kvk, 0), 8), pa.scalar(None, pa.string())
        ),
        "aandeel": take(AANDELEN, owners.row_share),
        "verkregen_op": dates(owners.verkregen[owners.row_obj]),
        "eigenaar_straat": take(owners.streets, owners.street[o]),
        "eigenaar_huisnummer": ints(owners.huisnummer[o]),
        "eigenaar_huisletter": take(LETTERS, owners.letter[o], owners.letter[o] == 0),
        "eigenaar_toevoeging": take(TOEVOEGINGEN, owners.toev[o], owners.toev[o] == 0),
        "eigenaar_postcode": _postcodes(owners.pc4[o], owners.pair[o]),
        "eigenaar_woonplaats": take(owners.places, owners.place[o]),
    }


def woz_columns(ids: Identifiers, woz: dict[str, np.ndarray]) -> dict[str, Any]:
    return {
        "object_id": ids.objects.take(pa.array(woz["row"])),
        "peildatum": dates(woz["peildatum"]),
        "waarde": ints(woz["waarde"]),
    }


def energy_columns(bag: Bag, ids: Identifiers, e: dict[str, np.ndarray]) -> dict[str, Any]:
    return {
        "nummeraanduiding": ids.adressen.take(pa.array(bag.main[e["row"]])),
        "jaar": ints(e["jaar"]),
        "elektriciteit_kwh": ints(e["kwh"]),
        "gas_m3": ints(e["gas"], e["gas_null"]),
    }


def permit_columns(ids: Identifiers, p: Permits) -> dict[str, Any]:
    return {
        "object_id": ids.objects.take(pa.array(p.obj)),
        "soort": take(VERGUNNINGSOORTEN, p.soort),
        "status": take(STATUSSEN, p.status),
        "aangevraagd_op": dates(p.aangevraagd),
        "geldig_van": _optional_dates(p.van),
        "geldig_tot": _optional_dates(p.tot),
        "max_bewoners": ints(p.max_bewoners, p.max_bewoners < 0),
        "huurprijs": ints(p.huurprijs, p.huurprijs < 0),
    }


def _category_strings(mask: np.ndarray) -> pa.Array:
    unique, inverse = np.unique(mask, return_inverse=True)
    pool = [
        "|".join(CATEGORIES[b] for b in range(len(CATEGORIES)) if (int(m) >> b) & 1) for m in unique
    ]
    return take(pool, inverse.reshape(-1), mask == 0)


def control_columns(gemeente: Gemeente, ids: Identifiers, h: History) -> dict[str, Any]:
    n = len(h.c_row)
    return {
        "bron_id": join(_constant(f"C{gemeente.code}-", n), fixed_digits(np.arange(1, n + 1), 7)),
        "object_id": ids.objects.take(pa.array(h.c_row)),
        "datum": dates(h.c_date),
        "aanleiding": take(AANLEIDING, h.c_aanleiding),
        "overtreding": take(OVERTREDING, h.c_overtreding),
        "categorieen": _category_strings(h.c_mask),
        "aangetroffen_personen": ints(h.c_personen, h.c_personen < 0),
    }


def enforcement_columns(gemeente: Gemeente, ids: Identifiers, owners: Owners, h: History):
    n = len(h.h_row)
    return {
        "bron_id": join(_constant(f"H{gemeente.code}-", n), fixed_digits(np.arange(1, n + 1), 7)),
        "object_id": ids.objects.take(pa.array(h.h_row)),
        "eigenaar_id": owners.ident.take(pa.array(h.h_owner)),
        "datum": dates(h.h_date),
        "instrument": take(INSTRUMENTEN, h.h_instrument),
        "categorie": take(CATEGORIES, h.h_cat),
        "bedrag": ints(h.h_bedrag, h.h_bedrag < 0),
    }


def report_columns(
    rng: np.random.Generator, gemeente: Gemeente, bag: Bag, ids: Identifiers, h: History
) -> tuple[dict[str, Any], dict[str, Any]]:
    """meldingen.csv, plus the true object of each report for evaluating address matching."""
    n = len(h.m_row)
    main = bag.main[h.m_row]
    pc4, pair = bag.pc4[main], bag.pair[main]
    number = bag.huisnummer[main].copy()
    letter, toev = bag.letter[main], bag.toev[main]
    u = rng.random(n)
    form = np.select([u < 0.55, u < 0.97], [0, 1], 2)
    with_postcode = (form == 1) | ((form == 0) & (rng.random(n) < 0.3))

    # Deliberately unmatchable addresses: a number that does not exist, a letter O for a zero,
    # or a letter pair not issued in that postcode area.
    bad = np.flatnonzero(form == 2)
    kind = rng.integers(0, 3, len(bad))
    used_pairs = np.unique(bag.pc4 * 1000 + bag.pair)
    used_numbers = np.unique((bag.pc4 * 1000 + bag.pair) * 100_000 + bag.huisnummer)
    wrong_number = number[bad] + 5000
    taken_number = np.isin((pc4[bad] * 1000 + pair[bad]) * 100_000 + wrong_number, used_numbers)
    kind = np.where((kind == 0) & taken_number, 2, kind)
    pc4_text = fixed_digits(pc4, 4).to_numpy(zero_copy_only=False).astype(str)
    has_zero = np.char.find(pc4_text[bad], "0") >= 0
    kind = np.where((kind == 1) & ~has_zero, 2, kind)
    new_pair = pair[bad].copy()
    for _ in range(8):
        clash = (kind == 2) & np.isin(pc4[bad] * 1000 + new_pair, used_pairs)
        new_pair = np.where(clash, rng.integers(len(names.LETTER_PAIRS), size=len(bad)), new_pair)
    unresolved = (kind == 2) & np.isin(pc4[bad] * 1000 + new_pair, used_pairs)
    kind = np.where(unresolved, 0, kind)
    number[bad] = np.where(kind == 0, wrong_number, number[bad])
    pair = pair.copy()
    pair[bad] = np.where(kind == 2, new_pair, pair[bad])
    if len(bad):
        typo = np.char.replace(pc4_text[bad], "0", "O", count=1)
        pc4_text[bad] = np.where(kind == 1, typo, pc4_text[bad])

    spelling = rng.choice(3, size=n, p=(0.6, 0.3, 0.1))
    pairs = np.array(names.LETTER_PAIRS)[pair]
    postcode = np.where(
        spelling == 0,
        np.char.add(pc4_text, pairs),
        np.where(
            spelling == 1,
            np.char.add(np.char.add(pc4_text, " "), pairs),
            np.char.add(pc4_text, np.char.lower(pairs)),
        ),
    )
    address_given = with_postcode | (form == 2)

    # Descriptions name the street; an unmatchable report misspells it.
    misspelt = [_misspell(rng, s) for s in bag.streets]
    street = np.where(form == 2, bag.street[main] + len(bag.streets), bag.street[main])
    cat = h.m_cat
    flat = [t for c in range(len(CATEGORIES)) for t in TEMPLATES[c]]
    first = np.cumsum([0] + [len(TEMPLATES[c]) for c in range(len(CATEGORIES))])
    counts = np.array([len(TEMPLATES[c]) for c in range(len(CATEGORIES))])
    template = first[cat] + (rng.random(n) * counts[cat]).astype(np.int64)
    where = join(
        take([*bag.streets, *misspelt], street),
        join(pc.cast(pa.array(number), pa.string()), take(LETTERS, letter)),
        sep=" ",
    )
    text = join(take(flat, template), _constant(" (", n), where, _constant(")", n))
    callback = rng.random(n) < 0.01
    text = join(
        text, take(["", "\nMelder wil graag teruggebeld worden."], callback.astype(np.int64))
    )

    gm = gemeente.code
    year = year_of(h.m_date)
    bron_id = join(
        take(BRON_PREFIX, h.m_bron),
        pc.cast(pa.array(year), pa.string()),
        _constant(f"-{gm}", n),
        fixed_digits(h.m_seq, 6),
    )
    has_na = form == 0
    columns = {
        "bron": take(BRONNEN, h.m_bron),
        "bron_id": bron_id,
        "ontvangen_op": dates(h.m_date),
        "nummeraanduiding": ids.adressen.take(pa.array(main, mask=~has_na)),
        "postcode": pa.array(postcode, pa.string(), mask=~address_given),
        "huisnummer": ints(number, ~address_given),
        "huisletter": take(LETTERS, letter, ~address_given | (letter == 0)),
        "huisnummertoevoeging": take(TOEVOEGINGEN, toev, ~address_given | (toev == 0)),
        "categorie": take(CATEGORIES, cat),
        "omschrijving": text,
        "melder_soort": take(MELDER, h.m_melder),
        "status": take(
            (contract.Bronstatus.AFGEHANDELD.value, contract.Bronstatus.OPEN.value),
            h.m_open.astype(np.int64),
        ),
    }
    truth = {
        "bron": columns["bron"],
        "bron_id": bron_id,
        "object_id": ids.objects.take(pa.array(h.m_row)),
        "adresvorm": take(ADDRESS_FORMS, form),
    }
    return columns, truth


def _misspell(rng: np.random.Generator, street: str) -> str:
    if len(street) < 6:
        return street + "e"
    i = int(rng.integers(2, len(street) - 2))
    return street[:i] + street[i + 1 :]


def truth_columns(bag: Bag, ids: Identifiers, ep: Episodes) -> dict[str, Any]:
    dwellings = np.flatnonzero(bag.dwelling)
    active = ep.active(PEILDATUM, dwellings)
    out: dict[str, Any] = {"object_id": ids.objects.take(pa.array(dwellings))}
    for t, flag in enumerate(FLAGS):
        out[flag] = ints(active[:, t].astype(np.int64))
    return out

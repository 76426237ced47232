"""Who owns what (BRK): owner-occupiers, small landlords, large private landlords, housing
providers for labour migrants, housing corporations and the municipality itself.

Large owners come from pools shared by all gemeenten of a run, so one company keeps one
eigenaar_id everywhere. Natural persons get a keyed pseudonym, never a real identifier.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from goedwonen.registry import contract
from goedwonen.synth import names
from goedwonen.synth.areas import Gemeente
from goedwonen.synth.buildings import EENGEZINS, LIG, STA, UTILITEIT, Bag
from goedwonen.synth.encode import fixed_digits, hex_ids, join, mix64, take

# Tenure of an object, and the role of its owner.
EIGENAAR, CORPORATIE, PARTICULIER, GROOT, HUISVESTER, OVERHEID = range(6)
RENTAL = (PARTICULIER, GROOT, HUISVESTER)
SOORTEN = tuple(contract.Eigenaarsoort.values)
AANDELEN = ("1/1", "1/2", "1/3")

KVK_POOL_BASE = 90_000_000
KVK_GEMEENTE_BASE = 89_000_000
KVK_SMALL_BASE = 10_000_000
KVK_SMALL_PER_GEMEENTE = 200_000


@dataclass(frozen=True)
class BigOwner:
    naam: str
    kvk: int
    role: int
    badness: float
    place: str
    pc4: int
    pair: int


def owner_pools(seed: int) -> dict[int, list[BigOwner]]:
    """Corporations, large private landlords and labour-migrant housing providers of a run."""
    rng = np.random.default_rng([seed, 7])
    kvks = iter((KVK_POOL_BASE + rng.choice(9_999_999, 400, replace=False)).tolist())

    def office() -> tuple[str, int, int]:
        place, low, high = names.OWNER_PLACES[int(rng.integers(len(names.OWNER_PLACES)))]
        return place, int(rng.integers(low, high + 1)), int(rng.integers(len(names.LETTER_PAIRS)))

    corporations = [
        BigOwner(
            n,
            next(kvks),
            CORPORATIE,
            0.1,
            "Rotterdam",
            int(rng.integers(3011, 3090)),
            int(rng.integers(600)),
        )
        for n in names.ROTTERDAM_CORPORATIONS
    ]
    words = sorted({*names.COMPANY_WORDS, *(w for w in names.STREET_WORDS if " " not in w)})
    picked = rng.choice(len(words), 150, replace=False)
    for i, w in enumerate(picked):
        form = names.CORPORATION_FORMS[i % len(names.CORPORATION_FORMS)]
        corporations.append(
            BigOwner(form.format(w=words[w]), next(kvks), CORPORATIE, 0.1, *office())
        )
    landlords = []
    companies = [f"{w} {f}" for w in names.COMPANY_WORDS for f in names.COMPANY_FORMS]
    for i in rng.choice(len(companies), 60, replace=False):
        bad = rng.random() < 0.25
        badness = float(rng.uniform(2.5, 4.0) if bad else rng.uniform(0.3, 1.0))
        landlords.append(BigOwner(companies[i], next(kvks), GROOT, badness, *office()))
    providers = []
    for i in range(12):
        w = names.COMPANY_WORDS[int(rng.integers(len(names.COMPANY_WORDS)))]
        form = names.HOUSING_PROVIDER_FORMS[i % len(names.HOUSING_PROVIDER_FORMS)]
        providers.append(
            BigOwner(f"{w} {form}", next(kvks), HUISVESTER, float(rng.uniform(1.5, 3.0)), *office())
        )
    return {CORPORATIE: corporations, GROOT: landlords, HUISVESTER: providers}


@dataclass
class Owners:
    # one row per owner of this gemeente's objects
    ident: pa.Array
    soort: np.ndarray  # index into SOORTEN
    naam: pa.Array
    kvk: np.ndarray  # -1 for natural persons
    pc4: np.ndarray
    pair: np.ndarray
    place: np.ndarray  # index into places
    # the owner's own street address: where letters go
    street: np.ndarray  # index into streets
    huisnummer: np.ndarray
    letter: np.ndarray  # index into buildings.LETTERS, 0 is none
    toev: np.ndarray  # index into buildings.TOEVOEGINGEN, 0 is none
    streets: list[str]
    badness: np.ndarray
    recidivist: np.ndarray
    places: list[str]
    # one row per ownership share (brk_eigendom.csv)
    row_obj: np.ndarray
    row_owner: np.ndarray
    row_share: np.ndarray  # index into AANDELEN
    # per object
    tenure: np.ndarray
    owner: np.ndarray  # the first owner of each object
    verkregen: np.ndarray  # days since 1970


def assign_owners(
    rng: np.random.Generator,
    seed: int,
    gemeente: Gemeente,
    bag: Bag,
    pools: dict[int, list[BigOwner]],
) -> Owners:
    n_obj = len(bag.kind)
    pand_of = bag.pand
    n_pand = len(bag.bouwjaar)
    units = np.bincount(pand_of[pand_of >= 0], weights=bag.dwelling[pand_of >= 0], minlength=n_pand)
    pand_buurt = np.zeros(n_pand, dtype=np.int64)
    pand_buurt[pand_of[pand_of >= 0]] = bag.buurt[pand_of >= 0]

    # Whole buildings go to corporations, large landlords, housing providers and the gemeente.
    big = _pick_big(rng, gemeente, pools)
    pand_tenure = np.full(n_pand, -1)
    pand_owner = np.full(n_pand, -1)
    for i, b in enumerate(gemeente.buurten):
        p = b.profile
        candidates = np.flatnonzero((pand_buurt == i) & (bag.pand_type != UTILITEIT))
        candidates = candidates[rng.permutation(len(candidates))]
        targets = [
            (CORPORATIE, p.corporatie),
            (GROOT, p.groot),
            (HUISVESTER, 0.015 * p.misbruik if big[HUISVESTER] else 0.0),
            (OVERHEID, 0.01),
        ]
        start = 0
        for role, fraction in targets:
            need = fraction * b.woningen
            cum = np.cumsum(units[candidates[start:]])
            take_n = int(np.searchsorted(cum, need))
            chosen = candidates[start : start + take_n]
            start += take_n
            pand_tenure[chosen] = role
            choices = big[role]
            if choices:
                weights = np.array([w for _, w in choices])
                pick = rng.choice(len(choices), size=len(chosen), p=weights / weights.sum())
                pand_owner[chosen] = np.array([k for k, _ in choices])[pick]
    util = np.flatnonzero(bag.pand_type == UTILITEIT)
    gov = util[rng.random(len(util)) < 0.15]
    pand_tenure[gov] = OVERHEID

    tenure = np.where(pand_of >= 0, pand_tenure[np.maximum(pand_of, 0)], -1)
    owner = np.where(pand_of >= 0, pand_owner[np.maximum(pand_of, 0)], -1)
    gov_index = big["gemeente"]
    owner[tenure == OVERHEID] = gov_index

    # The rest one by one: owner-occupied or let by a small landlord.
    rest = np.flatnonzero(tenure < 0)
    prof = gemeente.buurten
    eig = np.array([b.profile.eigenaar for b in prof])[bag.buurt[rest]]
    left = (
        1 - np.array([b.profile.corporatie + b.profile.groot + 0.01 for b in prof])[bag.buurt[rest]]
    )
    p_own = np.clip(eig / np.maximum(left, 0.05), 0, 0.95)
    single = np.isin(bag.pand_type[np.maximum(pand_of[rest], 0)], (EENGEZINS,))
    p_own = np.where(single, np.minimum(p_own * 1.4, 0.97), p_own)
    p_own = np.where(bag.dwelling[rest] | np.isin(bag.kind[rest], (LIG, STA)), p_own, 0.0)
    own = rng.random(len(rest)) < p_own
    tenure[rest] = np.where(own, EIGENAAR, PARTICULIER)
    n_big = big["count"]

    # Small landlords: portfolios of neighbouring objects, some spread over the gemeente.
    let = np.flatnonzero(tenure == PARTICULIER)
    local_key = bag.buurt[let] * 1e7 + pand_of[let] + rng.random(len(let))
    scattered = rng.random(len(let)) < 0.3
    key = np.where(scattered, rng.random(len(let)) * len(gemeente.buurten) * 1e7, local_key)
    let = let[np.argsort(key, kind="stable")]
    sizes = _portfolio_sizes(rng, len(let))
    small_owner = np.repeat(np.arange(len(sizes)), sizes)
    owner[let] = n_big + small_owner
    n_small = len(sizes)

    occupied = np.flatnonzero(tenure == EIGENAAR)
    owner[occupied] = n_big + n_small + np.arange(len(occupied))
    n_occ = len(occupied)

    # Co-owners: couples (1/2 + 1/2), heirs (3 x 1/3), landlord partners.
    rows_obj = [np.arange(n_obj)]
    rows_owner = [owner.copy()]
    share = np.zeros(n_obj, dtype=np.int64)
    couple = np.zeros(n_obj, bool)
    couple[occupied] = rng.random(n_occ) < 0.4
    heirs = np.zeros(n_obj, bool)
    heirs[occupied] = (rng.random(n_occ) < 0.01) & ~couple[occupied]
    small_partner = rng.random(n_small) < 0.15
    small_is_bv = rng.random(n_small) < np.clip(0.12 + 0.05 * sizes, 0, 0.7)
    small_partner &= ~small_is_bv
    partner_of = np.full(n_small, -1)
    partner_of[small_partner] = np.arange(int(small_partner.sum()))
    landlord_couple = np.zeros(n_obj, bool)
    landlord_couple[let] = small_partner[small_owner]
    share[couple | landlord_couple] = 1
    share[heirs] = 2
    n_extra_couple = int(couple.sum())
    n_extra_heirs = int(heirs.sum())
    base_extra = n_big + n_small + n_occ
    rows_obj.append(np.flatnonzero(couple))
    rows_owner.append(base_extra + np.arange(n_extra_couple))
    for k in range(2):
        rows_obj.append(np.flatnonzero(heirs))
        rows_owner.append(
            base_extra + n_extra_couple + k * n_extra_heirs + np.arange(n_extra_heirs)
        )
    partner_base = base_extra + n_extra_couple + 2 * n_extra_heirs
    lc = np.flatnonzero(landlord_couple)
    rows_obj.append(lc)
    rows_owner.append(partner_base + partner_of[owner[lc] - n_big])
    row_share = np.concatenate(
        [share, np.full(n_extra_couple, 1), np.full(2 * n_extra_heirs, 2), np.full(len(lc), 1)]
    )
    row_obj = np.concatenate(rows_obj)
    row_owner = np.concatenate(rows_owner)
    order = np.lexsort((row_owner, row_obj))

    heir_objs = np.flatnonzero(heirs)
    extra_first = np.concatenate(
        [
            owner[np.flatnonzero(couple)],
            owner[heir_objs],
            owner[heir_objs],
            n_big + np.flatnonzero(small_partner),
        ]
    )
    table = _owner_table(rng, seed, gemeente, bag, big, occupied, small_is_bv, extra_first)
    table["recidivist"] = np.zeros(len(table["badness"]), bool)
    eligible = np.flatnonzero(sizes >= 3)
    if len(eligible):
        top = eligible[np.argsort(-table["badness"][n_big + eligible])][
            : max(1, len(eligible) // 25)
        ]
        table["badness"][n_big + top] *= 4
        table["recidivist"][n_big + top] = True
    table["recidivist"][:n_big] = table["badness"][:n_big] > 2.4

    verkregen = _acquisition_dates(rng, bag, tenure)
    return Owners(
        row_obj=row_obj[order],
        row_owner=row_owner[order],
        row_share=row_share[order],
        tenure=tenure,
        owner=owner,
        verkregen=verkregen,
        **table,
    )


def _pick_big(
    rng: np.random.Generator, gemeente: Gemeente, pools: dict[int, list[BigOwner]]
) -> dict:
    """The large owners active in this gemeente, as (index, weight) per role."""
    n = gemeente.woningen
    corps = pools[CORPORATIE]
    if gemeente.code == "0599":
        corp_idx = [0, 1, 2, 3]
    else:
        k = 1 + (n > 30_000) + (n > 100_000)
        corp_idx = (4 + rng.choice(len(corps) - 4, k, replace=False)).tolist()
    k_groot = 9 if gemeente.code == "0599" else min(8, 1 + n // 25_000)
    groot_idx = rng.choice(len(pools[GROOT]), k_groot, replace=False).tolist()
    k_huis = 3 if gemeente.code == "0599" else int(rng.integers(0, 3)) * (n > 15_000)
    huis_idx = rng.choice(len(pools[HUISVESTER]), k_huis, replace=False).tolist()
    chosen: list[BigOwner] = []
    out: dict = {}
    for role, idx in ((CORPORATIE, corp_idx), (GROOT, groot_idx), (HUISVESTER, huis_idx)):
        weights = 1 / np.arange(1, len(idx) + 1) ** 0.8
        out[role] = [(len(chosen) + j, float(w)) for j, w in enumerate(weights)]
        chosen.extend(pools[role][i] for i in idx)
    gemeente_kvk = KVK_GEMEENTE_BASE + int(gemeente.code)
    pc4 = gemeente.buurten[0].pc4[0]
    chosen.append(
        BigOwner(f"Gemeente {gemeente.naam}", gemeente_kvk, OVERHEID, 0.05, gemeente.naam, pc4, 0)
    )
    out[OVERHEID] = [(len(chosen) - 1, 1.0)]
    out["gemeente"] = len(chosen) - 1
    out["count"] = len(chosen)
    out["owners"] = chosen
    return out


def _portfolio_sizes(rng: np.random.Generator, total: int) -> np.ndarray:
    """Portfolio sizes of small landlords adding up to `total` objects."""
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    draws = max(16, total // 2)
    kind = rng.choice(4, size=draws, p=(0.30, 0.30, 0.33, 0.07))
    lows = np.array([1, 2, 4, 11])[kind]
    highs = np.array([1, 3, 10, 40])[kind]
    sizes = rng.integers(lows, highs + 1)
    cum = np.cumsum(sizes)
    while cum[-1] < total:
        sizes = np.concatenate([sizes, sizes])
        cum = np.cumsum(sizes)
    cut = int(np.searchsorted(cum, total))
    sizes = sizes[: cut + 1].copy()
    sizes[cut] -= int(cum[cut]) - total
    return sizes[sizes > 0]


def _owner_table(
    rng: np.random.Generator,
    seed: int,
    gemeente: Gemeente,
    bag: Bag,
    big: dict,
    occupied: np.ndarray,
    small_is_bv: np.ndarray,
    extra_first: np.ndarray,
) -> dict:
    places = [gemeente.naam, *(p[0] for p in names.OWNER_PLACES)]
    bigs: list[BigOwner] = big["owners"]
    n_big, n_small, n_occ = len(bigs), len(small_is_bv), len(occupied)
    for b in bigs:
        if b.place not in places:
            places.append(b.place)
    n = n_big + n_small + n_occ + len(extra_first)
    soort = np.zeros(n, dtype=np.int64)
    kvk = np.full(n, -1, dtype=np.int64)
    pc4 = np.zeros(n, dtype=np.int64)
    pair = np.zeros(n, dtype=np.int64)
    place = np.zeros(n, dtype=np.int64)
    badness = np.zeros(n)
    role_soort = {CORPORATIE: 2, GROOT: 1, HUISVESTER: 1, OVERHEID: 3}
    for i, b in enumerate(bigs):
        soort[i] = role_soort[b.role]
        kvk[i] = b.kvk
        pc4[i], pair[i], place[i] = b.pc4, b.pair, places.index(b.place)
        badness[i] = b.badness

    # Small landlords live in the gemeente (a random address there) or elsewhere.
    s = slice(n_big, n_big + n_small)
    soort[s] = np.where(small_is_bv, 1, 0)
    kvk[s] = np.where(
        small_is_bv,
        KVK_SMALL_BASE + gemeente.index * KVK_SMALL_PER_GEMEENTE + np.arange(n_small),
        -1,
    )
    badness[s] = rng.lognormal(-0.3, 0.6, n_small)
    home = rng.choice(len(bag.adr_obj), size=n_small)
    away = rng.random(n_small) < 0.45
    away_place = rng.integers(len(names.OWNER_PLACES), size=n_small)
    lows = np.array([p[1] for p in names.OWNER_PLACES])
    highs = np.array([p[2] for p in names.OWNER_PLACES])
    pc4[s] = np.where(away, rng.integers(lows[away_place], highs[away_place] + 1), bag.pc4[home])
    pair[s] = np.where(away, rng.integers(len(names.LETTER_PAIRS), size=n_small), bag.pair[home])
    place[s] = np.where(away, 1 + away_place, 0)
    # Owner-occupiers (and their co-owners) live in the object itself.
    o = slice(n_big + n_small, n_big + n_small + n_occ)
    main = bag.main[occupied]
    pc4[o], pair[o] = bag.pc4[main], bag.pair[main]
    street = _street_addresses(seed, gemeente, bag, n, s, home, away, o, main)
    # Extra natural persons: co-owners living at the same address as the first owner.
    e = slice(n_big + n_small + n_occ, n)
    pc4[e], pair[e], place[e] = pc4[extra_first], pair[extra_first], place[extra_first]
    for part in ("street", "huisnummer", "letter", "toev"):
        street[part][e] = street[part][extra_first]

    natural = pa.array(soort == 0)
    counter = np.arange(n, dtype=np.uint64) + (np.uint64(gemeente.index) << np.uint64(32))
    pseudonyms = hex_ids("NP", mix64(counter, seed * 0x9E3779B97F4A7C15 + 1))
    company_ids = join(pa.scalar("KVK"), fixed_digits(np.maximum(kvk, 0), 8))
    ident = pc.if_else(natural, pseudonyms, company_ids)
    family_idx = rng.integers(len(names.FAMILY_NAMES), size=n)
    initials = take(names.INITIALS, rng.integers(len(names.INITIALS), size=n))
    person = join(initials, take(names.FAMILY_NAMES, family_idx), sep=" ")
    capital = take([f[0].upper() + f[1:] for f in names.FAMILY_NAMES], family_idx)
    form = take(names.COMPANY_FORMS, rng.integers(len(names.COMPANY_FORMS), size=n))
    naam = pc.if_else(natural, person, join(capital, form, sep=" "))
    big_names = pa.array([b.naam for b in bigs], pa.string())
    naam = pa.concat_arrays([big_names, naam.slice(n_big)])
    return {
        "ident": ident,
        "soort": soort,
        "naam": naam,
        "kvk": kvk,
        "pc4": pc4,
        "pair": pair,
        "place": place,
        **street,
        "badness": badness,
        "places": places,
    }


# Streets of the owners who live or have their office outside the generated gemeente.
AWAY_STREETS = 400


def _street_addresses(
    seed: int,
    gemeente: Gemeente,
    bag: Bag,
    n: int,
    small: slice,
    home: np.ndarray,
    away: np.ndarray,
    occupiers: slice,
    main: np.ndarray,
) -> dict:
    """Street, number, letter and addition of each owner's own address: the BAG address for
    those who live in the gemeente, a street elsewhere for the others (large owners' offices
    included). An RNG of its own, so the other columns stay as the seed made them before."""
    rng = np.random.default_rng([seed, 11, gemeente.index])
    streets = [*bag.streets, *names.street_names(rng, AWAY_STREETS, set(bag.streets))]
    street = len(bag.streets) + rng.integers(AWAY_STREETS, size=n)
    huisnummer = rng.integers(1, 250, size=n)
    letter = np.zeros(n, dtype=np.int64)
    toev = np.zeros(n, dtype=np.int64)
    at_home = np.zeros(n, dtype=bool)
    at_home[small] = ~away
    local = np.zeros(n, dtype=np.int64)
    local[small] = home
    local[occupiers] = main
    at_home[occupiers] = True
    street[at_home] = bag.street[local[at_home]]
    huisnummer[at_home] = bag.huisnummer[local[at_home]]
    letter[at_home] = bag.letter[local[at_home]]
    toev[at_home] = bag.toev[local[at_home]]
    return {
        "street": street,
        "huisnummer": huisnummer,
        "letter": letter,
        "toev": toev,
        "streets": streets,
    }


def _acquisition_dates(rng: np.random.Generator, bag: Bag, tenure: np.ndarray) -> np.ndarray:
    n = len(tenure)
    ranges = {
        EIGENAAR: (1985, 2026),
        CORPORATIE: (1955, 2012),
        PARTICULIER: (1995, 2026),
        GROOT: (2003, 2024),
        HUISVESTER: (2014, 2025),
        OVERHEID: (1965, 2015),
    }
    lo = np.zeros(n)
    hi = np.zeros(n)
    for role, (a, b) in ranges.items():
        lo[tenure == role] = a
        hi[tenure == role] = b
    # Recent years weigh more for private buyers: a quarter of them bought since 2022.
    year = lo + (hi - lo + 1) * rng.random(n) ** np.where(
        np.isin(tenure, (EIGENAAR, PARTICULIER)), 0.7, 1
    )
    recent = np.isin(tenure, (PARTICULIER, EIGENAAR)) & (rng.random(n) < 0.18)
    year = np.where(recent, 2022 + 4.7 * rng.random(n), year)
    built = np.where(bag.pand >= 0, bag.bouwjaar[np.maximum(bag.pand, 0)], 1990)
    year = np.maximum(year, built + 0.5)
    days = ((year - 1970) * 365.25).astype(np.int64)
    return np.minimum(days, _PEIL - 20)


_PEIL = int((np.datetime64("2026-10-01") - np.datetime64("1970-01-01")).astype(np.int64))

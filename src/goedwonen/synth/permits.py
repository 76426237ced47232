"""Area designations, housing permits with declared rents, and letting without a permit.

Rotterdam's designations follow its ordinances: a rental permit for Carnisse (buurt 1572) since
1 July 2023, opkoopbescherming in sixteen areas since 2022 (four of them focus buurten), and a
limit on room tenants without a permit for the whole gemeente. Parameters after mid-2025 are
illustrative, as the reference notes say they are unconfirmed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from goedwonen.registry import contract
from goedwonen.synth.abuse import HUUR, LEEG, NEVER, PEILDATUM, ZONDER, Episodes
from goedwonen.synth.areas import OPKOOP_NAMES, Gemeente
from goedwonen.synth.buildings import Bag
from goedwonen.synth.encode import day
from goedwonen.synth.owners import RENTAL, Owners
from goedwonen.synth.population import Households

SOORTEN = tuple(contract.Vergunningsoort.values)
VERHUUR, HUISVESTING, OMZETTING, WONINGVORMING, OPKOOP = range(5)
STATUSSEN = tuple(contract.Vergunningstatus.values)
AANGEVRAAGD, VERLEEND, GEWEIGERD, INGETROKKEN, VERVALLEN = range(5)

CARNISSE = "BU05991572"
VERHUUR_FROM = day("2023-07-01")
OPKOOP_FROM = day("2022-01-01")
OPKOOP_SWITCH = day("2025-07-05")
OPKOOP_LIMITS = (355_000, 405_000)
KAMER_LIMIT = 2
RENT_THRESHOLD = 0.25

ORDINANCE_2021 = "Verordening toegang woningmarkt en samenstelling woningvoorraad 2021 (CVDR659741)"
ORDINANCE_2025 = "Verordening samenstelling Woningvoorraad 2025 (CVDR741632)"
VERHUUR_ORDINANCE = "Verhuurverordening gemeente Rotterdam 2023 (CVDR698200), art. 2 lid 1"

# Maximum bare rent (self-contained dwelling, 2026) at sample points of the WWS table.
RENT_POINTS = np.array([40, 60, 80, 100, 120, 143, 160, 186, 200, 250], dtype=np.float64)
RENT_EUROS = np.array(
    [250.26, 375.32, 500.38, 637.67, 774.94, 932.93, 1049.57, 1228.07, 1324.18, 1667.40]
)


def designations(gemeenten: list[Gemeente]) -> list[tuple[str, str, str, str, str, str]]:
    rows: list[tuple[str, str, str, str, str, str]] = []
    for g in gemeenten:
        if g.code != "0599":
            continue
        for b in g.buurten:
            if b.code == CARNISSE:
                rows.append(
                    (
                        b.code,
                        contract.Regeling.VERHUURVERGUNNING.value,
                        "2023-07-01",
                        "",
                        "",
                        VERHUUR_ORDINANCE,
                    )
                )
        for b in g.buurten:
            if b.naam in OPKOOP_NAMES:
                rows.append(
                    (
                        b.code,
                        contract.Regeling.OPKOOPBESCHERMING.value,
                        "2022-01-01",
                        "2025-07-04",
                        str(OPKOOP_LIMITS[0]),
                        f"{ORDINANCE_2021}, bijlage opkoopbescherming",
                    )
                )
                rows.append(
                    (
                        b.code,
                        contract.Regeling.OPKOOPBESCHERMING.value,
                        "2025-07-05",
                        "",
                        str(OPKOOP_LIMITS[1]),
                        f"{ORDINANCE_2025}, bijlage opkoopbescherming",
                    )
                )
        rows.append(
            (
                "GM0599",
                contract.Regeling.KAMERVERHUUR.value,
                "2022-01-01",
                "2025-07-04",
                str(KAMER_LIMIT),
                f"{ORDINANCE_2021}, kamerverhuur",
            )
        )
        rows.append(
            (
                "GM0599",
                contract.Regeling.KAMERVERHUUR.value,
                "2025-07-05",
                "",
                str(KAMER_LIMIT),
                f"{ORDINANCE_2025}, kamerbewoning",
            )
        )
    return rows


def max_rent(bag: Bag, woz_2025: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A plausible legal maximum rent per object from an estimate of its WWS points."""
    area = np.where(bag.area > 0, bag.area, 60).astype(np.float64)
    built = np.where(bag.pand >= 0, bag.bouwjaar[np.maximum(bag.pand, 0)], 1980)
    label = np.select([built < 1945, built < 1975, built < 2000], [-9.0, 0.0, 15.0], 30.0)
    label = label + rng.choice([-6.0, 0.0, 0.0, 7.0, 15.0], size=len(area))
    woz_points = woz_2025 / 16_954 + woz_2025 / area / 268
    points = area * 0.9 + area * 0.1 * 0.75 + 14 + 13 + label + woz_points
    return np.interp(points, RENT_POINTS, RENT_EUROS)


@dataclass
class Permits:
    obj: np.ndarray
    soort: np.ndarray
    status: np.ndarray
    aangevraagd: np.ndarray
    van: np.ndarray  # NEVER when not granted
    tot: np.ndarray  # NEVER when open-ended or not granted
    max_bewoners: np.ndarray  # -1 when unknown
    huurprijs: np.ndarray  # -1 when not declared
    rent_ratio: np.ndarray  # declared rent / legal maximum (nan without rent), for params


def permits(
    rng: np.random.Generator,
    gemeente: Gemeente,
    bag: Bag,
    owners: Owners,
    ep: Episodes,
    hh: Households,
    woz_2025: np.ndarray,
) -> Permits:
    n = len(bag.kind)
    rows: dict[str, list[np.ndarray]] = {
        k: []
        for k in (
            "obj",
            "soort",
            "status",
            "aangevraagd",
            "van",
            "tot",
            "max_bewoners",
            "huurprijs",
            "ratio",
        )
    }
    area = np.where(bag.area > 0, bag.area, 60)
    let = bag.in_use & np.isin(owners.tenure, RENTAL)
    bad = owners.badness[np.maximum(owners.owner, 0)]
    bought = owners.verkregen
    codes = np.array([b.code for b in gemeente.buurten])[bag.buurt]
    rent_max = max_rent(bag, woz_2025, rng)

    def add(obj, soort, status, app, van, tot, maxb, huur, ratio):
        rows["obj"].append(obj)
        rows["soort"].append(np.full(len(obj), soort))
        for key, value in (
            ("status", status),
            ("aangevraagd", app),
            ("van", van),
            ("tot", tot),
            ("max_bewoners", maxb),
            ("huurprijs", huur),
            ("ratio", ratio),
        ):
            rows[key].append(np.broadcast_to(value, len(obj)).copy())

    def outcome(app: np.ndarray, term_days: np.ndarray | int) -> tuple[np.ndarray, ...]:
        k = len(app)
        status = rng.choice([VERLEEND, GEWEIGERD, INGETROKKEN], size=k, p=(0.94, 0.04, 0.02))
        status = np.where(app > PEILDATUM - 56, AANGEVRAAGD, status)
        van = app + rng.integers(14, 57, k)
        tot = van + term_days
        tot = np.where(
            status == INGETROKKEN, np.minimum(van + rng.integers(90, 600, k), PEILDATUM - 1), tot
        )
        granted = np.isin(status, (VERLEEND, INGETROKKEN))
        return status, np.where(granted, van, NEVER), np.where(granted, tot, NEVER)

    valid = np.zeros(n, dtype=bool)  # the current owner holds or awaits a needed permit

    # Carnisse: a rental permit for every privately let dwelling.
    need = let & (codes == CARNISSE)
    apply_ = need & (rng.random(n) < np.clip(0.98 - 0.07 * bad, 0.4, 0.98))
    early = bought < VERHUUR_FROM
    app = np.where(
        early, day("2023-04-01") + rng.integers(0, 456, n), bought + rng.integers(0, 90, n)
    )
    apply_ &= app < PEILDATUM
    obj = np.flatnonzero(apply_)
    status, van, tot = outcome(app[obj], 5 * 365)
    too_high = ep.active(app[obj], obj)[:, HUUR]
    honest = rng.random(len(obj)) < 0.9
    ratio = np.where(
        too_high & honest,
        rng.uniform(1.25, 1.9, len(obj)),
        np.where(
            too_high, rng.uniform(0.95, 1.2, len(obj)), 0.7 + 0.54 * rng.beta(2.5, 2, len(obj))
        ),
    )
    add(
        obj,
        VERHUUR,
        status,
        app[obj],
        van,
        tot,
        np.clip(area[obj] // 12, 1, 8),
        np.round(rent_max[obj] * ratio),
        ratio,
    )
    valid[obj] = np.isin(status, (VERLEEND, AANGEVRAAGD))
    # A permit does not pass to a new owner: some carry the previous owner's permit.
    previous = need & (bought > day("2023-09-01")) & (rng.random(n) < 0.35)
    obj = np.flatnonzero(previous)
    span = np.maximum(bought[obj] - 30 - day("2023-04-01"), 1)
    papp = day("2023-04-01") + (rng.random(len(obj)) * span).astype(np.int64)
    pstatus = np.where(rng.random(len(obj)) < 0.4, VERLEEND, VERVALLEN)
    pvan = papp + 30
    ptot = np.where(pstatus == VERVALLEN, bought[obj], pvan + 5 * 365)
    pratio = 0.7 + 0.54 * rng.beta(2.5, 2, len(obj))
    add(
        obj,
        VERHUUR,
        pstatus,
        papp,
        pvan,
        ptot,
        np.clip(area[obj] // 12, 1, 8),
        np.round(rent_max[obj] * pratio),
        pratio,
    )
    zonder = need & ~valid

    # Opkoopbescherming: a permit to let a dwelling bought since 2022 below the WOZ limit.
    limit = np.where(bought < OPKOOP_SWITCH, OPKOOP_LIMITS[0], OPKOOP_LIMITS[1])
    in_area = np.isin(codes, [b.code for b in gemeente.buurten if b.naam in OPKOOP_NAMES])
    need_opkoop = let & in_area & (bought >= OPKOOP_FROM) & (woz_2025 * 0.95 < limit)
    apply_ = need_opkoop & (rng.random(n) < np.clip(0.95 - 0.08 * bad, 0.4, 0.97))
    app = bought + rng.integers(-20, 40, n)
    apply_ &= app < PEILDATUM
    obj = np.flatnonzero(apply_)
    status, van, _ = outcome(app[obj], 0)
    tot = np.where(van < NEVER, bought[obj] + 4 * 365, NEVER)
    add(obj, OPKOOP, status, app[obj], van, tot, -1, -1, np.nan)
    ok = np.zeros(n, dtype=bool)
    ok[obj] = np.isin(status, (VERLEEND, AANGEVRAAGD))
    zonder |= need_opkoop & ~ok & (bought + 4 * 365 > PEILDATUM)

    # Legal room letting, Rotterdamwet housing permits, and a few conversions.
    obj = hh.rows[hh.rooms]
    app = day("2015-01-01") + rng.integers(0, 3400, len(obj))
    add(obj, OMZETTING, VERLEEND, app, app + 42, NEVER, hh.crowd[hh.rooms] + 1, -1, np.nan)
    focus = np.array([b.profile.focus for b in gemeente.buurten])[bag.buurt]
    obj = np.flatnonzero(let & focus & (gemeente.code == "0599") & (rng.random(n) < 0.015))
    app = day("2021-01-01") + rng.integers(0, 2000, len(obj))
    add(obj, HUISVESTING, VERLEEND, app, app + 21, NEVER, -1, -1, np.nan)
    obj = np.flatnonzero(bag.in_use & (rng.random(n) < 0.0005))
    app = day("2016-01-01") + rng.integers(0, 3500, len(obj))
    add(
        obj,
        WONINGVORMING,
        rng.choice([VERLEEND, GEWEIGERD], len(obj), p=(0.8, 0.2)),
        app,
        app + 56,
        NEVER,
        -1,
        -1,
        np.nan,
    )

    # Letting without a needed permit is abuse only while the dwelling is actually let.
    zonder &= ~ep.active(PEILDATUM)[:, LEEG]
    regime = np.maximum(np.where(codes == CARNISSE, VERHUUR_FROM, OPKOOP_FROM), bought)
    ep.start[:, ZONDER] = np.where(zonder, regime, NEVER)
    ep.end[:, ZONDER] = np.where(zonder, NEVER + 1, NEVER)

    out = {k: np.concatenate(v) if v else np.zeros(0) for k, v in rows.items()}
    order = np.lexsort((out["aangevraagd"], out["soort"], out["obj"]))
    return Permits(
        obj=out["obj"][order].astype(np.int64),
        soort=out["soort"][order].astype(np.int64),
        status=out["status"][order].astype(np.int64),
        aangevraagd=out["aangevraagd"][order].astype(np.int64),
        van=out["van"][order].astype(np.int64),
        tot=out["tot"][order].astype(np.int64),
        max_bewoners=out["max_bewoners"][order].astype(np.int64),
        huurprijs=out["huurprijs"][order].astype(np.int64),
        rent_ratio=out["ratio"][order],
    )

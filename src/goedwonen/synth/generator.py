"""`generate`: write a synthetic source folder in the data contract, one gemeente at a time.

Each gemeente draws from its own random stream (seed and gemeente code), so chunks are
independent and memory stays bounded by the largest gemeente. The same seed and scale give
byte-identical files.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from goedwonen.registry import contract
from goedwonen.synth import abuse, buildings, history, owners, permits, population
from goedwonen.synth.areas import Gemeente, rotterdam_buurten
from goedwonen.synth.encode import CsvFile
from goedwonen.synth.files import (
    COLUMNS,
    DELIMITER,
    QUOTED,
    Identifiers,
    bag_columns,
    brk_columns,
    brp_columns,
    control_columns,
    energy_columns,
    enforcement_columns,
    permit_columns,
    report_columns,
    truth_columns,
    woz_columns,
)
from goedwonen.synth.geo import polygon_coordinates, to_wgs

SCALES = ("zuid", "city", "national")
VERSION = "1"
PEILDATUM = "2026-10-01"
CONTRACT_FILES = contract.FILE_NAMES
TRUTH_DIR = "_synth"


class GenerateError(Exception):
    """Bad input to the generator, with a message for the operator."""


def plan(scale: str, fraction: float = 1.0) -> list[Gemeente]:
    if scale == "zuid":
        gemeenten = [Gemeente("0599", "Rotterdam", "Zuid-Holland", rotterdam_buurten(True))]
    elif scale == "city":
        gemeenten = [Gemeente("0599", "Rotterdam", "Zuid-Holland", rotterdam_buurten(False))]
    elif scale == "national":
        from goedwonen.synth.nation import national_gemeenten

        gemeenten = national_gemeenten()
    else:
        raise GenerateError(f"Onbekende schaal '{scale}'. Kies uit: {', '.join(SCALES)}.")
    if fraction != 1.0:
        for g in gemeenten:
            for b in g.buurten:
                b.woningen = max(40, round(b.woningen * fraction))
    return gemeenten


def _sources(scale: str) -> dict[str, dict[str, str]]:
    gemeente = "Gemeente Rotterdam" if scale != "national" else "Deelnemende gemeenten"
    avg = "art. 6 lid 1 sub e AVG"
    return {
        contract.BUURTEN.name: {
            "leverancier": "CBS (Wijk- en buurtkaart)",
            "grondslag": "open data",
            "verwerkingsactiviteit": "gebiedsindeling",
        },
        contract.BAG.name: {
            "leverancier": "Kadaster (BAG, export bagadres-full)",
            "grondslag": "Wet basisregistratie adressen en gebouwen; open data",
            "verwerkingsactiviteit": "objectregistratie-woningtoezicht",
        },
        contract.BRP.name: {
            "leverancier": f"{gemeente}, Burgerzaken (BRP)",
            "grondslag": f"Wet BRP art. 3.2 jo. autorisatiebesluit; {avg}",
            "verwerkingsactiviteit": "proactief-woningtoezicht",
        },
        contract.BRK.name: {
            "leverancier": "Kadaster (BRK)",
            "grondslag": f"Kadasterwet; {avg}",
            "verwerkingsactiviteit": "eigenaarsonderzoek-verhuurders",
        },
        contract.WOZ.name: {
            "leverancier": f"{gemeente}, Belastingen (WOZ)",
            "grondslag": f"Wet WOZ art. 40; {avg}",
            "verwerkingsactiviteit": "proactief-woningtoezicht",
        },
        contract.ENERGIE.name: {
            "leverancier": "Netbeheerder (Stedin)",
            "grondslag": f"convenant gegevensdeling woningtoezicht; {avg}",
            "verwerkingsactiviteit": "proactief-woningtoezicht",
        },
        contract.VERGUNNINGEN.name: {
            "leverancier": f"{gemeente}, Stadsontwikkeling (vergunningen)",
            "grondslag": f"Huisvestingswet 2014; Wet goed verhuurderschap; {avg}",
            "verwerkingsactiviteit": "vergunningverlening-wonen",
        },
        contract.GEBIEDSAANWIJZINGEN.name: {
            "leverancier": gemeente,
            "grondslag": "gemeentelijke verordeningen (openbaar)",
            "verwerkingsactiviteit": "gebiedsindeling",
        },
        contract.MELDINGEN.name: {
            "leverancier": f"{gemeente}, clusters SO, SB en Dir.V",
            "grondslag": f"Wet goed verhuurderschap art. 4; Woningwet; Gemeentewet; {avg}",
            "verwerkingsactiviteit": "meldingen-woonmisstanden",
        },
        contract.CONTROLES.name: {
            "leverancier": f"{gemeente}, toezicht",
            "grondslag": f"Awb afdeling 5.2; {avg}",
            "verwerkingsactiviteit": "toezicht-woningen",
        },
        contract.HANDHAVINGEN.name: {
            "leverancier": f"{gemeente}, handhaving",
            "grondslag": f"Awb titels 5.3 en 5.4; Wgv art. 19; Huisvestingswet 2014 art. 35; {avg}",
            "verwerkingsactiviteit": "handhaving-woningen",
        },
    }


@dataclass
class Stats:
    """Figures gathered while generating, written to _synth/params.json."""

    buurten: list[dict[str, Any]] = field(default_factory=list)
    carnisse_aanvragen: int = 0
    carnisse_te_hoog: int = 0
    woningen: int = 0


def prepare_folder(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise GenerateError(f"{out} bestaat al en is geen map.")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise GenerateError(
                f"De map {out} is niet leeg. Kies een lege map of gebruik --force om de "
                "bestanden van de generator daarin te overschrijven."
            )
        for name in CONTRACT_FILES:
            (out / name).unlink(missing_ok=True)
        shutil.rmtree(out / TRUTH_DIR, ignore_errors=True)
    (out / TRUTH_DIR).mkdir(parents=True, exist_ok=True)


def generate(
    scale: str,
    seed: int,
    out: Path,
    *,
    force: bool = False,
    fraction: float = 1.0,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Write the folder; return the number of rows per file.

    `progress(done, total)` is called as the work advances, in dwellings."""
    out = Path(out)
    if seed < 0:
        raise GenerateError("--seed moet een geheel getal van 0 of hoger zijn.")
    if not 0 < fraction <= 1:
        raise GenerateError("--fraction moet groter dan 0 en hoogstens 1 zijn.")
    gemeenten = plan(scale, fraction)
    prepare_folder(out, force)
    _write_buurten(out / contract.BUURTEN.name, gemeenten)
    files = {
        name: CsvFile(out / name, columns, delimiter=DELIMITER.get(name, ","), quote=name in QUOTED)
        for name, columns in COLUMNS.items()
        if name != contract.GEBIEDSAANWIJZINGEN.name
    }
    stats = Stats()
    pools = owners.owner_pools(seed)
    total = sum(g.woningen for g in gemeenten)
    done = 0

    def advance(share: float) -> None:
        if progress:
            progress(min(done + round(share * g.woningen), total), total)

    try:
        for g in gemeenten:
            rng = np.random.default_rng([seed, int(g.code)])
            _generate_gemeente(rng, seed, g, pools, files, stats, advance)
            done += g.woningen
            advance(0)
    finally:
        for f in files.values():
            f.close()
    designations = permits.designations(gemeenten)
    with CsvFile(
        out / contract.GEBIEDSAANWIJZINGEN.name,
        COLUMNS[contract.GEBIEDSAANWIJZINGEN.name],
        delimiter=",",
        quote=True,
    ) as f:
        f.write(
            {
                c: [row[i] or None for row in designations]
                for i, c in enumerate(COLUMNS[contract.GEBIEDSAANWIJZINGEN.name])
            }
        )
    counts = {name: f.rows for name, f in files.items()}
    counts[contract.GEBIEDSAANWIJZINGEN.name] = len(designations)
    counts[contract.BUURTEN.name] = sum(len(g.buurten) for g in gemeenten)
    _write_json(
        out / contract.MANIFEST,
        {
            "peildatum": PEILDATUM,
            **({"gemeente": "GM0599"} if scale != "national" else {}),
            "bronnen": _sources(scale),
        },
    )
    _write_json(out / TRUTH_DIR / "params.json", _params(scale, seed, fraction, counts, stats))
    return counts


def _generate_gemeente(
    rng, seed, g: Gemeente, pools, files: dict[str, CsvFile], stats: Stats, advance
) -> None:
    bag = buildings.build_bag(rng, g)
    advance(0.15)
    own = owners.assign_owners(rng, seed, g, bag, pools)
    ep = abuse.plant(rng, g, bag, own)
    hh = population.households(rng, bag, own, ep)
    woz_m2 = np.array([b.profile.woz_m2 for b in g.buurten])
    woz_2025 = population.woz_values(rng, bag, woz_m2, ep)
    vergunningen = permits.permits(rng, g, bag, own, ep, hh, woz_2025)
    hist = history.simulate(rng, g, bag, own, ep, hh)
    advance(0.4)
    brp = population.brp_rows(rng, hh, ep)
    coverage = np.array([b.profile.energie for b in g.buurten])
    energy = population.energy_rows(rng, bag, hh, ep, coverage)
    woz = population.woz_rows(rng, bag, woz_2025)
    advance(0.55)

    ids = Identifiers(rng, g, bag)
    lon, lat = to_wgs(bag.x, bag.y)
    files[contract.BAG.name].write(bag_columns(g, bag, ids, lon, lat))
    files[contract.BRP.name].write(brp_columns(bag, ids, brp))
    files[contract.BRK.name].write(brk_columns(ids, own))
    advance(0.8)
    files[contract.WOZ.name].write(woz_columns(ids, woz))
    files[contract.ENERGIE.name].write(energy_columns(bag, ids, energy))
    files[contract.VERGUNNINGEN.name].write(permit_columns(ids, vergunningen))
    reports, report_truth = report_columns(rng, g, bag, ids, hist)
    files[contract.MELDINGEN.name].write(reports)
    files[contract.CONTROLES.name].write(control_columns(g, ids, hist))
    files[contract.HANDHAVINGEN.name].write(enforcement_columns(g, ids, own, hist))
    files["_synth/waarheid.csv"].write(truth_columns(bag, ids, ep))
    files["_synth/meldingen_adres.csv"].write(report_truth)
    _collect(stats, g, bag, ep, hist, vergunningen)


def _collect(stats: Stats, g: Gemeente, bag, ep, hist, vergunningen) -> None:
    active = ep.active(abuse.PEILDATUM)
    reports = np.bincount(bag.buurt[hist.m_row], minlength=len(g.buurten))
    checks = np.bincount(bag.buurt[hist.c_row], minlength=len(g.buurten))
    for i, b in enumerate(g.buurten):
        d = bag.dwelling & (bag.buurt == i)
        n = int(d.sum())
        stats.woningen += n
        stats.buurten.append(
            {
                "buurtcode": b.code,
                "buurtnaam": b.naam,
                "woningen": n,
                "meldbereidheid": round(b.profile.meldbereidheid, 3),
                "misbruik": round(b.profile.misbruik, 3),
                "focus": b.profile.focus,
                "woningen_met_misbruik": int(active[d].any(axis=1).sum()),
                "misbruik_per_soort": {
                    f: int(active[d, t].sum()) for t, f in enumerate(abuse.FLAGS)
                },
                "meldingen": int(reports[i]),
                "controles": int(checks[i]),
            }
        )
    carnisse = vergunningen.soort == permits.VERHUUR
    ratio = vergunningen.rent_ratio[carnisse]
    stats.carnisse_aanvragen += int(carnisse.sum())
    stats.carnisse_te_hoog += int((ratio >= 1 + permits.RENT_THRESHOLD).sum())


def _params(scale: str, seed: int, fraction: float, counts: dict[str, int], stats: Stats) -> dict:
    return {
        "generator": f"goedwonen.synth {VERSION}",
        "scale": scale,
        "seed": seed,
        "fraction": fraction,
        "peildatum": PEILDATUM,
        "rijen": counts,
        "woningen": stats.woningen,
        "normen": {
            "m2_per_persoon": 12,
            "huur_te_hoog_vanaf": permits.RENT_THRESHOLD,
            "kamerverhuur_max_zonder_vergunning": permits.KAMER_LIMIT,
            "opkoop_woz_grens": list(permits.OPKOOP_LIMITS),
            "maximale_huur_punten": permits.RENT_POINTS.tolist(),
            "maximale_huur_euro": permits.RENT_EUROS.tolist(),
        },
        "carnisse_verhuurvergunning": {
            "aanvragen": stats.carnisse_aanvragen,
            "huur_25pct_te_hoog": stats.carnisse_te_hoog,
            "aandeel": round(stats.carnisse_te_hoog / max(stats.carnisse_aanvragen, 1), 4),
        },
        "buurten": stats.buurten,
        "opmerkingen": QUIRKS,
    }


QUIRKS = [
    "bag_adressen.csv: ';' als scheidingsteken, geen aanhalingstekens; andere CSV's ','.",
    "meldingen.csv en gebiedsaanwijzingen.csv: alle tekstwaarden tussen aanhalingstekens; "
    "sommige omschrijvingen bevatten een regelovergang of aanhalingstekens.",
    "meldingen: ~55% met nummeraanduiding (deels ook postcode), ~42% alleen postcode+huisnummer "
    "in wisselende spelling (3082AB, 3082 AB, 3082ab), ~3% bewust niet te koppelen (niet-bestaand "
    "huisnummer, letter O in plaats van 0, niet-uitgegeven lettercombinatie).",
    "vergunningen: een vergunning hoort bij de aanvrager; sommige woningen hebben alleen een "
    "vergunning van de vorige eigenaar (status verleend of vervallen) en worden dus zonder "
    "vergunning verhuurd.",
    "brp_bewoning: ~0,3% van de rijen ontbreekt (onbekend); nieuw gevormde woningen hebben "
    "geen rijen.",
    "bag_adressen: ~0,1% van de woningen zonder oppervlakte (leeg); LIG/STA zonder pand, doel en "
    "oppervlakte; ~1% nevenadressen.",
    "energie.csv: alleen voor een deel van de adressen; gas leeg bij ~1% (onbekend), 0 bij "
    "all-electric woningen.",
    "gebiedsaanwijzingen: parameters na 2025-07-05 zijn illustratief (niet bevestigd).",
    "waarheid.csv: de geplante misstanden op de peildatum; verhuur_zonder_vergunning volgt uit "
    "de vergunningen.",
]


def _write_json(path: Path, data: Any) -> None:
    path.write_text(
        json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8"
    )


def _write_buurten(path: Path, gemeenten: list[Gemeente]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(
            '{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
            '{"name": "urn:ogc:def:crs:EPSG::28992"}}, "features": [\n'
        )
        first = True
        for g in gemeenten:
            for b in g.buurten:
                feature = {
                    "type": "Feature",
                    "properties": dict(
                        zip(
                            contract.BUURTEN.column_names,
                            (b.code, b.naam, b.wijkcode, b.wijknaam, f"GM{g.code}", g.naam),
                            strict=True,
                        )
                    ),
                    "geometry": {"type": "Polygon", "coordinates": polygon_coordinates(b.polygon)},
                }
                f.write(("" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
                first = False
        f.write("\n]}\n")

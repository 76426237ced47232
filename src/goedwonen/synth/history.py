"""Years of reports, inspections and enforcement, with the biases real history has.

Reports come from abuse that neighbours can see and from background noise, both scaled by a
neighbourhood's willingness to report (its `meldbereidheid`): some buurten report far more
than their true abuse rate. Inspections follow reports, proactive selections and integral
actions in the focus buurten, so they too concentrate where reports are. Enforcement climbs a
ladder per owner, and some owners stop after it while repeat offenders go on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from goedwonen.registry import contract
from goedwonen.synth.abuse import FLAGS, PEILDATUM, ZONDER, Episodes
from goedwonen.synth.areas import Gemeente
from goedwonen.synth.buildings import Bag
from goedwonen.synth.encode import day, group_starts
from goedwonen.synth.owners import EIGENAAR, RENTAL, Owners
from goedwonen.synth.population import Households

# The contract's categories, the abuse the generator plants first (their indexes are shared).
CATEGORIES = (*FLAGS, *(c for c in contract.CATEGORIES if c not in FLAGS))
WGV_OVERIG, WOONOVERLAST, WOONFRAUDE = 8, 9, 10
SIGNAL_ONLY = (12, 13, 14, 15, 16)  # ondermijning, zorg, ... uitbuiting

# Share of background reports per category (index into CATEGORIES).
BACKGROUND = np.array(
    [
        0.08,
        0.05,
        0.04,
        0.03,
        0.01,
        0.01,
        0.02,
        0.15,
        0.06,
        0.35,
        0.08,
        0.04,
        0.03,
        0.03,
        0.02,
        0.01,
        0.01,
    ]
)
# How visible each abuse is to neighbours and tenants: reports per year while it lasts.
VISIBILITY = np.array([0.30, 0.25, 0.10, 0.10, 0.30, 0.05, 0.06, 0.15])
# Chance that an inspection with access finds an abuse that is going on.
DETECTION = np.array([0.85, 0.80, 0.40, 0.70, 0.60, 0.90, 0.75, 0.90])

BRONNEN = (
    "so_wonen",
    "sb_woonoverlast",
    "dirv_veiligheid",
    "meldpunt_goed_verhuren",
    "eu_arbeidsmigranten",
)
BRON_PREFIX = ("SOW", "SBO", "DV", "MGV", "EUA")
SO, SB, DIRV, MGV, EUA = range(5)
MELDER = tuple(contract.MelderSoort.values)
MELDER_P = np.array(
    [
        [0.45, 0.20, 0.25, 0.10],
        [0.60, 0.10, 0.30, 0.00],
        [0.00, 0.30, 0.20, 0.50],
        [0.55, 0.10, 0.35, 0.00],
        [0.20, 0.30, 0.10, 0.40],
    ]
)
AANLEIDING = tuple(contract.Aanleiding.values)
OVERTREDING = tuple(contract.Overtreding.values)
INSTRUMENTEN = tuple(contract.Instrument.values)
WGV_CATEGORIES = (2, 4, 5, 8)  # te_hoge_huur, huurcontract_werk, zonder vergunning, wgv_overig

M_START = day("2021-01-01")
MELDPUNT_FROM = day("2024-01-01")
ACTIONS_PER_YEAR = {2021: 4, 2022: 6, 2023: 8, 2024: 12, 2025: 12, 2026: 9}


@dataclass
class History:
    # meldingen
    m_row: np.ndarray  # object index
    m_date: np.ndarray
    m_cat: np.ndarray
    m_bron: np.ndarray
    m_seq: np.ndarray
    m_melder: np.ndarray
    m_open: np.ndarray
    # controles
    c_row: np.ndarray
    c_date: np.ndarray
    c_aanleiding: np.ndarray
    c_overtreding: np.ndarray
    c_mask: np.ndarray  # bitmask over CATEGORIES
    c_personen: np.ndarray  # -1 when unknown
    # handhavingen
    h_row: np.ndarray
    h_owner: np.ndarray
    h_date: np.ndarray
    h_instrument: np.ndarray
    h_cat: np.ndarray
    h_bedrag: np.ndarray  # -1 when none


def simulate(
    rng: np.random.Generator,
    gemeente: Gemeente,
    bag: Bag,
    owners: Owners,
    ep: Episodes,
    hh: Households,
) -> History:
    rows = hh.rows
    bias = np.array([b.profile.meldbereidheid for b in gemeente.buurten])[bag.buurt]
    focus = np.array([b.profile.focus for b in gemeente.buurten])[bag.buurt]

    m_row, m_date, m_cat, m_type = _reports(rng, rows, bias, ep)
    hh_index = np.full(len(bag.kind), -1)
    hh_index[rows] = np.arange(len(rows))

    # Inspections: after reports, proactive selections and integral actions.
    p_inspect = np.where(
        np.isin(m_cat, SIGNAL_ONLY), 0.05, np.where(m_cat == WOONOVERLAST, 0.15, 0.35)
    )
    p_inspect = p_inspect * np.where(focus[m_row], 1.3, 1.0)
    pick = np.flatnonzero(rng.random(len(m_row)) < p_inspect)
    c_row = m_row[pick]
    c_date = m_date[pick] + rng.integers(5, 76, len(pick))
    c_from = pick.copy()
    keep = c_date < PEILDATUM
    c_row, c_date, c_from = c_row[keep], c_date[keep], c_from[keep]
    order = np.lexsort((c_date, c_row))
    c_row, c_date, c_from = c_row[order], c_date[order], c_from[order]
    repeat = ~group_starts(c_row)
    repeat[1:] &= c_date[1:] - c_date[:-1] < 120
    c_row, c_date, c_from = c_row[~repeat], c_date[~repeat], c_from[~repeat]
    c_kind = np.zeros(len(c_row), dtype=np.int64)

    p_row, p_date = _proactive(rng, rows, bias, focus, ep, owners)
    a_row, a_date = _integral_actions(rng, gemeente, bag, rows, m_row)
    c_row = np.concatenate([c_row, p_row, a_row])
    c_date = np.concatenate([c_date, p_date, a_date])
    c_from = np.concatenate([c_from, np.full(len(p_row) + len(a_row), -1)])
    c_kind = np.concatenate([c_kind, np.full(len(p_row), 1), np.full(len(a_row), 2)])

    draws = _Draws(rng, len(c_row))
    outcome, mask = _inspect(ep, c_row, c_date, draws)

    # The first violation found makes some owners stop; repeat offenders mostly go on.
    found = np.flatnonzero(outcome == 0)
    first = found[np.unique(c_row[found], return_index=True)[1]] if len(found) else found
    recidivist = owners.recidivist[np.maximum(owners.owner[c_row[first]], 0)]
    stop_at = c_date[first][:, None] + rng.integers(30, 241, (len(first), 1))
    fixes = rng.random((len(first), 8)) < np.where(recidivist, 0.3, 0.55)[:, None]
    fixes[:, ZONDER] = False
    obj = c_row[first]
    active = ep.active(c_date[first], obj)
    cut = fixes & active
    ep.end[obj] = np.where(cut, np.minimum(ep.end[obj], stop_at), ep.end[obj])
    outcome, mask = _inspect(ep, c_row, c_date, draws)

    # Reports stop soon after the abuse behind them stops.
    typed = m_type >= 0
    ended = np.zeros(len(m_row), dtype=bool)
    ended[typed] = m_date[typed] > ep.end[m_row[typed], m_type[typed]] + 30
    kept_reports = ~ended
    keep_c = (c_from < 0) | kept_reports[np.maximum(c_from, 0)]
    c_row, c_date, c_kind = c_row[keep_c], c_date[keep_c], c_kind[keep_c]
    outcome, mask = outcome[keep_c], mask[keep_c]
    m_row, m_date, m_cat = m_row[kept_reports], m_date[kept_reports], m_cat[kept_reports]

    # Re-inspections after a violation.
    ja = np.flatnonzero(outcome == 0)
    again = ja[rng.random(len(ja)) < 0.55]
    r_row = c_row[again]
    r_date = c_date[again] + rng.integers(60, 201, len(again))
    ok = r_date < PEILDATUM
    r_row, r_date = r_row[ok], r_date[ok]
    r_outcome, r_mask = _inspect(ep, r_row, r_date, _Draws(rng, len(r_row)))
    c_row = np.concatenate([c_row, r_row])
    c_date = np.concatenate([c_date, r_date])
    c_kind = np.concatenate([c_kind, np.full(len(r_row), 3)])
    outcome = np.concatenate([outcome, r_outcome])
    mask = np.concatenate([mask, r_mask])
    order = np.lexsort((c_row, c_date))
    c_row, c_date, c_kind, outcome, mask = (
        a[order] for a in (c_row, c_date, c_kind, outcome, mask)
    )

    personen = _persons_found(rng, ep, hh, hh_index, c_row, c_date, outcome)
    h = _enforce(rng, owners, c_row, c_date, outcome, mask)
    bron, seq, melder, open_ = _report_admin(rng, gemeente, m_row, m_date, m_cat)
    return History(
        m_row=m_row,
        m_date=m_date,
        m_cat=m_cat,
        m_bron=bron,
        m_seq=seq,
        m_melder=melder,
        m_open=open_,
        c_row=c_row,
        c_date=c_date,
        c_aanleiding=c_kind,
        c_overtreding=outcome,
        c_mask=mask,
        c_personen=personen,
        **h,
    )


def _reports(
    rng: np.random.Generator, rows: np.ndarray, bias: np.ndarray, ep: Episodes
) -> tuple[np.ndarray, ...]:
    n = len(rows)
    years = (PEILDATUM - M_START) / 365.25
    b = bias[rows]
    count = rng.poisson(0.010 * b * years)
    bg_row = np.repeat(rows, count)
    bg_date = M_START + (rng.random(len(bg_row)) * (PEILDATUM - M_START)).astype(np.int64)
    bg_cat = rng.choice(len(CATEGORIES), size=len(bg_row), p=BACKGROUND / BACKGROUND.sum())
    parts = [(bg_row, bg_date, bg_cat, np.full(len(bg_row), -1))]
    start = np.maximum(ep.start[rows], M_START)
    end = np.minimum(ep.end[rows], PEILDATUM)
    span = np.maximum(end - start, 0)
    lam = VISIBILITY[None, :] * b[:, None] * span / 365.25
    counts = rng.poisson(lam)
    for t in range(8):
        k = counts[:, t]
        r = np.repeat(np.arange(n), k)
        date = start[r, t] + (rng.random(len(r)) * span[r, t]).astype(np.int64)
        u = rng.random(len(r))
        confused = rng.choice(
            [WOONOVERLAST, WGV_OVERIG, WOONFRAUDE], size=len(r), p=(0.6, 0.2, 0.2)
        )
        cat = np.where(u < 0.7, t, confused)
        parts.append((rows[r], date, cat, np.full(len(r), t)))
    m_row, m_date, m_cat, m_type = (np.concatenate(x) for x in zip(*parts, strict=True))
    order = np.lexsort((m_row, m_date))
    return m_row[order], m_date[order], m_cat[order], m_type[order]


def _proactive(rng, rows, bias, focus, ep, owners) -> tuple[np.ndarray, np.ndarray]:
    out_rows, out_dates = [], []
    rental = np.isin(owners.tenure[rows], RENTAL)
    for year in range(2021, 2027):
        lo, hi = day(f"{year}-01-01"), min(day(f"{year + 1}-01-01"), PEILDATUM)
        mid = (lo + hi) // 2
        active = ep.active(mid, rows)
        signal = active[:, [0, 1, 3, 4]].any(axis=1)
        weight = bias[rows] * (0.3 + rental + 2.5 * signal) * np.where(focus[rows], 3, 1)
        count = int(0.002 * len(rows) * (hi - lo) / 365.25 * (1 + focus[rows].mean()))
        if count == 0:
            continue
        chosen = rng.choice(
            len(rows), size=min(count, len(rows)), replace=False, p=weight / weight.sum()
        )
        out_rows.append(rows[chosen])
        out_dates.append(lo + rng.integers(0, hi - lo, len(chosen)))
    if not out_rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_rows), np.concatenate(out_dates)


def _integral_actions(rng, gemeente, bag, rows, m_row) -> tuple[np.ndarray, np.ndarray]:
    focus_idx = [i for i, b in enumerate(gemeente.buurten) if b.profile.focus]
    if not focus_idx:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    reports = np.bincount(bag.buurt[m_row], minlength=len(gemeente.buurten))[focus_idx] + 1.0
    street_of = np.zeros(len(bag.kind), dtype=np.int64)
    street_of[bag.adr_obj[bag.main]] = bag.street[bag.main]
    street_reports = np.bincount(street_of[m_row], minlength=len(bag.streets)) + 1.0
    in_use_streets = street_of[rows]
    out_rows, out_dates = [], []
    for year, count in ACTIONS_PER_YEAR.items():
        lo = day(f"{year}-01-01")
        hi = min(day(f"{year + 1}-01-01"), PEILDATUM)
        for _ in range(count):
            buurt = focus_idx[rng.choice(len(focus_idx), p=reports / reports.sum())]
            candidates_streets = np.unique(in_use_streets[bag.buurt[rows] == buurt])
            w = street_reports[candidates_streets]
            street = candidates_streets[rng.choice(len(candidates_streets), p=w / w.sum())]
            on_street = rows[in_use_streets == street]
            size = min(len(on_street), int(rng.integers(10, 36)))
            out_rows.append(rng.choice(on_street, size=size, replace=False))
            out_dates.append(np.full(size, lo + int(rng.integers(0, hi - lo))))
    return np.concatenate(out_rows), np.concatenate(out_dates)


class _Draws:
    """Random numbers of inspections, kept so an outcome can be recomputed consistently."""

    def __init__(self, rng: np.random.Generator, n: int):
        self.access = rng.random(n)
        self.detect = rng.random((n, 8))
        self.false = rng.random(n)
        self.false_cat = rng.choice([7, WGV_OVERIG, WOONOVERLAST], size=n, p=(0.4, 0.3, 0.3))


def _inspect(
    ep: Episodes, row: np.ndarray, date: np.ndarray, d: _Draws
) -> tuple[np.ndarray, np.ndarray]:
    """Overtreding (index into OVERTREDING) and a bitmask of the categories found."""
    active = ep.active(date, row)
    found = active & (d.detect < DETECTION[None, :])
    weights = (1 << np.arange(8)).astype(np.int64)
    mask = (found * weights[None, :]).sum(axis=1)
    false_ja = (mask == 0) & (d.false < 0.05)
    mask = np.where(false_ja, np.int64(1) << d.false_cat, mask)
    outcome = np.where(mask > 0, 0, 1)
    no_access = d.access < 0.12
    return np.where(no_access, 2, outcome), np.where(no_access, 0, mask)


def _persons_found(rng, ep, hh, hh_index, row, date, outcome) -> np.ndarray:
    idx = hh_index[row]
    known = (idx >= 0) & (outcome != 2)
    persons = np.full(len(row), -1)
    if known.any():
        r = row[known]
        active = ep.active(date[known], r)
        sub = _subset(hh, idx[known])
        adults, minors = sub.true_at(date[known], active)
        noise = rng.choice([-1, 0, 0, 0, 0, 1], size=len(r))
        persons[known] = np.maximum(adults + minors + np.where(adults > 2, noise, 0), 0)
    return persons


def _subset(hh: Households, idx: np.ndarray) -> Households:
    return Households(**{k: getattr(hh, k)[idx] for k in hh.__dataclass_fields__})


def _enforce(rng, owners: Owners, row, date, outcome, mask) -> dict[str, np.ndarray]:
    tenure = owners.tenure[row]
    eligible = (outcome == 0) & (np.isin(tenure, RENTAL) | (tenure == EIGENAAR))
    eligible &= rng.random(len(row)) < 0.7
    idx = np.flatnonzero(eligible)
    h_row = row[idx]
    h_date = date[idx] + rng.integers(14, 76, len(idx))
    ok = h_date < PEILDATUM
    idx, h_row, h_date = idx[ok], h_row[ok], h_date[ok]
    h_owner = owners.owner[h_row]
    lowest = np.zeros(len(idx), dtype=np.int64)
    m = mask[idx]
    for bit in range(len(CATEGORIES) - 1, -1, -1):
        lowest = np.where((m >> bit) & 1, bit, lowest)
    # Prior enforcement against the same owner in the four years before.
    order = np.lexsort((h_date, h_owner))
    h_row, h_date, h_owner, lowest = h_row[order], h_date[order], h_owner[order], lowest[order]
    key = h_owner.astype(np.int64) * 100_000 + h_date
    prior = np.arange(len(key)) - np.searchsorted(
        key, h_owner.astype(np.int64) * 100_000 + h_date - 1461
    )
    u = rng.random(len(key))
    wgv = np.isin(lowest, WGV_CATEGORIES)
    # The ladder: warning, then a penalty order, then fines; takeover only as a last resort.
    instrument = np.select(
        [prior == 0, prior == 1, prior == 2],
        [
            np.where(wgv & (u < 0.4), 6, 0),
            np.select([u < 0.6, u < 0.9], [0, 1], 3),
            np.select([u < 0.5, u < 0.85], [1, 3], 2),
        ],
        np.select([u < 0.6, u < 0.85, u < 0.98], [3, 1, 2], 4),
    )
    instrument = np.where(lowest == 11, 5, instrument)  # crimineel gebruik: closure
    bedrag = np.full(len(key), -1)
    boete = instrument == 3
    bedrag = np.where(
        boete & (prior >= 2),
        rng.integers(26, 104, len(key)) * 1000,
        np.where(boete, rng.integers(6, 104, len(key)) * 250, bedrag),
    )
    dwangsom = instrument == 1
    bedrag = np.where(dwangsom, rng.integers(5, 51, len(key)) * 500, bedrag)
    # A stop conversation with repeat offenders who reach a third enforcement in four years.
    third = np.flatnonzero((prior == 2) & owners.recidivist[h_owner])
    if len(third):
        first_third = third[np.unique(h_owner[third], return_index=True)[1]]
        s_date = np.minimum(
            h_date[first_third] + rng.integers(20, 90, len(first_third)), PEILDATUM - 1
        )
        h_row = np.concatenate([h_row, h_row[first_third]])
        h_owner = np.concatenate([h_owner, h_owner[first_third]])
        h_date = np.concatenate([h_date, s_date])
        instrument = np.concatenate([instrument, np.full(len(first_third), 7)])
        lowest = np.concatenate([lowest, lowest[first_third]])
        bedrag = np.concatenate([bedrag, np.full(len(first_third), -1)])
    order = np.lexsort((h_row, h_date))
    return {
        "h_row": h_row[order],
        "h_owner": h_owner[order],
        "h_date": h_date[order],
        "h_instrument": instrument[order],
        "h_cat": lowest[order],
        "h_bedrag": bedrag[order],
    }


def _report_admin(rng, gemeente, m_row, m_date, m_cat) -> tuple[np.ndarray, ...]:
    n = len(m_row)
    bron = np.full(n, SO)
    bron = np.where(m_cat == WOONOVERLAST, SB, bron)
    bron = np.where(np.isin(m_cat, (10, 11, 12, 16, 15)), DIRV, bron)
    bron = np.where(np.isin(m_cat, (13, 14)), SB, bron)
    wgv = np.isin(m_cat, WGV_CATEGORIES) & (m_date >= MELDPUNT_FROM)
    bron = np.where(wgv, MGV, bron)
    bron = np.where((m_cat == 4) & (rng.random(n) < 0.5), EUA, bron)
    u = rng.random(n)
    melder = (u[:, None] > np.cumsum(MELDER_P[bron], axis=1)[:, :-1]).sum(axis=1)
    open_ = np.where(m_date < PEILDATUM - 120, rng.random(n) < 0.03, rng.random(n) < 0.6)
    year = year_of(m_date)
    order = np.lexsort((m_date, year, bron))
    group = bron[order] * 10_000 + year[order]
    start = group_starts(group)
    idx = np.arange(n)
    seq = np.empty(n, dtype=np.int64)
    seq[order] = idx - np.maximum.accumulate(np.where(start, idx, 0)) + 1
    return bron, seq, melder, open_


def year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970

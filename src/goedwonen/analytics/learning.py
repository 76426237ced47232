"""Learning weights from past inspection outcomes, as a proposal a person may adopt.

The model is a logistic regression on the indicators' signals (a scorecard: one coefficient
per indicator), fitted on three quarters of the inspected dwellings and judged on the other
quarter by precision at K and lift over random. Indicators computed from the inspections
themselves (their sources include controles.csv or handhavingen.csv) would learn from their own
answer: they keep their weight and are left out of the fit and of the comparison.

Inspections went where people reported and inspectors chose to go, so the outcomes are not a
random sample: the proposal shows per buurt how many dwellings were inspected and reported on,
beside the hit rate, so the reader sees where the data is thin or heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from goedwonen.registry import contract

from .engine import connect
from .fairness import disparity, outcomes_table

OUTCOME_SOURCES = {source.name for source in contract.CSV_SOURCES if source.outcome}
HELD_OUT = 0.25
SEED = 2026  # the split is drawn the same way every time: the same data gives the same proposal
MIN_INSPECTIONS = 40


class NotEnoughOutcomes(Exception):
    pass


@dataclass(frozen=True)
class Scorecard:
    code: str
    huidig_gewicht: float
    coefficient: float | None  # None: not learnable (computed from the outcomes)
    voorgesteld_gewicht: float
    signaal_bij: int  # inspected dwellings where the signal was on
    trefkans_bij_signaal: float | None


@dataclass(frozen=True)
class Evaluation:
    k: int
    basiskans: float
    precisie_huidig: float
    precisie_voorstel: float

    @property
    def lift_huidig(self) -> float:
        return self.precisie_huidig / self.basiskans if self.basiskans else 0.0

    @property
    def lift_voorstel(self) -> float:
        return self.precisie_voorstel / self.basiskans if self.basiskans else 0.0


@dataclass(frozen=True)
class Voorstel:
    scorecard: list[Scorecard]
    evaluatie: Evaluation
    getraind_op: int
    getoetst_op: int
    per_buurt: list[dict[str, Any]] = field(default_factory=list)

    def weights(self) -> dict[str, float]:
        return {row.code: row.voorgesteld_gewicht for row in self.scorecard}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Voorstel:
        """The proposal as `dataclasses.asdict` gave it (kept as JSON beside the run)."""
        return cls(
            scorecard=[Scorecard(**row) for row in data["scorecard"]],
            evaluatie=Evaluation(**data["evaluatie"]),
            getraind_op=data["getraind_op"],
            getoetst_op=data["getoetst_op"],
            per_buurt=data["per_buurt"],
        )


def _precision_at(k: int, scores: np.ndarray, hits: np.ndarray) -> float:
    # Stable order: ties keep their position, so the result does not depend on chance.
    order = np.argsort(-scores, kind="stable")[:k]
    return float(hits[order].mean()) if k else 0.0


def propose(*, scores: Path, events_dir: Path, indicators: list[dict[str, Any]]) -> Voorstel:
    """A weight per indicator from the run's signals and its exported inspection outcomes."""
    # scikit-learn takes over a second to import: only when a proposal is asked for.
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    codes = [i["code"] for i in indicators]
    learnable = [i["code"] for i in indicators if not OUTCOME_SOURCES & set(i["bronnen"])]
    con = connect(threads=1)
    try:
        con.execute("CREATE TEMP TABLE s AS SELECT * FROM read_parquet(?)", [str(scores)])
        outcomes_table(con, events_dir)
        signals = ", ".join(f'"s_{c}"' for c in codes)
        rows = con.execute(
            f"SELECT s.object_id, u.hit, {signals} FROM s JOIN uitkomst u USING (object_id) "
            "ORDER BY s.object_id"
        ).fetchall()
    finally:
        con.close()
    if len(rows) < MIN_INSPECTIONS:
        raise NotEnoughOutcomes(
            f"Er zijn {len(rows)} gecontroleerde woningen met een uitkomst; voor een voorstel "
            f"zijn er ten minste {MIN_INSPECTIONS} nodig."
        )
    hits = np.array([bool(r[1]) for r in rows])
    x_all = np.array([r[2:] for r in rows], dtype=float)
    columns = [codes.index(c) for c in learnable]
    x = x_all[:, columns]
    train, test = train_test_split(
        np.arange(len(rows)), test_size=HELD_OUT, random_state=SEED, stratify=hits
    )
    model = LogisticRegression(max_iter=1000)
    model.fit(x[train], hits[train])
    coefficients = dict(zip(learnable, model.coef_[0].tolist(), strict=True))
    current = {i["code"]: float(i["gewicht"]) for i in indicators}
    budget = sum(current[c] for c in learnable)
    positive = {c: max(v, 0.0) for c, v in coefficients.items()}
    scale = budget / sum(positive.values()) if sum(positive.values()) > 0 else 0.0
    proposed = {c: round(positive[c] * scale, 1) for c in learnable}
    scorecard = []
    for position, code in enumerate(codes):
        on = x_all[:, position] > 0
        scorecard.append(
            Scorecard(
                code=code,
                huidig_gewicht=current[code],
                coefficient=coefficients.get(code),
                voorgesteld_gewicht=proposed.get(code, current[code]),
                signaal_bij=int(on.sum()),
                trefkans_bij_signaal=float(hits[on].mean()) if on.any() else None,
            )
        )
    k = max(1, min(100, len(test) // 5))
    weights_now = np.array([current[c] for c in learnable])
    weights_new = np.array([proposed[c] for c in learnable])
    evaluation = Evaluation(
        k=k,
        basiskans=float(hits[test].mean()),
        precisie_huidig=_precision_at(k, x[test] @ weights_now, hits[test]),
        precisie_voorstel=_precision_at(k, x[test] @ weights_new, hits[test]),
    )
    return Voorstel(
        scorecard=scorecard,
        evaluatie=evaluation,
        getraind_op=len(train),
        getoetst_op=len(test),
        # Dwellings, inspected dwellings and hit rate per buurt as the disparity report
        # counts them (nothing selected here).
        per_buurt=[
            {
                "buurtcode": b.buurtcode,
                "woningen": b.woningen,
                "gecontroleerd": b.gecontroleerd,
                "controles_per_1000": round(1000 * b.gecontroleerd / b.woningen, 1)
                if b.woningen
                else 0.0,
                "trefkans": b.trefkans,
            }
            for b in disparity(scores=scores, events_dir=events_dir, top=0)
        ],
    )

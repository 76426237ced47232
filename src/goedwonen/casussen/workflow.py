"""The case's state machine (the one table of allowed transitions) and its retention terms."""

from __future__ import annotations

from datetime import date

from .models import Casusstatus as S
from .models import Resultaat as R

ALLOWED: dict[str, frozenset[str]] = {
    S.GEREGISTREERD: frozenset({S.ONDERZOEK, S.GESLOTEN}),
    S.ONDERZOEK: frozenset({S.INTERVENTIE, S.HANDHAVING, S.MONITORING, S.GESLOTEN}),
    S.INTERVENTIE: frozenset({S.ONDERZOEK, S.HANDHAVING, S.MONITORING, S.GESLOTEN}),
    S.HANDHAVING: frozenset({S.MONITORING, S.GESLOTEN}),
    S.MONITORING: frozenset({S.HANDHAVING, S.GESLOTEN}),
    S.GESLOTEN: frozenset({S.HEROPEND}),
    S.HEROPEND: frozenset({S.ONDERZOEK, S.INTERVENTIE, S.HANDHAVING, S.GESLOTEN}),
}


def allowed(van: str, naar: str) -> bool:
    return naar in ALLOWED.get(van, frozenset())


# Selectielijst gemeenten en intergemeentelijke organen 2020, process type 12 (toezicht en
# handhaving), as summarised in docs/domain.md: years after closing, then destroy.
BEWAARTERMIJN_JAREN: dict[str, int] = {
    R.TOEZICHT_AFGEROND: 5,
    R.BRP_ONDERZOEK: 10,
    R.HANDHAVING_AFGEROND: 10,
    R.BESTUURLIJKE_BOETE: 7,
    R.OVERGEDRAGEN: 5,
    R.AFGEBROKEN: 1,
}
HANDHAVING_JAREN = BEWAARTERMIJN_JAREN[R.HANDHAVING_AFGEROND]
BRON = "Selectielijst gemeenten en intergemeentelijke organen 2020, procestype 12"


# What the reporters of a case's reports read on their status page (and by mail) when the
# case closes: the outcome in general words, never the case's details (whom it concerned,
# which measure, the partner's name), as for every step a reporter sees.
FOR_REPORTER: dict[str, str] = {
    R.TOEZICHT_AFGEROND: "Uw melding is onderzocht en de behandeling is afgerond. Waar iets "
    "niet in orde was, is dat hersteld.",
    R.BRP_ONDERZOEK: "Uw melding is onderzocht en de behandeling is afgerond.",
    R.HANDHAVING_AFGEROND: "Uw melding is onderzocht. De gemeente heeft maatregelen genomen; "
    "de behandeling is afgerond.",
    R.BESTUURLIJKE_BOETE: "Uw melding is onderzocht. De gemeente heeft maatregelen genomen; "
    "de behandeling is afgerond.",
    R.OVERGEDRAGEN: "Uw melding is overgedragen aan een organisatie die de zaak verder "
    "oppakt. De behandeling bij de gemeente is afgerond.",
    R.AFGEBROKEN: "De behandeling van uw melding is gestopt.",
}


def bewaartermijn_jaren(resultaat: str, *, handhaving_bereikt: bool) -> int:
    """The retention term of a closed case. One that ever reached enforcement counts as
    enforcement, whatever its result says, unless its own term is longer."""
    jaren = BEWAARTERMIJN_JAREN[resultaat]
    return max(jaren, HANDHAVING_JAREN) if handhaving_bereikt else jaren


def bewaren_tot(gesloten: date, jaren: int) -> date:
    try:
        return gesloten.replace(year=gesloten.year + jaren)
    except ValueError:  # 29 February
        return gesloten.replace(year=gesloten.year + jaren, day=28)


# A sharing's purpose and legal basis are decided for a period; one that ran for years would
# outlive the decision unnoticed. A longer collaboration is shared again, with a fresh
# decision (ADR 0006). Two years covers an enforcement track from first visit to penalty.
SHARING_HORIZON_YEARS = 2


def sharing_horizon(today: date) -> date:
    """The last day a sharing decided on `today` may run to."""
    return bewaren_tot(today, SHARING_HORIZON_YEARS)

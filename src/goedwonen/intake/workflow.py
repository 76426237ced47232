"""The report's state machine: the one table of allowed transitions."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from .models import OPEN_STATUSES
from .models import Meldingstatus as S

ALLOWED: dict[str, frozenset[str]] = {
    S.ONTVANGEN: frozenset({S.IN_TRIAGE, S.GEANNULEERD}),
    S.IN_TRIAGE: frozenset({S.DOORGEZET, S.CASUSREGIE, S.AFGESLOTEN, S.GEANNULEERD}),
    S.DOORGEZET: frozenset({S.AFGESLOTEN}),
    S.CASUSREGIE: frozenset({S.AFGESLOTEN}),
    S.AFGESLOTEN: frozenset({S.HEROPEND}),
    S.GEANNULEERD: frozenset({S.HEROPEND}),
    S.HEROPEND: frozenset({S.IN_TRIAGE}),
}

# What the reporter reads on the status page for each state: progress, never case details.
# Marked for translation: the status page shows these stored texts in the reporter's
# language (intake/public_views.py); a text a handler wrote stays as written.
FOR_REPORTER: dict[str, str] = {
    S.ONTVANGEN: gettext_noop("Uw melding is ontvangen."),
    S.IN_TRIAGE: gettext_noop("Uw melding wordt beoordeeld."),
    S.DOORGEZET: gettext_noop("Uw melding is in behandeling bij de gemeente."),
    S.CASUSREGIE: gettext_noop("Uw melding wordt samen met partners opgepakt."),
    S.AFGESLOTEN: gettext_noop("De behandeling van uw melding is afgerond."),
    S.GEANNULEERD: gettext_noop("Uw melding is niet in behandeling genomen."),
    S.HEROPEND: gettext_noop("Uw melding is opnieuw in behandeling genomen."),
}

OPEN = frozenset(OPEN_STATUSES)


def allowed(van: str, naar: str) -> bool:
    return naar in ALLOWED.get(van, frozenset())

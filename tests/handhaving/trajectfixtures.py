"""Fixtures for the procedure tests: a jurist of the directing organisation, and the
instrument `last onder dwangsom` with its steps, terms and letters. `dwangsom` adds a new
version on top of the seeded one (handhaving migration 0003), with the letter texts below, so
the tests pin the words they look for in the letters whatever a jurist seeds.

tests/conftest.py offers them to every test (pytest_plugins).
"""

from __future__ import annotations

from datetime import date

import pytest

from goedwonen.core.policy import Capability
from goedwonen.handhaving.models import Instrument, Instrumentversie

JURIST = [
    Capability.CASES_VIEW,
    Capability.TASKS_WORK,
    Capability.REPORTS_VIEW,
    Capability.ENFORCEMENT_WORK,
    Capability.INSTRUMENTS_MANAGE,
]


def _brief(titel: str, tekst: str) -> dict[str, str]:
    return {"titel": titel, "tekst": tekst}


DWANGSOM_STAPPEN = [
    {
        "soort": "voornemen",
        "naam": "Voornemen last onder dwangsom",
        "termijn_dagen": 14,
        "uitvoerder": "jurist",
        "brief": _brief(
            "Voornemen last onder dwangsom",
            "Bij een controle van {{ brief.adressen|join:'; ' }} is vastgesteld: "
            "{{ brief.aanleiding }}\n\n"
            "Wij zijn van plan u een last onder dwangsom op te leggen op grond van "
            "{{ brief.instrument.artikel }} ({{ brief.instrument.regeling }}).\n\n"
            "U kunt tot en met {{ brief.termijn_tot }} uw zienswijze geven. "
            "Vermeld ons kenmerk {{ brief.kenmerk }}.",
        ),
    },
    {
        "soort": "zienswijze",
        "naam": "Zienswijze",
        "termijn_dagen": 7,
        "uitvoerder": "jurist",
        "brief": None,
    },
    {
        "soort": "besluit",
        "naam": "Besluit last onder dwangsom",
        "termijn_dagen": 28,
        "uitvoerder": "jurist",
        "brief": _brief(
            "Besluit last onder dwangsom",
            "Geachte {{ brief.geadresseerde.naam }},\n\n"
            "Wij leggen u een last onder dwangsom op ({{ brief.instrument.artikel }}). "
            "Beëindig de overtreding uiterlijk {{ brief.termijn_tot }} (begunstigingstermijn). "
            "Doet u dat niet, dan verbeurt u een dwangsom van {{ brief.bedrag }}.\n\n"
            "Tegen dit besluit kunt u binnen zes weken bezwaar maken.",
        ),
    },
    {
        "soort": "hercontrole",
        "naam": "Hercontrole",
        "termijn_dagen": 7,
        "uitvoerder": "toezichthouder",
        "brief": None,
    },
    {
        "soort": "verbeurte",
        "naam": "Verbeurte dwangsom",
        "termijn_dagen": 42,
        "uitvoerder": "jurist",
        "brief": _brief(
            "Kennisgeving verbeurte dwangsom",
            "Bij de hercontrole bleek de last van {{ brief.besluit_datum }} niet nageleefd: "
            "{{ brief.hercontrole.uitkomst }}\n\nU heeft een dwangsom van {{ brief.bedrag }} verbeurd.",
        ),
    },
    {
        "soort": "invordering",
        "naam": "Invordering",
        "termijn_dagen": 42,
        "uitvoerder": "jurist",
        "brief": _brief(
            "Invorderingsbeschikking",
            "Wij vorderen de verbeurde dwangsom van {{ brief.bedrag }} in. Betaal uiterlijk "
            "{{ brief.termijn_tot }} onder vermelding van {{ brief.kenmerk }}.",
        ),
    },
]


@pytest.fixture
def jurist(make_user):
    """A jurist of Stadsontwikkeling, the organisation that directs the scenario's case."""
    user = make_user(JURIST, username="jurist")
    user.first_name, user.last_name = "Julia", "Jurist"
    user.save()
    return user


def dwangsom_versie(stappen: list | None = None) -> Instrumentversie:
    """A new (current) version of `last onder dwangsom` with these steps."""
    instrument, _ = Instrument.objects.get_or_create(
        code="last-onder-dwangsom",
        defaults={"naam": "Last onder dwangsom", "registratiecode": "last_onder_dwangsom"},
    )
    latest = instrument.versies.order_by("-versie").first()
    versie = latest.versie + 1 if latest else 1
    return Instrumentversie.objects.create(
        instrument=instrument,
        versie=versie,
        regeling="Huisvestingsverordening Rotterdam 2023",
        artikel="artikel 5:32 Awb jo. artikel 125 Gemeentewet",
        regeling_versiedatum=date(2023, 7, 1),
        bevoegd_orgaan="het college van burgemeester en wethouders",
        mandaat="Mandaatbesluit Rotterdam 2024, afdeling Juridische Zaken",
        stappen=stappen if stappen is not None else DWANGSOM_STAPPEN,
        reden="Eerste versie" if versie == 1 else "Nieuwe termijnen",
    )


@pytest.fixture
def dwangsom(db) -> Instrumentversie:
    """The current version of `last onder dwangsom`, with the steps of DWANGSOM_STAPPEN."""
    return dwangsom_versie()

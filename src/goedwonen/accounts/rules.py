"""Which capabilities an organisation of each kind may hold, and which need four eyes.

Roles are data, so any role could be given to anyone; these tables bound that. They are code
on purpose: they follow from the capabilities (code) and the kinds of organisation (code), and
a change to them is a decision to review, not a setting. ADR 0009 records the reasoning.

- Core clusters (SO, SB, Dir.V) hold the formal powers: every capability.
- External partners (police, housing corporations, grid operator, tax office, NPRZ) get
  partner capabilities only: what a case shared with them shows, their own tasks, passing on
  reports and recording a joint visit in a case shared for that, each limited again by a
  recorded sharing basis (casussen.selectors.visible_cases); and the register of processing
  activities, which holds no personal data.
- Internal partners (municipal departments outside the core clusters) work as partners too,
  and may host the municipality's supervision (the privacy officer sits at Dienstverlening):
  the register, the processing log, the access review, and reading the accounts, source
  deliveries and the analysis the privacy officer oversees. Not the core clusters' powers:
  registry-wide reads, reports and reporters, case direction, enforcement history, running
  and approving analyses, routing, managing accounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from goedwonen.core.policy import Capability

from .models import Organisatiesoort

C = Capability
KERN, INTERN, EXTERN = (
    Organisatiesoort.KERNCLUSTER.value,
    Organisatiesoort.INTERN.value,
    Organisatiesoort.EXTERN.value,
)
EVERY_KIND = frozenset({KERN, INTERN, EXTERN})
MUNICIPAL = frozenset({KERN, INTERN})
CORE = frozenset({KERN})


@dataclass(frozen=True)
class Holders:
    kinds: frozenset[str]
    why: str


HOLDERS: dict[Capability, Holders] = {
    # Partner capabilities.
    C.CASES_VIEW: Holders(EVERY_KIND, "partners see what a case shared with them shows"),
    C.TASKS_WORK: Holders(EVERY_KIND, "partners carry out their own organisation's tasks"),
    C.REPORTS_REGISTER: Holders(EVERY_KIND, "partners pass reports on; registering shows none"),
    C.INSPECTIONS_RECORD: Holders(EVERY_KIND, "partners join visits, in cases shared for that"),
    C.REGISTER_VIEW: Holders(EVERY_KIND, "no personal data; partner systems read it by API"),
    C.CASETABLE_TAKE_PART: Holders(
        EVERY_KIND, "partners sit at case tables; each sees what its own basis allows"
    ),
    C.ACTIONS_TAKE_PART: Holders(
        EVERY_KIND, "partners join integral actions; each sees what its own basis allows"
    ),
    # Supervision, which the municipality may place in any of its departments.
    C.LOG_SEARCH: Holders(MUNICIPAL, "the privacy officer sits where the municipality says"),
    C.ACCESS_REVIEW: Holders(MUNICIPAL, "supervision, like the processing log"),
    C.ACCOUNTS_VIEW: Holders(MUNICIPAL, "supervision reads who works with which role"),
    C.DELIVERIES_VIEW: Holders(MUNICIPAL, "supervision of the sources that are processed"),
    C.ANALYSIS_VIEW: Holders(MUNICIPAL, "supervision of the risk model and its selections"),
    # The core clusters' formal powers and the work that serves them.
    C.REGISTRY_VIEW: Holders(CORE, "registry-wide reads serve the core clusters' powers"),
    C.REPORTS_VIEW: Holders(CORE, "every report per address: the core clusters' intake"),
    C.REPORTS_MATCH: Holders(CORE, "intake work of the core clusters"),
    C.REPORTS_TRIAGE: Holders(CORE, "intake work of the core clusters"),
    C.REPORTER_IDENTITY_VIEW: Holders(CORE, "who reported whom stays with the core clusters"),
    C.ENFORCEMENT_HISTORY_VIEW: Holders(CORE, "enforcement is a formal power of the clusters"),
    C.CASES_DIRECT: Holders(CORE, "the core clusters direct cases; partners are brought in"),
    C.ANALYSIS_RUN: Holders(CORE, "proactive selection is a core-cluster task"),
    C.SELECTION_COMPOSE: Holders(CORE, "proactive selection is a core-cluster task"),
    C.SELECTION_APPROVE: Holders(CORE, "proactive selection is a core-cluster task"),
    C.CATALOGUE_MANAGE: Holders(CORE, "the risk model is the core clusters' responsibility"),
    C.ROUTING_MANAGE: Holders(CORE, "routing sends reports to the core clusters' teams"),
    C.ACCOUNTS_MANAGE: Holders(CORE, "whoever manages accounts can grant every capability"),
    C.ENFORCEMENT_WORK: Holders(CORE, "enforcement is a formal power of the clusters"),
    C.INSTRUMENTS_MANAGE: Holders(CORE, "the enforcement policy is the clusters' to set"),
    C.LANDLORDS_MONITOR: Holders(CORE, "owner-wide signals across dwellings serve enforcement"),
    C.LANDLORD_TALKS: Holders(CORE, "warning and stop talks are the clusters' interventions"),
    C.CASETABLES_MANAGE: Holders(CORE, "the municipality convenes the case tables"),
    C.ACTIONS_ORGANISE: Holders(CORE, "the municipality leads integral actions"),
    C.STEERING_VIEW: Holders(CORE, "the municipality steers the approach and answers for it"),
    C.TARGETS_MANAGE: Holders(CORE, "the plan's targets are the municipality's"),
    C.ACCOUNT_REPORTS: Holders(CORE, "the municipality reports to the council and partners"),
    C.ANALYSIS_EXPORT: Holders(CORE, "only the municipality releases pseudonymised data"),
}

# Granting a role with one of these is a request until a second administrator approves it
# (not the requester, not the account's holder); the privacy officers are told.
# - reporter identity: who reported whom, the most sensitive data of intake;
# - the processing log and the access review: they supervise everyone else;
# - managing accounts: without it on this list, one administrator makes a second account of
#   his own and approves his own requests with it.
# Not the register (no personal data; every employee holds it).
FOUR_EYES: frozenset[Capability] = frozenset(
    {C.REPORTER_IDENTITY_VIEW, C.LOG_SEARCH, C.ACCESS_REVIEW, C.ACCOUNTS_MANAGE}
)

# Every capability's holders are decided above; one not listed is for core clusters only.
_CORE_ONLY = Holders(CORE, "not yet decided: core clusters only")

KIND_NAMES = {
    KERN: "een kerncluster",
    INTERN: "een interne partner",
    EXTERN: "een externe partner",
}


def capabilities_in(codes: Iterable[str]) -> list[Capability]:
    """The known capabilities among a role's codes, in the enum's order."""
    held = set(codes)
    return [c for c in Capability if c.value in held]


def not_allowed(kind: str, codes: Iterable[str]) -> list[Capability]:
    """The capabilities among `codes` that an organisation of this kind may not hold."""
    return [c for c in capabilities_in(codes) if kind not in HOLDERS.get(c, _CORE_ONLY).kinds]


def needs_four_eyes(codes: Iterable[str]) -> bool:
    return any(c in FOUR_EYES for c in capabilities_in(codes))

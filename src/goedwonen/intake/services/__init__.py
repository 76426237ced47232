"""Writes on reports, a module per concern: `registration` (one report, every channel),
`delivery` (a cluster's delivery of many), `checks` (what both check), `triage` (triage and
transitions), `contacts` (the reporter's contact details) and `routing_rules` (routing rules
and service norms)."""

from goedwonen.core.models import Verwerkingsactiviteitcode

ACTIVITY = Verwerkingsactiviteitcode.MELDINGEN_BEHANDELING

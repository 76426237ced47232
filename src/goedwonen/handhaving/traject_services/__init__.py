"""Writes on enforcement procedures: start one (on a case, or on a report handled without a
case), take its steps in the order of its instrument version, check and send a step's
letter, record objections and appeals and the decisions on them, close it.

Each step takes its term and letter from the version the procedure started with, makes the
letter as a PDF (refused when the registry lacks the addressee's postal address), completes
the task the previous step set out and sets out one for the next step's role, adds a line
to the case timeline and writes the processing log, all in one transaction. A decision
(`Stapsoort.BESLUIT`) tells the landlord monitor (`core.registries.dwelling_events`).
"""

from .common import ACTIVITY, OUT_OF_TURN, TRANSITIONS, next_step_index, version_step
from .lifecycle import (
    owner_parties,
    report_may_have_procedure,
    report_owners,
    traject_close,
    traject_start_on_case,
    traject_start_on_report,
    trajecten_destroy,
)
from .rechtsmiddelen import (
    APPEALABLE,
    BESLISTERMIJN_BEZWAAR,
    BEZWAARTERMIJN,
    rechtsmiddel_decide,
    rechtsmiddel_record,
)
from .stappen import brief_send, is_boetebesluit, stap_record

__all__ = [
    "ACTIVITY",
    "APPEALABLE",
    "BESLISTERMIJN_BEZWAAR",
    "BEZWAARTERMIJN",
    "OUT_OF_TURN",
    "TRANSITIONS",
    "brief_send",
    "is_boetebesluit",
    "next_step_index",
    "owner_parties",
    "rechtsmiddel_decide",
    "rechtsmiddel_record",
    "report_may_have_procedure",
    "report_owners",
    "stap_record",
    "traject_close",
    "traject_start_on_case",
    "traject_start_on_report",
    "trajecten_destroy",
    "version_step",
]

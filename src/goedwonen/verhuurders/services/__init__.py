"""Writes of the landlord monitor, a module per concern: `gesprekken` (invite, record and
cancel warning and stop talks), `signaleringen` (recidivism alerts: the dwelling-events hook
and the scan of imported history) and `kandidaten` (deciding about stop-talk candidates)."""


def naam(eigenaar: object) -> str:
    """The owner's name on one line, for a timeline line, a task or a message (the BRK may
    deliver a name with a line break)."""
    return " ".join(str(eigenaar).split())

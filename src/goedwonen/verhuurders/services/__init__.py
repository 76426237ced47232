"""Writes of the landlord monitor, a module per concern: `gesprekken` (invite, record and
cancel warning and stop talks), `signaleringen` (recidivism alerts: the dwelling-events hook
and the scan of imported history) and `kandidaten` (deciding about stop-talk candidates)."""

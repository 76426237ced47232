"""Writes on cases, a module per concern: `cases` (create, link a report, status, close),
`open_cases` (a new report joins the open case on its object), `sharing`, `case_tasks`,
`parties`, `timeline` (events, notes, the processing log) and `retention` (destruction)."""

"""The built-in checks an inspector runs when recording a home visit (issue 5).

Pure computation, no models of its own:

- `huurprijs`: WWS points and maximum legal rent (package `woningwaardering`) against the
  agreed bare rent, with the excess and the policy threshold (`huurprijs_check`).
- `bewoning`: persons found against usable floor area (`bewoning_check`).
- `vergunning`: rental permit and opkoopbescherming for a registry object on a date, and
  whether the current owner holds a valid permit (`vergunningen_check`; reads the registry).
- `parameters`: every norm as a `Parameter` with its source.

The modules are imported one by one: `huurprijs` pulls in woningwaardering (and pandas),
`vergunning` needs the Django app registry.
"""

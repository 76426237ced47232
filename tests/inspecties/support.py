"""Helpers for the visit tests: sharing a case, and posting a form the way a browser does."""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser

from django.utils import timezone

from goedwonen.casussen.services.sharing import casus_share

# In 2026 (the year the rent table and woningwaardering cover), before today.
DATUM = date(2026, 7, 1)


def share(casus, regisseur, organisatie, onderdelen):
    return casus_share(
        actor=regisseur,
        casus=casus,
        organisatie=organisatie,
        rol="wijkagent",
        doel="Gezamenlijke controle",
        grondslag="Wet politiegegevens art. 16; convenant Rotterdams Goed Wonen",
        onderdelen=list(onderdelen),
        tot=timezone.localdate() + timedelta(days=30),
    )


class _FormFields(HTMLParser):
    """The values a browser would submit for the page's post forms of class utrecht-form
    (not the sign-out button in the header)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: dict[str, str | None] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            post = (a.get("method") or "").lower() == "post"
            self._in_form = post and "utrecht-form" in (a.get("class") or "").split()
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value") or "on")
            elif kind != "submit":
                self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self.data.setdefault(self._select, []).append(value)
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.data[self._select] = [self._select_first]
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][0] += data.removeprefix("\n")


def browser_post(html: str, **changes: str | list[str]) -> dict[str, list[str]]:
    """What submitting the page's form sends, with `changes` typed in (a list for a group
    of checkboxes, [] to untick; "" to clear a field)."""
    parser = _FormFields()
    parser.feed(html)
    data = parser.data
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    # Unticked boxes send nothing; the test client needs no CSRF token.
    return {k: v for k, v in data.items() if v and k != "csrfmiddlewaretoken"}

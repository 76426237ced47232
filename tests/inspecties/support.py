"""Helpers for the visit tests: posting a form the way a browser does."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

from django.test import Client

from goedwonen.inspecties.stappen import STAPPEN

# In 2026 (the year the rent table and woningwaardering cover), before today.
DATUM = date(2026, 7, 1)


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


def step_of(html: str) -> str:
    found = re.search(r'<input type="hidden" name="stap" value="(\w+)">', html)
    assert found is not None, "not a step of the visit form"
    return found[1]


def walk_steps(
    client: Client, url: str, *, record: bool = True, until: str = "", **changes: Any
) -> Any:
    """Go through the visit steps as a browser does, typing `changes` (form field names)
    on the step that asks for them, pressing 'Volgende' on each; on the summary press
    'Bezoek vastleggen' (or stop there when not `record`, or at step `until`). Returns the
    last response; a step that refuses to go on (its errors) is returned as it is."""
    response = client.get(url)
    for _ in range(len(STAPPEN) + 1):
        page = response.content.decode()
        if step_of(page) == until:
            return response
        if step_of(page) == "overzicht":
            return client.post(url, browser_post(page, actie="vastleggen")) if record else response
        response = client.post(url, browser_post(page, actie="volgende", **changes))
        if response.status_code != 302:
            return response
        response = client.get(response["Location"])
    raise AssertionError("the steps never reached the summary")

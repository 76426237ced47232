"""What other apps add to a case, registered from their `AppConfig.ready()`: a section of the
case page (visits, documents), and what goes with a case when it is destroyed after its
retention term. The case app calls them and imports none of those apps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from goedwonen.core.registries import Registry

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .selectors import Inzage


@dataclass(frozen=True)
class CasePageSection:
    """A section of the case page: the template included, and its context for the actor's
    view of the case (`Inzage`; the section shows only what the actor may see)."""

    template: str
    context: Callable[[HttpRequest, Inzage], dict[str, Any]]


# In the order registered (INSTALLED_APPS): the order on the page.
case_page_sections: Registry[CasePageSection] = Registry("case_page_sections")
# Each called as `destroy(casus=casus)` inside the case's destruction, before the case goes.
case_destroyers: Registry[Callable[..., object]] = Registry("case_destroyers")

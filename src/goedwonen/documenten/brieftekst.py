"""The letter-text engine: renders and checks a letter text kept as data.

A text is a Django template WITHOUT loaders (it cannot include or extend a template from disk)
whose placeholders are `{{ brief.<key> }}` of a letter's snapshot. One engine for every letter
text kept as data: documenten's letter templates and handhaving's catalogue letters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError
from django.utils import translation

_UNKNOWN = "\x00onbekend:%s\x00"
# No loaders: a text cannot include or extend a template from disk.
_ENGINE = Engine(autoescape=True, loaders=[])
_CHECKING_ENGINE = Engine(autoescape=True, loaders=[], string_if_invalid=_UNKNOWN)


def plaatshouders(voorbeeld: Mapping[str, Any]) -> tuple[str, ...]:
    """The placeholders a text may use with a snapshot shaped like `voorbeeld`, in its order."""
    return tuple(
        f"brief.{key}.{sub}" if isinstance(value, dict) else f"brief.{key}"
        for key, value in voorbeeld.items()
        for sub in (value if isinstance(value, dict) else [None])
    )


def brief_tekst_render(tekst: str, brief: Mapping[str, Any]) -> str:
    """A letter text filled with `brief`: HTML-escaped text, paragraphs still separated by
    blank lines (the letter layout places it with `|linebreaks`)."""
    with translation.override("nl"):
        return _ENGINE.from_string(tekst).render(Context({"brief": brief}, autoescape=True))


def brief_tekst_errors(tekst: str, *, voorbeeld: Mapping[str, Any]) -> list[str]:
    """What is wrong with a letter text, in Dutch: template syntax, a template it would load,
    or a placeholder that `voorbeeld` (an example snapshot) lacks. Empty when it renders."""
    try:
        with translation.override("nl"):
            rendered = _CHECKING_ENGINE.from_string(tekst).render(Context({"brief": voorbeeld}))
    except TemplateSyntaxError as error:
        return [f"de tekst is geen geldig sjabloon: {error}"]
    except TemplateDoesNotExist as error:
        return [f"de tekst laadt een ander sjabloon ({error}); dat kan niet in een brief"]
    except Exception as error:  # a filter given a value it cannot take, e.g. date:"x" on text
        return [f"de tekst is niet te vullen: {error}"]
    unknown = sorted(
        {part.split("\x00")[0] for part in rendered.split("\x00onbekend:")[1:] if part}
    )
    if unknown:
        return [
            f"onbekende plaatshouder{'s' if len(unknown) > 1 else ''} "
            + ", ".join(f"{{{{ {name} }}}}" for name in unknown)
            + "; gebruik "
            + ", ".join(plaatshouders(voorbeeld))
        ]
    return []

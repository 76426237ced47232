"""The translations are committed compiled, so a fresh machine needs no gettext: these tests
fail when a message in the code or templates has no translation, when a .po file and its
committed .mo differ, or when a translation loses a placeholder. After changing a marked
text: `cd src/goedwonen && django-admin makemessages -l en -l pl -l ro -l bg --no-location
--no-obsolete -i "static/*"`, translate, then `django-admin compilemessages`."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import polib
import pytest

from django.conf import settings
from django.utils.translation.template import templatize

PACKAGE = Path(settings.PACKAGE_DIR)
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
# What templatize() makes of {% translate %} and {% blocktranslate %}: gettext(u'...').
TEMPLATE_CALL = re.compile(r"\bn?gettext\(u('(?:[^'\\]|\\.)*')")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def _catalogue(taal: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / taal / "LC_MESSAGES" / "django.po"))


def _marked_in_python() -> set[str]:
    marked = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in GETTEXT_CALLS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                marked.add(node.args[0].value)
    return marked


def _marked_in_templates() -> set[str]:
    marked = set()
    for path in (PACKAGE / "templates").rglob("*.html"):
        for literal in TEMPLATE_CALL.findall(templatize(path.read_text(), origin=str(path))):
            marked.add(ast.literal_eval(literal))
    return marked


def test_the_translated_languages_are_the_four_of_the_reporting_point():
    assert TRANSLATED == ["en", "pl", "ro", "bg"]


@pytest.mark.parametrize("taal", TRANSLATED)
def test_every_marked_message_has_a_translation(taal):
    catalogue = _catalogue(taal)
    translated = {entry.msgid for entry in catalogue.translated_entries()}
    missing = (_marked_in_python() | _marked_in_templates()) - translated
    assert not missing, f"{taal}: no translation for {sorted(missing)}"
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def _messages(entries: list[polib.POEntry] | list[polib.MOEntry]) -> dict[str, object]:
    return {
        entry.msgid: (
            (entry.msgid_plural, dict(entry.msgstr_plural)) if entry.msgid_plural else entry.msgstr
        )
        for entry in entries
        if entry.msgid  # not the header
    }


@pytest.mark.parametrize("taal", TRANSLATED)
def test_the_committed_mo_file_is_the_po_file_compiled(taal):
    folder = PACKAGE / "locale" / taal / "LC_MESSAGES"
    # msgfmt leaves out untranslated and fuzzy messages; the first test refuses those.
    compiled = list(polib.mofile(str(folder / "django.mo")))
    assert _messages(compiled) == _messages(_catalogue(taal).translated_entries())
    # And Python's gettext (what Django reads) takes it, with the language's plural rule.
    with open(folder / "django.mo", "rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    assert mo.info()["plural-forms"] == _catalogue(taal).metadata["Plural-Forms"]


@pytest.mark.parametrize("taal", TRANSLATED)
def test_translations_keep_every_placeholder(taal):
    for entry in _catalogue(taal).translated_entries():
        expected = sorted(set(PLACEHOLDER.findall(entry.msgid)))
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert sorted(set(PLACEHOLDER.findall(text))) == expected, (entry.msgid, text)


@pytest.mark.parametrize("taal", TRANSLATED)
def test_the_catalogue_says_it_needs_review_by_a_native_speaker(taal):
    catalogue = _catalogue(taal)
    assert "native speaker" in catalogue.header
    assert catalogue.metadata["Language"] == taal

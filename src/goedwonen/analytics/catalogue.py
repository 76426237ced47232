"""Rules every indicator of the catalogue must meet before it can be used.

An indicator may only compute on its own dwelling's row (the columns in `engine.COLUMNS`),
with the functions in `engine.FUNCTIONS`, and never with a protected attribute: nationality,
ethnicity, country of birth, religion, gender, age or language (docs/domain.md, "Analysing
responsibly"). The expression is parsed by DuckDB itself and its syntax tree is checked, so no
spelling of a table function or subquery slips through; then it is bound against an empty
dwelling table, so a type error shows before a run.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache
from typing import Any

from goedwonen.registry import contract

from .engine import COLUMNS, FUNCTIONS, Store, connect, prepare_empty

# Stems of the protected attributes, in Dutch and English. A word of an indicator's code, name,
# sources, expressions or parameter names that starts with one of these is refused.
PROTECTED_STEMS = (
    "nationalit",
    "etni",
    "ethni",
    "afkomst",
    "herkomst",
    "migratie",
    "allochto",
    "geboorte",
    "birth",
    "religi",
    "geloof",
    "kerk",
    "moskee",
    "geslacht",
    "gender",
    "sekse",
    "leeftijd",
    "taal",
    "language",
)
PROTECTED_WORDS = {"age", "sex", "ras", "race", "jaar_geboren", "moedertaal"}

# What an indicator may name as its sources: the files of the data contract, the area map
# and Goedwonen's own records.
SOURCES = {source.name for source in contract.CSV_SOURCES} | {"gebiedsindeling", "goedwonen"}

_ALLOWED_NODES = {
    "CONSTANT",
    "CASE",
    "CONJUNCTION",
    "OPERATOR",
    "COMPARISON",
    "CAST",
    "TYPE",
    "BETWEEN",
}
_WORD = re.compile(r"[a-z]+")
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
REQUIRED_TEXT = ("naam", "uitleg", "reden", "doel", "grondslag", "eigenaar")


def protected_words(text: str) -> list[str]:
    """The words of `text` that name a protected attribute."""
    found = []
    for word in _WORD.findall(text.lower()):
        if word in PROTECTED_WORDS or word.startswith(PROTECTED_STEMS):
            found.append(word)
    return found


def _nodes(tree: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(tree, dict):
        if "class" in tree:
            yield tree
        for value in tree.values():
            yield from _nodes(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from _nodes(value)


_LOCK = threading.Lock()  # one connection, checked one expression at a time


@cache
def _empty_dwellings() -> Any:
    """A DuckDB connection holding an empty `woning` table with the engine's column types."""
    con = connect(threads=1)
    prepare_empty(con, Store(files={}))
    return con


def expression_errors(expression: str, parameters: Mapping[str, Any]) -> list[str]:
    """What is wrong with an indicator's SQL expression; empty when it may be used."""
    if not expression.strip():
        return ["Vul een SQL-expressie in."]
    with _LOCK:
        return _expression_errors(_empty_dwellings(), expression, parameters)


def _expression_errors(con: Any, expression: str, parameters: Mapping[str, Any]) -> list[str]:
    tree = json.loads(
        con.execute(
            "SELECT json_serialize_sql(?)", [f"SELECT ({expression}) FROM woning"]
        ).fetchone()[0]
    )
    if tree.get("error"):
        return [f"Geen geldige SQL-expressie: {tree.get('error_message', '')}".strip()]
    statements = tree["statements"]
    if len(statements) != 1 or statements[0]["node"].get("from_table", {}).get("table_name") != (
        "woning"
    ):
        return ["Alleen één expressie over de woning is toegestaan."]
    errors: list[str] = []
    for node in _nodes(statements[0]["node"]["select_list"]):
        kind = node["class"]
        if kind == "FUNCTION":
            name = str(node["function_name"]).lower()
            if name not in FUNCTIONS:
                errors.append(f"De functie {name} is niet toegestaan.")
        elif kind == "COLUMN_REF":
            column = ".".join(node["column_names"])
            if column not in COLUMNS:
                errors.append(f"Onbekende kolom {column}: gebruik alleen kolommen van de woning.")
        elif kind == "PARAMETER":
            if node["identifier"] not in parameters:
                errors.append(f"De parameter ${node['identifier']} is niet gedefinieerd.")
        elif kind not in _ALLOWED_NODES:
            errors.append(f"{kind.lower()} is niet toegestaan in een indicator.")
    if errors:
        return sorted(set(errors))
    values = {name: parameters[name]["waarde"] for name in _PARAMETER.findall(expression)}
    try:
        con.execute(f"SELECT CAST(({expression}) AS DOUBLE) FROM woning", values)
    except Exception as error:  # duckdb raises its own error classes; all mean "unusable"
        return [f"De expressie is niet uit te rekenen: {str(error).splitlines()[0]}"]
    return []


def _parameter_errors(parameters: Any) -> list[str]:
    if not isinstance(parameters, dict):
        return ["Parameters zijn een lijst van naam met waarde, bron en geldig_vanaf."]
    errors = []
    for name, parameter in parameters.items():
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            errors.append(f"Parameternaam {name!r}: alleen kleine letters, cijfers en _.")
            continue
        if not isinstance(parameter, dict) or "waarde" not in parameter:
            errors.append(f"Parameter {name}: geef een waarde.")
            continue
        if not isinstance(parameter["waarde"], int | float | str) or isinstance(
            parameter["waarde"], bool
        ):
            errors.append(f"Parameter {name}: de waarde is een getal of tekst.")
        if not str(parameter.get("bron", "")).strip():
            errors.append(f"Parameter {name}: noem de bron (regeling, artikel of beleidskeuze).")
        for key in ("geldig_vanaf", "geldig_tot"):
            if parameter.get(key):
                try:
                    date.fromisoformat(str(parameter[key]))
                except ValueError:
                    errors.append(f"Parameter {name}: {key} is geen datum (JJJJ-MM-DD).")
        if not parameter.get("geldig_vanaf"):
            errors.append(f"Parameter {name}: geef de datum vanaf wanneer hij geldt.")
    return errors


def indicator_errors(indicator: Mapping[str, Any]) -> dict[str, list[str]]:
    """Per field what is wrong with one indicator definition; empty when it may be used."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    code = str(indicator.get("code", ""))
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", code):
        add("code", "Een code is 2 tot 40 kleine letters, cijfers of _, beginnend met een letter.")
    for field in REQUIRED_TEXT:
        if not str(indicator.get(field, "")).strip():
            add(field, "Dit veld is verplicht.")
    bronnen = indicator.get("bronnen", [])
    if not isinstance(bronnen, list) or not bronnen:
        add("bronnen", "Noem de bronbestanden waar de indicator op steunt.")
    else:
        for bron in bronnen:
            if bron not in SOURCES:
                add("bronnen", f"Onbekende bron {bron!r}; kies uit {', '.join(sorted(SOURCES))}.")
    gewicht = indicator.get("gewicht")
    if not isinstance(gewicht, int | float) or isinstance(gewicht, bool) or gewicht < 0:
        add("gewicht", "Het gewicht is een getal van 0 of meer.")
    parameters = indicator.get("parameters", {})
    for message in _parameter_errors(parameters):
        add("parameters", message)
    checked = {
        "code": code,
        "naam": str(indicator.get("naam", "")),
        "bronnen": " ".join(map(str, bronnen)) if isinstance(bronnen, list) else str(bronnen),
        "berekening": str(indicator.get("berekening", "")),
        "waarde": str(indicator.get("waarde", "")),
        "parameters": " ".join(parameters) if isinstance(parameters, dict) else "",
    }
    for field, text in checked.items():
        words = protected_words(text)
        if words:
            add(
                field,
                "Een indicator mag geen nationaliteit, etniciteit, geboorteland, religie, "
                f"geslacht, leeftijd of taal gebruiken (gevonden: {', '.join(sorted(set(words)))})"
                ".",
            )
    if "parameters" not in errors and isinstance(parameters, dict):
        for field in ("berekening", "waarde"):
            if field not in errors:
                for message in expression_errors(str(indicator.get(field, "")), parameters):
                    add(field, message)
    return errors


def catalogue_errors(indicators: list[Mapping[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """Per indicator code (or position) what is wrong; empty when the whole catalogue is fine."""
    errors: dict[str, dict[str, list[str]]] = {}
    seen: set[str] = set()
    for position, indicator in enumerate(indicators, start=1):
        key = str(indicator.get("code") or f"#{position}")
        found = indicator_errors(indicator)
        if key in seen:
            found.setdefault("code", []).append("Deze code komt twee keer voor.")
        seen.add(key)
        if found:
            errors[key] = found
    if not any(indicator.get("actief", True) for indicator in indicators):
        errors.setdefault("catalogus", {})["actief"] = ["Zet ten minste één indicator aan."]
    return errors

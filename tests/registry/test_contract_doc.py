"""docs/data-contract.md describes the contract module: every file, column and vocabulary value
the module declares is on the page, in the section of its file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from goedwonen.registry import contract

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-contract.md"


def _sections() -> dict[str, str]:
    """The text under each `### \\`file\\`` heading, up to the next heading of any level."""
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^(#+ .*)$", text, flags=re.MULTILINE)
    return {
        match[1]: body
        for heading, body in zip(parts[1::2], parts[2::2], strict=True)
        if (match := re.match(r"^### `([^`]+)`", heading))
    }


@pytest.mark.parametrize("source", contract.SOURCES, ids=lambda s: s.name)
def test_every_file_and_column_of_the_contract_is_documented(source):
    section = _sections().get(source.name)
    assert section is not None, f"docs/data-contract.md has no section for {source.name}"
    documented = re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)
    assert documented == list(source.column_names)
    for column in source.columns:
        row = next(line for line in section.splitlines() if line.startswith(f"| `{column.name}` |"))
        assert f"| {column.kind.value} |" in row
        assert ("| required |" in row) == column.required
        if column.vocabulary and column.vocabulary != contract.CATEGORIES:
            for value in column.vocabulary:
                assert f"`{value}`" in row, f"{source.name} {column.name}: {value} undocumented"


def test_the_doc_names_no_file_the_contract_lacks():
    assert set(_sections()) == {source.name for source in contract.SOURCES}


def test_every_category_code_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for code in contract.CATEGORIES:
        assert f"| `{code}` |" in text

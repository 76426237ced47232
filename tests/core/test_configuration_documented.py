"""Every environment variable the product reads is in README's configuration table (issue 12,
point 19): an operator learns the product's settings from that table alone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "goedwonen"
# Where settings come from: every GOEDWONEN_* name anywhere, and any other name these read.
ENTRY_POINTS = ("settings.py", "cli.py")


def _environment_reads(tree: ast.AST) -> set[str]:
    """Names read with os.environ.get / os.getenv / os.environ[...] (not those set)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = ast.unparse(node.func)
            if func in {"os.environ.get", "os.getenv", "environ.get", "getenv"}:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names.add(first.value)
        if (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) == "os.environ"
            and isinstance(node.ctx, ast.Load)
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return names


def variables_read() -> set[str]:
    names: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.update(
                    name
                    for name in re.findall(r"\bGOEDWONEN_[A-Z0-9_]+\b", node.value)
                    if not name.endswith("_")
                )
        if path.relative_to(SOURCE).as_posix() in ENTRY_POINTS:
            names |= _environment_reads(tree)
    return names


def documented() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    # The first column of each row names its variables, each in backticks.
    return {
        name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split(" | ")[0])
    }


def test_the_source_reads_the_variables_the_test_expects():
    found = variables_read()
    assert {
        "GOEDWONEN_DEBUG",
        "GOEDWONEN_OIDC_ISSUER",
        "GOEDWONEN_WEB_WORKERS",
        "DATABASE_URL",
    } <= found
    assert "DJANGO_SETTINGS_MODULE" not in found  # set by cli.py, not read for configuration


def test_every_environment_variable_is_in_the_readme_configuration_table():
    missing = sorted(variables_read() - documented())
    assert missing == [], f"not in README's configuration table: {', '.join(missing)}"

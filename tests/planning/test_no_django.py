"""The planning engine imports no Django (also enforced by ruff's banned-api in its ruff.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

import mijlpaal.planning

PACKAGE = Path(mijlpaal.planning.__file__).parent
ALLOWED_THIRD_PARTY = {"holidays", "yaml"}


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_no_django_imports() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 8
    offenders = [
        f"{path.name}: {name}"
        for path in files
        for name in _imports(path)
        if name == "django" or name.startswith("django.")
    ]
    assert offenders == []


def test_only_stdlib_holidays_and_yaml() -> None:
    import sys

    for path in sorted(PACKAGE.rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY, (
                f"{path.name}: {name}"
            )


def test_ruff_config_bans_django() -> None:
    text = (PACKAGE / "ruff.toml").read_text(encoding="utf-8")
    assert 'extend = "../../../pyproject.toml"' in text
    assert "[lint.flake8-tidy-imports.banned-api]" in text
    assert '"django".msg' in text

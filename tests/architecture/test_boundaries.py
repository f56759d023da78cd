"""The Rasa runtime and the services meet over HTTP only (see docs/CONTRACTS.md)."""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_SIDE = ("actions", "bot", "connectors")
SERVICE_SIDE = ("backend", "console")


def imported_roots(package: str) -> set[str]:
    roots: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                roots.add(node.module.split(".")[0])
    return roots


def test_rasa_side_never_imports_the_services() -> None:
    for package in RASA_SIDE:
        if (ROOT / package).is_dir():
            assert not imported_roots(package) & {*SERVICE_SIDE, "fastapi", "alembic"}, package


def test_services_never_import_the_rasa_side() -> None:
    for package in SERVICE_SIDE:
        if (ROOT / package).is_dir():
            assert not imported_roots(package) & {*RASA_SIDE, "rasa", "rasa_sdk"}, package


def test_rasa_side_loads_in_its_own_environment_without_service_modules() -> None:
    code = (
        "import importlib, json, pkgutil, sys\n"
        f"for pkg in {list(RASA_SIDE)!r}:\n"
        "    mod = importlib.import_module(pkg)\n"
        "    for info in pkgutil.walk_packages(mod.__path__, pkg + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'backend', 'console', 'fastapi', 'alembic'})\n"
        "import sqlalchemy\n"
        "print(json.dumps({'bad': bad, 'sqlalchemy': sqlalchemy.__version__}))\n"
    )
    out = subprocess.run(
        [str(ROOT / ".venv-rasa" / "bin" / "python"), "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["bad"] == []
    assert result["sqlalchemy"].startswith("1.4"), "the Rasa env must keep Rasa's SQLAlchemy 1.4"

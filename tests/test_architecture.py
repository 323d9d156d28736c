"""The dependency rules of STYLE.md, checked by walking every import of the code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def files_in(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def top(name: str) -> str:
    return name.split(".")[0]


# (package, modules it must never import, files allowed anyway)
RULES = [
    ("geo", {"streamlit", "consultations", "workflows", "ui", "sqlalchemy", "alembic"}),
    ("consultations", {"streamlit", "geo", "workflows", "ui", "folium"}),
    ("workflows", {"streamlit", "ui", "folium"}),
    ("translations", {"streamlit", "geo", "consultations", "workflows", "ui"}),
]


@pytest.mark.parametrize(("package", "forbidden"), RULES)
def test_package_never_imports_forbidden_modules(package: str, forbidden: set[str]) -> None:
    offenders = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files_in(package)
        for name in imported_modules(path)
        if top(name) in forbidden
    }
    assert not offenders, sorted(offenders)


def test_only_the_storage_package_imports_sqlalchemy() -> None:
    storage = ROOT / "consultations" / "storage"
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("geo", "consultations", "workflows", "ui", "app_pages", "translations")
        for path in files_in(package)
        if storage not in path.parents
        and any(top(n) in ("sqlalchemy", "alembic") for n in imported_modules(path))
    ]
    assert offenders == []


def test_only_the_map_module_imports_folium() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("geo", "consultations", "workflows", "ui", "translations")
        for path in files_in(package)
        if path != ROOT / "geo" / "maps.py" and "folium" in {top(n) for n in imported_modules(path)}
    ]
    assert offenders == []


def test_pages_live_in_app_pages_not_in_a_pages_folder() -> None:
    assert not (ROOT / "pages").exists()
    assert list((ROOT / "app_pages").glob("*.py"))


# Flat declarations (the table list, generated migrations) may be long; logic may not.
LONG_BY_NATURE = {"schema.py"}


def test_modules_stay_small() -> None:
    too_long = {
        str(path.relative_to(ROOT)): n
        for package in ("geo", "consultations", "workflows", "ui", "app_pages")
        for path in files_in(package)
        if "migrations" not in path.parts
        and path.name not in LONG_BY_NATURE
        and (n := len(path.read_text().splitlines())) > 350
    }
    assert too_long == {}


def test_pages_act_as_the_signed_in_user_never_as_a_made_up_name() -> None:
    """Services check the actor's role; a page passing a string would act as the operator."""
    offenders = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in (ROOT / "app_pages").glob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"actor=[\"']", line) or re.search(r"\}, [\"']\w+[\"']\)", line)
    ]
    assert not offenders, offenders

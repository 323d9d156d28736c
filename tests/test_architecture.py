"""The dependency rules of README's "How it is built", checked by walking every import of the code."""

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


# (package, modules it must never import)
RULES = [
    ("geo", {"streamlit", "consultations", "ui", "sqlalchemy", "alembic"}),
    ("consultations", {"streamlit", "ui", "folium"}),
    ("translations", {"streamlit", "geo", "consultations", "ui"}),
    ("api", {"streamlit", "ui", "folium", "sqlalchemy", "alembic"}),
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


FEATURES = sorted(
    p.name for p in (ROOT / "consultations").iterdir() if (p / "__init__.py").exists()
)


def is_storage(path: Path) -> bool:
    """A feature's SQL (``store.py``, ``store_*.py``) or the core's store, schema and migrations."""
    core = ROOT / "consultations" / "core"
    feature_store = path.name.startswith("store") and path.parent.parent == ROOT / "consultations"
    return (feature_store and path.parent != core) or (
        path.parent == core
        and path.stem in {"database", "schema", "geometry", "events", "commands", "versions",
                          "audit", "scopes", "frames", "bulk", "engines", "receipt_rows"}
    ) or "migrations" in path.parts  # fmt: skip


def test_only_storage_modules_import_sqlalchemy() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("geo", "consultations", "ui", "app_pages", "translations")
        for path in files_in(package)
        if not is_storage(path)
        and any(top(n) in ("sqlalchemy", "alembic") for n in imported_modules(path))
    ]
    assert offenders == []


def test_the_application_is_one_package_per_feature_each_with_its_door() -> None:
    expected = {"core", "land", "households", "consent", "meetings", "concerns", "commitments",
                "documents", "procedure", "accounts", "audit", "reporting", "projects", "backups",
                "fieldwork", "petitions", "compensation", "setup", "api_clients", "outbox", "jobs"}  # fmt: skip
    assert set(FEATURES) == expected
    assert not [p.name for p in (ROOT / "consultations").glob("*.py") if p.name != "__init__.py"]
    assert not (ROOT / "workflows").exists() and not (ROOT / "consultations" / "storage").exists()
    missing = [
        f
        for f in FEATURES
        if f != "core" and not (ROOT / "consultations" / f / "service.py").exists()
    ]
    assert missing == []


#: The features' floors, lowest first: a feature imports only features of lower floors, so the
#: features form a tree (no two import each other, no import runs upward). The registry of
#: projects and the records every other feature links to are low; the read models over several
#: features (``reporting``) and setting a project up from its files (``setup``) are on top.
FLOORS = (
    {"core"},
    {"outbox"},  # written in the same transaction as the changes of every feature above it
    {"projects", "households", "concerns", "commitments", "documents", "backups", "api_clients"},
    {"accounts", "audit", "consent", "land", "petitions", "procedure"},
    {"compensation", "fieldwork", "meetings"},
    {"reporting", "setup"},
    {"jobs"},
)


def feature_imports() -> dict[str, dict[str, set[str]]]:
    """For each feature, the other features it imports, with the modules that import them."""
    graph: dict[str, dict[str, set[str]]] = {f: {} for f in FEATURES}
    for path in files_in("consultations"):
        rel = path.relative_to(ROOT).parts
        if len(rel) < 3:
            continue
        for name in imported_modules(path):
            parts = name.split(".")
            if parts[0] == "consultations" and len(parts) > 1 and parts[1] != rel[1]:
                graph[rel[1]].setdefault(parts[1], set()).add("/".join(rel))
    return graph


def test_every_feature_has_one_floor() -> None:
    placed = [f for floor in FLOORS for f in floor]
    assert sorted(placed) == FEATURES


def test_no_feature_imports_a_feature_on_its_own_floor_or_above() -> None:
    floor_of = {f: i for i, floor in enumerate(FLOORS) for f in floor}
    upward = sorted(
        f"{module} imports consultations.{other} (floor {floor_of[other]} ≥ {floor_of[feature]})"
        for feature, others in feature_imports().items()
        for other, modules in others.items()
        for module in modules
        if floor_of[other] >= floor_of[feature]
    )
    assert upward == []


def test_the_feature_import_graph_is_acyclic() -> None:
    graph = {f: set(others) for f, others in feature_imports().items()}
    done: set[str] = set()

    def cycle_from(feature: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        if feature in path:
            return (*path[path.index(feature) :], feature)
        if feature in done:
            return None
        for other in sorted(graph[feature]):
            found = cycle_from(other, (*path, feature))
            if found:
                return found
        done.add(feature)
        return None

    cycles = [c for f in FEATURES if (c := cycle_from(f, ()))]
    assert cycles == [], " → ".join(cycles[0])


def test_a_features_storage_is_imported_only_by_its_own_feature() -> None:
    """Another feature reaches it through the owner's service (``…_in`` inside a transaction)."""
    offenders = []
    for path in [*files_in("consultations"), *ENTRY_POINTS, *files_in("geo")]:
        rel = path.relative_to(ROOT).parts
        own = rel[1] if rel[0] == "consultations" and len(rel) > 2 else None
        for name in imported_modules(path):
            parts = name.split(".")
            feature_store = len(parts) == 3 and parts[1] != "core" and parts[2].startswith("store")
            if parts[0] == "consultations" and feature_store and parts[1] != own:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_functions_that_take_a_connection_are_named_for_it() -> None:
    """A service function that joins the caller's transaction ends in ``_in``; the rest open their own."""
    offenders = []
    for path in files_in("consultations"):
        if is_storage(path) or path.parent.name == "core":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                params = [a.arg for a in node.args.posonlyargs + node.args.args]
                if params[:1] == ["conn"] and not node.name.endswith("_in"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert offenders == []


def test_only_the_map_module_imports_folium() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("geo", "consultations", "ui", "translations")
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
        for package in ("geo", "consultations", "ui", "app_pages", "api")
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


ENTRY_POINTS = [
    ROOT / "cli.py", ROOT / "streamlit_app.py", *files_in("app_pages"), *files_in("ui"),
    *files_in("api"),  # the HTTP API: a thin layer over the doors, as the pages and the CLI
]  # fmt: skip


def test_entry_points_import_no_storage_and_no_sqlalchemy() -> None:
    """Pages, ui and the CLI reach records only through the features' doors."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in ENTRY_POINTS
        for name in imported_modules(path)
        if top(name) in ("sqlalchemy", "alembic")
        or (
            name.startswith("consultations.")
            and is_storage(ROOT / (name.replace(".", "/") + ".py"))
        )
    ]
    assert offenders == []


def test_ui_is_imported_only_by_streamlit_code() -> None:
    streamlit_code = {ROOT / "streamlit_app.py", *files_in("app_pages"), *files_in("ui")}
    offenders = [
        str(path.relative_to(ROOT))
        for path in [ROOT / "cli.py", *(p for pkg in ("geo", "consultations", "translations", "api") for p in files_in(pkg))]
        if path not in streamlit_code and any(top(n) == "ui" for n in imported_modules(path))
    ]  # fmt: skip
    assert offenders == []


def test_no_string_stands_in_for_an_actor() -> None:
    """``Actor | str`` (or a default such as ``actor: Actor = "system"``) would skip the checks."""
    pattern = re.compile(r"Actor\s*\|\s*str|str\s*\|\s*Actor|actor:\s*Actor\s*=|actor:\s*str\s*=")
    offenders = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for package in ("consultations", "ui", "app_pages")
        for path in files_in(package)
        if not is_storage(path)
        for line in path.read_text(encoding="utf-8").splitlines()
        if pattern.search(line)
    ]
    assert offenders == []


def _door_signatures() -> list[tuple[str, ast.FunctionDef]]:
    doors = []
    for package in ("consultations",):
        for path in files_in(package):
            if is_storage(path):
                continue
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                    doors.append((f"{path.relative_to(ROOT)}:{node.name}", node))
    return doors


def test_every_door_that_takes_the_store_takes_the_actor_as_a_keyword_without_default() -> None:
    """A public function over the store that reveals or changes personal data names its actor;
    the few that read only figures or geometry for every role are listed here, on purpose."""
    figures_only = {
        "list_projects", "find_project", "project_state", "project_figures", "land_features",
        "with_statuses", "project_land", "project_outlines", "feed_counters",
        "province_counters", "prepare_layer_in", "parcels_table", "sign_in", "sign_in_sso",
        "first_admin", "load_demo", "load_demo_project", "load_compensation", "affected_parcels", "write_affected", "resume_session",
        "end_session", "client_of_key", "track_matter", "public_project_page",
    }  # fmt: skip
    offenders = []
    for name, node in _door_signatures():
        args = node.args
        positional = [a.arg for a in args.posonlyargs + args.args]
        if "store" not in positional or node.name in figures_only:
            continue
        keyword = {a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)}
        if "actor" in positional or "actor" not in keyword or keyword["actor"] is not None:
            offenders.append(name)
    assert offenders == []


def test_no_connection_crosses_a_door() -> None:
    """Entry points never open a transaction: no ``store.read()``/``store.begin()`` and no ``conn``."""
    offenders = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in ENTRY_POINTS
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"\.(read|begin)\(\)|\bconn\b", line)
    ]
    assert offenders == []


#: What is still to move onto the unit of work (``core/unit.py``), feature by feature. The ceilings
#: only come down: a door converted lowers them, and nothing new may add to them (issue 28).
STR_ACTOR_CEILING = 84
WORK_CONN_CEILING = 29
#: Features whose doors all take the unit of work: none of the old ways left in them.
ON_THE_UNIT_OF_WORK = (
    "consent",
    "commitments",
    "concerns",
    "documents",
    "households",
    "procedure",
    "meetings",
    "projects",
    "accounts",
    "api_clients",
    "outbox",
    "fieldwork",
    "reporting",
)


def _occurrences(pattern: str, feature: str | None = None) -> list[str]:
    folder = "consultations" if feature is None else f"consultations/{feature}"
    return [
        f"{path.relative_to(ROOT)}:{n}"
        for path in files_in(folder)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(pattern, line)
    ]


@pytest.mark.parametrize(
    ("pattern", "ceiling"),
    [(r"\bstr\(actor\)", STR_ACTOR_CEILING), (r"\bdef work\(conn\b", WORK_CONN_CEILING)],
    ids=["str-actor", "work-conn-closure"],
)
def test_actors_as_strings_and_bare_connection_closures_only_go_down(
    pattern: str, ceiling: int
) -> None:
    """A command's helpers take its unit of work, which holds the ``Actor``: an actor turned into a
    name string, or a closure over a bare connection, is the old way, counted down to none."""
    found = _occurrences(pattern)
    assert len(found) <= ceiling, found
    assert len(found) == ceiling, f"{len(found)} left: lower the ceiling to it"


@pytest.mark.parametrize("feature", ON_THE_UNIT_OF_WORK)
def test_a_feature_on_the_unit_of_work_never_goes_back(feature: str) -> None:
    assert _occurrences(r"\bstr\(actor\)|\bdef work\(conn\b|\brun_once\(", feature) == []


def test_every_signed_in_page_begins_with_the_one_page_frame() -> None:
    """Title, store, actor and project come from ``ui.frame.page_frame``, not a preamble per page;
    the public page (nobody signed in) opens the store itself."""
    offenders = [
        path.name
        for path in (ROOT / "app_pages").glob("*.py")
        if path.stem != "public"
        and (
            "page_frame(" not in (text := path.read_text(encoding="utf-8"))
            or re.search(r"\b(app_store|current_actor)\(\)|^st\.title\(", text, re.MULTILINE)
        )
    ]
    assert offenders == []


#: A page reads as a table of contents: its sections live in ui/ (a folder per big page, such as
#: ui/overview/), and it stays within PAGE_AIM lines. The pages still longer are named here, to be
#: split in turn as the Overview was (import and field package wait for their background-jobs
#: panels, the consent map for its new drawing, compensation for its ui/compensation.py to
#: become its folder); meanwhile none grows past PAGE_CEILING (the longest today).
PAGE_AIM, PAGE_CEILING = 120, 235
LONGER_PAGES = {"import_layer", "field_package",
                "compensation", "consent_map"}  # fmt: skip


def test_pages_stay_thin() -> None:
    lines = {
        path.stem: len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "app_pages").glob("*.py")
    }
    assert {page: n for page, n in lines.items() if n > PAGE_CEILING} == {}
    assert {page: n for page, n in lines.items() if n > PAGE_AIM and page not in LONGER_PAGES} == {}
    assert all(lines[page] > PAGE_AIM for page in LONGER_PAGES)  # one split leaves this list

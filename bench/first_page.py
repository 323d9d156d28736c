"""The first page after signing in, for every role, with a province's 130 communes' projects.

    python bench/first_page.py [--projects 130] [--databases sqlite,postgis] [--typing 10]
                               [--profile chair]

Loads ``--projects`` copies of the Hưng Nguyên demo project (each its own slug, through the same
folder loader as ``cli.py setup``) into a fresh database of each kind, with one user per role: an
administrator, a chair of every project (a chair given no project reviews them all), a field
officer of one commune and a viewer. Then, in a fresh Python process per database (a restarted
server: empty caches), as a person does: the app's sign-in page is shown once (which starts the
warm-up, ``ui/warmup.py``), ``--typing`` seconds pass while a password is typed, and each role's
session runs ``streamlit_app.py`` (Streamlit's AppTest) signed in: the run lands on the role's home
page (``ui/pages.home_page``: the week for chairs and field officers, the Overview for the others).
Each role is timed twice: its first page, then the same page in a second new session (later
sign-ins, the caches warm). The anchor, timed in the same process: AppTest running a page with a
title, a few lines and a table of the projects, i.e. what Streamlit itself costs a page.
Prints the figures with the load average (the machine is shared), and one JSON line at the end.
Goal (issue 32): ≤ 1 s for every role on both databases. No test asserts on it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import PG_URL, drop  # noqa: E402
from profiling import profiled  # noqa: E402

from consultations.accounts.service import create_user  # noqa: E402
from consultations.accounts.sessions import open_session  # noqa: E402
from consultations.core.access import Actor, Role, Scope, operator  # noqa: E402
from consultations.core.database import open_store  # noqa: E402
from consultations.setup.demo import DEMO_ROOT  # noqa: E402
from consultations.setup.folder import load_project_folder  # noqa: E402

GOAL_S = 1.0
PASSWORD = "mat-khau-do-tai-du-dai"
ROLES = ("admin", "chair", "field_officer", "viewer")
ANCHOR_PAGE = """
import streamlit as st
from consultations.core.database import open_store
from consultations.projects.service import list_projects
store = open_store(st.session_state["url"])
projects = list_projects(store)
store.dispose()
st.title("Tổng quan")
st.write(f"{len(projects)} dự án")
st.dataframe([{"slug": p.slug, "name": p.name} for p in projects])
"""


def database_url(kind: str, folder: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{folder}/first_page.sqlite", None
    schema = f"first_{uuid.uuid4().hex[:10]}"
    admin = open_store(PG_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options=-csearch_path%3D{schema},public", schema


def build(url: str, projects: int, folder: Path) -> dict[str, str]:
    """The projects and one signed-in session per role (two each: first and later); tokens."""
    store = open_store(url)
    store.migrate()
    first = None
    started = time.perf_counter()
    for n in range(projects):
        copy = folder / f"du-an-{n:03d}"
        shutil.copytree(DEMO_ROOT / "hung-nguyen-vsip", copy, dirs_exist_ok=True)
        toml = (copy / "project.toml").read_text(encoding="utf-8")
        toml = toml.replace('slug = "hung-nguyen-vsip"', f'slug = "du-an-{n:03d}"')
        toml = toml.replace('name = "Mở rộng', f'name = "({n + 1:03d}) Mở rộng')
        (copy / "project.toml").write_text(toml, encoding="utf-8")
        project = load_project_folder(store, copy, actor=operator("bench"))
        first = first or project
    print(f"  {projects} projects loaded in {time.perf_counter() - started:.0f} s", flush=True)
    assert first is not None
    scopes = {"field_officer": [Scope(first.id, "Hưng Nguyên")]}
    tokens = {}
    for role in ROLES:
        user_id = create_user(store, f"bench-{role}", PASSWORD, Role(role), actor=operator("bench"),
                              scopes=scopes.get(role))  # fmt: skip
        actor = Actor(f"bench-{role}", Role(role), tuple(scopes.get(role, [])), user_id)
        for visit in ("first", "later", "profiled"):
            tokens[f"{role}/{visit}"] = open_session(store, actor=actor)
    store.dispose()
    return tokens


def warming() -> bool:
    return any(t.name == "clearway-warm-up" and t.is_alive() for t in threading.enumerate())


def measure(url: str, tokens: dict[str, str], typing_s: float, profile: str) -> dict[str, object]:
    """In this (fresh) process: the sign-in page, the typing, then each role's first page."""
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url
    entry = str(ROOT / "streamlit_app.py")

    def page(token: str | None) -> tuple[float, AppTest]:
        app = AppTest.from_file(entry, default_timeout=300)
        if token:
            app.session_state["session_token"] = token
        started = time.perf_counter()
        app.run()
        elapsed = time.perf_counter() - started
        assert not app.exception, app.exception
        return elapsed, app

    sign_in_s, _ = page(None)
    # The server's warm-up starts with its first page, but under AppTest its thread stops with
    # that page's run (its script context is stopped), so it is run here, as the server runs it.
    from ui import warmup

    threading.Thread(target=warmup._prepare, name="clearway-warm-up", daemon=True).start()
    time.sleep(typing_s)
    result: dict[str, object] = {
        "sign_in_page_s": sign_in_s,
        "warm_up_done_at_sign_in": not warming(),
    }
    for visit in ("first", "later"):
        for role in ROLES:
            elapsed, app = page(tokens[f"{role}/{visit}"])
            title = app.title[0].value if app.title else "?"
            result[f"{role}/{visit}"] = {"s": elapsed, "page": title, "load": os.getloadavg()[0]}
    if profile:  # after the timed runs, with Streamlit's caches emptied: a first page again
        import streamlit as st

        st.cache_data.clear()
        st.cache_resource.clear()
        result["profile"] = profiled(lambda: page(tokens[f"{profile}/profiled"]), 30)
    anchor = AppTest.from_string(ANCHOR_PAGE, default_timeout=60)
    anchor.session_state["url"] = url
    started = time.perf_counter()
    anchor.run()
    result["anchor_s"] = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=130)
    parser.add_argument("--databases", default="sqlite,postgis")
    parser.add_argument("--typing", type=float, default=10.0, help="seconds to type a password")
    parser.add_argument("--profile", default="", help="a role whose first page is profiled")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child: a JSON file of inputs
    args = parser.parse_args()
    if args.measure:
        given = json.loads(Path(args.measure).read_text())
        print(json.dumps(measure(given["url"], given["tokens"], args.typing, args.profile)))
        return
    results = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for kind in args.databases.split(","):
            url, schema = database_url(kind, folder)
            try:
                print(f"{kind}:", flush=True)
                tokens = build(url, args.projects, folder)
                inputs = folder / f"{kind}.json"
                inputs.write_text(json.dumps({"url": url, "tokens": tokens}))
                child = subprocess.run(
                    [sys.executable, __file__, "--measure", str(inputs), "--typing", str(args.typing),
                     "--profile", args.profile],
                    cwd=ROOT, capture_output=True, text=True,
                )  # fmt: skip
                if child.returncode:
                    raise SystemExit(child.stderr[-3000:])
                result = json.loads(child.stdout.strip().splitlines()[-1])
            finally:
                drop(schema)
            results[kind] = result
            print(f"  sign-in page {result['sign_in_page_s']:.2f} s; warm-up finished while typing: "
                  f"{result['warm_up_done_at_sign_in']}; anchor (a plain page of the projects) "
                  f"{result['anchor_s']:.2f} s")  # fmt: skip
            for role in ROLES:
                first, later = result[f"{role}/first"], result[f"{role}/later"]
                assert isinstance(first, dict) and isinstance(later, dict)
                verdict = "met" if max(first["s"], later["s"]) <= GOAL_S else "not met"
                print(f"  {role:14} {first['page']}: first {first['s']:.2f} s (load {first['load']:.1f}), "
                      f"later {later['s']:.2f} s (load {later['load']:.1f}) · goal ≤ {GOAL_S:.0f} s: {verdict}")  # fmt: skip
            if "profile" in result:
                print(result.pop("profile"))
    print(json.dumps({"projects": args.projects, **results}, ensure_ascii=False))


if __name__ == "__main__":
    main()

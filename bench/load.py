"""Benchmark: the app's services under load and attack, on SQLite and PostGIS.

For each database: editors record consent (each with its own idempotency key, some sent twice, as a
double tap) with think time, readers read figures and a household's history, one thread imports a
large parcel layer into another project, and flooders try to sign in with wrong passwords and
unknown names, all at once for ``--seconds``. Then it counts, from the store: events lost (saved
but not found), events doubled (one key, two events), errors by kind (stale edits and "busy" are
sentences the user sees; anything else is a raw error), and prints latency percentiles per kind
of work beside the goals, ending with one JSON line. Numbers are printed, never asserted.

The import runs as the app runs it: queued as a job and done by ``cli.py worker`` in its own process
(``--import-in worker``, the default); ``--import-in thread`` runs it in a thread of this process
instead, sharing the serving process's interpreter (the anchor: what the worker spares the users).

Run: .venv/bin/python bench/load.py [--editors 20] [--readers 20] [--flooders 30]
     [--parcels 100000] [--seconds 30] [--databases sqlite,postgis] [--import-in worker|thread]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from consultations.accounts.service import create_user, sign_in
from consultations.accounts.throttle import FAILURES
from consultations.consent.service import consent_history, record_consent
from consultations.consent.store import consent_events_of
from consultations.core.access import Role, operator
from consultations.core.database import Store, open_store
from consultations.core.errors import SignInFailed, StaleEdit, StoreBusy
from consultations.core.records import ConsentStatus, NewProject, ProjectKind
from consultations.households.service import add_household
from consultations.households.store import households_of
from consultations.jobs.model import JobStatus
from consultations.jobs.service import job_status, queue_import
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.preview import preview_import
from consultations.land.service import import_effects, import_layer
from consultations.land.store import active_parcel_count
from consultations.projects.store import insert_project
from consultations.reporting.state import project_figures
from translations import local_today

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/clearway_test"
)
ADMIN = operator("bench")
GOALS = {"reader p95 ms": 200, "writer p95 ms": 500}


def parcel_layer(count: int, folder: Path) -> Path:
    """``count`` square parcels of 30 m in EPSG:9208 near Vinh, with sheet and parcel numbers."""
    side = int(np.ceil(np.sqrt(count)))
    x0, y0 = 590_000.0, 2_060_000.0
    cells = [shapely.box(x0 + 30 * (i % side), y0 + 30 * (i // side),
                         x0 + 30 * (i % side) + 29, y0 + 30 * (i // side) + 29)
             for i in range(count)]  # fmt: skip
    frame = gpd.GeoDataFrame(
        {"so_to": [str(i // 1000) for i in range(count)], "so_thua": [str(i % 1000) for i in range(count)]},
        geometry=cells, crs=9208,
    )  # fmt: skip
    path = folder / "thua_lon.gpkg"
    frame.to_file(path, layer="thua", engine="pyogrio")
    return path


def open_fresh(kind: str, folder: Path) -> tuple[Store, str | None]:
    if kind == "sqlite":
        store = open_store(f"sqlite:///{folder}/load.sqlite")
        store.migrate()
        return store, None
    schema = f"load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    separator = "&" if "?" in PG_URL else "?"
    store = open_store(f"{PG_URL}{separator}options=-csearch_path%3D{schema},public")
    store.migrate()
    return store, schema


def drop(schema: str | None) -> None:
    if schema:
        admin = create_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0, "p50 ms": 0.0, "p95 ms": 0.0, "max ms": 0.0}
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50 ms": round(statistics.median(ordered) * 1000, 1),
        "p95 ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
        "max ms": round(ordered[-1] * 1000, 1),
    }


def run(kind: str, args: argparse.Namespace, layer: Path, folder: Path) -> dict[str, object]:
    FAILURES.clear()  # each database meets the flood fresh, not already throttled by the last run
    store, schema = open_fresh(kind, folder)
    try:
        with store.begin() as conn:
            project = insert_project(conn, NewProject("tai", "Dự án tải", ProjectKind.ROAD, 9208),
                                     actor="bench")  # fmt: skip
            target = insert_project(conn, NewProject("nhap", "Dự án nhập", ProjectKind.ROAD, 9208),
                                    actor="bench")  # fmt: skip
        ids = [add_household(store, project.id, f"H{i:03d}", {"head_name": f"Hộ {i}"}, actor=ADMIN)
               for i in range(max(args.editors * 3, 30))]  # fmt: skip
        create_user(store, "nguoi-that", "mat-khau-that-dai", Role.VIEWER, actor=ADMIN)
        times: dict[str, list[float]] = collections.defaultdict(list)
        starts: dict[str, list[float]] = collections.defaultdict(list)
        window: list[float] = []  # when the import began and ended
        errors: collections.Counter[str] = collections.Counter()
        saved: dict[str, int] = {}  # idempotency key → event id the editor was told
        lock = threading.Lock()
        stop = threading.Event()
        today = local_today()

        def timed(what: str, call: object) -> object:
            started = time.monotonic()
            try:
                return call()  # type: ignore[operator]
            finally:
                with lock:
                    times[what].append(time.monotonic() - started)
                    starts[what].append(started)

        def editor(n: int) -> None:
            rng = random.Random(n)
            mine = ids[n :: args.editors] or ids
            while not stop.is_set():
                household = rng.choice([*mine, rng.choice(ids)])  # sometimes someone else's
                key = uuid.uuid4().hex
                with store.read() as conn:
                    version = next(
                        h.version for h in households_of(conn, project.id) if h.id == household
                    )
                status = rng.choice([ConsentStatus.INFORMED, ConsentStatus.CONCERNS])
                for _tap in range(2 if rng.random() < 0.2 else 1):  # a double tap now and then
                    try:
                        event = timed("writer", lambda h=household, s=status, v=version, k=key: record_consent(
                            store, h, s, today, seen_version=v, actor=ADMIN, note=k, key=k))  # fmt: skip
                        with lock:
                            saved[key] = event.id  # type: ignore[attr-defined]
                    except StaleEdit:
                        errors["stale edit (told to the user)"] += 1
                    except StoreBusy:
                        errors["busy (told to the user)"] += 1
                    except Exception as error:  # noqa: BLE001 - counted: what a user would see raw
                        errors[f"raw {type(error).__name__}"] += 1
                time.sleep(rng.uniform(0.05, 0.25))

        def reader(n: int) -> None:
            rng = random.Random(1000 + n)
            while not stop.is_set():
                try:
                    if rng.random() < 0.5:
                        timed("reader", lambda: project_figures(store, project))
                    else:
                        timed(
                            "reader", lambda: consent_history(store, rng.choice(ids), actor=ADMIN)
                        )
                except Exception as error:  # noqa: BLE001 - counted: what a user would see raw
                    errors[f"raw {type(error).__name__} (reader)"] += 1
                time.sleep(rng.uniform(0.05, 0.25))

        def flooder(n: int) -> None:
            # Each flooder is its own device (an attacker with many addresses); 10 ms stands for
            # the round trip a request over the network costs at least.
            while not stop.is_set():
                name = "nguoi-that" if n % 3 == 0 else f"khong-co-{n}"
                time.sleep(0.01)
                try:
                    timed("sign-in flood", lambda who=name: sign_in(
                        store, who, "sai-mat-khau", client=f"10.9.0.{n}"))  # fmt: skip
                except SignInFailed:
                    pass
                except StoreBusy:
                    errors["busy (told to the user, sign-in)"] += 1
                except Exception as error:  # noqa: BLE001 - counted: what a user would see raw
                    errors[f"raw {type(error).__name__} (sign-in)"] += 1

        def importer() -> None:
            window.append(time.monotonic())
            try:
                prepared = timed("import: read and check", lambda: preview_import(
                    store, target, layer, LayerKind.PARCELS,
                    ImportOptions(mapping={"sheet_no": "so_to", "parcel_no": "so_thua"}), actor=ADMIN))  # fmt: skip
                # As the Import page does: what the layer would change, shown before it is saved.
                timed("import: effects", lambda: import_effects(store, target, prepared, actor=ADMIN))  # type: ignore[arg-type]  # fmt: skip
                timed("import: save", lambda: import_layer(store, target, prepared, actor=ADMIN,  # type: ignore[arg-type]
                                                           confirmed=True))  # fmt: skip
            except Exception as error:  # noqa: BLE001 - counted: what a user would see raw
                errors[f"raw {type(error).__name__} (import)"] += 1
            window.append(time.monotonic())

        def import_in_the_worker() -> None:
            """As the Import page does it: the job queued, ``cli.py worker`` (its own process, as
            `make run` starts it) reads, checks and saves while this process serves the users."""
            job_id = queue_import(store, target, layer, LayerKind.PARCELS,
                                  ImportOptions(mapping={"sheet_no": "so_to", "parcel_no": "so_thua"}),
                                  actor=ADMIN, key=uuid.uuid4().hex, confirmed=True)  # fmt: skip
            env = {
                **os.environ,
                "DATABASE_URL": store.engine.url.render_as_string(hide_password=False),
            }
            window.append(time.monotonic())
            worker = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "worker", "--once"],
                                      env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True)  # fmt: skip
            _out, err = worker.communicate(timeout=600)
            window.append(time.monotonic())
            status = job_status(store, job_id, actor=ADMIN)
            if status.status is not JobStatus.DONE:
                errors[f"import job {status.status}: {status.error or err[-300:]}"] += 1

        threads = [threading.Thread(target=editor, args=(i,)) for i in range(args.editors)]
        threads += [threading.Thread(target=reader, args=(i,)) for i in range(args.readers)]
        threads += [threading.Thread(target=flooder, args=(i,)) for i in range(args.flooders)]
        threads.append(
            threading.Thread(
                target=import_in_the_worker if args.import_in == "worker" else importer
            )
        )
        for thread in threads:
            thread.start()
        time.sleep(args.seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=300)

        with store.read() as conn:
            events = consent_events_of(conn, project.id)
            imported = active_parcel_count(conn, target.id)
        by_key = collections.Counter(e.note for e in events)
        stored = {e.id for e in events}
        lost = sum(1 for event_id in saved.values() if event_id not in stored)
        doubled = sum(1 for key in saved if by_key[key] > 1)
        during = {
            f"{what} while importing": percentiles(
                [
                    t
                    for t, at in zip(times[what], starts[what], strict=True)
                    if len(window) == 2 and window[0] <= at <= window[1]
                ]
            )
            for what in ("reader", "writer")
        }
        return {
            "database": kind,
            **during,
            "saved": len(saved),
            "lost": lost,
            "doubled": doubled,
            "errors": dict(errors),
            **{what: percentiles(values) for what, values in sorted(times.items())},
            "imported parcels": imported,
        }
    finally:
        store.dispose()
        drop(schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--flooders", type=int, default=30)
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--databases", default="sqlite,postgis")
    parser.add_argument("--import-in", choices=("worker", "thread"), default="worker",
                        help="the import as the app runs it (a job for `cli.py worker`, another "
                             "process), or in a thread of the serving process (the anchor)")  # fmt: skip
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        # The layer in a folder of its own, as the app's uploads are (ui/uploads.py): a job takes
        # its upload's whole folder, and reading the database's files beside it (its -shm) in
        # the serving process would drop that process's SQLite locks on them (POSIX locks).
        (Path(folder) / "upload").mkdir()
        layer = parcel_layer(args.parcels, Path(folder) / "upload")
        for kind in args.databases.split(","):
            result = run(kind, args, layer, Path(folder))
            results.append(result)
            print(f"\n== {kind}: {args.editors} editors, {args.readers} readers, "
                  f"{args.flooders} sign-in flooders, a {args.parcels:,}-parcel import, {args.seconds:g} s")  # fmt: skip
            print(f"saved {result['saved']}, lost {result['lost']}, doubled {result['doubled']}, "
                  f"parcels imported {result['imported parcels']:,}")  # fmt: skip
            print(f"errors: {result['errors'] or 'none'}")
            for what in (
                "reader",
                "writer",
                "reader while importing",
                "writer while importing",
                "sign-in flood",
                "import: read and check",
                "import: effects",
                "import: save",
            ):
                if what in result:
                    print(f"{what:>24}: {result[what]}")
            print(f"goals: reader p95 ≤ {GOALS['reader p95 ms']} ms, writer p95 ≤ "
                  f"{GOALS['writer p95 ms']} ms, 0 lost, 0 doubled, 0 raw errors")  # fmt: skip
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Import of a large parcel layer into a project, end to end, beside two anchors in the same run.

    python bench/import.py [--parcels 100000] [--databases sqlite,postgis]

Generates a GeoPackage of jittered 9-vertex parcels (500–3 000 m²) in VN-2000 Nghệ An, then times:
- anchor "read": pyogrio with Arrow reading it whole;
- anchors "read+write", one per database: that read, then its keys and WKB written into a plain
  table (SQLite: executemany; PostGIS: binary COPY into a table without index or key) — the least
  any import must do;
- ours: `preview_import` (read, decode, repair, check, map, match) and `import_layer` (write, the
  overlay against the project's road boundary, the audit row and change event), as `cli.py
  import` and the Import page run them, on a fresh project of each database.
Prints the figures (and the peak resident memory, and the load average: the machine is shared)
and ends with one JSON line. Goals (issue 32, docs/benchmarks.md): ≤ 4 × the read+write anchor of
the same database, and 1 000 000 parcels in ≤ 20 s within 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sqlite3
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from load import PG_URL, drop, open_fresh

from consultations.core.access import operator
from consultations.core.records import NewProject, ProjectKind
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.preview import preview_import
from consultations.land.service import import_layer
from consultations.projects.store import insert_project

ADMIN = operator("bench")
GOAL_RATIO = 4.0  # × the plain read + write on the same database (issue 32)
GOAL_MILLION_S = 20.0
GOAL_PEAK_GB = 1.5  # the 1 000 000-parcel import's peak, resident


def parcel_layer(count: int, folder: Path, seed: int = 7) -> Path:
    """``count`` parcels on a jittered grid: 9-vertex polygons of 500–3 000 m² near Vinh."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(count)))
    cell = 45.0
    i = np.arange(count)
    cx = 590_000.0 + cell * (i % side) + rng.uniform(-3, 3, count)
    cy = 2_060_000.0 + cell * (i // side) + rng.uniform(-3, 3, count)
    radius = rng.uniform(13, 20, count)[:, None]
    angles = np.linspace(0, 2 * np.pi, 9, endpoint=False)[None, :]
    wobble = rng.uniform(0.85, 1.0, (count, 9))
    xs = cx[:, None] + radius * wobble * np.cos(angles)
    ys = cy[:, None] + radius * wobble * np.sin(angles)
    rings = np.stack([xs, ys], axis=-1)
    rings = np.concatenate([rings, rings[:, :1]], axis=1)
    polygons = shapely.polygons(rings)
    import geopandas as gpd

    frame = gpd.GeoDataFrame(
        {"so_to": (i // 1000).astype(str), "so_thua": (i % 1000).astype(str),
         "dien_tich": np.round(shapely.area(polygons), 1), "loai_dat": "LUC"},
        geometry=polygons, crs=9208,
    )  # fmt: skip
    path = folder / "thua_lon.gpkg"
    frame.to_file(path, layer="thua", engine="pyogrio")
    return path


def boundary_layer(count: int, folder: Path) -> Path:
    """A road's recovery boundary, 60 m wide, winding across the parcels (the overlay's work)."""
    import geopandas as gpd

    span = 45.0 * np.ceil(np.sqrt(count))
    xs = np.linspace(590_000.0, 590_000.0 + span, 200)
    ys = 2_060_000.0 + span / 2 + span / 6 * np.sin(xs / span * 6 * np.pi)
    strip = shapely.LineString(np.column_stack([xs, ys])).buffer(30, cap_style="flat")
    path = folder / "ranh_gioi.gpkg"
    gpd.GeoDataFrame({"ten": ["Đường"]}, geometry=[strip], crs=9208).to_file(path, engine="pyogrio")
    return path


def anchors(layer: Path, folder: Path, kinds: list[str]) -> dict[str, float]:
    started = time.perf_counter()
    pyogrio.read_dataframe(layer, use_arrow=True)
    figures = {"read_s": time.perf_counter() - started}
    for kind in kinds:
        started = time.perf_counter()
        frame = pyogrio.read_dataframe(layer, use_arrow=True)
        rows = zip(frame.so_to.tolist(), frame.so_thua.tolist(),
                   shapely.to_wkb(frame.geometry.values).tolist(), strict=True)  # fmt: skip
        (plain_sqlite if kind == "sqlite" else plain_postgis)(rows, folder)
        figures[f"read_write_{kind}_s"] = time.perf_counter() - started
    return figures


def plain_sqlite(rows: Any, folder: Path) -> None:
    db = sqlite3.connect(folder / "plain.sqlite")
    db.execute("CREATE TABLE parcels (id INTEGER PRIMARY KEY, so_to TEXT, so_thua TEXT, geom BLOB)")
    db.executemany("INSERT INTO parcels (so_to, so_thua, geom) VALUES (?, ?, ?)", rows)
    db.commit()
    db.close()


def plain_postgis(rows: Any, folder: Path) -> None:
    import psycopg

    with psycopg.connect(PG_URL.replace("postgresql+psycopg", "postgresql")) as db:
        db.execute("CREATE TEMP TABLE plain (so_to text, so_thua text, geom geometry)")
        with db.cursor().copy("COPY plain FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["text", "text", "bytea"])
            for row in rows:
                copy.write_row(row)


def ours(kind: str, layer: Path, boundary: Path, folder: Path) -> dict[str, float]:
    store, schema = open_fresh(kind, folder)
    try:
        with store.begin() as conn:
            project = insert_project(conn, NewProject("nhap", "Dự án nhập", ProjectKind.ROAD, 9208),
                                     actor="bench")  # fmt: skip
        road = preview_import(store, project, boundary, LayerKind.BOUNDARY, ImportOptions(),
                              actor=ADMIN)  # fmt: skip
        import_layer(store, project, road, actor=ADMIN)
        options = ImportOptions(mapping={"sheet_no": "so_to", "parcel_no": "so_thua",
                                         "recorded_area_m2": "dien_tich", "land_use_codes": "loai_dat"})  # fmt: skip
        started = time.perf_counter()
        prepared = preview_import(store, project, layer, LayerKind.PARCELS, options, actor=ADMIN)
        prepared_s = time.perf_counter() - started
        import_layer(store, project, prepared, actor=ADMIN)
        total_s = time.perf_counter() - started
        return {"prepare_s": prepared_s, "save_s": total_s - prepared_s, "total_s": total_s}
    finally:
        store.dispose()
        drop(schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgis")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        # Made in child processes, so that the peak memory below is the import's, not theirs.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            layer = pool.submit(parcel_layer, args.parcels, folder).result()
            boundary = pool.submit(boundary_layer, args.parcels, folder).result()
        kinds = args.databases.split(",")
        # Ours first, so that the peak memory after it is the import's (and the generated layer's),
        # not the anchors' frames.
        measured = {kind: ours(kind, layer, boundary, folder) for kind in kinds}
        peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        anchor = anchors(layer, folder, kinds)
        load = os.getloadavg()[0]
        print(f"{args.parcels:,} parcels · load average {load:.1f} on {os.cpu_count()} cores · "
              f"anchor read {anchor['read_s']:.2f} s")  # fmt: skip
        goal_peak = f"goal ≤ {GOAL_PEAK_GB} GB at 1 000 000"
        print(f"peak resident memory of the imports: {peak_gb:.2f} GB ({goal_peak})")
        result: dict[str, object] = {
            "parcels": args.parcels,
            **anchor,
            "peak_gb": round(peak_gb, 2),
            "load_average": round(load, 1),
        }
        for kind, figures in measured.items():
            plain = anchor[f"read_write_{kind}_s"]
            ratio = figures["total_s"] / plain
            met = ratio <= GOAL_RATIO and (
                args.parcels < 1_000_000 or figures["total_s"] <= GOAL_MILLION_S
            )
            print(f"{kind}: prepare {figures['prepare_s']:.2f} s + save {figures['save_s']:.2f} s "
                  f"= {figures['total_s']:.2f} s · anchor read + plain write {plain:.2f} s · "
                  f"{ratio:.1f} × (goal ≤ {GOAL_RATIO:.0f} ×: {'met' if met else 'not met'})")  # fmt: skip
            result[kind] = {**figures, "ratio": round(ratio, 2), "goal_met": met}
    print(json.dumps(result))


if __name__ == "__main__":
    main()

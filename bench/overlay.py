"""Benchmark: affected parcels and areas, ours against geopandas.overlay and PostGIS + ST_Subdivide.

Generates its own data (docs/benchmarks.md, "Overlay"): a jittered grid of 9-vertex parcels of 500–3 000 m² in a
metric CRS, and a sinuous centreline buffered ±15 m (light) or ±2.75 km (heavy). Prints one line per
case and method, then one JSON object with every figure as its last line.

Run:  .venv/bin/python bench/overlay.py [--sizes 10000 100000 1000000] [--no-postgis] [--no-overlay]
PostGIS: TEST_DATABASE_URL (default: the local clearway_test database, as `make test` prepares it).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geo.overlay import ParcelIndex

CELL_M = 40.0  # grid step: parcels of ~1 600 m², jittered to 500–3 000 m²
EPSG = 9208
HALF_WIDTH = {"light": 15.0, "heavy": 2_750.0}


def parcels(count: int, seed: int = 1) -> np.ndarray:
    """A jittered grid of 9-vertex polygons (8 corners and the ring's closing point)."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(count)))
    ix, iy = np.divmod(np.arange(count), side)
    centres = np.column_stack([ix, iy]) * CELL_M + 500_000.0
    angles = np.linspace(0, 2 * np.pi, 9)[:-1]
    radius = rng.uniform(0.55, 0.75, (count, 1)) * CELL_M / 2 / np.cos(np.pi / 8)
    radius = radius * rng.uniform(0.9, 1.1, (count, 8))
    ring = np.stack([np.cos(angles), np.sin(angles)], axis=-1)[None] * radius[..., None]
    ring = ring + centres[:, None, :]
    ring = np.concatenate([ring, ring[:, :1]], axis=1)
    polygons: np.ndarray = shapely.polygons(ring)
    return polygons


def corridor(count: int, kind: str) -> shapely.Geometry:
    """A sinuous line across the layer (about 60 km on the 1M layer), buffered."""
    extent = np.ceil(np.sqrt(count)) * CELL_M
    x = np.linspace(0.02, 0.98, 400) * extent
    y = extent / 2 + extent * 0.2 * np.sin(x / extent * 2 * np.pi * 1.5)
    line = shapely.LineString(np.column_stack([x, y]) + 500_000.0)
    return line.buffer(HALF_WIDTH[kind], cap_style="flat")


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(geoms: np.ndarray, zone: shapely.Geometry) -> dict[str, float]:
    build_s, index = timed(lambda: ParcelIndex(geoms), repeat=1)
    query_s, areas = timed(lambda: index.area_inside(zone))
    areas = np.asarray(areas)
    return {
        "index_build_s": round(build_s, 3),
        "overlay_s": round(query_s, 3),
        "affected": int((areas > 0.01).sum()),
        "affected_m2": round(float(areas.sum()), 1),
    }


def run_geopandas(geoms: np.ndarray, zone: shapely.Geometry) -> dict[str, float]:
    layer = gpd.GeoDataFrame({"id": np.arange(len(geoms))}, geometry=geoms, crs=EPSG)
    zone_frame = gpd.GeoDataFrame(geometry=[zone], crs=EPSG)
    seconds, result = timed(lambda: gpd.overlay(layer, zone_frame, how="intersection"), repeat=1)
    return {"overlay_s": round(seconds, 3), "affected_m2": round(float(result.area.sum()), 1)}


def run_postgis(url: str, geoms: np.ndarray, zone: shapely.Geometry) -> dict[str, float]:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_parcels, bench_corridor")
        conn.execute(
            "CREATE TABLE bench_parcels (id integer primary key, geom geometry(Polygon, 9208))"
        )
        load_start = time.perf_counter()
        with conn.cursor().copy("COPY bench_parcels (id, geom) FROM STDIN") as copy:
            for i, wkb in enumerate(
                shapely.to_wkb(shapely.set_srid(geoms, EPSG), hex=True, include_srid=True)
            ):
                copy.write_row((i, wkb))
        conn.execute("CREATE INDEX ON bench_parcels USING gist (geom)")
        conn.execute("ANALYZE bench_parcels")
        load_s = time.perf_counter() - load_start
        conn.execute("CREATE TABLE bench_corridor (geom geometry(Geometry, 9208))")
        conn.execute(
            "INSERT INTO bench_corridor VALUES (ST_GeomFromEWKB(%s))",
            (shapely.to_wkb(shapely.set_srid(zone, EPSG), include_srid=True),),
        )
        query = """
            WITH pieces AS (SELECT ST_Subdivide(geom, 128) AS g FROM bench_corridor)
            SELECT count(DISTINCT p.id), sum(ST_Area(ST_Intersection(p.geom, pieces.g)))
            FROM bench_parcels p JOIN pieces ON ST_Intersects(p.geom, pieces.g)
        """
        seconds, row = timed(lambda: conn.execute(query).fetchone())
        conn.execute("DROP TABLE bench_parcels, bench_corridor")
    return {
        "load_s": round(load_s, 2),
        "overlay_s": round(seconds, 3),
        "affected_m2": round(float(row[1] or 0), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--no-postgis", action="store_true")
    parser.add_argument("--no-overlay", action="store_true", help="skip geopandas.overlay")
    args = parser.parse_args()
    url = os.environ.get(
        "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/clearway_test"
    )
    figures: dict[str, dict[str, object]] = {}
    for size in args.sizes:
        geoms = parcels(size)
        for kind in ("light", "heavy"):
            zone = corridor(size, kind)
            case = f"{size // 1000}k_{kind}" if size < 1_000_000 else f"{size // 1_000_000}M_{kind}"
            ours = run_ours(geoms, zone)
            entry: dict[str, object] = {"ours": ours, "peak_rss_mb": round(peak_rss_mb())}
            print(
                f"{case:>10}  ours      {ours['overlay_s']:8.3f} s  (index {ours['index_build_s']} s)  affected {ours['affected']}",
                flush=True,
            )
            if not args.no_overlay:
                anchor = run_geopandas(geoms, zone)
                entry["geopandas_overlay"] = anchor
                entry["ratio_vs_geopandas"] = round(ours["overlay_s"] / anchor["overlay_s"], 3)
                print(
                    f"{case:>10}  overlay   {anchor['overlay_s']:8.3f} s  area check {abs(anchor['affected_m2'] - ours['affected_m2']):.1f} m²",
                    flush=True,
                )
            if not args.no_postgis:
                pg = run_postgis(url, geoms, zone)
                entry["postgis_subdivide"] = pg
                entry["ratio_vs_postgis"] = round(ours["overlay_s"] / pg["overlay_s"], 3)
                print(
                    f"{case:>10}  postgis   {pg['overlay_s']:8.3f} s  area check {abs(pg['affected_m2'] - ours['affected_m2']):.1f} m²",
                    flush=True,
                )
            entry["peak_rss_mb"] = round(peak_rss_mb())
            figures[case] = entry
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

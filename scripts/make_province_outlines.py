"""Derive geo/data/province_outlines.geojson: the 34 provinces since 2025, each the union of the
former provinces it was merged from, simplified, in EPSG:4326.

Source: Open Development Mekong's province boundaries of Vietnam (63 former provinces, property
``ten_tinh``), as the TopoJSON ``data/diaphantinh.json`` of github.com/phamductu/vietnamese-provincial-icons
at commit 8eb9ac1c0bec06cbc4e3311dfc430da8a67375cd (MIT). Which former provinces make each current one:
geo/data/province_meridians.csv (``province``, ``former_province``).

Steps: read the TopoJSON (GDAL), repair invalid rings, match each ``ten_tinh`` to a former province
(tone placement, dashes and "TP." set aside by ``geo.provinces.name_key``; the source's misspellings by
``ALIASES``), project to UTM 48N, union per current province, simplify (``TOLERANCE_M``, topology
kept), back to EPSG:4326 on a 0.001° grid (about 110 m). Every former province must match exactly one
feature and every feature one former province, or the script stops.

Run: .venv/bin/python scripts/make_province_outlines.py [path/to/diaphantinh.json]
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geo.provinces import METRIC_EPSG, OUTLINES_PATH, name_key

ROOT = Path(__file__).resolve().parents[1]

SOURCE = Path("/work/shared/corpus/vn08_odm_diaphantinh_topojson/diaphantinh.json")
MERIDIANS = ROOT / "geo" / "data" / "province_meridians.csv"
TOLERANCE_M = 300.0
GRID_DEG = 0.001
#: The source's spellings that differ from province_meridians.csv beyond what name_key evens out.
ALIASES = {"Cần Thơn": "Cần Thơ", "Kien Giang": "Kiên Giang", "Quản Bình": "Quảng Bình"}
PROVENANCE = {
    "source": "Open Development Mekong, Vietnam province boundaries (63 provinces before 2025)",
    "repository": "https://github.com/phamductu/vietnamese-provincial-icons",
    "path": "data/diaphantinh.json",
    "commit": "8eb9ac1c0bec06cbc4e3311dfc430da8a67375cd",
    "licence": "MIT (repository); data from Open Development Mekong",
    "derived_by": "scripts/make_province_outlines.py",
    "method": (
        "former provinces merged per geo/data/province_meridians.csv (union), simplified "
        f"{TOLERANCE_M:.0f} m in EPSG:{METRIC_EPSG}, EPSG:4326 on a {GRID_DEG}° grid"
    ),
}


def merged_provinces() -> dict[str, list[str]]:
    """Current province → its former provinces, in the CSV's order."""
    merged: dict[str, list[str]] = {}
    with MERIDIANS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            merged.setdefault(row["province"], []).append(row["former_province"])
    return merged


def derive(source: Path) -> dict[str, object]:
    frame = gpd.read_file(source)
    frame = frame.set_crs(4326, allow_override=True)
    frame["geometry"] = shapely.make_valid(frame.geometry.values.to_numpy())
    by_key: dict[str, int] = {}
    for i, name in enumerate(frame["ten_tinh"]):
        key = name_key(ALIASES.get(name, name))
        if key in by_key:
            raise SystemExit(f"two features match {name!r}")
        by_key[key] = i
    metric = frame.to_crs(METRIC_EPSG)
    used: set[int] = set()
    features = []
    for province, formers in merged_provinces().items():
        rows = []
        for former in formers:
            if name_key(former) not in by_key:
                raise SystemExit(f"no outline for {former!r} (of {province})")
            rows.append(by_key[name_key(former)])
        used.update(rows)
        union = shapely.union_all(metric.geometry.values[rows])
        simple = shapely.simplify(union, TOLERANCE_M, preserve_topology=True)
        back = gpd.GeoSeries([simple], crs=METRIC_EPSG).to_crs(4326).values[0]
        outline = shapely.make_valid(shapely.set_precision(back, GRID_DEG))
        outline = shapely.transform(outline, lambda xy: np.round(xy, 3))  # short numbers in JSON
        polygons = [g for g in shapely.get_parts(outline) if g.geom_type == "Polygon"]
        features.append(
            {
                "type": "Feature",
                "properties": {"province": province, "former_provinces": formers},
                "geometry": shapely.geometry.mapping(shapely.MultiPolygon(polygons)),
            }
        )
    if len(used) != len(frame):
        unused = sorted(frame["ten_tinh"][i] for i in set(range(len(frame))) - used)
        raise SystemExit(f"source features matched to no province: {unused}")
    return {"type": "FeatureCollection", "provenance": PROVENANCE, "features": features}


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    collection = derive(source)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUTLINES_PATH.write_text(text + "\n", encoding="utf-8")
    print(f"{OUTLINES_PATH.relative_to(ROOT)}: {len(text) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

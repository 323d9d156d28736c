"""The public layers as OGC API - Features: ``cli.py serve-layers`` runs pygeoapi, its own process,
over the PostGIS store's public views; read over HTTP in WGS 84 and VN-2000, with no personal
field, each parcel's status as the app derives it; and QGIS (Debian's, headless) adds the parcels
as an OGC API layer. On SQLite the command says, in a sentence, that it needs PostGIS."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shapely

from consultations.core.store import Store
from consultations.projects.service import find_project
from consultations.reporting.maps import project_land

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_FIELDS = {"project", "commune", "sheet_no", "parcel_no", "label", "land_use_codes",
                 "recorded_area_m2", "computed_area_m2", "permanent_m2", "restricted_m2", "status"}  # fmt: skip
EPSG_9208 = "http://www.opengis.net/def/crs/EPSG/0/9208"
QGIS_PYTHON = "/usr/bin/python3"  # Debian's Python, where python3-qgis lives

#: QGIS adds the parcels as an OGC API - Features layer (its OAPIF provider), as a user would.
QGIS_SCRIPT = r"""
import json, sys
from qgis.core import QgsApplication, QgsVectorLayer
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(f"url='{sys.argv[1]}' typename='parcels'", "parcels", "OAPIF")
report = {"valid": layer.isValid()}
if layer.isValid():
    features = list(layer.getFeatures())
    report.update(features=len(features), fields=[f.name() for f in layer.fields()],
                  crs=layer.crs().authid(), statuses=sorted({str(f["status"]) for f in features}))
print("REPORT" + json.dumps(report), flush=True)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, dict[str, str], Any]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            return response.status, headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        error.close()
        return (
            error.code,
            {k.lower(): v for k, v in error.headers.items()},
            json.loads(body or b"null"),
        )


@pytest.fixture
def layers(store: Store, tmp_path: Path) -> Iterator[Any]:
    started: list[subprocess.Popen[str]] = []

    def start(target: Store) -> str | subprocess.CompletedProcess[str]:
        port = free_port()
        env = {**os.environ, "DATABASE_URL": target.url, "CLEARWAY_VAR_DIR": str(tmp_path)}
        command = [sys.executable, "cli.py", "serve-layers", "--port", str(port)]
        process = subprocess.Popen(command, cwd=ROOT, env=env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                out, err = process.communicate()
                return subprocess.CompletedProcess(command, process.returncode, out, err)
            try:
                with urllib.request.urlopen(f"{url}/collections?f=json", timeout=5):
                    return url
            except OSError:
                time.sleep(0.3)
        pytest.fail("pygeoapi did not start")

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
        process.communicate(timeout=20)


def test_the_public_layers_are_served_from_postgis_without_personal_data_and_qgis_reads_them(
    demo_store: Store, backend: str, layers: Any
) -> None:
    served = layers(demo_store)
    if backend == "sqlite":
        assert isinstance(served, subprocess.CompletedProcess) and served.returncode == 2
        assert "PostgreSQL" in served.stderr and "Traceback" not in served.stderr
        return
    assert isinstance(served, str)
    status, _headers, collections = get(f"{served}/collections?f=json")
    names = {c["id"] for c in collections["collections"]}
    assert names == {"parcels", "corridors", "tower_foundations", "recovery_boundaries"}
    project = find_project(demo_store, "cat-van-220kv")
    land = project_land(demo_store, project).parcels
    _s, _h, wgs84 = get(f"{served}/collections/parcels/items?f=json&limit=10000")
    features = [f for f in wgs84["features"] if f["properties"]["project"] == project.slug]
    assert len(features) == len(land)
    assert {k for f in wgs84["features"] for k in f["properties"]} == PUBLIC_FIELDS
    statuses = dict(zip(land.id.astype(int), land.status, strict=True))
    assert {int(f["id"]): f["properties"]["status"] for f in features} == statuses
    lon, lat = shapely.geometry.shape(features[0]["geometry"]).centroid.coords[0]
    assert 104 < lon < 106 and 18 < lat < 20
    one = int(features[0]["id"])
    status, headers, vn2000 = get(
        f"{served}/collections/parcels/items/{one}?f=json&crs={EPSG_9208}"
    )
    assert status == 200 and "9208" in headers.get("content-crs", "")
    stored = land.set_index(land.id.astype(int)).geometry[one]
    assert shapely.geometry.shape(vn2000["geometry"]).centroid.distance(stored.centroid) < 0.05
    _s, _h, towers = get(f"{served}/collections/tower_foundations/items?f=json")
    assert len(towers["features"]) == 15
    assert_qgis_reads_the_parcels(served, len(wgs84["features"]))


def assert_qgis_reads_the_parcels(url: str, parcels: int) -> None:
    ran = subprocess.run([QGIS_PYTHON, "-c", QGIS_SCRIPT, url], capture_output=True, text=True,
                         timeout=180, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    line = next((s for s in ran.stdout.splitlines() if s.startswith("REPORT")), None)
    if line is None:
        pytest.fail(
            f"QGIS did not run (scripts/system-deps installs python3-qgis): {ran.stderr[-2000:]}"
        )
    report = json.loads(line.removeprefix("REPORT"))
    assert report["valid"] and report["crs"] == "EPSG:4326"
    assert report["features"] == parcels
    assert set(report["fields"]) - {"id", "fid"} == PUBLIC_FIELDS
    assert "agreed" in report["statuses"]

"""The field package as QGIS itself opens it (QField is QGIS): Debian's QGIS, headless, reads the
project, finds every layer valid in the project's CRS, and adds a consent row through the form's
own defaults, which Clearway then imports. ``scripts/system-deps`` installs python3-qgis: this test
never skips."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from consultations.consent.service import consent_history
from consultations.core.access import Actor, Role, Scope
from consultations.core.database import Store
from consultations.fieldwork.service import export_field_package, field_rows, import_field_package
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project
from translations import local_today

QGIS_PYTHON = "/usr/bin/python3"  # Debian's Python, where python3-qgis lives

SCRIPT = r"""
import json, sys
from qgis.core import QgsApplication, QgsProject, QgsVectorLayerUtils
app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
report = {"read": project.read(sys.argv[1]), "crs": project.crs().authid(), "layers": {}}
for layer in project.mapLayers().values():
    name = layer.source().split("layername=")[-1]
    report["layers"][name] = {"valid": layer.isValid(), "crs": layer.crs().authid(),
                              "read_only": layer.readOnly(), "features": layer.featureCount()}
    if name == "dong_thuan":
        fields = layer.fields()
        values = {fields.indexOf("ma_ho"): sys.argv[2], fields.indexOf("tinh_trang"): "concerns",
                  fields.indexOf("ghi_chu"): "Hỏi về hành lang an toàn"}
        layer.startEditing()
        feature = QgsVectorLayerUtils.createFeature(layer, attributes=values,
                                                    context=layer.createExpressionContext())
        layer.addFeature(feature)
        report["saved"] = layer.commitChanges()
app.exitQgis()
print("REPORT" + json.dumps(report))
"""


def test_qgis_opens_the_package_and_a_row_added_through_its_form_comes_back(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    lan = Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, "Cát Văn"),))
    household = sorted(households_seen_by(demo_store, project.id, actor=lan), key=lambda h: h.code)[
        2
    ]
    package = export_field_package(demo_store, project, actor=lan)
    folder = tmp_path / "phone"
    with zipfile.ZipFile(io.BytesIO(package.content)) as archive:
        archive.extractall(folder)
    ran = subprocess.run(
        [QGIS_PYTHON, "-c", SCRIPT, str(folder / "clearway.qgs"), household.code],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    line = next((s for s in ran.stdout.splitlines() if s.startswith("REPORT")), None)
    if line is None:
        pytest.fail(
            f"QGIS did not run (scripts/system-deps installs python3-qgis): {ran.stderr[-2000:]}"
        )
    report = json.loads(line.removeprefix("REPORT"))
    assert report["read"] and report["crs"] == f"EPSG:{project.crs_epsg}"
    assert set(report["layers"]) == {"thua_dat", "ho_dan", "dong_thuan", "kien_nghi"}
    for name, layer in report["layers"].items():
        assert layer["valid"] and layer["crs"] == f"EPSG:{project.crs_epsg}", name
        assert layer["read_only"] == (name in ("thua_dat", "ho_dan")), name
    assert report["layers"]["ho_dan"]["features"] == package.households
    assert report["saved"]

    returned = tmp_path / "returned.zip"
    with zipfile.ZipFile(returned, "w") as archive:
        for path in folder.rglob("*"):
            archive.write(path, path.relative_to(folder).as_posix())
    result = import_field_package(demo_store, returned, actor=lan)
    assert (result.new_events, result.stale, result.clashes) == (1, [], [])
    event = consent_history(demo_store, household.id, actor=lan)[-1]
    # QGIS dates the row by the machine's clock (a phone in Vietnam: Vietnam's day).
    assert event.note == "Hỏi về hành lang an toàn" and event.happened_on in (
        dt.date.today(),
        local_today(),
    )
    (row,) = field_rows(demo_store, project, actor=lan)
    assert row.user == "lan" and row.conflict is None  # the form filled in who and the version

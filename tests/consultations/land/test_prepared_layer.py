"""A layer by the import protocol: read and checked once into a PreparedLayer whose preview says
what it holds; saved as prepared, even once its file is gone or after a worker's pickle."""

from __future__ import annotations

import pickle
from pathlib import Path

import geopandas as gpd

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.feed import feed_counters
from consultations.core.imports import Prepared
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.preview import preview_import
from consultations.land.reports import report_lines
from consultations.land.service import import_layer
from consultations.projects.service import find_project
from consultations.setup.demo import DEMO_ROOT
from tests.consultations.land.test_reimport import FIELDS

ADMIN = operator("t")


def test_a_prepared_layer_previews_what_it_holds_and_is_saved_as_prepared_once_its_file_is_gone(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    path = tmp_path / "thua_dat.gpkg"
    parcels = gpd.read_file(DEMO_ROOT / "cat-van-220kv" / "thua_dat.zip")
    parcels.iloc[:-3].to_file(path)
    prepared = preview_import(demo_store, project, path, LayerKind.PARCELS,
                              ImportOptions(mapping=FIELDS), actor=ADMIN)  # fmt: skip
    assert isinstance(prepared, Prepared)
    preview = prepared.preview()
    assert preview.added == len(parcels) - 3
    assert preview.lines[-len(report_lines(prepared.report)) :] == tuple(
        report_lines(prepared.report)
    )
    land = feed_counters(demo_store, project.id).land
    path.unlink()
    travelled = pickle.loads(pickle.dumps(prepared))
    changes = import_layer(demo_store, project, travelled, actor=ADMIN, confirmed=True)
    assert len(changes.parcels_retired) == 3
    assert feed_counters(demo_store, project.id).land != land

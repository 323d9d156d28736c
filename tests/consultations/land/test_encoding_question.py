"""The Import page asks for the encoding of text that declares none and reads as no Vietnamese,
instead of guessing; once chosen, the preview reads it so."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.preview import inspect_upload, preview_import
from consultations.projects.service import find_project
from consultations.reporting.maps import project_land
from geo.errors import UnknownEncoding

ADMIN = operator("t")


def _latin1_parcels(folder: Path, store: Store) -> Path:
    """A parcel among the project's, whose owner's name is Latin-1 in a DBF that declares nothing."""
    land = project_land(store, find_project(store, "cat-van-220kv")).parcels.to_crs(9208)
    x, y = land.geometry.iloc[0].representative_point().coords[0]
    frame = gpd.GeoDataFrame(
        {"SO_TO": ["1"], "SO_THUA": ["7"], "CHU": ["José Nação"]},
        geometry=[shapely.box(x - 5, y - 5, x + 5, y + 5)], crs=9208,
    )  # fmt: skip
    path = folder / "thua.shp"
    frame.to_file(path, engine="pyogrio", encoding="ISO-8859-1")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    dbf = bytearray(path.with_suffix(".dbf").read_bytes())
    dbf[29] = 0  # declares no code page
    path.with_suffix(".dbf").write_bytes(bytes(dbf))
    return path


def test_the_page_asks_for_the_encoding_and_lists_the_columns_meanwhile(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    path = _latin1_parcels(tmp_path, demo_store)
    seen = inspect_upload(demo_store, project, path, LayerKind.PARCELS, layer=None, encoding=None,
                          crs_epsg=None, actor=ADMIN)  # fmt: skip
    assert seen.encoding_question and "hãy chọn bảng mã" in seen.encoding_question
    assert set(seen.columns) == {"SO_TO", "SO_THUA", "CHU"}
    options = ImportOptions(mapping={"sheet_no": "SO_TO", "parcel_no": "SO_THUA"})
    with pytest.raises(UnknownEncoding):
        preview_import(demo_store, project, path, LayerKind.PARCELS, options, actor=ADMIN)
    chosen = ImportOptions(mapping=options.mapping, encoding="cp1252")
    prepared = preview_import(demo_store, project, path, LayerKind.PARCELS, chosen, actor=ADMIN)
    assert prepared.layer.frame.CHU.tolist() == ["José Nação"]

"""The consent map's shapes as a file the map's frame fetches: named by its content, written whole
by whichever server sends the page, and the map's script without them."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import geopandas as gpd
import shapely

from geo.maps import project_map
from geo.parcel_layer import Category, ShapesFile, parcel_shapes
from ui.map_files import KEEP_DAYS, URL, shapes_digest, shapes_file

PARCELS = gpd.GeoDataFrame(
    {"label": ["12/7 · mã 4001", "12/8"]},
    geometry=[shapely.box(597_000, 2_060_000, 597_030, 2_060_020),
              shapely.box(597_040, 2_060_000, 597_070, 2_060_020)],
    crs=9208,
)  # fmt: skip
CATEGORIES = {"agreed": Category("#009e73", "Đã đồng thuận")}


def test_the_file_holds_the_shapes_and_labels_as_the_map_read_them_named_by_their_hash(
    tmp_path: Path,
) -> None:
    shapes = parcel_shapes(PARCELS, "label")
    digest = shapes_digest(shapes)
    found = shapes_file(shapes, digest, tmp_path)
    assert found is not None and found.url == f"{URL}/{digest}.json"
    assert [p.name for p in tmp_path.iterdir()] == [f"{digest}.json"]  # no part file left
    layer = json.loads((tmp_path / f"{digest}.json").read_text(encoding="utf-8"))
    assert set(layer) == {"g", "label"} and layer["label"] == ["12/7 · mã 4001", "12/8"]
    assert shapes_digest(parcel_shapes(PARCELS.iloc[:1], "label")) != digest  # new shapes, new name


def test_a_server_without_the_file_writes_it_and_one_that_has_it_only_marks_it_used(
    tmp_path: Path,
) -> None:
    shapes = parcel_shapes(PARCELS, "label")
    digest = shapes_digest(shapes)
    path = tmp_path / f"{digest}.json"
    shapes_file(shapes, digest, tmp_path)
    path.unlink()  # another server's disk, or a file removed as old
    assert shapes_file(shapes, digest, tmp_path) is not None and path.exists()
    long_ago = time.time() - 30 * 86_400
    os.utime(path, (long_ago, long_ago))
    shapes_file(shapes, digest, tmp_path)
    assert path.stat().st_mtime > long_ago  # in use: kept


def test_files_unused_for_two_weeks_are_removed_when_a_new_one_is_written(tmp_path: Path) -> None:
    old, recent = tmp_path / "old.json", tmp_path / "recent.json"
    for path, days in ((old, KEEP_DAYS + 1), (recent, KEEP_DAYS - 1)):
        path.write_text("{}", encoding="utf-8")
        then = time.time() - days * 86_400
        os.utime(path, (then, then))
    shapes = parcel_shapes(PARCELS, "label")
    shapes_file(shapes, shapes_digest(shapes), tmp_path)
    assert not old.exists() and recent.exists()


def test_where_no_file_can_be_written_the_map_carries_the_shapes(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")  # a file where the folder should be
    shapes = parcel_shapes(PARCELS, "label")
    assert shapes_file(shapes, shapes_digest(shapes), blocked) is None


def test_with_a_shapes_file_the_maps_script_has_its_address_and_none_of_the_shapes() -> None:
    shapes = parcel_shapes(PARCELS, "label")
    where = ShapesFile("/app/static/parcels/abc.json", "Không tải được các thửa đất.")
    with_file = project_map(PARCELS, category_column=None, categories=CATEGORIES,
                            label_column="label", shapes=shapes, shapes_file=where).get_root().render()  # fmt: skip
    inline = project_map(PARCELS, category_column=None, categories=CATEGORIES,
                         label_column="label", shapes=shapes).get_root().render()  # fmt: skip
    assert "12/7 · mã 4001" in inline and "12/7 · mã 4001" not in with_file
    assert '"/app/static/parcels/abc.json"' in with_file and "clearwayParcelsFrom(" in with_file
    assert "Không tải được các thửa đất." in with_file

"""Each kind of layer takes only its shapes: a KML line is never stored as a tower foundation,
whichever kind was chosen before or after the file was uploaded."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.layer_import import PreparedLayer
from consultations.land.preview import preview_import
from consultations.projects.service import create_project
from geo.errors import InvalidParameter
from translations import set_language

ADMIN = operator("t")
E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)


def line_project(store: Store) -> Project:
    return create_project(store, NewProject(
        slug="tuyen-moi", name="Tuyến mới", kind=ProjectKind.POWER_LINE, crs_epsg=9208,
        voltage_kv=110, conductor_half_spread_m=3, tower_side_m=8, province="Nghệ An",
        units=(("commune", "Hưng Nguyên"),)), actor=ADMIN)  # fmt: skip


def kml_line(folder: Path) -> Path:
    """A power line as the land office sends it: one KML LineString in WGS 84."""
    line = gpd.GeoSeries(
        [shapely.LineString([(E0, N0), (E0 + 800, N0 + 300), (E0 + 1600, N0 + 500)])], crs=9208
    ).to_crs(4326)
    coordinates = " ".join(f"{x:.7f},{y:.7f},0" for x, y in line.values[0].coords)
    path = folder / "tuyen.kml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
        "<Document><Placemark><name>Tuyến 110 kV</name><LineString><coordinates>"
        f"{coordinates}</coordinates></LineString></Placemark></Document></kml>",
        encoding="utf-8",
    )
    return path


def points(folder: Path) -> Path:
    path = folder / "cot.gpkg"
    gpd.GeoDataFrame(
        {"so_cot": ["T1", "T2"]},
        geometry=[shapely.Point(E0, N0), shapely.Point(E0 + 800, N0 + 300)],
        crs=9208,
    ).to_file(path)
    return path


def preview(store: Store, project: Project, path: Path, kind: LayerKind) -> PreparedLayer:
    return preview_import(store, project, path, kind, ImportOptions(mapping={}), actor=ADMIN)


def test_a_kml_line_is_refused_as_tower_foundations_naming_the_shapes_and_rows(
    store: Store, tmp_path: Path
) -> None:
    set_language("en")
    project = line_project(store)
    with pytest.raises(InvalidParameter) as refused:
        preview(store, project, kml_line(tmp_path), LayerKind.TOWERS)
    assert str(refused.value).startswith(
        "Tower foundations are points or polygons; this layer has lines (rows 1)."
    )
    assert "Nothing was imported" in str(refused.value)


def test_the_same_file_checked_again_under_another_kind_is_taken_or_refused_by_that_kind(
    store: Store, tmp_path: Path
) -> None:
    """The Import page keeps the upload when the kind changes; the new kind checks it again."""
    set_language("en")
    project = line_project(store)
    path = kml_line(tmp_path)
    assert len(preview(store, project, path, LayerKind.CENTRELINE).features) == 1
    for kind in (LayerKind.TOWERS, LayerKind.HOUSES, LayerKind.PARCELS, LayerKind.UNITS):
        with pytest.raises(InvalidParameter, match="Nothing was imported"):
            preview(store, project, path, kind)


@pytest.mark.parametrize(
    ("kind", "taken"),
    [
        (LayerKind.TOWERS, True),
        (LayerKind.CENTRELINE, False),
        (LayerKind.PARCELS, False),
        (LayerKind.HOUSES, False),
        (LayerKind.BOUNDARY, False),
    ],
)
def test_points_are_taken_only_as_tower_centres(
    store: Store, tmp_path: Path, kind: LayerKind, taken: bool
) -> None:
    set_language("en")
    project = line_project(store)
    path = points(tmp_path)
    if taken:
        assert len(preview(store, project, path, kind).features) == 2
        return
    with pytest.raises(InvalidParameter, match=r"this layer has points \(rows 1, 2\)"):
        preview(store, project, path, kind)

"""Measured on the ground whatever the files' coordinate system (issue 29, item 1): in
``cli.py affected`` a layer in Web Mercator gives the areas and corridor width of its VN-2000 twin;
both it and the stored import say which coordinate system they measured in."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import NewProject, ProjectKind
from consultations.land.affected import CorridorSpec, affected_parcels
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.preview import preview_import
from consultations.projects.service import create_project

ADMIN = operator("t")
E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)


def files(folder: Path, epsg: int) -> tuple[Path, Path]:
    """A row of 100 m parcels across a 2 km corridor (half-width 1 000 m), written in ``epsg``."""
    boxes = [shapely.box(E0 + 100 * i, N0 - 1500, E0 + 100 * (i + 1), N0 + 1500) for i in range(5)]
    parcels = gpd.GeoDataFrame(
        {"so_thua": [str(i + 1) for i in range(5)]}, geometry=boxes, crs=9208
    )
    line = gpd.GeoDataFrame(
        geometry=[shapely.LineString([(E0 - 500, N0), (E0 + 1000, N0)])], crs=9208
    )
    parcels_path, line_path = folder / f"thua_{epsg}.gpkg", folder / f"tuyen_{epsg}.gpkg"
    parcels.to_crs(epsg).to_file(parcels_path)
    line.to_crs(epsg).to_file(line_path)
    return parcels_path, line_path


def test_a_web_mercator_layer_gives_the_areas_of_its_vn2000_twin_and_says_so(
    tmp_path: Path,
) -> None:
    spec = CorridorSpec(half_width_m=1000.0)
    ground = affected_parcels(*files(tmp_path, 9208), spec, id_field="so_thua")
    web = affected_parcels(*files(tmp_path, 3857), spec, id_field="so_thua")
    assert web.parcels.crs.to_epsg() == 9208
    assert list(web.parcels.affected_m2) == pytest.approx(
        list(ground.parcels.affected_m2), rel=1e-4
    )
    assert ground.parcels.affected_m2.iloc[0] == pytest.approx(100 * 2000, rel=1e-6)
    assert any("EPSG:9208" in note and "Pseudo-Mercator" in note for note in web.notes), web.notes
    assert not any("EPSG:9208" in note for note in ground.notes)


def test_the_stored_import_of_a_web_mercator_layer_says_it_is_measured_in_the_projects_zone(
    store: Store, tmp_path: Path
) -> None:
    project = create_project(store, NewProject(
        slug="khu-thu", name="Khu thử", kind=ProjectKind.INDUSTRIAL_PARK, crs_epsg=9208,
        province="Nghệ An", units=(("commune", "Hưng Nguyên"),)), actor=ADMIN)  # fmt: skip
    parcels, _line = files(tmp_path, 3857)
    options = ImportOptions(mapping={"parcel_no": "so_thua", "sheet_no": "so_thua"})
    prepared = preview_import(store, project, parcels, LayerKind.PARCELS, options, actor=ADMIN)
    assert any("Pseudo-Mercator" in n and "EPSG:9208" in n for n in prepared.report["notes"])
    assert list(prepared.features.area) == pytest.approx([300_000.0] * 5, rel=1e-6)

"""A layer is refused, in one plain sentence and with nothing changed, when it lies in another
province than the project's, in the sea (a wrong coordinate system), or wholly away from what the
project already holds; a layer along the province's border is taken.

``test_the_command_line_import_says_the_same_sentence`` makes its project with ``cli.py`` inside the
test process (tests/cli_runner.py) and runs the refused import as a real ``python cli.py``: its
start, exit code 2 and no traceback."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from consultations.core.access import operator
from consultations.core.database import Store, open_store
from consultations.core.feed import feed_counters
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.layer_import import PreparedLayer, prepare_layer_in
from consultations.land.preview import preview_import
from consultations.land.service import import_layer, land_counts_in
from consultations.projects.service import create_project, find_project
from consultations.reporting.state import project_figures
from consultations.setup.demo import DEMO_ROOT
from geo.errors import InvalidParameter, WrongCRS
from tests.cli_runner import run_cli, run_cli_process
from translations import set_language

ROOT = Path(__file__).resolve().parents[3]
ADMIN = operator("t")
PARCEL_FIELDS = {"sheet_no": "SO_TO", "parcel_no": "SO_THUA"}
E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)
HA_TINH = (105.90, 18.35)  # Hà Tĩnh city's outskirts, some 35 km from Nghệ An
ACROSS_THE_LAM = (105.72, 18.64)  # 1.5 km into Hà Tĩnh across the river from Vinh


def new_line(store: Store) -> Project:
    return create_project(store, NewProject(
        slug="tuyen-moi", name="Tuyến mới", kind=ProjectKind.POWER_LINE, crs_epsg=9208,
        voltage_kv=110, conductor_half_spread_m=3, tower_side_m=8, province="Nghệ An",
        units=(("commune", "Hưng Nguyên"),)), actor=ADMIN)  # fmt: skip


def parcels_file(path: Path, x: float = E0, y: float = N0, crs: int = 9208) -> Path:
    """Three 100 m parcels in a row from (x, y) in ``crs``, as a GeoPackage."""
    gpd.GeoDataFrame(
        {"SO_TO": ["5"] * 3, "SO_THUA": ["1", "2", "3"]},
        geometry=[shapely.box(x + 100 * i, y, x + 100 * (i + 1), y + 100) for i in range(3)],
        crs=crs,
    ).to_file(path)
    return path


def parcels_at(path: Path, lon: float, lat: float) -> Path:
    point = gpd.GeoSeries([shapely.Point(lon, lat)], crs=4326).to_crs(9208).values[0]
    return parcels_file(path, point.x, point.y)


def prepared(store: Store, project: Project, path: Path, kind: LayerKind) -> PreparedLayer:
    mapping = PARCEL_FIELDS if kind is LayerKind.PARCELS else {}
    with store.read() as conn:
        return prepare_layer_in(conn, project, path, kind, ImportOptions(mapping=mapping))


def imported(store: Store, project: Project, path: Path, kind: LayerKind) -> None:
    import_layer(store, project, prepared(store, project, path, kind), actor=ADMIN)


def test_a_parcel_layer_in_another_province_is_refused_naming_both_and_nothing_changes(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    source = gpd.read_file(DEMO_ROOT / "cat-van-220kv" / "thua_dat.zip").to_crs(4326)
    lon, lat = source.union_all().centroid.coords[0]
    away = tmp_path / "thua_ha_tinh.gpkg"
    source.set_geometry(source.translate(HA_TINH[0] - lon, HA_TINH[1] - lat)).to_file(away)
    before = feed_counters(demo_store, project.id)
    with demo_store.read() as conn:
        counts = land_counts_in(conn, project.id)

    with pytest.raises(InvalidParameter) as refused:
        preview_import(demo_store, project, away, LayerKind.PARCELS,
                       ImportOptions(mapping=PARCEL_FIELDS), actor=ADMIN)  # fmt: skip

    assert "nằm ở Hà Tĩnh, không thuộc Nghệ An" in str(refused.value)
    assert "Chưa nhập gì" in str(refused.value)
    assert feed_counters(demo_store, project.id) == before
    with demo_store.read() as conn:
        assert land_counts_in(conn, project.id) == counts
    assert project_figures(demo_store, project).affected_households == 15


def test_the_refusal_reads_in_english_too(store: Store, tmp_path: Path) -> None:
    project = new_line(store)
    set_language("en")
    with pytest.raises(InvalidParameter, match="lies in Hà Tĩnh, not in Nghệ An"):
        prepared(store, project, parcels_at(tmp_path / "t.gpkg", *HA_TINH), LayerKind.PARCELS)


def test_a_layer_in_the_wrong_zone_lands_in_the_sea_and_is_refused_with_the_zone_hint(
    store: Store, tmp_path: Path
) -> None:
    """The Hưng Nguyên parcels said to be in VN-2000 105°30' (EPSG:9209) instead of 104°45'."""
    project = new_line(store)
    source = gpd.read_file(DEMO_ROOT / "hung-nguyen-vsip" / "thua_dat.gpkg", layer="thua_dat")
    wrong = tmp_path / "sai_mui.gpkg"
    source.set_crs(9209, allow_override=True).to_file(wrong)
    with pytest.raises(WrongCRS) as refused:
        prepared(store, project, wrong, LayerKind.PARCELS)
    said = str(refused.value)
    assert "ngoài biển hoặc ngoài lãnh thổ Việt Nam" in said
    assert "hệ tọa độ" in said and "múi chiếu VN-2000" in said and "EPSG:9208" in said


@pytest.mark.parametrize("kind", [LayerKind.PARCELS, LayerKind.CENTRELINE, LayerKind.HOUSES])
def test_any_layer_shifted_into_the_sea_is_refused(
    store: Store, tmp_path: Path, kind: LayerKind
) -> None:
    project = new_line(store)
    square = shapely.box(E0, N0, E0 + 100, N0 + 100)
    shape = square.boundary if kind is LayerKind.CENTRELINE else square
    frame = gpd.GeoDataFrame({"SO_TO": ["5"], "SO_THUA": ["1"]}, geometry=[shape], crs=9208)
    frame = frame.to_crs(4326)
    path = tmp_path / "lech.geojson"
    frame.set_geometry(frame.translate(1.5, 0)).to_file(path)  # 1.5° east: the Gulf of Tonkin
    with pytest.raises(WrongCRS, match="hệ tọa độ"):
        prepared(store, project, path, kind)


def test_a_layer_just_across_the_province_border_is_taken(store: Store, tmp_path: Path) -> None:
    project = new_line(store)
    path = parcels_at(tmp_path / "ben_kia_song.gpkg", *ACROSS_THE_LAM)
    imported(store, project, path, LayerKind.PARCELS)
    with store.read() as conn:
        assert land_counts_in(conn, project.id)["parcels"] == 3


def test_a_project_without_a_province_is_checked_only_for_the_sea(
    store: Store, tmp_path: Path
) -> None:
    older = dataclasses.replace(new_line(store), province=None)
    layer = prepared(store, older, parcels_at(tmp_path / "ht.gpkg", *HA_TINH), LayerKind.PARCELS)
    assert len(layer.features) == 3
    with pytest.raises(WrongCRS):
        prepared(store, older, parcels_at(tmp_path / "bien.gpkg", 107.0, 18.7), LayerKind.PARCELS)


def far_layer(kind: LayerKind, path: Path, dx: float) -> Path:
    """A layer of ``kind`` ``dx`` metres east of the parcels near Vinh."""
    x = E0 + dx
    shape: shapely.Geometry = {
        LayerKind.CENTRELINE: shapely.LineString([(x, N0 - 500), (x, N0 + 500)]),
        LayerKind.TOWERS: shapely.Point(x, N0),
    }.get(kind, shapely.box(x, N0, x + 50, N0 + 50))
    gpd.GeoDataFrame({"ten": ["A"]}, geometry=[shape], crs=9208).to_file(path)
    return path


@pytest.mark.parametrize(
    "kind", [LayerKind.CENTRELINE, LayerKind.BOUNDARY, LayerKind.TOWERS, LayerKind.HOUSES]
)
def test_a_layer_far_from_the_stored_parcels_is_refused_and_a_near_one_taken(
    store: Store, tmp_path: Path, kind: LayerKind
) -> None:
    project = new_line(store)
    imported(store, project, parcels_file(tmp_path / "thua.gpkg"), LayerKind.PARCELS)
    with pytest.raises(InvalidParameter, match=r"cách dự án .* hơn 2 km"):
        prepared(store, project, far_layer(kind, tmp_path / "xa.gpkg", 5_000), kind)
    near = prepared(store, project, far_layer(kind, tmp_path / "gan.gpkg", 400), kind)
    assert len(near.features) == 1


def test_houses_far_from_the_corridor_are_refused(demo_store: Store, tmp_path: Path) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    houses = gpd.read_file(DEMO_ROOT / "cat-van-220kv" / "nha_o.geojson")
    away = tmp_path / "nha_xa.geojson"
    houses.to_crs(9208).translate(0, 8_000).to_frame("geometry").to_file(away)
    with pytest.raises(InvalidParameter, match="cách dự án"):
        prepared(demo_store, project, away, LayerKind.HOUSES)


def test_a_new_centreline_may_move_away_from_the_old_one_if_near_the_parcels(
    store: Store, tmp_path: Path
) -> None:
    """The line it replaces is set aside: a corrected centreline is compared with the parcels."""
    project = new_line(store)
    imported(store, project, parcels_file(tmp_path / "thua.gpkg"), LayerKind.PARCELS)
    imported(store, project, far_layer(LayerKind.CENTRELINE, tmp_path / "a.gpkg", 1_500),
             LayerKind.CENTRELINE)  # fmt: skip
    moved = prepared(store, project, far_layer(LayerKind.CENTRELINE, tmp_path / "b.gpkg", -1_500),
                     LayerKind.CENTRELINE)  # fmt: skip
    assert len(moved.features) == 1


def test_the_command_line_import_says_the_same_sentence(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite"
    env = {**os.environ, "DATABASE_URL": url, "CLEARWAY_VAR_DIR": str(tmp_path)}

    made = run_cli(env, "new-project", "--slug", "tuyen-moi", "--name", "Tuyến mới", "--kind", "power_line",
               "--province", "Nghệ An", "--commune", "Hưng Nguyên", "--voltage-kv", "110",
               "--conductor-half-spread-m", "3", "--tower-side-m", "8")  # fmt: skip
    assert made.returncode == 0, made.stderr
    path = parcels_at(tmp_path / "ht.gpkg", *HA_TINH)
    refused = run_cli_process(env, "import", str(path), "--project", "tuyen-moi", "--kind", "parcels",
                  "--map", "sheet_no=SO_TO", "--map", "parcel_no=SO_THUA")  # fmt: skip
    assert refused.returncode == 2 and "Traceback" not in refused.stderr

    store = open_store(url)
    try:
        with pytest.raises(InvalidParameter) as direct:
            prepared(store, find_project(store, "tuyen-moi"), path, LayerKind.PARCELS)
    finally:
        store.dispose()
    assert refused.stderr.strip() == str(direct.value)
    assert "nằm ở Hà Tĩnh, không thuộc Nghệ An" in refused.stderr

"""Real files nobody here wrote (tests/data/corpus, with their sources and licences), and files of
the same shape made here: each gives the right areas or a plain refusal, through `cli.py affected`
and through a stored import alike, and no refusal carries a traceback, GDAL's words or a path."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

import cli
from consultations.core.database import Store
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.layer_import import prepare_layer_in
from consultations.projects.service import find_project
from geo.errors import GeoError
from geo.layers import read_layer

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
VINH = (105.68, 18.67)
JARGON = re.compile(
    r"Traceback|GDAL|WKB|GEOS|vsizip|SHAPE_RESTORE|out of bounds|<DRIVER>|/tmp|/work|"
    r"No such file|Exception|Error\b|driver",
    re.IGNORECASE,
)
TM = (
    'PROJCS["moved",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
    'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["latitude_of_origin",{lat}],PARAMETER["central_meridian",{lon}],'
    'PARAMETER["scale_factor",1],PARAMETER["false_easting",{fe}],'
    'PARAMETER["false_northing",{fn}],UNIT["metre",1]]'
)


def moved(name: str, folder: Path, centre: tuple[float, float] = VINH) -> Path:
    """A copy of a corpus shapefile moved into Vietnam: its .prj replaced by a transverse Mercator
    whose origin is ``centre`` and whose false origin cancels the layer's own middle."""
    stem = Path(name).stem
    for part in CORPUS.glob(f"{stem}.*"):
        shutil.copy(part, folder / part.name)
    shp = folder / name
    x0, y0, x1, y1 = pyogrio.read_info(shp)["total_bounds"]
    lon, lat = centre
    fe, fn = -(x0 + x1) / 2, -(y0 + y1) / 2
    shp.with_suffix(".prj").write_text(TM.format(lat=lat, lon=lon, fe=fe, fn=fn))
    return shp


def moved_zip(name: str, folder: Path) -> Path:
    """A corpus zipped shapefile moved into Vietnam the same way, zipped again."""
    inner = folder / "inner"
    inner.mkdir()
    with zipfile.ZipFile(CORPUS / name) as archive:
        archive.extractall(inner)
    for part in inner.glob("*.qpj"):  # QGIS's own copy of the projection would say otherwise
        part.unlink()
    shp = next(inner.glob("*.shp"))
    x0, y0, x1, y1 = pyogrio.read_info(shp)["total_bounds"]
    shp.with_suffix(".prj").write_text(
        TM.format(lat=VINH[1], lon=VINH[0], fe=-(x0 + x1) / 2, fn=-(y0 + y1) / 2)
    )
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        for part in inner.iterdir():
            archive.write(part, part.name)
    return path


def moved_gpkg(name: str, folder: Path, centre: tuple[float, float]) -> Path:
    """A GeoPackage in degrees elsewhere, redrawn as metres around ``centre`` (rows kept, the
    first without geometry too)."""
    frame = pyogrio.read_dataframe(CORPUS / name)
    x0, y0, x1, y1 = frame.total_bounds * 1000
    frame.geometry = frame.geometry.scale(1000, 1000, origin=(0, 0))
    crs = TM.format(lat=centre[1], lon=centre[0], fe=-(x0 + x1) / 2, fn=-(y0 + y1) / 2)
    path = folder / name
    pyogrio.write_dataframe(frame.set_crs(crs, allow_override=True), path)
    return path


def line_across(layer: Path, folder: Path) -> Path:
    """A corridor centreline in WGS 84 across the middle of ``layer`` (read independently)."""
    x0, y0, x1, y1 = gpd.read_file(layer, engine="pyogrio").to_crs(4326).total_bounds
    middle = (y0 + y1) / 2
    path = folder / "corridor.geojson"
    line = {"type": "LineString", "coordinates": [[x0 - 0.01, middle], [x1 + 0.01, middle]]}
    path.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": line}))
    return path


def affected(
    capsys: pytest.CaptureFixture[str], parcels: Path, corridor: Path, *more: str
) -> tuple[int, str]:
    code = cli.main(["affected", "--parcels", str(parcels), "--corridor", str(corridor), *more])
    said = capsys.readouterr()
    return code, said.out + said.err


def no_jargon(text: str) -> None:
    found = JARGON.search(text)
    assert found is None, f"jargon {found.group(0)!r} reaches the user: {text}"


def shp_without_sidecars(folder: Path) -> Path:
    """A zip holding a .shp alone, as a land office sometimes sends it."""
    frame = gpd.GeoDataFrame({"SO_THUA": ["1"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=9208)
    frame.to_file(folder / "thua.shp", engine="pyogrio")
    with zipfile.ZipFile(folder / "thua.zip", "w") as archive:
        archive.write(folder / "thua.shp", "thua.shp")
    return folder / "thua.zip"


# The stored import names parcels without shape in its own words (with "nothing was imported").
IMPORT_SAYS = {
    "null.shp": r"4 trong số 9 đối tượng .* không có hình \(dòng 2, 4, 5, 8\).* Chưa nhập gì",
    "first_geometry_null.gpkg": r"1 trong số \d+ đối tượng .* không có hình \(dòng 1\)",
    # the stored import names the rows, ten at most, and says nothing was imported
    "vn_cities.geojson": r"phải là vùng .* có điểm \(dòng 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 …\).* Chưa có gì",
}
REFUSED = [  # (file, how it is prepared, what the user is told)
    ("test_tin.shp", None, "mặt 3 chiều"),
    ("multipatch.shp", None, "mặt 3 chiều"),
    ("3d.dxf", None, "mặt 3 chiều"),
    ("geometries.kml", None, r"3 dòng không đọc được hình \(16, 17, 18\)"),
    ("nospatial.gpkg", None, "bảng không có hình"),
    ("empty.kml", None, "không có đối tượng nào"),
    ("empty.shp", None, "không có đối tượng nào"),
    ("singleton.shp", None, r"thiếu tệp \.shx"),
    ("thua.zip", "shp alone", r"thiếu tệp \.shx .*; \.dbf"),
    ("badzip.zip", None, "không phải tệp zip hợp lệ"),
    ("samples.kml", None, "có nhiều lớp"),
    ("vn_cities.geojson", None, r"phải là vùng .* Point \(88\)"),
    ("null.shp", "moved", r"4 thửa .* không có hình \(dòng 2, dòng 4, dòng 5, dòng 8\)"),
    ("first_geometry_null.gpkg", "moved gpkg", r"1 thửa .* không có hình \(dòng 1\)"),
    ("!test.geojson", None, "“!test.geojson”, đọc theo WGS 84, nằm ngoài Việt Nam"),
    ("T8Th4_6n.zip", None, "“T8Th4_6n.zip”, đọc theo WGS 84, nằm ngoài Việt Nam"),
    ("curves_line.csv", None, "“curves_line.csv”, đọc theo WGS 84, nằm ngoài Việt Nam"),
]


def _prepared(name: str, how: str | None, folder: Path, centre: tuple[float, float]) -> Path:
    if how == "moved":
        return moved(name, folder, centre)
    if how == "shp alone":
        return shp_without_sidecars(folder)
    if how == "moved gpkg":
        return moved_gpkg(name, folder, centre)
    return CORPUS / name


@pytest.mark.parametrize(("name", "how", "said"), REFUSED)
def test_affected_refuses_in_a_sentence_that_says_what_to_fix(
    name: str, how: str | None, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parcels = _prepared(name, how, tmp_path, VINH)
    corridor = CORPUS / "polygon_with_holes_corridor.geojson"
    code, out = affected(capsys, parcels, corridor, "--half-width-m", "20", "--out",
                         str(tmp_path / "out.csv"))  # fmt: skip
    assert code == 2 and re.search(said, out), out
    assert not (tmp_path / "out.csv").exists()
    no_jargon(out)


@pytest.mark.parametrize(("name", "how", "said"), REFUSED)
def test_the_stored_import_refuses_the_same_files_with_the_same_sentence(
    name: str, how: str | None, said: str, tmp_path: Path, demo_store: Store
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    parcels = _prepared(name, how, tmp_path, _project_centre(demo_store))
    options = ImportOptions(mapping={"sheet_no": "", "parcel_no": ""})
    with pytest.raises(GeoError) as refused, demo_store.read() as conn:
        prepare_layer_in(conn, project, parcels, LayerKind.PARCELS, options)
    message = str(refused.value)
    if "nằm ngoài Việt Nam" in said:  # far from the project: the import says so in its words
        said = "ngoài Việt Nam|cách xa"
    assert re.search(IMPORT_SAYS.get(name, said), message), message
    no_jargon(message)


def _project_centre(store: Store) -> tuple[float, float]:
    from consultations.reporting.maps import project_land

    land = project_land(store, find_project(store, "cat-van-220kv"))
    point = land.parcels.to_crs(4326).geometry.union_all().centroid
    return point.x, point.y


def test_a_layer_chosen_with_layer_is_read_from_a_kml_of_several(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = affected(capsys, CORPUS / "samples.kml", CORPUS / "diaphantinh_corridor.geojson",
                         "--layer", "Google Campus", "--half-width-m", "20", "--out",
                         str(tmp_path / "out.csv"))  # fmt: skip
    assert code == 2 and "“samples.kml”, đọc theo WGS 84, nằm ngoài Việt Nam" in out  # it read it
    no_jargon(out)


def test_a_polygon_whose_hole_lies_outside_its_shell_is_repaired_and_measured_right(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parcels = moved("testpoly.shp", tmp_path)
    corridor_line = line_across(parcels, tmp_path)
    code, out = affected(capsys, parcels, corridor_line, "--half-width-m", "2", "--id-field",
                         "FID", "--out", str(tmp_path / "out.csv"))  # fmt: skip
    assert code == 0 and "Đã sửa 1 vùng không hợp lệ" in out, out
    rows = gpd.read_file(tmp_path / "out.csv", engine="pyogrio")
    areas = rows.parcel_area_m2.astype(float)
    assert (areas > 0).all() and (rows.affected_m2.astype(float) >= 0).all()
    # independently: the same layer made valid by shapely, in the same metric CRS (its own
    # transverse Mercator has no EPSG code: measured in the VN-2000 zone of Nghệ An, around Vinh)
    assert "EPSG:9208" in out
    frame = gpd.read_file(parcels, engine="pyogrio").to_crs(9208)
    valid = shapely.make_valid(frame.geometry.values)
    expected = dict(zip(frame.FID.astype(str), shapely.area(valid), strict=True))
    for fid, area in zip(rows.FID.astype(str), areas, strict=True):
        assert area == pytest.approx(expected[fid], rel=1e-6)


def test_the_stored_import_repairs_the_same_polygon_and_counts_it(
    tmp_path: Path, demo_store: Store
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    parcels = moved("testpoly.shp", tmp_path, _project_centre(demo_store))
    options = ImportOptions(mapping={"sheet_no": "FID", "parcel_no": "FID"})
    with demo_store.read() as conn:
        prepared = prepare_layer_in(conn, project, parcels, LayerKind.PARCELS, options)
    assert prepared.report["repaired"] == 1
    assert (shapely.area(prepared.features.geometry.values) > 0).all()


@pytest.mark.parametrize(
    ("name", "column", "text", "declared"),
    [
        ("latin1-property.shp", "name", "México", "CP1252"),  # DBF byte 87 (Windows ANSI)
        ("olinda1.shp", "NM_BAIR", "Alto da Nação", "CP1252"),
        ("codepage.zip", "field", "Hněvošický háj", "CP1250"),  # its .cpg says 1250
    ],
)
def test_text_is_read_in_the_encoding_the_file_declares(
    name: str, column: str, text: str, declared: str, tmp_path: Path
) -> None:
    path = moved_zip(name, tmp_path) if name.endswith(".zip") else moved(name, tmp_path)
    layer = read_layer(path)
    assert text in set(layer.frame[column])
    assert any(declared in note for note in layer.notes), layer.notes


def test_the_national_layer_reaching_the_southern_islands_is_inside_vietnam(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = affected(capsys, CORPUS / "diaphantinh.json", CORPUS / "diaphantinh_corridor.geojson",
                         "--crs", "4326", "--half-width-m", "1000", "--out", str(tmp_path / "o.csv"))  # fmt: skip
    assert code == 0, out
    assert len(read_layer(CORPUS / "diaphantinh.json", crs_epsg=4326).frame) == 63


def test_a_cad_drawing_in_the_wrong_coordinate_system_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = affected(capsys, CORPUS / "closed_polyline_with_bulge.dxf",
                         CORPUS / "diaphantinh_corridor.geojson", "--crs", "9208",
                         "--half-width-m", "20", "--out", str(tmp_path / "o.csv"))  # fmt: skip
    assert code == 2 and "không đặt được lên bản đồ" in out and "inf" not in out, out
    no_jargon(out)

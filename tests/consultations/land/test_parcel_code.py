"""The parcel's official code (mã định danh thửa đất): guessed from the usual column names, stored,
the parcel's key on a re-import before its sheet and number, never lost to a layer without it, and
refused when two parcels of one layer share it."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from sqlalchemy import select

from consultations.core import schema as s
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.layer_import import mapping_in, prepare_layer_in
from consultations.land.service import import_layer
from consultations.projects.service import create_project
from consultations.reporting.map_export import map_html
from consultations.reporting.options import Audience
from consultations.reporting.palette import STATUS_COLOURS
from consultations.reporting.project_export import export_project
from geo.errors import InvalidParameter

ADMIN = operator("t")
E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)
WITH_CODE = {"sheet_no": "SO_TO", "parcel_no": "SO_THUA", "parcel_code": "MA_DINH_DANH"}
WITHOUT_CODE = {"sheet_no": "SO_TO", "parcel_no": "SO_THUA"}


def new_line(store: Store) -> Project:
    return create_project(store, NewProject(
        slug="tuyen-moi", name="Tuyến mới", kind=ProjectKind.POWER_LINE, crs_epsg=9208,
        voltage_kv=110, conductor_half_spread_m=3, tower_side_m=8, province="Nghệ An",
        units=(("commune", "Hưng Nguyên"),)), actor=ADMIN)  # fmt: skip


def layer(path: Path, numbers: list[str], codes: list[str | None] | None = None) -> Path:
    """Parcels of sheet 5 in a row of 100 m squares from Vinh, with their codes when given."""
    columns: dict[str, list[str | None]] = {"SO_TO": ["5"] * len(numbers), "SO_THUA": [*numbers]}
    if codes is not None:
        columns["MA_DINH_DANH"] = codes
    gpd.GeoDataFrame(
        columns,
        geometry=[shapely.box(E0 + 100 * i, N0, E0 + 100 * (i + 1), N0 + 100)
                  for i in range(len(numbers))],
        crs=9208,
    ).to_file(path)  # fmt: skip
    return path


def load(store: Store, project: Project, path: Path, mapping: dict[str, str]) -> None:
    with store.read() as conn:
        prepared = prepare_layer_in(
            conn, project, path, LayerKind.PARCELS, ImportOptions(mapping=mapping)
        )
    import_layer(store, project, prepared, actor=ADMIN, confirmed=True)


def stored(store: Store, project: Project) -> dict[int, tuple[str, str | None, bool]]:
    """Each parcel's id → (sheet/number, code, retired)."""
    p = s.parcels
    with store.read() as conn:
        rows = conn.execute(
            select(p.c.id, p.c.sheet_no, p.c.parcel_no, p.c.parcel_code, p.c.retired_at)
            .where(p.c.project_id == project.id)
        ).all()  # fmt: skip
    return {
        r.id: (f"{r.sheet_no}/{r.parcel_no}", r.parcel_code, r.retired_at is not None) for r in rows
    }


@pytest.mark.parametrize(
    "column", ["MA_DINH_DANH", "MADINHDANH", "ma_dinh_danh", "MDD", "Mã định danh"]
)
def test_a_column_named_like_the_code_is_suggested_for_it(store: Store, column: str) -> None:
    with store.read() as conn:
        guessed = mapping_in(conn, LayerKind.PARCELS, ["SO_TO", "SO_THUA", column])
    assert guessed["parcel_code"] == column


def test_a_register_is_not_offered_the_code(store: Store) -> None:
    with store.read() as conn:
        guessed = mapping_in(conn, LayerKind.REGISTER, ["SO_TO", "SO_THUA", "MDD"])
    assert "parcel_code" not in guessed


def test_the_code_is_stored_with_its_parcel(store: Store, tmp_path: Path) -> None:
    project = new_line(store)
    load(store, project, layer(tmp_path / "a.gpkg", ["1", "2"], ["40101001", None]), WITH_CODE)
    assert sorted(v[:2] for v in stored(store, project).values()) == [
        ("5/1", "40101001"),
        ("5/2", None),
    ]


def test_a_parcel_renumbered_with_the_same_code_keeps_its_id(store: Store, tmp_path: Path) -> None:
    project = new_line(store)
    load(store, project, layer(tmp_path / "a.gpkg", ["1", "2"], ["A1", "A2"]), WITH_CODE)
    before = {code: i for i, (_label, code, _r) in stored(store, project).items()}

    # Renumbered: the codes swap numbers, and the parcels are drawn where the other one was.
    load(store, project, layer(tmp_path / "b.gpkg", ["7", "8"], ["A2", "A1"]), WITH_CODE)

    after = stored(store, project)
    assert after[before["A2"]] == ("5/7", "A2", False)
    assert after[before["A1"]] == ("5/8", "A1", False)
    assert len(after) == 2


def test_a_parcel_of_another_code_with_the_same_number_is_a_new_parcel(
    store: Store, tmp_path: Path
) -> None:
    project = new_line(store)
    load(store, project, layer(tmp_path / "a.gpkg", ["1"], ["A1"]), WITH_CODE)
    [old] = stored(store, project)

    load(store, project, layer(tmp_path / "b.gpkg", ["1"], ["B1"]), WITH_CODE)

    after = stored(store, project)
    assert after[old] == ("5/1", "A1", True)
    assert [v for i, v in after.items() if i != old] == [("5/1", "B1", False)]


def test_a_later_layer_without_the_column_keeps_the_stored_codes(
    store: Store, tmp_path: Path
) -> None:
    project = new_line(store)
    load(store, project, layer(tmp_path / "a.gpkg", ["1", "2"], ["A1", "A2"]), WITH_CODE)
    before = stored(store, project)

    load(store, project, layer(tmp_path / "b.gpkg", ["1", "2"]), WITHOUT_CODE)

    assert stored(store, project) == before


def test_a_later_layer_with_an_empty_code_keeps_the_stored_one(
    store: Store, tmp_path: Path
) -> None:
    project = new_line(store)
    load(store, project, layer(tmp_path / "a.gpkg", ["1", "2"], ["A1", None]), WITH_CODE)
    load(store, project, layer(tmp_path / "b.gpkg", ["1", "2"], [None, "A2"]), WITH_CODE)
    assert sorted(v[:2] for v in stored(store, project).values()) == [("5/1", "A1"), ("5/2", "A2")]


def test_two_parcels_with_one_code_are_refused_naming_them(store: Store, tmp_path: Path) -> None:
    project = new_line(store)
    path = layer(tmp_path / "a.gpkg", ["1", "2", "3"], ["A1", "A9", "A9"])
    with pytest.raises(
        InvalidParameter, match=r"2 thửa đất trùng mã định danh.*: A9 \(5/2\), A9 \(5/3\)\. Hãy sửa"
    ):
        load(store, project, path, WITH_CODE)
    assert stored(store, project) == {}


def test_the_parcel_register_export_carries_the_code(store: Store, tmp_path: Path) -> None:
    project = new_line(store)
    load(store, project, layer(tmp_path / "a.gpkg", ["1", "2"], ["40101001", None]), WITH_CODE)
    out = tmp_path / "thua.csv"
    export_project(store, project, "csv", out, actor=ADMIN, what="parcels")
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    codes = dict(zip(table["Thửa"], table["Mã định danh thửa đất"], strict=True))
    assert codes["1"] == "40101001" and pd.isna(codes["2"])


def test_the_internal_shared_map_names_the_code_and_the_public_one_does_not(
    store: Store, tmp_path: Path
) -> None:
    project = new_line(store)
    load(store, project, layer(tmp_path / "a.gpkg", ["1"], ["40101001"]), WITH_CODE)
    internal = map_html(store, project, Audience.INTERNAL, STATUS_COLOURS, actor=ADMIN)
    public = map_html(store, project, Audience.PUBLIC, STATUS_COLOURS, actor=ADMIN)
    assert "5/1 · mã 40101001" in internal
    assert "40101001" not in public and "5/1" in public

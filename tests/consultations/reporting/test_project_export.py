"""Exports that open in QGIS and Excel: the GeoPackage read back with pyogrio, the XLSX with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pyogrio
import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.projects.service import find_project
from consultations.reporting.maps import project_land
from consultations.reporting.project_export import export_project


def test_the_geopackage_keeps_the_crs_every_parcel_and_vietnamese_text(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    out = tmp_path / "cat_van.gpkg"
    export_project(demo_store, project, "gpkg", out, actor=operator("t"))
    layers = {name for name, _kind in pyogrio.list_layers(out)}
    assert layers == {"thua_dat", "hanh_lang", "mong_cot"}
    info = pyogrio.read_info(out, layer="thua_dat")
    assert info["crs"] == "EPSG:9208" and info["encoding"] == "UTF-8"
    parcels = pyogrio.read_dataframe(out, layer="thua_dat")
    land = project_land(demo_store, project)
    assert len(parcels) == len(land.parcels)
    assert set(parcels["Xã"]) == {"Cát Văn"}  # as the land office's file writes it
    assert set(parcels["Xã, phường hiện nay"]) == {"Cát Ngạn"}  # since the 2025 mergers
    assert (parcels["Trạng thái"] == "Đã đồng thuận (đã ký)").sum() == (
        land.parcels.status == "agreed"
    ).sum()
    assert parcels["Diện tích thu hồi vĩnh viễn (m²)"].sum() == pytest.approx(
        land.parcels.permanent_m2.sum(), abs=1
    )
    assert len(pyogrio.read_dataframe(out, layer="mong_cot")) == 15


def test_the_workbook_has_a_sheet_per_register_that_openpyxl_reads(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "hung-nguyen-vsip")
    out = tmp_path / "hung_nguyen.xlsx"
    rows = export_project(demo_store, project, "xlsx", out, actor=operator("t"))
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["Thửa", "Hộ gia đình", "Ý kiến, kiến nghị", "Cuộc họp", "Cam kết"]
    households = list(book["Hộ gia đình"].iter_rows(values_only=True))
    assert households[0][:2] == ("Mã", "Chủ hộ") and len(households) == 41
    assert rows == sum(book[name].max_row - 1 for name in book.sheetnames)


def test_csv_is_one_register_with_the_bom_excel_needs(demo_store: Store, tmp_path: Path) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    out = tmp_path / "thua.csv"
    export_project(demo_store, project, "csv", out, actor=operator("t"), what="parcels")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert "Thửa" in table.columns and len(table) == 240


def test_registers_do_not_go_into_a_geopackage(demo_store: Store, tmp_path: Path) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with pytest.raises(InvalidRecord, match="GeoPackage"):
        export_project(
            demo_store, project, "gpkg", tmp_path / "x.gpkg", actor=operator("t"), what="concerns"
        )
    assert not (tmp_path / "x.gpkg").exists()

"""A parcel layer naming the communes before the 2025 mergers: each parcel keeps the names as the
file wrote them and gains today's commune; a name that went into several communes waits for a
person's choice, and the import changes nothing until it is made."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from sqlalchemy import select

from consultations.core import schema as s
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.layer_import import PreparedLayer, prepare_layer_in
from consultations.land.reports import report_lines
from consultations.land.service import import_layer
from consultations.projects.service import create_project

ADMIN = operator("t")
E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)
FIELDS = {"sheet_no": "SO_TO", "parcel_no": "SO_THUA", "commune": "XA", "old_commune": "XA_CU"}


def new_line(store: Store) -> Project:
    return create_project(store, NewProject(
        slug="tuyen-xa-cu", name="Tuyến qua xã cũ", kind=ProjectKind.POWER_LINE, crs_epsg=9208,
        voltage_kv=110, conductor_half_spread_m=3, tower_side_m=8, province="Nghệ An",
        units=(("commune", "Cát Ngạn"), ("commune", "Thuần Trung"))), actor=ADMIN)  # fmt: skip


def layer(path: Path) -> Path:
    """Five parcels as a land office writes them: the old commune in the commune column, in
    capitals or without diacritics, or in its own column beside today's commune."""
    rows = [
        ("Xã Cát Văn", None), ("CAT VAN", None), ("XÃ MINH SƠN", None),
        ("Cát Ngạn", "Phong Thịnh"), ("Xã Không Có", None),
    ]  # fmt: skip
    gpd.GeoDataFrame(
        {"SO_TO": ["5"] * len(rows), "SO_THUA": [str(i + 1) for i in range(len(rows))],
         "XA": [r[0] for r in rows], "XA_CU": [r[1] for r in rows]},
        geometry=[shapely.box(E0 + 100 * i, N0, E0 + 100 * (i + 1), N0 + 100)
                  for i in range(len(rows))],
        crs=9208,
    ).to_file(path)  # fmt: skip
    return path


def prepared(store: Store, project: Project, path: Path, **choices: str) -> PreparedLayer:
    options = ImportOptions(mapping=FIELDS, communes=tuple(choices.items()))
    with store.read() as conn:
        return prepare_layer_in(conn, project, path, LayerKind.PARCELS, options)


def stored(store: Store, project: Project) -> list[tuple[str, str | None, str | None, str | None]]:
    p = s.parcels
    with store.read() as conn:
        rows = conn.execute(
            select(p.c.commune, p.c.old_commune, p.c.current_commune, p.c.old_commune_code)
            .where(p.c.project_id == project.id).order_by(p.c.parcel_no)
        ).all()  # fmt: skip
    return [tuple(r) for r in rows]


def test_the_preview_says_what_each_old_name_became_and_which_wait_for_a_person(
    store: Store, tmp_path: Path
) -> None:
    project = new_line(store)

    report = prepared(store, project, layer(tmp_path / "xa_cu.gpkg")).report["communes"]

    assert report["resolved"] == [
        ["xã Cát Văn (huyện Thanh Chương)", "Cát Ngạn", 2],
        ["xã Phong Thịnh (huyện Thanh Chương)", "Cát Ngạn", 1],
    ]
    [[name, _label, options, count, choice]] = report["split"]
    assert (name, sorted(options), count, choice) == (
        "XÃ MINH SƠN",
        ["Cát Ngạn", "Thuần Trung"],
        1,
        None,
    )
    assert report["unknown"] == [["Xã Không Có", 1]]


def test_an_import_waits_for_the_commune_of_a_name_that_went_several_ways(
    store: Store, tmp_path: Path
) -> None:
    project = new_line(store)
    waiting = prepared(store, project, layer(tmp_path / "xa_cu.gpkg"))

    with pytest.raises(InvalidRecord, match="XÃ MINH SƠN"):
        import_layer(store, project, waiting, actor=ADMIN, confirmed=True)

    assert stored(store, project) == []


def test_an_import_keeps_the_old_commune_and_todays(store: Store, tmp_path: Path) -> None:
    project = new_line(store)
    chosen = prepared(
        store, project, layer(tmp_path / "xa_cu.gpkg"), **{"XÃ MINH SƠN": "Thuần Trung"}
    )

    import_layer(store, project, chosen, actor=ADMIN, confirmed=True)

    assert stored(store, project) == [
        ("Xã Cát Văn", None, "Cát Ngạn", "17716"),
        ("CAT VAN", None, "Cát Ngạn", "17716"),
        ("XÃ MINH SƠN", None, "Thuần Trung", None),  # two old communes bore the name
        ("Cát Ngạn", "Phong Thịnh", "Cát Ngạn", "17728"),
        ("Xã Không Có", None, None, None),
    ]


def test_a_choice_outside_the_names_communes_is_not_taken(store: Store, tmp_path: Path) -> None:
    project = new_line(store)

    report = prepared(
        store, project, layer(tmp_path / "xa_cu.gpkg"), **{"XÃ MINH SƠN": "Vinh Phú"}
    ).report

    assert report["communes"]["split"][0][4] is None
    assert any("XÃ MINH SƠN" in line and "hãy chọn" in line for line in report_lines(report))

"""Every text with a limit is checked before the database: on PostgreSQL a text one character too
long would fail with a driver error (an English box, a traceback), and SQLite would store it. Both
refuse it with the same sentence, naming the field (and, in an import, the row) and the limit.

``test_the_cli_refuses_a_tower_label_too_long_with_a_sentence_not_a_traceback`` runs a real
``python cli.py`` (tests/cli_runner.py's ``run_cli_process``): what reaches the user of the process."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from consultations.core import bulk, schema
from consultations.core.access import operator
from consultations.core.bounds import every_bounded_column, length_problem
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, TextTooLong
from consultations.core.labels import field_label
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.households.service import add_household
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.preview import preview_import
from consultations.petitions.importing import import_petitions
from consultations.projects.service import create_project
from tests.cli_runner import run_cli_process
from translations import set_language

ADMIN = operator("t")
BOUNDED = every_bounded_column()
E0, N0 = 597_900.0, 2_065_200.0  # Vinh, VN-2000 Nghệ An (EPSG:9208)


def _row(table: Any, column: str, value: str) -> dict[str, Any]:
    """``value`` in ``column``, and a key for the table's other key columns (none is generated)."""
    keys = {c.key: "1" if getattr(c.type, "length", None) else 1 for c in table.primary_key}
    return {**keys, column: value}


def _count(store: Store, table: Any) -> int:
    with store.read() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def test_the_schema_has_bounded_text_columns_to_check() -> None:
    names = {f"{t.name}.{c}" for t, c, _n in BOUNDED}
    assert {"tower_foundations.label", "households.code", "parcels.sheet_no"} <= names
    assert len(BOUNDED) > 60


def test_a_text_one_character_over_its_limit_is_refused_with_the_same_sentence_on_both_databases(
    store: Store,
) -> None:
    """Every bounded column of the schema, by an INSERT, an UPDATE and the bulk writer (COPY)."""
    wrong = []
    for table, column, limit in BOUNDED:
        value = "ệ" * (limit + 1)  # a Vietnamese character is one character, whatever its bytes
        expected = length_problem(field_label(column), value, limit)
        for how in ("insert", "update", "bulk"):
            try:
                with store.begin() as conn:
                    if how == "insert":
                        conn.execute(insert(table).values(_row(table, column, value)))
                    elif how == "update":
                        conn.execute(update(table).values({column: value}))
                    else:
                        bulk.insert_columns(conn, table, {column: ["a", value]})
                wrong.append(f"{table.name}.{column} by {how}: stored")
            except TextTooLong as refused:
                if not str(refused).startswith(expected):
                    wrong.append(f"{table.name}.{column} by {how}: {refused}")
        if _count(store, table):
            wrong.append(f"{table.name}.{column}: a row was stored")
    assert wrong == []


def test_a_text_of_exactly_its_limit_passes_the_check(store: Store) -> None:
    """Only the limit is checked: what fails after it (a missing required value) is another error."""
    for table, column, limit in BOUNDED:
        try:
            with store.begin() as conn:
                conn.execute(insert(table).values(_row(table, column, "ệ" * limit)))
        except IntegrityError:
            pass  # the other required columns are missing: the text itself was taken


def test_a_long_text_that_passes_by_the_checks_in_raw_sql_is_still_a_sentence(
    store: Store,
) -> None:
    statement = text("INSERT INTO admin_units (level, name) VALUES (:k, 'Thôn 1')")
    if store.dialect == "sqlite":  # SQLite keeps any length: why the checks come first
        with store.begin() as conn:
            conn.execute(statement, {"k": "k" * 40})
        assert _count(store, schema.admin_units) == 1
        return
    set_language("en")
    with pytest.raises(TextTooLong, match="longer than the database holds"), store.begin() as conn:
        conn.execute(statement, {"k": "k" * 40})


def line_project(store: Store) -> Project:
    return create_project(store, NewProject(
        slug="tuyen-moi", name="Tuyến mới", kind=ProjectKind.POWER_LINE, crs_epsg=9208,
        voltage_kv=110, conductor_half_spread_m=3, tower_side_m=8, province="Nghệ An",
        units=(("commune", "Hưng Nguyên"),)), actor=ADMIN)  # fmt: skip


def test_a_tower_label_over_32_characters_is_refused_naming_its_row_and_the_limit(
    store: Store, tmp_path: Path
) -> None:
    set_language("en")
    project = line_project(store)
    path = tmp_path / "cot.gpkg"
    labels = ["T1", "Cột số 2 đường dây 110kV Hưng Nguyên", "T3"]
    gpd.GeoDataFrame(
        {"so_cot": labels},
        geometry=[shapely.Point(E0 + 100 * i, N0) for i in range(3)],
        crs=9208,
    ).to_file(path)
    options = ImportOptions(mapping={"label": "so_cot"})
    with pytest.raises(TextTooLong) as refused:
        preview_import(store, project, path, LayerKind.TOWERS, options, actor=ADMIN)
    message = str(refused.value)
    assert "row 2: Label / number" in message and "has 36 characters; at most 32 fit" in message
    assert "row 1" not in message and "row 3" not in message
    assert "nothing was imported" in message


def test_a_household_code_typed_too_long_is_refused_by_the_form_with_the_limit(
    demo_store: Store,
) -> None:
    set_language("en")
    from consultations.projects.service import find_project

    project = find_project(demo_store, "cat-van-220kv")
    with pytest.raises(TextTooLong, match=r"Code “X{40}…” has 41 characters; at most 40 fit"):
        add_household(demo_store, project.id, "X" * 41, {"head_name": "A"}, actor=ADMIN)


def test_a_petition_number_too_long_is_refused_by_the_register_import_naming_its_row(
    store: Store, tmp_path: Path
) -> None:
    set_language("en")
    path = tmp_path / "so_don.csv"
    long_number = "2025/KN-" + "9" * 53  # 61 characters
    path.write_text(
        "Số đơn,Ngày nhận,Loại đơn,Lĩnh vực,Nội dung\n1,02/01/2025,complaint,compensation_price,x\n"
        f"{long_number},03/01/2025,complaint,compensation_price,y\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidRecord) as refused:
        import_petitions(store, path, body="UBND tỉnh Nghệ An", actor=ADMIN)
    assert "Row 3: Number in the register “2025/KN-99999" in str(refused.value)
    assert "has 61 characters; at most 60 fit" in str(refused.value)
    assert "Row 2" not in str(refused.value)


def test_the_cli_refuses_a_tower_label_too_long_with_a_sentence_not_a_traceback(
    store: Store, tmp_path: Path
) -> None:
    project = line_project(store)
    path = tmp_path / "cot.gpkg"
    gpd.GeoDataFrame(
        {"so_cot": ["T1", "Cột số 2 đường dây 110kV Hưng Nguyên"]},
        geometry=[shapely.Point(E0, N0), shapely.Point(E0 + 100, N0)],
        crs=9208,
    ).to_file(path)
    env = {**os.environ, "DATABASE_URL": store.engine.url.render_as_string(hide_password=False),
           "CLEARWAY_VAR_DIR": str(tmp_path)}  # fmt: skip
    done = run_cli_process(env, "import", str(path), "--project", project.slug, "--kind", "towers",
                           "--map", "label=so_cot")  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "dòng 2:" in done.stderr and "có 36 ký tự; chỉ chứa được tối đa 32" in done.stderr
    assert _count(store, schema.tower_foundations) == 0

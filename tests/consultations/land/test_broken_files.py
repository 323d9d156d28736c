"""Broken files, made up by hypothesis: each gets a clear message, and nothing is written."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from consultations.core.access import operator
from consultations.core.database import Store, open_store
from consultations.core.errors import ConsultationError
from consultations.core.schema import TABLES
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.layer_import import prepare_layer_in
from consultations.land.service import import_layer
from consultations.projects.service import find_project
from consultations.setup.demo import DEMO_ROOT
from geo.errors import GeoError
from tests.fixtures import sqlite_copy

GOOD_ZIP = (DEMO_ROOT / "cat-van-220kv" / "thua_dat.zip").read_bytes()
GOOD_GPKG = (DEMO_ROOT / "hung-nguyen-vsip" / "thua_dat.gpkg").read_bytes()
SUFFIXES = [".zip", ".geojson", ".kml", ".kmz", ".csv", ".gpkg", ".dxf", ".shp", ".xlsx", ".txt"]


@pytest.fixture(scope="module")
def loaded() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(sqlite_copy("demo", folder, "broken.sqlite"))
        yield store
        store.dispose()


def row_counts(store: Store) -> dict[str, int]:
    with store.read() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES}


def truncated(data: bytes) -> st.SearchStrategy[bytes]:
    return st.integers(0, len(data) - 1).map(lambda n: data[:n])


def zip_of(members: dict[str, bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def csv_rows(values: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in [["X", "Y", "ten"], *values]).encode()


broken_files = st.one_of(
    st.tuples(st.sampled_from(SUFFIXES), st.binary(max_size=400)),
    st.tuples(st.just(".zip"), truncated(GOOD_ZIP)),
    st.tuples(st.just(".gpkg"), truncated(GOOD_GPKG)),
    st.tuples(
        st.just(".zip"),
        st.dictionaries(st.sampled_from(["a.shp", "a.dbf", "a.shx", "a.prj"]), st.binary(max_size=200)).map(zip_of),
    ),
    st.tuples(st.just(".geojson"), st.sampled_from([
        b'{"type": "FeatureCollection", "features": []}',
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {}}]}',
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[1e9, 1e9], [2e9, 1e9], [1e9, 2e9], [1e9, 1e9]]]}, "properties": {"SO_TO": "1", "SO_THUA": "2"}}]}',
        b'{"type": "Feature"',
    ])),
    st.tuples(st.just(".csv"), st.lists(st.lists(st.text(max_size=8), min_size=3, max_size=3), max_size=4).map(csv_rows)),
)  # fmt: skip


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=broken_files, kind=st.sampled_from(list(LayerKind)))
def test_a_broken_file_is_refused_in_plain_words_and_changes_nothing(
    loaded: Store, case: tuple[str, bytes], kind: LayerKind
) -> None:
    suffix, data = case
    project = find_project(loaded, "cat-van-220kv")
    before = row_counts(loaded)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"thua{suffix}"
        path.write_bytes(data)
        try:
            with loaded.read() as conn:
                prepared = prepare_layer_in(conn, project, path, kind, ImportOptions(crs_epsg=9208))
            import_layer(loaded, project, prepared, actor=operator("fuzz"))
        except (GeoError, ConsultationError) as error:
            assert str(error).strip(), "an error must say what is wrong"
            assert row_counts(loaded) == before
            return
    # A file hypothesis happened to make valid is imported like any layer, and recorded as one.
    assert row_counts(loaded)["layers"] == before["layers"] + 1

"""The store on SQLite and on PostgreSQL/PostGIS: schema, round trips, geometry, settings."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from consultations.concerns import service as concerns_service
from consultations.concerns import store as concerns_store
from consultations.consent.store import consent_events_of, insert_consent_events
from consultations.core import events as core_events
from consultations.core import schema
from consultations.core.database import MIGRATIONS, Store, head_revision, is_ours
from consultations.core.errors import DuplicateRecord, NotFound
from consultations.core.records import ConsentEvent, ConsentStatus, NewProject, ProjectKind
from consultations.core.schema import metadata
from consultations.core.scopes import project_units
from consultations.households import store as households_store
from consultations.households.store import households_of, insert_household, insert_households
from consultations.land import store as land_store
from consultations.land.store import insert_layer, insert_parcels, parcels_frame
from consultations.petitions import service as petitions_service
from consultations.petitions import store as petitions_store
from consultations.projects.store import all_projects, insert_project, project_by_slug
from consultations.setup.demo import DEMO_ACTOR, DEMO_ROOT, DEMO_SLUGS
from consultations.setup.folder import load_project_folder

NEW = NewProject(
    slug="test-line",
    name="Đường dây thử nghiệm 110 kV",
    kind=ProjectKind.POWER_LINE,
    crs_epsg=9208,
    voltage_kv=110,
    cutoff_on=dt.date(2025, 1, 15),
    units=(("province", "Nghệ An"), ("commune", "Cát Văn")),
)


def test_migrations_build_the_schema_from_an_empty_database(empty_store: Store) -> None:
    assert empty_store.revision() is None
    empty_store.migrate()
    assert empty_store.is_current()
    tables = set(inspect(empty_store.engine).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= tables


def test_migrations_match_the_declared_schema_exactly(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": is_ours})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    """``migrate`` on a current store compares with this, without importing alembic's scripts."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_migrating_twice_changes_nothing(store: Store) -> None:
    revision = store.revision()
    store.migrate()
    assert store.revision() == revision


def test_parcel_geometries_get_spatial_indexes_on_postgis(store: Store) -> None:
    if store.dialect != "postgresql":
        assert store.dialect == "sqlite"
        return
    names = {i["name"] for i in inspect(store.engine).get_indexes("parcels")}
    assert "gix_parcels_geom" in names


#: The parcels' columns each revision added, latest last.
ADDED_PARCEL_COLUMNS = {"0021": ("parcel_code",), "0022": ("old_commune_code", "current_commune")}


def without_parcel_codes(monkeypatch: pytest.MonkeyPatch, before: str = "0021") -> None:
    """Today's code as it wrote parcels before revision ``before`` (and the later ones) added
    their columns, households before 0028 kept the day they were added, and changes before 0025
    went to a webhook outbox; concerns and petitions before 0026 had no reference, and no
    message was queued."""
    later = {c for rev, cols in ADDED_PARCEL_COLUMNS.items() if rev >= before for c in cols}
    monkeypatch.setattr(
        land_store, "PARCEL_COLUMNS", [c for c in land_store.PARCEL_COLUMNS if c not in later]
    )
    monkeypatch.setattr(households_store, "when_added", dict)
    monkeypatch.setattr(core_events, "_to_outbox", lambda *_args: None)
    for store_module in (concerns_store, petitions_store):
        monkeypatch.setattr(store_module, "with_references", lambda _conn, rows: [
            {k: v for k, v in row.items() if k != "public_ref"} for row in rows])  # fmt: skip
    monkeypatch.setattr(concerns_service, "fresh_reference", lambda _conn: "")
    for service_module in (concerns_service, petitions_service):
        monkeypatch.setattr(service_module, "acknowledge_in", lambda *args, **kwargs: 0)


def test_a_database_with_projects_upgrades_keeping_every_parcel_and_what_points_at_it(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Revision 0012 rebuilds the parcels' keys (a table rebuild on SQLite, whose other tables
    point at parcels): nothing is lost, and afterwards a parcel can only join a layer of its own
    project."""
    empty_store.migrate("0011")
    without_parcel_codes(monkeypatch)
    for slug in DEMO_SLUGS:  # the projects' own files: what a database of revision 0011 holds
        load_project_folder(empty_store, DEMO_ROOT / slug, actor=DEMO_ACTOR)
    counted = ("parcels", "parcel_impacts", "household_parcels", "layers")

    def counts() -> dict[str, int]:
        with empty_store.read() as conn:
            return {t: conn.scalar(text(f"SELECT count(*) FROM {t}")) for t in counted}

    before = counts()
    empty_store.migrate()
    assert empty_store.is_current() and counts() == before and before["parcels"] > 0
    with empty_store.read() as conn:
        layer, project = conn.execute(
            text("SELECT layer_id, project_id FROM parcels LIMIT 1")
        ).one()
    with pytest.raises(IntegrityError), empty_store.begin() as conn:
        conn.execute(text("UPDATE parcels SET project_id = :other WHERE layer_id = :layer"),
                     {"other": project + 1, "layer": layer})  # fmt: skip


@pytest.mark.parametrize("revision", ["0020", "0021"])
def test_a_database_upgrades_keeping_every_parcel_with_the_later_columns_empty(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch, revision: str
) -> None:
    """Revision 0021 adds the parcel's official code, 0022 today's commune and the old commune's
    code: every stored parcel is kept, without them until its layer is imported again, and they
    can be written afterwards."""
    empty_store.migrate(revision)
    without_parcel_codes(monkeypatch, before=f"{int(revision) + 1:04d}")
    load_project_folder(empty_store, DEMO_ROOT / DEMO_SLUGS[0], actor=DEMO_ACTOR)
    monkeypatch.undo()
    with empty_store.read() as conn:
        before = conn.scalar(text("SELECT count(*) FROM parcels"))
    empty_store.migrate()
    assert empty_store.is_current()
    added = [c for rev, cols in ADDED_PARCEL_COLUMNS.items() if rev > revision for c in cols]
    counted = ", ".join(f"count({c})" for c in added)
    with empty_store.begin() as conn:
        assert conn.execute(text(f"SELECT count(*), {counted} FROM parcels")).one() == (
            before, *[0] * len(added)
        )  # fmt: skip
        conn.execute(
            text("UPDATE parcels SET parcel_code = 'X' WHERE id = (SELECT min(id) FROM parcels)")
        )
        assert conn.scalar(text("SELECT count(parcel_code) FROM parcels")) == 1


def test_a_project_round_trips_with_its_units(store: Store) -> None:
    with store.begin() as conn:
        created = insert_project(conn, NEW, actor="tester")
    with store.read() as conn:
        loaded = project_by_slug(conn, "test-line")
        units = project_units(conn, loaded.id)
    assert loaded == created
    assert loaded.name == "Đường dây thử nghiệm 110 kV"
    assert loaded.cutoff_on == dt.date(2025, 1, 15)
    assert units == [("province", "Nghệ An"), ("commune", "Cát Văn")]


def test_a_second_project_with_the_same_slug_is_refused(store: Store) -> None:
    with store.begin() as conn:
        insert_project(conn, NEW, actor="tester")
    with pytest.raises(DuplicateRecord, match="test-line"), store.begin() as conn:
        insert_project(conn, NEW, actor="tester")
    with store.read() as conn:
        assert len(all_projects(conn)) == 1


def test_an_unknown_project_names_the_known_ones(store: Store) -> None:
    with store.begin() as conn:
        insert_project(conn, NEW, actor="tester")
    with pytest.raises(NotFound, match="test-line"), store.read() as conn:
        project_by_slug(conn, "nope")


def test_parcels_round_trip_with_exact_coordinates_and_srid(store: Store) -> None:
    square = shapely.box(597_900.123, 2_065_290.456, 597_940.123, 2_065_340.456)
    parcels = gpd.GeoDataFrame(
        {
            "commune": ["Cát Văn"],
            "old_commune": [None],
            "sheet_no": ["12"],
            "parcel_no": ["45"],
            "land_use_codes": ["ONT+CLN"],
            "owner_name": ["Nguyễn Văn An"],
            "recorded_area_m2": [2001.5],
            "attributes": [{"SO_TO": 12, "GHI_CHU": "đất ở"}],
        },
        geometry=[square],
        crs=9208,
    )
    with store.begin() as conn:
        project = insert_project(conn, NEW, actor="tester")
        layer = insert_layer(
            conn,
            project_id=project.id,
            kind="parcels",
            source_name="thua.zip",
            source_bytes=b"x",
            source_crs="EPSG:9208",
            encoding="UTF-8",
            field_mapping={},
            feature_count=1,
            report={},
            actor="tester",
        )
        [parcel_id] = insert_parcels(conn, project.id, layer, parcels, 9208)
    with store.read() as conn:
        loaded = parcels_frame(conn, project.id, 9208)
    assert loaded.id.tolist() == [parcel_id]
    assert loaded.geometry.iloc[0].equals_exact(square, tolerance=0)
    assert shapely.get_srid(loaded.geometry.values[0]) == 9208
    assert loaded.computed_area_m2.iloc[0] == pytest.approx(2000.0)
    assert loaded.owner_name.iloc[0] == "Nguyễn Văn An"


def test_a_layer_larger_than_a_block_is_written_whole_in_order_with_its_awkward_text(
    store: Store,
) -> None:
    """Parcels go to the database a block at a time (``core.bulk``): every row arrives once, the
    ids come back in row order, and text with tabs, line breaks and backslashes is kept as typed."""
    count = 23_456  # over two blocks and a part
    x = 597_000.0 + 30.0 * (np.arange(count) % 150)
    y = 2_065_000.0 + 30.0 * (np.arange(count) // 150)
    awkward = "Lê Thị\tBa\\Nhà 2\nghi chú\r"
    parcels = gpd.GeoDataFrame(
        {
            "commune": "Cát Văn",
            "old_commune": None,
            "sheet_no": (np.arange(count) // 1000).astype(str),
            "parcel_no": (np.arange(count) % 1000).astype(str),
            "land_use_codes": "LUC",
            "owner_name": [awkward if i % 5000 == 7 else None for i in range(count)],
            "recorded_area_m2": np.where(np.arange(count) % 3 == 0, np.nan, 400.0),
            "attributes": [{"n": int(i), "ghi_chu": awkward} for i in range(count)],
        },
        geometry=shapely.box(x, y, x + 20, y + 20),
        crs=9208,
    )
    with store.begin() as conn:
        project = insert_project(conn, NEW, actor="tester")
        layer = insert_layer(conn, project_id=project.id, kind="parcels", source_name="lon.gpkg",
                             source_bytes=b"x", source_crs="EPSG:9208", encoding="UTF-8",
                             field_mapping={}, feature_count=count, report={}, actor="tester")  # fmt: skip
        ids = insert_parcels(conn, project.id, layer, parcels, 9208)
    assert len(ids) == count and ids == sorted(ids) and len(set(ids)) == count
    with store.read() as conn:
        loaded = parcels_frame(conn, project.id, 9208).set_index("id").loc[ids]
        attributes = dict(conn.execute(select(schema.parcels.c.id, schema.parcels.c.attributes)
                                       .where(schema.parcels.c.project_id == project.id)).all())  # fmt: skip
    assert loaded.parcel_no.tolist() == parcels.parcel_no.tolist()
    assert [attributes[i]["n"] for i in ids] == list(range(count))
    assert attributes[ids[-1]]["ghi_chu"] == awkward
    assert loaded.owner_name.iloc[7] == awkward and pd.isna(loaded.owner_name.iloc[8])
    assert np.isnan(loaded.recorded_area_m2.iloc[0]) and loaded.recorded_area_m2.iloc[1] == 400.0
    assert loaded.geometry.iloc[-1].equals_exact(parcels.geometry.iloc[-1], tolerance=0)


def test_consent_events_round_trip_in_order(store: Store) -> None:
    with store.begin() as conn:
        project = insert_project(conn, NEW, actor="tester")
        hid = insert_household(conn, project.id, {"code": "H1", "head_name": "Lê Thị Hoa"})
        from consultations.consent.store import insert_consent_event

        for status, day in ((ConsentStatus.INFORMED, 1), (ConsentStatus.AGREED, 9)):
            insert_consent_event(
                conn,
                project.id,
                ConsentEvent(hid, status, dt.date(2024, 4, day), recorded_by="tester"),
            )
    with store.read() as conn:
        events = consent_events_of(conn, project.id)
        [household] = households_of(conn, project.id)
    assert [e.status for e in events] == [ConsentStatus.INFORMED, ConsentStatus.AGREED]
    assert household.head_name == "Lê Thị Hoa" and household.version == 1


def test_a_duplicate_household_code_is_refused(store: Store) -> None:
    with store.begin() as conn:
        project = insert_project(conn, NEW, actor="tester")
        insert_household(conn, project.id, {"code": "H1", "head_name": "A"})
    with pytest.raises(DuplicateRecord, match="H1"), store.begin() as conn:
        insert_household(conn, project.id, {"code": "H1", "head_name": "B"})


def test_a_register_saved_at_once_refuses_codes_used_twice_and_links_its_parcels(
    store: Store,
) -> None:
    with store.begin() as conn:
        project = insert_project(conn, NEW, actor="tester")
        insert_household(conn, project.id, {"code": "H1", "head_name": "A"})
    twice = [{"code": "H2", "head_name": "B"}, {"code": "H2", "head_name": "C"}]
    for register, named in ((twice, "H2"), ([{"code": "H1", "head_name": "D"}], "H1")):
        with pytest.raises(DuplicateRecord, match=named), store.begin() as conn:
            insert_households(conn, project.id, register)
    with store.begin() as conn:
        ids = insert_households(conn, project.id, [
            {"code": "H3", "head_name": "Trần Văn Ba", "phone": "0912345678"},
            {"code": "H4", "head_name": "Lê Thị Bốn", "vulnerability": ["elderly"]},
        ])  # fmt: skip
        insert_consent_events(conn, project.id, [
            ConsentEvent(ids["H3"], ConsentStatus.AGREED, dt.date(2024, 4, 9), recorded_by="t")
        ])  # fmt: skip
    with store.read() as conn:
        households = {h.code: h for h in households_of(conn, project.id)}
        events = consent_events_of(conn, project.id)
    assert set(households) == {"H1", "H3", "H4"}  # nothing of the refused registers
    assert households["H3"].phone == "0912345678" and households["H4"].phone is None
    assert households["H4"].vulnerability == ("elderly",) and households["H3"].vulnerability == ()
    assert [(e.household_id, e.status) for e in events] == [(ids["H3"], ConsentStatus.AGREED)]


def test_sqlite_runs_in_wal_mode_with_foreign_keys(store: Store) -> None:
    if store.dialect != "sqlite":
        assert store.dialect == "postgresql"
        return
    with store.read() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() > 0


def test_a_database_of_0021_upgrades_giving_every_concern_and_petition_a_reference(
    empty_store: Store,
) -> None:
    """Revision 0026 gives the concerns and petitions already stored a public reference each (a
    key only when a receipt is printed for them again)."""
    empty_store.migrate("0021")
    with empty_store.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO projects (id, slug, name, kind, crs_epsg, created_at, version) "
                "VALUES (1, 'p', 'P', 'power_line', 9208, CURRENT_TIMESTAMP, 1)"
            )
        )
        for n in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO concerns (project_id, category, channel, text, received_on, "
                    "recorded_by, version) VALUES (1, 'other', 'meeting', 'x', '2026-01-02', 't', 1)"
                )
            )
            conn.execute(text(
                "INSERT INTO petitions (body, reference, received_on, channel, filer_kind, kind, "
                "category, content, eligible, competence, complexity, remote, recorded_by, "
                "recorded_at, version) VALUES ('B', :n, '2026-01-02', 'meeting', 'one', "
                "'complaint', 'other', 'x', TRUE, 'own', 'normal', FALSE, 't', CURRENT_TIMESTAMP, 1)"),
                {"n": str(n)})  # fmt: skip
    empty_store.migrate()
    with empty_store.read() as conn:
        refs = [r for t in ("concerns", "petitions")
                for r in conn.scalars(text(f"SELECT public_ref FROM {t}"))]  # fmt: skip
        keys = conn.scalar(text("SELECT count(key_hash) FROM concerns"))
    assert [r[:3] for r in refs] == ["YK-", "YK-", "DT-", "DT-"] and len(set(refs)) == 4
    assert keys == 0

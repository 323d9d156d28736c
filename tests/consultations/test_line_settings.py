"""Correcting a power line's voltage or conductor spread draws its corridor again and runs the
overlay again, saying which parcels and households enter or leave the affected list."""

from __future__ import annotations

import pytest

from consultations.audit.store import audit_rows
from consultations.core import schema
from consultations.core.access import Actor, Role, operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, PermissionDenied
from consultations.land.store import affected_parcel_ids, features_frame
from consultations.projects.service import change_line_settings, find_project

ADMIN = operator("t")


def test_a_wider_corridor_takes_parcels_in_and_a_narrower_one_lets_them_go(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with demo_store.read() as conn:
        before = affected_parcel_ids(conn, project.id)
        width = features_frame(
            conn, schema.corridors, project.id, project.crs_epsg
        ).half_width_m.max()

    wider = change_line_settings(demo_store, project.id, voltage_kv=500, conductor_half_spread_m=12,
                                 actor=ADMIN)  # fmt: skip
    with demo_store.read() as conn:
        during = affected_parcel_ids(conn, project.id)
        new_width = features_frame(
            conn, schema.corridors, project.id, project.crs_epsg
        ).half_width_m.max()
    assert new_width > width and during > before
    assert wider.parcels_entered and not wider.parcels_left
    assert wider.affected_parcels == len(during)
    assert find_project(demo_store, "cat-van-220kv").voltage_kv == 500

    narrower = change_line_settings(demo_store, project.id, voltage_kv=220, conductor_half_spread_m=5,
                                    actor=ADMIN)  # fmt: skip
    assert sorted(narrower.parcels_left) == sorted(wider.parcels_entered)  # back as it was
    with demo_store.read() as conn:
        assert affected_parcel_ids(conn, project.id) == before
        settings = [r for r in audit_rows(conn, limit=50) if r["action"] == "settings"]
    assert settings[0]["before"] == {"voltage_kv": 500, "conductor_half_spread_m": 12}


def test_only_an_administrator_changes_a_line_and_only_a_line_with_figures(
    demo_store: Store,
) -> None:
    line = find_project(demo_store, "cat-van-220kv")
    park = find_project(demo_store, "hung-nguyen-vsip")
    with pytest.raises(PermissionDenied):
        change_line_settings(demo_store, line.id, voltage_kv=500, conductor_half_spread_m=5,
                             actor=Actor("c", Role.CHAIR))  # fmt: skip
    with pytest.raises(InvalidRecord, match="đường dây"):
        change_line_settings(
            demo_store, park.id, voltage_kv=110, conductor_half_spread_m=3, actor=ADMIN
        )
    with pytest.raises(InvalidRecord):
        change_line_settings(
            demo_store, line.id, voltage_kv=0, conductor_half_spread_m=3, actor=ADMIN
        )

"""Where a user may be placed: a project's communes as it declares them, before any parcel is
imported; and saving a user's access never drops a commune they already hold."""

from __future__ import annotations

import pytest

from consultations.accounts.service import create_user, set_access, sign_in
from consultations.accounts.staffing import places_to_assign
from consultations.accounts.store import replace_scopes, user_row
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, PermissionDenied
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.projects.service import create_project

ADMIN = operator("t")


def _user_id(conn: Connection) -> int:
    row = user_row(conn, "lan")
    assert row is not None
    return int(row["id"])


def new_project(store: Store) -> Project:
    return create_project(store, NewProject(
        slug="duong-day-110kv", name="Đường dây 110 kV Nam Đàn", kind=ProjectKind.POWER_LINE,
        crs_epsg=9208, voltage_kv=110.0, conductor_half_spread_m=3.5, tower_side_m=8.0,
        province="Nghệ An", units=(("commune", "Nam Đàn"), ("commune", "Vinh Hưng"))),
        actor=ADMIN)  # fmt: skip


def test_a_new_project_without_parcels_offers_the_communes_it_declares(store: Store) -> None:
    project = new_project(store)
    assert places_to_assign(store, actor=ADMIN) == (
        Scope(project.id), Scope(project.id, "Nam Đàn"), Scope(project.id, "Vinh Hưng"),
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        places_to_assign(store, actor=Actor("c", Role.CHAIR))


def test_saving_a_users_access_keeps_a_commune_the_project_no_longer_names(store: Store) -> None:
    project = new_project(store)
    create_user(store, "lan", "mat-khau-cua-lan", Role.FIELD_OFFICER, actor=ADMIN,
                scopes=[Scope(project.id, "Nam Đàn")])  # fmt: skip
    with store.begin() as conn:  # given before the communes merged: "Xuân Lâm" is no more
        replace_scopes(conn, _user_id(conn), [(project.id, "Xuân Lâm")])
    held = [Scope(project.id, "Xuân Lâm")]
    set_access(store, "lan", role=Role.FIELD_OFFICER, scopes=[*held, Scope(project.id, "Nam Đàn")],
               active=True, actor=ADMIN)  # fmt: skip
    assert set(sign_in(store, "lan", "mat-khau-cua-lan").scopes) == {
        *held,
        Scope(project.id, "Nam Đàn"),
    }
    with pytest.raises(InvalidRecord, match="Hưng Lộc"):  # a new unknown commune is still refused
        set_access(store, "lan", role=Role.FIELD_OFFICER, scopes=[Scope(project.id, "Hưng Lộc")],
                   active=True, actor=ADMIN)  # fmt: skip

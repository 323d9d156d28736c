"""Backup then restore gives back exactly the same records; a bad backup changes nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import shapely
from sqlalchemy import func, select

from consultations.backups.store import backup, restore
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import BackupError
from consultations.core.records import Channel, ConcernCategory
from consultations.core.schema import TABLES, metadata
from consultations.households.service import households_seen_by
from consultations.outbox.model import ContactChannel
from consultations.outbox.service import record_contact_consent
from consultations.petitions.model import FilerKind, PetitionKind
from consultations.petitions.service import NewPetition, record_petition
from consultations.projects.service import find_project, list_projects
from translations import local_today


def everything(store: Store) -> dict[str, list[tuple[object, ...]]]:
    def comparable(value: object) -> object:
        return (
            shapely.to_wkb(value, include_srid=True)
            if isinstance(value, shapely.Geometry)
            else value
        )

    with store.read() as conn:
        return {
            t.name: [
                tuple(comparable(v) for v in row)
                for row in conn.execute(select(t).order_by(*t.primary_key.columns))
            ]
            for t in TABLES
        }


def test_every_table_is_backed_up_in_an_order_its_foreign_keys_allow() -> None:
    """A table declared after the list was taken would be silently left out of every backup."""
    assert {t.name for t in TABLES} == set(metadata.tables)
    for at, table in enumerate(TABLES):
        for key in table.foreign_keys:
            assert key.column.table in TABLES[: at + 1], (table.name, key.column.table.name)


def with_messages(store: Store) -> None:
    """A household's consent to e-mail, and the acknowledgement of its petition it brought to the
    outbox: rows of the tables declared last."""
    admin, today = operator("t"), local_today()
    project = find_project(store, "cat-van-220kv")
    household = households_seen_by(store, project.id, actor=admin)[0]
    record_contact_consent(store, ContactChannel.EMAIL, household_id=household.id,
                           address="ho@xa.vn", given=True, on=today, actor=admin)  # fmt: skip
    record_petition(store, NewPetition(
        body="UBND xã Cát Văn", reference="KN-1/2026", received_on=today,
        channel=Channel.CITIZEN_RECEPTION, filer_kind=FilerKind.ONE, kind=PetitionKind.COMPLAINT,
        category=ConcernCategory.COMPENSATION_PRICE, content="Giá đền bù thấp",
        filer_name=household.head_name, project_id=project.id, household_id=household.id,
    ), actor=admin)  # fmt: skip


def test_backup_then_restore_gives_identical_records(demo_store: Store, tmp_path: Path) -> None:
    with_messages(demo_store)
    before = everything(demo_store)
    assert before["contact_consents"] and before["outbox"]
    counts = backup(demo_store, tmp_path / "b.zip")
    assert counts["households"] == 55 and counts["consent_events"] > 0
    with demo_store.begin() as conn:
        for table in reversed(TABLES):
            conn.execute(table.delete())
    assert list_projects(demo_store) == []
    restore(demo_store, tmp_path / "b.zip", actor="t")
    after = everything(demo_store)
    for feed in ("audit_log", "events"):  # and one more row each: the restore itself
        assert after.pop(feed)[:-1] == before.pop(feed)
    assert after == before


def test_new_records_after_a_restore_get_fresh_ids(demo_store: Store, tmp_path: Path) -> None:
    from consultations.core.audit import write_audit

    backup(demo_store, tmp_path / "b.zip")
    restore(demo_store, tmp_path / "b.zip", actor="t")
    audit = next(t for t in TABLES if t.name == "audit_log")
    with demo_store.read() as conn:
        highest = conn.scalar(select(func.max(audit.c.id)))
    with demo_store.begin() as conn:  # would collide with a restored id if sequences lagged
        new_id = write_audit(
            conn, actor="t", action="export", entity="report", entity_id=None, project_id=None
        )
    assert highest and new_id > highest


def test_a_damaged_backup_is_refused_and_changes_nothing(demo_store: Store, tmp_path: Path) -> None:
    before = everything(demo_store)
    good = tmp_path / "good.zip"
    backup(demo_store, good)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.namelist():
            if item != "tables/households.jsonl":
                dst.writestr(item, src.read(item))
    with pytest.raises(BackupError, match=r"damaged\.zip"):
        restore(demo_store, damaged, actor="t")
    assert everything(demo_store) == before


def test_a_backup_made_before_messages_were_backed_up_restores_all_else(
    demo_store: Store, tmp_path: Path
) -> None:
    """Backups made at schema 0030 and before left out contact consents and the outbox: they
    restore every other record, and those two tables empty (their rows were never saved)."""
    with_messages(demo_store)
    before = everything(demo_store)
    good, old = tmp_path / "good.zip", tmp_path / "old.zip"
    backup(demo_store, good)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(old, "w") as dst:
        for item in src.namelist():
            if item not in ("tables/contact_consents.jsonl", "tables/outbox.jsonl"):
                dst.writestr(item, src.read(item))
    counts = restore(demo_store, old, actor="t")
    assert counts["contact_consents"] == counts["outbox"] == 0
    after = everything(demo_store)
    assert after.pop("contact_consents") == after.pop("outbox") == []
    for table in ("contact_consents", "outbox", "audit_log", "events"):
        before.pop(table)
        after.pop(table, None)
    assert after == before


def test_a_file_that_is_not_a_backup_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notes.zip"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(BackupError, match=r"notes\.zip"):
        restore(store, path, actor="t")


def test_a_backup_whose_records_do_not_fit_together_restores_nothing(
    demo_store: Store, tmp_path: Path
) -> None:
    before = everything(demo_store)
    good = tmp_path / "good.zip"
    backup(demo_store, good)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.namelist():
            data = src.read(item)
            if item == "tables/households.jsonl":
                data = data.replace(b'"project_id": 1,', b'"project_id": 999,', 1)
            dst.writestr(item, data)
    with pytest.raises(BackupError, match=r"broken\.zip"):
        restore(demo_store, broken, actor="t")
    assert everything(demo_store) == before


def test_a_restore_through_the_door_first_keeps_what_it_replaces(
    demo_store: Store, tmp_path: Path
) -> None:
    from consultations.accounts.service import create_user, list_users
    from consultations.backups.service import back_up, restore_backup
    from consultations.core.access import Role, operator

    admin = operator("quan-tri")
    back_up(demo_store, tmp_path / "monday.zip", actor=admin)
    create_user(demo_store, "lan", "mat-khau-du-dai-1", Role.CHAIR, actor=admin)  # after Monday

    done = restore_backup(
        demo_store, tmp_path / "monday.zip", actor=admin, keep_in=tmp_path / "kept"
    )
    assert "lan" not in {u.username for u in list_users(demo_store, actor=admin)}
    assert done.counts["households"] == 55
    assert done.kept_at.parent == tmp_path / "kept"
    assert done.kept_at.name.startswith("before-restore-")

    restore(demo_store, done.kept_at, actor="t")  # the kept copy brings back what was replaced
    assert "lan" in {u.username for u in list_users(demo_store, actor=admin)}

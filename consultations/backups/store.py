"""Backup and restore: every table to one zip of JSON lines, portable between SQLite and PostgreSQL.

A backup reads all tables inside one transaction (a consistent snapshot while the app runs). A restore
checks the file, then replaces every row in one transaction: it completes or changes nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import shapely
from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    LargeBinary,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError

from consultations.core.audit import write_audit
from consultations.core.database import Store
from consultations.core.errors import BackupError
from consultations.core.geometry import Geometry
from consultations.core.schema import TABLES
from translations import _

FORMAT = "clearway-backup"
FORMAT_VERSION = 1


def _encode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, Geometry):
        return shapely.to_wkb(value, hex=True, include_srid=True)
    if isinstance(column.type, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _decode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, Geometry):
        return shapely.from_wkb(value)
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    return value


def _snapshot(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    tables = {}
    for table in TABLES:
        order = list(table.primary_key.columns)
        rows = conn.execute(select(table).order_by(*order)).mappings()
        tables[table.name] = [
            {c.name: _encode(c, row[c.name]) for c in table.columns} for row in rows
        ]
    return tables


def backup(store: Store, out: Path) -> dict[str, int]:
    """Write a consistent snapshot of the whole store to ``out``; returns row counts per table."""
    revision = store.revision()
    with store.read() as conn:  # one snapshot that takes no write lock: an import may go on
        tables = _snapshot(conn)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "revision": revision,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "counts": {name: len(rows) for name, rows in tables.items()},
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        for name, rows in tables.items():
            lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
            archive.writestr(f"tables/{name}.jsonl", lines)
    partial.replace(out)  # a reader never sees half a backup
    return {name: len(rows) for name, rows in tables.items()}


#: Tables that backups made at schema 0030 and before left out (the list of tables was taken
#: before they were declared): such a backup restores everything else, and these empty.
LEFT_OUT_UNTIL_0030 = frozenset({"contact_consents", "outbox"})


def _read(path: Path, revision: str | None) -> dict[str, list[dict[str, Any]]]:
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            if manifest.get("format") != FORMAT:
                raise BackupError(_("“{name}” is not a Clearway backup.").format(name=path.name))
            if manifest.get("revision") != revision:
                raise BackupError(
                    _(
                        "“{name}” was made with database schema {theirs}, this database is at "
                        "{ours}. Run `python cli.py init-db` with the matching Clearway version first."
                    ).format(name=path.name, theirs=manifest.get("revision"), ours=revision)
                )
            tables: dict[str, list[dict[str, Any]]] = {}
            names = set(archive.namelist())
            for table in TABLES:
                if f"tables/{table.name}.jsonl" not in names and table.name in LEFT_OUT_UNTIL_0030:
                    tables[table.name] = []  # a backup of the versions that left them out
                    continue
                raw = archive.read(f"tables/{table.name}.jsonl").decode("utf-8")
                tables[table.name] = [json.loads(line) for line in raw.splitlines() if line]
            return tables
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as error:
        raise BackupError(
            _("“{name}” is damaged or incomplete and cannot be restored ({reason}).").format(
                name=path.name, reason=error
            )
        ) from error


def restore(store: Store, path: Path, *, actor: str) -> dict[str, int]:
    """Replace every record with those of the backup at ``path``, atomically; the change feed
    then records the restore with a fresh token, so every cache keyed on it is made again."""
    path = Path(path)
    tables = _read(path, store.revision())
    try:
        _replace_all(store, tables, actor, path.name)
    except IntegrityError as error:
        raise BackupError(
            _(
                "“{name}” holds records that do not fit together; nothing was restored ({reason})."
            ).format(name=path.name, reason=error.orig)
        ) from error
    return {name: len(rows) for name, rows in tables.items()}


def _replace_all(
    store: Store, tables: dict[str, list[dict[str, Any]]], actor: str, name: str
) -> None:
    with store.begin() as conn:
        for table in reversed(TABLES):
            conn.execute(delete(table))
        for table in TABLES:
            rows = [
                {c.name: _decode(c, r.get(c.name)) for c in table.columns}
                for r in tables[table.name]
            ]
            if rows:
                conn.execute(insert(table), rows)
            if store.dialect == "postgresql" and "id" in table.c:
                # Explicit ids do not advance PostgreSQL sequences; move them past the restored rows.
                top = conn.scalar(select(func.max(table.c.id)))
                conn.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
                    {"t": table.name, "v": top or 1, "called": top is not None},
                )
        mark_restored(conn, actor, name)


def mark_restored(conn: Connection, actor: str, name: str) -> None:
    """Record that every record was replaced (from the file ``name``), with a fresh token: every
    cache keyed on the store's epoch is made again, even where the change feed's counters come
    back to values they had before."""
    write_audit(conn, actor=actor, action="restore", entity="store", entity_id=None,
                project_id=None, after={"file": name, "token": uuid.uuid4().hex})  # fmt: skip

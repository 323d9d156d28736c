"""A province's price tables, imported from XLSX (or UTF-8 CSV) as versions, all or nothing.

One row per item: ``Mã`` (code; for land the land type and position, "LUC-VT1"), ``Tên`` (name),
``Đơn vị`` (unit: m², cây, m² sàn) and ``Đơn giá`` (whole đồng). By the import protocol
(``core/imports.py``): ``prepare_prices`` reads and checks the file once into a ``PriceVersion``,
whose preview says what it changes from the version it follows (same province and kind);
``save_prices`` writes exactly that table and its items in one transaction, refused if another
version of that province and kind was saved since it was prepared. A version is never edited: a correction is a new version, and one an
approved plan used stays as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from consultations.compensation import store as _store
from consultations.compensation.model import (
    MAX_UNIT_PRICE_VND,
    PriceTable,
    TableKind,
    unit_price_rule,
)
from consultations.compensation.money import exact, vnd
from consultations.core.access import Action, Actor, require
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.imports import ImportPreview, refuse_moved
from consultations.core.spreadsheets import read_rows
from translations import _, format_date

COLUMNS = {"Mã": "code", "Tên": "name", "Đơn vị": "unit", "Đơn giá": "unit_price_vnd"}
MAX_ERRORS = 20


@dataclass(frozen=True)
class PriceVersion:
    """What an import would add: the table's particulars, its items, what it changes."""

    province: str
    kind: TableKind
    decision: str
    valid_from: dt.date
    valid_to: dt.date | None
    source_name: str
    source_sha256: str
    items: tuple[dict[str, Any], ...]
    supersedes: PriceTable | None
    changed: tuple[tuple[str, int, int], ...]  # code, old price, new price
    added: tuple[str, ...]
    dropped: tuple[str, ...]

    def preview(self) -> ImportPreview:
        if self.supersedes is None:
            return ImportPreview(added=len(self.items), lines=tuple(price_version_lines(self)))
        return ImportPreview(
            added=len(self.added), changed=len(self.changed), removed=len(self.dropped),
            unchanged=len(self.items) - len(self.added) - len(self.changed),
            lines=tuple(price_version_lines(self)),
        )  # fmt: skip


def _text(value: Any) -> str:
    return (
        ""
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else str(value).strip()
    )


def _items(frame: pd.DataFrame) -> list[dict[str, Any]]:
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidRecord(
            _("The price table lacks the columns: {names}.").format(names=", ".join(missing))
        )
    items, errors, seen = [], [], set()
    for number, record in enumerate(frame.to_dict("records"), start=2):
        code, name, unit, price = (_text(record[c]) for c in COLUMNS)
        if not (code or name or unit or price):
            continue  # a blank row
        problem = None
        try:
            value = exact(price)
        except ValueError:
            value = None
        if not code:
            problem = _("column “Mã” is empty")
        elif code.upper() in seen:
            problem = _("code {code} appears twice").format(code=code)
        elif not name or not unit:
            problem = _("give the item's name and unit")
        elif value is None or value < 0 or value != value.to_integral_value():
            problem = _("column “Đơn giá”: “{value}” is not a whole number of đồng").format(
                value=price
            )
        elif value > MAX_UNIT_PRICE_VND:
            problem = _("column “Đơn giá”: {value} is not plausible, it must be {within}").format(
                value=vnd(int(value)), within=unit_price_rule().within()
            )
        if problem:
            errors.append(_("Row {n}: {what}").format(n=number, what=problem))
            continue
        seen.add(code.upper())
        items.append(
            {"code": code.upper(), "name": name, "unit": unit, "unit_price_vnd": int(value or 0)}
        )
    if errors:
        more = len(errors) - MAX_ERRORS
        raise InvalidRecord(_("Nothing was imported; fix these rows: {rows}").format(
            rows=" · ".join(errors[:MAX_ERRORS]) + (f" (+{more})" if more > 0 else "")))  # fmt: skip
    if not items:
        raise InvalidRecord(_("The price table has no rows."))
    return items


def price_tables(store: Store, *, actor: Actor) -> list[PriceTable]:
    """Every version imported, oldest first per kind; prices are public documents."""
    require(actor, Action.READ_FIGURES)
    with store.read() as conn:
        return tables_in(conn)


def tables_in(conn: Connection) -> list[PriceTable]:
    used = _store.tables_in_approved_plans(conn)
    return [
        PriceTable(
            id=r["id"],
            province=r["province"],
            kind=TableKind(r["kind"]),
            decision=r["decision"],
            valid_from=r["valid_from"],
            valid_to=r["valid_to"],
            source_name=r["source_name"],
            source_sha256=r["source_sha256"],
            supersedes_id=r["supersedes_id"],
            items=int(r["items"]),
            used_by_approved_plan=r["id"] in used,
        )
        for r in _store.table_rows(conn)
    ]


def _latest_in(conn: Connection, province: str, kind: TableKind) -> PriceTable | None:
    earlier = [t for t in tables_in(conn) if t.province == province and t.kind is kind]
    return earlier[-1] if earlier else None


def prepare_prices(
    store: Store, path: Path, *, province: str, kind: TableKind, decision: str,
    valid_from: dt.date, valid_to: dt.date | None = None, source: Path | None = None, actor: Actor,
) -> PriceVersion:  # fmt: skip
    """Read and check a price table once, and plan what it changes; nothing is saved."""
    require(actor, Action.IMPORT)
    if not (province.strip() and decision.strip()):
        raise InvalidRecord(_("A price table needs its province and the decision that issued it."))
    if valid_to is not None and valid_to < valid_from:
        raise InvalidRecord(_("The day the table ends is before the day it starts."))
    if source is not None and not source.is_file():
        raise InvalidRecord(_("There is no file “{name}”.").format(name=source.name))
    items = _items(read_rows(path, _("A price table is an .xlsx or a UTF-8 .csv file.")))
    document = source or path
    with store.read() as conn:
        before = _latest_in(conn, province.strip(), kind)
        old = (
            {i["code"]: int(i["unit_price_vnd"]) for i in _store.item_rows(conn, [before.id])}
            if before
            else {}
        )
    new = {i["code"]: i["unit_price_vnd"] for i in items}
    return PriceVersion(
        province=province.strip(), kind=kind, decision=decision.strip(), valid_from=valid_from,
        valid_to=valid_to, source_name=document.name,
        source_sha256=hashlib.sha256(document.read_bytes()).hexdigest(), items=tuple(items), supersedes=before,
        changed=tuple((c, old[c], new[c]) for c in sorted(new) if c in old and old[c] != new[c]),
        added=tuple(sorted(set(new) - set(old))) if before else (), dropped=tuple(sorted(set(old) - set(new))),
    )  # fmt: skip


def save_prices(
    store: Store, version: PriceVersion, *, actor: Actor, key: str | None = None
) -> int:
    """Save a prepared price table as a new version; returns its id. Refused, naming it, if
    another version of the same province and kind was saved since it was prepared (the one it
    follows, and so what it changes, would be another)."""
    require(actor, Action.IMPORT)

    def work(conn: Connection) -> int:
        latest = _latest_in(conn, version.province, version.kind)
        follows = version.supersedes.id if version.supersedes else None
        if latest is not None and latest.id != follows:  # versions are never deleted: a newer one
            refuse_moved([_("the {kind} price table of {province} of {start} ({decision}) was "
                            "saved").format(kind=version.kind.label.lower(), province=version.province,
                                            start=format_date(latest.valid_from), decision=latest.decision)])  # fmt: skip
        table_id = _store.insert_table(conn, {
            "province": version.province, "kind": str(version.kind), "decision": version.decision,
            "valid_from": version.valid_from, "valid_to": version.valid_to, "source_name": version.source_name,
            "source_sha256": version.source_sha256,
            "supersedes_id": version.supersedes.id if version.supersedes else None,
            "imported_by": str(actor)}, list(version.items))  # fmt: skip
        write_audit(conn, actor=str(actor), action="import_prices", entity="price_table", entity_id=table_id,
                    project_id=None, after={"decision": version.decision, "kind": str(version.kind),
                                            "items": len(version.items), "sha256": version.source_sha256})  # fmt: skip
        return table_id

    return run_once(store, key=key, command="import_prices", actor=str(actor), work=work)


def price_version_lines(version: PriceVersion) -> list[str]:
    """What an import would add and change, in sentences (the preview of the page and the CLI)."""
    lines = [_("{kind} price table of {province}, {decision}, in force from {start}: {n} items.").format(
        kind=version.kind.label, province=version.province, decision=version.decision,
        start=format_date(version.valid_from), n=len(version.items))]  # fmt: skip
    if version.supersedes is None:
        lines.append(_("It is the first {kind} table of {province}.").format(
            kind=version.kind.label.lower(), province=version.province))  # fmt: skip
        return lines
    lines.append(_("It follows the version of {start} ({decision}), which stays as it was for the plans "
                   "that used it.").format(start=format_date(version.supersedes.valid_from),
                                          decision=version.supersedes.decision))  # fmt: skip
    changed = ", ".join(
        f"{code}: {vnd(old)} → {vnd(new)}" for code, old, new in version.changed[:10]
    )
    more = len(version.changed) - 10
    lines.append(_("{n} prices change: {list}").format(n=len(version.changed), list=changed or "-")
                 + (f" (+{more})" if more > 0 else ""))  # fmt: skip
    if version.added or version.dropped:
        lines.append(_("Added: {added}. Left out: {dropped}.").format(
            added=", ".join(version.added) or "-", dropped=", ".join(version.dropped) or "-"))  # fmt: skip
    return lines


def current_items(store: Store, kind: TableKind, *, actor: Actor) -> dict[str, str]:
    """The newest version's items of ``kind``, code → "code · name (price/unit)", for choosing."""
    require(actor, Action.READ_FIGURES)
    with store.read() as conn:
        versions = [t for t in tables_in(conn) if t.kind is kind]
        if not versions:
            return {}
        newest = max(versions, key=lambda t: (t.valid_from, t.id))
        rows = _store.item_rows(conn, [newest.id])
    return {
        r["code"]: f"{r['code']} · {r['name']} ({vnd(int(r['unit_price_vnd']))}/{r['unit']})"
        for r in rows
    }

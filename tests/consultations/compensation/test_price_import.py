"""A price table by the import protocol: read and checked once, its preview says what it changes
from the version it follows, and it is saved as prepared, or refused when another version of the
same province and kind was saved in between."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from consultations.compensation.model import TableKind
from consultations.compensation.prices import (
    PriceVersion,
    prepare_prices,
    price_tables,
    save_prices,
)
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import StaleEdit
from consultations.core.imports import ImportPreview, Prepared

ADMIN = operator("t")
PRICES = (
    "Mã,Tên,Đơn vị,Đơn giá\nONT-VT1,Đất ở,m²,{ont}\nLUC-VT1,Đất lúa,m²,65000\nMOI,Đất mới,m²,1000\n"
)


def table(tmp_path: Path, name: str, ont: int) -> Path:
    path = tmp_path / name
    path.write_text(PRICES.format(ont=ont), encoding="utf-8")
    return path


def prepared(store: Store, path: Path, decision: str) -> PriceVersion:
    land = next(t for t in price_tables(store, actor=ADMIN) if t.kind is TableKind.LAND)
    return prepare_prices(store, path, province=land.province, kind=TableKind.LAND,
                          decision=decision, valid_from=dt.date(2025, 1, 1), actor=ADMIN)  # fmt: skip


def test_a_price_tables_preview_counts_what_it_adds_changes_and_leaves_out(
    demo_store: Store, tmp_path: Path
) -> None:
    version = prepared(demo_store, table(tmp_path, "gia.csv", 9_000_000), "QĐ 1")
    assert isinstance(version, Prepared)
    preview = version.preview()
    land = next(t for t in price_tables(demo_store, actor=ADMIN) if t.kind is TableKind.LAND)
    assert (preview.added, preview.changed, preview.unchanged) == (1, 1, 1)
    assert preview.removed == land.items - 2  # every code of the old table but ONT-VT1, LUC-VT1
    assert "QĐ 1" in preview.lines[0]


def test_a_price_table_is_saved_as_prepared_even_once_its_file_is_gone(
    demo_store: Store, tmp_path: Path
) -> None:
    path = table(tmp_path, "gia.csv", 9_000_000)
    version = pickle.loads(pickle.dumps(prepared(demo_store, path, "QĐ 1")))
    path.unlink()
    table_id = save_prices(demo_store, version, actor=ADMIN)
    saved = next(t for t in price_tables(demo_store, actor=ADMIN) if t.id == table_id)
    assert (saved.decision, saved.items) == ("QĐ 1", 3)


def test_a_price_table_prepared_before_another_version_was_saved_is_refused_naming_it(
    demo_store: Store, tmp_path: Path
) -> None:
    first = prepared(demo_store, table(tmp_path, "a.csv", 9_000_000), "QĐ 1")
    second = prepared(demo_store, table(tmp_path, "b.csv", 8_000_000), "QĐ 2")
    save_prices(demo_store, first, actor=ADMIN)
    before = len(price_tables(demo_store, actor=ADMIN))
    with pytest.raises(StaleEdit, match="QĐ 1"):
        save_prices(demo_store, second, actor=ADMIN)
    assert len(price_tables(demo_store, actor=ADMIN)) == before
    again = prepared(demo_store, table(tmp_path, "b.csv", 8_000_000), "QĐ 2").preview()
    assert again == ImportPreview(added=0, changed=1, removed=0, unchanged=2, lines=again.lines)

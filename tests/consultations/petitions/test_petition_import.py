"""A petition register by the import protocol: read and checked once, previewed, saved as it was
prepared (its file may be gone by then), all or none."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.core.imports import Prepared
from consultations.petitions.importing import prepare_petitions, save_petitions
from consultations.petitions.service import petition_register
from translations import _

ADMIN = operator("t")
BODY = "UBND huyện Thanh Chương"
ROWS = "Số đơn,Ngày nhận,Loại đơn,Lĩnh vực,Nội dung\n1/2025,02/01/2025,Khiếu nại,Thủ tục,x\n"


def register(tmp_path: Path, rows: str = ROWS) -> Path:
    path = tmp_path / "so_don.csv"
    path.write_text(rows, encoding="utf-8")
    return path


def test_a_register_is_previewed_and_saved_as_prepared_even_once_its_file_is_gone(
    store: Store, tmp_path: Path
) -> None:
    path = register(tmp_path, ROWS + "2/2025,03/01/2025,Tố cáo,Thủ tục,y\n")
    prepared = prepare_petitions(path, body=BODY, actor=ADMIN)
    assert isinstance(prepared, Prepared)
    preview = prepared.preview()
    assert preview.added == 2
    assert preview.lines == (
        _("{n} petitions to add to the register of {body}.").format(n=2, body=BODY),
    )
    assert petition_register(store, actor=ADMIN, body=BODY) == []  # preparing saves nothing
    path.unlink()
    assert save_petitions(store, pickle.loads(pickle.dumps(prepared)), actor=ADMIN) == 2
    assert sorted(p.reference for p in petition_register(store, actor=ADMIN, body=BODY)) == [
        "1/2025",
        "2/2025",
    ]


def test_a_register_prepared_before_its_numbers_were_saved_is_refused_naming_them(
    store: Store, tmp_path: Path
) -> None:
    first, second = (prepare_petitions(register(tmp_path), body=BODY, actor=ADMIN) for _n in "ab")
    save_petitions(store, first, actor=ADMIN)
    with pytest.raises(InvalidRecord, match="1/2025"):
        save_petitions(store, second, actor=ADMIN)
    assert len(petition_register(store, actor=ADMIN, body=BODY)) == 1

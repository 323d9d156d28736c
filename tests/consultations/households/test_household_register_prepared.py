"""A household register by the import protocol: read, checked and linked to the project's parcels
once, previewed from that, saved as prepared (its file may be gone), refused when the project's
land changed in between."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from pathlib import Path

import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import StaleEdit
from consultations.core.imports import Prepared
from consultations.households.service import search_households
from consultations.projects.service import find_project
from consultations.setup.service import (
    ProjectSettings,
    change_settings,
    prepare_households,
    save_households,
)
from tests.consultations.households.test_household_register import workbook
from translations import _

ADMIN = operator("t")


def register(store: Store, folder: Path) -> Path:
    project = find_project(store, "cat-van-220kv")
    [hit] = search_households(store, project.id, "CV02", actor=ADMIN)
    sheet, number = hit.parcels[0].split("/")
    return workbook(folder, [["CV90", "Lê Thị Hoa", "Nữ", dt.datetime(1970, 1, 2), None, None],
                             ["CV91", "Trần Văn Nam", "Nam", None, None, None]],
                    [["CV90", sheet, number, "Chủ sử dụng"]])  # fmt: skip


def test_a_register_is_previewed_and_saved_as_prepared_even_once_its_file_is_gone(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    path = register(demo_store, tmp_path)
    prepared = prepare_households(demo_store, project, path, actor=ADMIN)
    assert isinstance(prepared, Prepared)
    assert prepared.preview().added == 2 and prepared.affected == {"CV90"}
    assert search_households(demo_store, project.id, "CV90", actor=ADMIN) == []
    path.unlink()
    assert save_households(demo_store, pickle.loads(pickle.dumps(prepared)), actor=ADMIN) == 2
    [added] = search_households(demo_store, project.id, "CV90", actor=ADMIN)
    assert added.household.affected and added.parcels


def test_a_register_prepared_before_the_projects_land_changed_is_refused_and_adds_nothing(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    prepared = prepare_households(demo_store, project, register(demo_store, tmp_path), actor=ADMIN)
    renamed = dataclasses.replace(ProjectSettings.of(project), name=project.name + " (đoạn 2)")
    change_settings(demo_store, project.id, renamed, seen_version=project.version, actor=ADMIN)
    with pytest.raises(StaleEdit, match=_("the project's parcels or corridor were changed")):
        save_households(demo_store, prepared, actor=ADMIN)
    assert search_households(demo_store, project.id, "CV90", actor=ADMIN) == []

"""A returned field package by the import protocol: read and planned once, previewed from that,
saved exactly as planned (even once its file is gone, or after a trip through a worker's pickle),
and refused with what changed when the store moved under the plan."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from consultations.consent.service import consent_history, record_consent
from consultations.core.database import Store
from consultations.core.errors import StaleEdit
from consultations.core.imports import Prepared
from consultations.core.records import ConsentStatus, Project
from consultations.fieldwork import importing
from consultations.fieldwork.layout import CONSENT
from consultations.fieldwork.service import field_rows, prepare_field_package, save_field_package
from consultations.projects.service import find_project
from tests.consultations.fieldwork.test_field_packages import (
    DAY,
    add_rows,
    consent_row,
    exported,
    mine,
    officer,
    zipped,
)
from translations import _


@pytest.fixture
def project(demo_store: Store) -> Project:
    return find_project(demo_store, "cat-van-220kv")


def counted(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Calls of the real ``module.name`` counted (it still runs)."""
    calls: list[int] = []
    real = getattr(module, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def returned_package(store: Store, project: Project, tmp_path: Path, rows: int = 3) -> Path:
    lan = officer(project)
    folder = exported(store, project, tmp_path / "phone", lan)
    households = mine(store, project, lan)[:rows]
    add_rows(folder, CONSENT, [consent_row(h, "informed", note="Đã gặp") for h in households])
    return zipped(folder, tmp_path / "r.zip")


def test_a_package_is_read_and_planned_once_for_its_preview_and_its_save(
    demo_store: Store, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    returned = returned_package(demo_store, project, tmp_path)
    reads = counted(monkeypatch, importing, "read_returned")
    plans = counted(monkeypatch, importing, "plan_in")
    lan = officer(project)
    prepared = prepare_field_package(demo_store, returned, actor=lan)
    assert isinstance(prepared, Prepared)
    preview = prepared.preview()
    assert (preview.added, preview.unchanged, preview.warnings) == (3, 0, ())
    assert "lan" in preview.lines[0]
    report = save_field_package(demo_store, prepared, actor=lan, key="once")
    assert report.new_events == 3
    assert (len(reads), len(plans)) == (1, 1)


def test_saving_writes_the_prepared_plan_even_once_the_file_is_gone(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    returned = returned_package(demo_store, project, tmp_path, rows=2)
    prepared = prepare_field_package(demo_store, returned, actor=lan)
    returned.unlink()
    # What a worker's job would take: the prepared package, pickled and back.
    travelled = pickle.loads(pickle.dumps(prepared))
    assert travelled.preview() == prepared.preview()
    report = save_field_package(demo_store, travelled, actor=lan)
    assert (report.new_events, report.duplicates) == (2, 0)
    assert len(field_rows(demo_store, project, actor=lan)) == 2


def test_a_save_is_refused_naming_what_changed_when_the_office_recorded_a_status_since(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    returned = returned_package(demo_store, project, tmp_path, rows=2)
    prepared = prepare_field_package(demo_store, returned, actor=lan)
    household = mine(demo_store, project, lan)[0]
    record_consent(demo_store, household.id, ConsentStatus.CONCERNS, DAY,
                   seen_version=household.version, actor=lan, note="Ở văn phòng")  # fmt: skip
    before = len(consent_history(demo_store, household.id, actor=lan))
    with pytest.raises(StaleEdit, match=rf"{household.code} \({household.head_name}\)"):
        save_field_package(demo_store, prepared, actor=lan)
    assert len(consent_history(demo_store, household.id, actor=lan)) == before
    assert field_rows(demo_store, project, actor=lan) == []
    again = prepare_field_package(demo_store, returned, actor=lan)  # the new preview says it
    assert len(again.report.clashes) == 1 and household.code in again.report.clashes[0]


def test_a_plan_saved_by_another_save_is_refused_saying_so_and_adds_nothing(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    returned = returned_package(demo_store, project, tmp_path, rows=2)
    first, second = (prepare_field_package(demo_store, returned, actor=lan) for _ in range(2))
    assert save_field_package(demo_store, first, actor=lan, key="tab-1").new_events == 2
    saved = _("{n} of its rows were saved by another save of this package").format(n=2)
    with pytest.raises(StaleEdit, match=saved):
        save_field_package(demo_store, second, actor=lan, key="tab-2")
    assert len(field_rows(demo_store, project, actor=lan)) == 2
    # The same key again is the same save: its first result, nothing checked or written twice.
    again = save_field_package(demo_store, second, actor=lan, key="tab-1")
    assert again.new_events == 2
    preview = prepare_field_package(demo_store, returned, actor=lan).preview()
    assert (preview.added, preview.unchanged) == (0, 2)

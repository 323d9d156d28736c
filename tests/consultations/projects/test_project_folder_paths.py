"""A project folder reads only its own files: an entry of project.toml naming a path outside the
folder ("../../etc/passwd", an absolute path, a symbolic link that leaves it) is refused with a
sentence naming the entry, before anything is read or written."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.projects.service import list_projects
from consultations.setup.demo import DEMO_ROOT
from consultations.setup.folder import load_project_folder


def _name_in_toml(section: str, name: str) -> Callable[[Path, Path], str]:
    def change(folder: Path, outside: Path) -> str:
        toml = folder / "project.toml"
        text = toml.read_text(encoding="utf-8")
        old = text.split(f"[{section}]\nfile = ", 1)[1].split("\n", 1)[0]
        named = name.format(outside=outside)
        toml.write_text(
            text.replace(f"[{section}]\nfile = {old}", f'[{section}]\nfile = "{named}"')
        )
        return f"[{section}] file"

    return change


def _symlink(name: str, section: str) -> Callable[[Path, Path], str]:
    def change(folder: Path, outside: Path) -> str:
        (folder / name).unlink(missing_ok=True)
        (folder / name).symlink_to(outside)
        return f"[{section}] file" if section != "project.toml" else "project.toml"

    return change


CASES = {
    "a path that climbs out": _name_in_toml("households", "../../etc/passwd"),
    "an absolute path": _name_in_toml("history", "{outside}"),
    "a register linked outside": _symlink("ho_gia_dinh.xlsx", "households"),
    "a layer's companion file linked outside": _symlink("thua_dat.prj", "parcels"),
    "project.toml itself linked outside": _symlink("project.toml", "project.toml"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_project_folder_naming_a_file_outside_itself_is_refused_and_loads_nothing(
    store: Store, tmp_path: Path, case: str
) -> None:
    folder = tmp_path / "du-an" / "cat-van-220kv"
    shutil.copytree(DEMO_ROOT / "cat-van-220kv", folder)
    outside = tmp_path / "bi-mat.xlsx"  # a readable register outside the folder
    shutil.copy(folder / "lich_su.xlsx", outside)
    entry = CASES[case](folder, outside)
    with pytest.raises(InvalidRecord, match=re.escape(entry) + ".*nằm ngoài thư mục của dự án"):
        load_project_folder(store, folder, actor=operator("tester"))
    assert list_projects(store) == []


def test_a_project_folder_with_its_files_in_a_subfolder_loads(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "cat-van-220kv"
    shutil.copytree(DEMO_ROOT / "cat-van-220kv", folder)
    (folder / "so_lieu").mkdir()
    shutil.move(folder / "ho_gia_dinh.xlsx", folder / "so_lieu" / "ho_gia_dinh.xlsx")
    _name_in_toml("households", "so_lieu/../so_lieu/ho_gia_dinh.xlsx")(folder, tmp_path)
    project = load_project_folder(store, folder, actor=operator("tester"))
    assert [p.slug for p in list_projects(store)] == [project.slug] == ["cat-van-220kv"]

"""A project of one's own from the command line: new-project then import, or load-project.

Commands run inside the test process (tests/cli_runner.py: the same exit code, stdout and stderr
as ``python cli.py``, without a fresh Python's seconds of imports each time). In a real process:
the second ``new-project`` in ``test_a_slug_already_used_is_refused`` (that ``python cli.py``
itself starts, and exits 2 in words with no traceback)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.cli_runner import run_cli_process
from tests.test_cli import ROOT, cli

DEMO = ROOT / "data" / "parcels" / "cat-van-220kv"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/own.sqlite",
        "CLEARWAY_VAR_DIR": str(tmp_path),
    }


def test_new_project_then_its_layers_gives_the_affected_parcels(env: dict[str, str]) -> None:
    made = cli(env, "new-project", "--slug", "duong-day-moi", "--name", "Đường dây 220 kV mới",
               "--kind", "power_line", "--province", "Nghệ An", "--commune", "Xã Hưng Nguyên",
               "--voltage-kv", "220", "--conductor-half-spread-m", "5", "--tower-side-m", "12",
               "--cutoff", "2026-10-01")  # fmt: skip
    assert "duong-day-moi" in made.stdout and "EPSG:9208" in made.stdout  # the province's zone

    parcels = cli(env, "import", str(DEMO / "thua_dat.zip"), "--project", "duong-day-moi",
                  "--kind", "parcels", "--map", "sheet_no=SO_TO", "--map", "parcel_no=SO_THUA")  # fmt: skip
    assert parcels.returncode == 0
    line = cli(env, "import", str(DEMO / "tuyen_duong_day.kml"), "--project", "duong-day-moi",
               "--kind", "centreline")  # fmt: skip
    assert "thửa bị ảnh hưởng" in line.stdout
    affected = int(line.stdout.split(" thửa bị ảnh hưởng")[0].split()[-1])
    assert affected > 0

    status = json.loads(cli(env, "status", "--project", "duong-day-moi", "--json").stdout)
    assert status["project"] == "duong-day-moi" and status["affected_households"] == 0

    register = cli(env, "import-households", str(DEMO / "ho_gia_dinh.xlsx"),
                   "--project", "duong-day-moi")  # fmt: skip
    assert register.returncode == 0 and "duong-day-moi" in register.stdout
    status = json.loads(cli(env, "status", "--project", "duong-day-moi", "--json").stdout)
    assert status["affected_households"] > 0  # the register's households on affected parcels


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (["--commune", "Xã Không Có"], "Không Có"),
        (["--province", "Atlantis"], "Atlantis"),
        (["--slug", "Dự Án"], "Dự Án"),
        (["--crs", "4326"], "EPSG:4326"),
    ],
)
def test_new_project_refuses_bad_input_in_a_sentence(
    env: dict[str, str], change: list[str], said: str
) -> None:
    args = {"--slug": "du-an", "--name": "Dự án", "--kind": "road", "--province": "Nghệ An",
            "--commune": "Hưng Nguyên"}  # fmt: skip
    args.update(dict(zip(change[::2], change[1::2], strict=True)))
    out = cli(env, "new-project", *[x for pair in args.items() for x in pair], check=False)
    assert out.returncode == 2 and said in out.stderr and "Traceback" not in out.stderr
    assert "du-an" not in cli(env, "status", "--project", "du-an", check=False).stdout


def test_a_slug_already_used_is_refused(env: dict[str, str]) -> None:
    args = ["new-project", "--slug", "du-an", "--name", "Dự án", "--kind", "road",
            "--province", "Nghệ An", "--commune", "Hưng Nguyên"]  # fmt: skip
    cli(env, *args)
    again = run_cli_process(env, *args)  # a real process: its start, exit code and words
    assert again.returncode == 2 and "du-an" in again.stderr and "tên khác" in again.stderr
    assert "Traceback" not in again.stderr


def test_load_project_creates_a_project_from_its_folder(
    env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "cua-toi"
    shutil.copytree(DEMO, folder)
    spec = folder / "project.toml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("cat-van-220kv", "cua-toi"), "utf-8")

    out = cli(env, "load-project", str(folder))
    assert "cua-toi" in out.stdout
    status = json.loads(cli(env, "status", "--project", "cua-toi", "--json").stdout)
    assert status["affected_households"] == 15


def test_a_mapping_without_its_column_and_a_spread_with_a_comma_are_read_as_meant(
    env: dict[str, str],
) -> None:
    made = cli(env, "new-project", "--slug", "duong-day-phay", "--name", "Đường dây 110 kV",
               "--kind", "power_line", "--province", "Nghệ An", "--commune", "Xã Hưng Nguyên",
               "--voltage-kv", "110", "--conductor-half-spread-m", "3,5", "--tower-side-m", "8")  # fmt: skip
    assert made.returncode == 0, made.stderr
    wrong = cli(env, "import", str(DEMO / "thua_dat.zip"), "--project", "duong-day-phay",
                "--kind", "parcels", "--map", "foo", check=False)  # fmt: skip
    assert wrong.returncode == 2
    assert "--map" in wrong.stderr + wrong.stdout and "Traceback" not in wrong.stderr
    lost_comma = cli(env, "new-project", "--slug", "duong-day-mat-phay", "--name", "Đường dây 110 kV",
                     "--kind", "power_line", "--province", "Nghệ An", "--commune", "Xã Hưng Nguyên",
                     "--voltage-kv", "110", "--conductor-half-spread-m", "35", "--tower-side-m", "8",
                     check=False)  # fmt: skip
    assert lost_comma.returncode == 2
    assert "không hợp lý" in lost_comma.stderr + lost_comma.stdout


def test_an_import_with_a_mapping_that_names_no_field_says_how_to_write_one(
    env: dict[str, str],
) -> None:
    made = cli(env, "new-project", "--slug", "duong-moi", "--name", "Đường mới", "--kind", "road",
               "--province", "Nghệ An", "--commune", "Xã Hưng Nguyên")  # fmt: skip
    assert made.returncode == 0, made.stderr
    for pair in ("foo", "=SO_TO"):
        wrong = cli(env, "import", str(DEMO / "thua_dat.zip"), "--project", "duong-moi",
                    "--kind", "parcels", "--map", pair, check=False)  # fmt: skip
        assert wrong.returncode == 2, wrong.stdout
        assert wrong.stderr.strip() == f"--map cần dạng trường=CỘT, không phải “{pair}”."

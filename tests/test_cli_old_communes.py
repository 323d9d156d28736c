"""The command line with a parcel layer naming communes before 2025: a new project told what an old
commune became; an import refused until a name that went several ways is given today's commune.

Commands run inside the test process (tests/cli_runner.py: the same exit code, stdout and stderr
as ``python cli.py``). In a real process: the refused ``new-project`` (that ``python cli.py``
itself starts, and refuses in words with no traceback)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.cli_runner import run_cli_process
from tests.consultations.land.test_old_communes import layer
from tests.test_cli import cli


def test_an_old_name_is_answered_on_the_command_line(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite",
           "CLEARWAY_VAR_DIR": str(tmp_path)}  # fmt: skip
    cli(env, "init-db")
    project = ["--slug", "tuyen-xa-cu", "--name", "Tuyến qua xã cũ", "--kind", "power_line",
               "--province", "Nghệ An", "--voltage-kv", "110", "--conductor-half-spread-m", "3",
               "--tower-side-m", "8"]  # fmt: skip
    refused = run_cli_process(env, "new-project", *project, "--commune", "Cát Văn")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "nay đất thuộc Cát Ngạn" in refused.stderr
    cli(env, "new-project", *project, "--commune", "Cát Ngạn", "--commune", "Thuần Trung")
    path = str(layer(tmp_path / "xa_cu.gpkg"))
    fields = ["--map", "sheet_no=SO_TO", "--map", "parcel_no=SO_THUA", "--map", "commune=XA",
              "--map", "old_commune=XA_CU"]  # fmt: skip
    args = ["import", path, "--project", "tuyen-xa-cu", "--kind", "parcels", *fields]

    waiting = cli(env, *args, check=False)
    assert waiting.returncode != 0
    assert "2 thửa ghi xã Cát Văn (huyện Thanh Chương)" in waiting.stdout
    assert "hãy chọn xã, phường hiện nay của các thửa ghi “XÃ MINH SƠN”" in waiting.stderr

    saved = cli(env, *args, "--commune", "XÃ MINH SƠN=Thuần Trung")
    assert "1 thửa của “XÃ MINH SƠN” (trước năm 2025) được xếp vào Thuần Trung" in saved.stdout

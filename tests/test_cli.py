"""The command line: each command, run as a user would, on a real SQLite file.

Commands run inside the test process (tests/cli_runner.py: the same exit code, stdout and stderr
as ``python cli.py``, without a fresh Python's seconds of imports each time). In a real process:
``test_the_command_line_starts_runs_and_exits_as_a_process`` (that ``python cli.py`` itself starts,
answers, and exits 2 with a sentence and no traceback) and
``test_a_command_that_reads_loads_only_what_it_uses`` (what a fresh process imports is what it
measures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import run_cli, run_cli_process
from tests.fixtures import copy_demo

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("cli")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/cli.sqlite",
        "CLEARWAY_VAR_DIR": str(folder),
    }
    cli(env, "load-demo")
    return env


def cli(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``python cli.py ARGS`` with ``env``, run in this process (tests/cli_runner.py)."""
    return run_cli(env, *args, check=check)


def test_the_command_line_starts_runs_and_exits_as_a_process(database: dict[str, str]) -> None:
    """The real start: ``python cli.py`` answers, exits 0, and a user's mistake exits 2 in words."""
    out = run_cli_process(database, "status", "--project", "cat-van-220kv", "--json", check=True)
    assert json.loads(out.stdout)["affected_households"] == 15
    refused = run_cli_process(database, "status", "--project", "nope")
    assert refused.returncode == 2
    assert "cat-van-220kv" in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    ("as_of", "agreed", "concerns"),
    [("2024-04-10", 6, 9), ("2024-05-31", 15, 0)],
)
def test_status_json_gives_the_headline_figures(
    database: dict[str, str], as_of: str, agreed: int, concerns: int
) -> None:
    out = cli(database, "status", "--project", "cat-van-220kv", "--as-of", as_of, "--json")
    figures = json.loads(out.stdout)
    assert figures["affected_households"] == 15
    assert (figures["agreed"], figures["concerns"]) == (agreed, concerns)
    assert {"refused", "not_contacted", "agreement_share"} <= set(figures)
    assert figures["agreement_share"] == round(agreed / 15, 4)


def test_status_in_words_speaks_vietnamese_with_dates_day_first(database: dict[str, str]) -> None:
    out = cli(database, "status", "--project", "cat-van-220kv", "--as-of", "2024-04-10")
    assert "Hộ bị ảnh hưởng: 15" in out.stdout
    assert "10/04/2024" in out.stdout


def test_an_unknown_project_is_a_plain_error_with_exit_code_2(database: dict[str, str]) -> None:
    out = cli(database, "status", "--project", "nope", check=False)
    assert out.returncode == 2
    assert "cat-van-220kv" in out.stderr and "Traceback" not in out.stderr


def test_a_bad_date_is_refused_by_the_parser(database: dict[str, str]) -> None:
    out = cli(
        database, "status", "--project", "cat-van-220kv", "--as-of", "31/31/2024", check=False
    )
    assert out.returncode == 2 and "31/31/2024" in out.stderr


def test_load_demo_if_empty_leaves_a_loaded_database_alone(database: dict[str, str]) -> None:
    out = cli(database, "load-demo", "--if-empty")
    assert "không nạp lại" in out.stdout


def test_backup_and_restore_from_the_command_line(database: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "backup.zip"
    cli(database, "backup", "--out", str(target))
    assert zipfile_names(target) >= {"manifest.json", "tables/households.jsonl"}
    out = cli(database, "--lang", "en", "restore", str(target))
    assert "Restored" in out.stdout and "saved first" in out.stdout
    assert list(Path(database["CLEARWAY_VAR_DIR"]).glob("backups/before-restore-*.zip"))
    figures = json.loads(cli(database, "status", "--project", "cat-van-220kv", "--json").stdout)
    assert figures["agreed"] == 15


def zipfile_names(path: Path) -> set[str]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


def test_help_lists_every_command() -> None:
    out = cli(dict(os.environ), "--help")
    for command in ("init-db", "load-demo", "status", "backup", "restore"):
        assert command in out.stdout


@pytest.mark.parametrize("what", ["households", "concerns", "meetings", "commitments"])
def test_export_writes_registers_that_excel_reads_in_vietnamese(
    database: dict[str, str], tmp_path: Path, what: str
) -> None:
    import openpyxl
    import pandas as pd

    csv_out, xlsx_out = tmp_path / f"{what}.csv", tmp_path / f"{what}.xlsx"
    for fmt, out in (("csv", csv_out), ("xlsx", xlsx_out)):
        args = ["--project", "cat-van-220kv", "--what", what, "--format", fmt, "--out", str(out)]
        cli(database, "export", *args)
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    table = pd.read_csv(csv_out, encoding="utf-8-sig")
    sheet = openpyxl.load_workbook(xlsx_out).active
    assert sheet is not None
    assert sheet.max_row == len(table) + 1 and len(table) > 0
    if what == "households":
        assert len(table) == 15 and set(table["Trạng thái"]) == {"Đã đồng thuận (đã ký)"}


def test_import_households_adds_them_all_or_none(tmp_path: Path) -> None:
    import pandas as pd

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/hh.sqlite",
        "CLEARWAY_VAR_DIR": str(tmp_path),
    }
    copy_demo(env)  # the demo as `load-demo` makes it (tests/fixtures.py)
    register = tmp_path / "ho_moi.xlsx"
    with pd.ExcelWriter(register) as writer:
        pd.DataFrame({"Mã hộ": ["CV16", "CV01"], "Chủ hộ": ["Võ Thị Mai", "Trùng mã"]}).to_excel(
            writer, sheet_name="Hộ", index=False
        )
        pd.DataFrame(columns=["Mã hộ", "Tờ bản đồ", "Thửa đất"]).to_excel(
            writer, sheet_name="Thửa", index=False
        )
    refused = cli(
        env, "import-households", str(register), "--project", "cat-van-220kv", check=False
    )
    assert refused.returncode == 2 and "CV01" in refused.stderr
    with pd.ExcelWriter(register) as writer:
        pd.DataFrame({"Mã hộ": ["CV16"], "Chủ hộ": ["Võ Thị Mai"]}).to_excel(
            writer, sheet_name="Hộ", index=False
        )
        pd.DataFrame(columns=["Mã hộ", "Tờ bản đồ", "Thửa đất"]).to_excel(
            writer, sheet_name="Thửa", index=False
        )
    added = cli(env, "import-households", str(register), "--project", "cat-van-220kv")
    assert "1" in added.stdout
    out = tmp_path / "hh.csv"
    cli(
        env,
        "export",
        "--project",
        "cat-van-220kv",
        "--what",
        "households",
        "--format",
        "csv",
        "--out",
        str(out),
    )
    assert "Võ Thị Mai" in out.read_text(encoding="utf-8-sig")


def test_the_first_admin_then_users_with_passwords_from_the_environment(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/u.sqlite",
        "CLEARWAY_VAR_DIR": str(tmp_path),
    }
    copy_demo(env)  # the demo as `load-demo` makes it (tests/fixtures.py)
    first = cli(env, "ensure-admin")
    assert "admin" in first.stdout and "set-password" in first.stdout
    assert cli(env, "ensure-admin").stdout == ""  # only on a database without users
    env["CLEARWAY_PASSWORD"] = "mat-khau-can-bo-1"
    made = cli(
        env, "create-user", "can-bo", "--role", "field_officer", "--scope", "cat-van-220kv:Cát Văn"
    )
    assert "can-bo" in made.stdout
    from consultations.accounts.service import sign_in
    from consultations.core.database import open_store

    store = open_store(env["DATABASE_URL"])
    actor = sign_in(store, "can-bo", "mat-khau-can-bo-1")
    assert [s.commune for s in actor.scopes] == ["Cát Văn"]
    store.dispose()
    env["CLEARWAY_PASSWORD"] = "ngan"
    refused = cli(env, "set-password", "can-bo", check=False)
    assert refused.returncode == 2 and "ít nhất 10" in refused.stderr


#: What a command loads when it starts, printed by a process that ran it (its own output hidden).
LOADED = """
import contextlib, io, sys
import cli
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    cli.main(sys.argv[1:])
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.parametrize(
    ("args", "not_loaded"),
    [
        (["--help"], {"sqlalchemy", "pandas", "shapely", "geopandas", "matplotlib", "folium"}),
        (
            ["status", "--project", "cat-van-220kv", "--json"],
            {
                "matplotlib",
                "folium",
                "branca",
                "geopandas",
                "pyogrio",
                "pyproj",
                "openpyxl",
                "alembic",
                "psycopg",
                "argon2",
            },
        ),
    ],
)
def test_a_command_that_reads_loads_only_what_it_uses(
    database: dict[str, str], args: list[str], not_loaded: set[str]
) -> None:
    """The map export, matplotlib, spreadsheets, the migration tool and PostgreSQL's driver are
    imported by the commands that use them, so a command that reads starts at once."""
    out = subprocess.run(
        [sys.executable, "-c", LOADED, *args],
        env=database,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert not_loaded & set(out.stdout.split()) == set()


def test_the_help_and_argparse_errors_are_in_vietnamese_by_default_and_english_on_request() -> None:
    """argparse writes "usage:", "options:" and "error:" itself; they come from our catalog."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LANG")}
    shown = cli(env, "--help").stdout
    assert (
        "cách dùng:" in shown and "tùy chọn:" in shown and "hiện hướng dẫn này rồi thoát" in shown
    )
    english = [
        w for w in ("usage:", "options:", "positional arguments", "show this help") if w in shown
    ]
    assert english == []
    refused = cli(env, "report", check=False)
    assert refused.returncode == 2
    assert "lỗi: còn thiếu các đối số bắt buộc" in refused.stderr, refused.stderr
    assert "error:" not in refused.stderr and "required" not in refused.stderr
    assert "usage:" in cli(env, "--lang", "en", "--help").stdout

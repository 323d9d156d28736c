"""``python cli.py household-file``: a household's file to print, by its code, as HTML or DOCX.

Commands run inside the test process (tests/cli_runner.py: the same exit code, stdout and stderr
as ``python cli.py``). In a real process: the unknown code in
``test_an_unknown_code_or_format_is_refused_with_what_to_do`` (that ``python cli.py`` itself
starts, and refuses in words with no traceback)."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import docx

from tests.cli_runner import run_cli, run_cli_process
from tests.fixtures import sqlite_copy


def demo_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": sqlite_copy("demo", tmp_path),
        "CLEARWAY_VAR_DIR": str(tmp_path),
    }


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python cli.py ARGS`` on a copy of the demo, run in this process (tests/cli_runner.py)."""
    return run_cli(demo_env(tmp_path), *args)


def test_the_household_file_is_written_as_html_or_docx_by_its_code(tmp_path: Path) -> None:
    for name in ("hn019.html", "hn019.docx"):
        out = tmp_path / name
        done = cli(tmp_path, "household-file", "--project", "hung-nguyen-vsip", "--household", "hn019",
                   "--out", str(out))  # fmt: skip
        assert done.returncode == 0 and "Đã ghi hồ sơ hộ" in done.stdout, done.stderr
    assert "HỒ SƠ HỘ GIA ĐÌNH" in (tmp_path / "hn019.html").read_text(encoding="utf-8")
    document = docx.Document(io.BytesIO((tmp_path / "hn019.docx").read_bytes()))
    assert any(p.text == "HỒ SƠ HỘ GIA ĐÌNH" for p in document.paragraphs)


def test_an_unknown_code_or_format_is_refused_with_what_to_do(tmp_path: Path) -> None:
    args = ["household-file", "--project", "hung-nguyen-vsip", "--household"]
    unknown = run_cli_process(demo_env(tmp_path), *args, "XX999", "--out", str(tmp_path / "x.html"))
    assert unknown.returncode != 0 and "XX999" in unknown.stdout + unknown.stderr
    assert "Traceback" not in unknown.stderr
    pdf = cli(tmp_path, *args, "HN019", "--out", str(tmp_path / "x.pdf"))
    assert pdf.returncode != 0 and "html hoặc docx" in pdf.stdout + pdf.stderr
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.html").exists()

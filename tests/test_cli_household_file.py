"""``python cli.py household-file``: a household's file to print, by its code, as HTML or DOCX."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx

from tests.fixtures import sqlite_copy

ROOT = Path(__file__).resolve().parents[1]


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": sqlite_copy("demo", tmp_path),
        "CLEARWAY_VAR_DIR": str(tmp_path),
    }
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


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
    unknown = cli(tmp_path, *args, "XX999", "--out", str(tmp_path / "x.html"))
    assert unknown.returncode != 0 and "XX999" in unknown.stdout + unknown.stderr
    pdf = cli(tmp_path, *args, "HN019", "--out", str(tmp_path / "x.pdf"))
    assert pdf.returncode != 0 and "html hoặc docx" in pdf.stdout + pdf.stderr
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.html").exists()

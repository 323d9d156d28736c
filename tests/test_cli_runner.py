"""tests/cli_runner.py answers as ``python cli.py`` does and leaves the test process as it found it.

``test_in_process_and_a_real_process_give_the_same_answer`` runs the same commands both ways (in a
real process too: that is what it compares against)."""

from __future__ import annotations

import argparse
import getpass
import importlib
import logging
import os
import re
import sys
from pathlib import Path

import pytest

import cli
from consultations.core import database
from tests.cli_runner import (
    IMPORT_TIME_SETTINGS,
    NOT_SET_IN_PROCESS,
    ROOT,
    run_cli,
    run_cli_process,
)
from translations import current_language, set_language

#: A setting read from the environment when a module is imported: ``NAME = …environ.get("VAR"…``.
READ_ON_IMPORT = re.compile(r'^[A-Z_]+ = .*os\.environ\.get\("([A-Z_]+)"', re.M)


def test_every_setting_read_on_import_is_set_by_the_runner_or_refused() -> None:
    sources = [ROOT / "cli.py", *(ROOT / "consultations").rglob("*.py"), *(ROOT / "api").rglob("*.py"),
               *(ROOT / "geo").rglob("*.py"), *(ROOT / "translations").rglob("*.py")]  # fmt: skip
    read = {v for path in sources for v in READ_ON_IMPORT.findall(path.read_text("utf-8"))}
    assert read, "the pattern finds the settings read on import"
    assert read <= set(IMPORT_TIME_SETTINGS) | set(NOT_SET_IN_PROCESS)


def test_the_runner_makes_each_setting_as_its_module_does() -> None:
    """With the test process's environment, the runner's values are the modules' own."""
    for variable, targets in IMPORT_TIME_SETTINGS.items():
        for module, name, make in targets:
            assert make(os.environ.get(variable)) == getattr(
                importlib.import_module(module), name
            ), (variable, module, name)


def test_in_process_and_a_real_process_give_the_same_answer(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/r.sqlite",
           "CLEARWAY_VAR_DIR": str(tmp_path)}  # fmt: skip
    for args in (["--help"], ["report"], ["--lang", "en", "status", "--project", "nope"]):
        here, there = run_cli(env, *args), run_cli_process(env, *args)
        assert (here.returncode, here.stdout, here.stderr) == (
            there.returncode,
            there.stdout,
            there.stderr,
        ), args


def test_a_command_sees_its_environment_and_the_test_process_keeps_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def look(_args: argparse.Namespace) -> None:
        from consultations.core.store import VAR_DIR

        seen.update(var_dir=VAR_DIR, lock_wait_s=database.LOCK_WAIT_S, url=os.environ["DATABASE_URL"],
                    argv=list(sys.argv), cwd=Path.cwd(), language=current_language())  # fmt: skip
        logging.getLogger("clearway.test").warning("một cảnh báo")

    monkeypatch.setattr(cli, "cmd_init_db", look)
    before = (dict(os.environ), list(sys.argv), Path.cwd(), database.VAR_DIR, database.LOCK_WAIT_S,
              vars(argparse)["_"], getpass.getpass, list(logging.getLogger().handlers))  # fmt: skip
    set_language("vi")
    env = {**os.environ, "DATABASE_URL": "sqlite:///x.sqlite", "CLEARWAY_VAR_DIR": str(tmp_path),
           "CLEARWAY_LOCK_WAIT_S": "3"}  # fmt: skip
    done = run_cli(env, "--lang", "en", "init-db")
    assert done.returncode == 0 and done.stderr == "một cảnh báo\n"
    assert seen == {"var_dir": tmp_path, "lock_wait_s": 3.0, "url": "sqlite:///x.sqlite",
                    "argv": [str(ROOT / "cli.py"), "--lang", "en", "init-db"], "cwd": ROOT,
                    "language": "en"}  # fmt: skip
    after = (dict(os.environ), list(sys.argv), Path.cwd(), database.VAR_DIR, database.LOCK_WAIT_S,
             vars(argparse)["_"], getpass.getpass, list(logging.getLogger().handlers))  # fmt: skip
    assert after == before and current_language() == "vi"


def test_an_uncaught_error_is_a_traceback_on_stderr_and_exit_code_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(_args: argparse.Namespace) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(cli, "cmd_init_db", fail)
    done = run_cli(dict(os.environ), "init-db")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("Traceback (most recent call last):")
    assert done.stderr.endswith("RuntimeError: hỏng\n")


def test_a_password_is_read_from_stdin_never_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []

    def ask(_args: argparse.Namespace) -> None:
        said.append(getpass.getpass("Mật khẩu: "))
        getpass.getpass("Lần nữa: ")

    monkeypatch.setattr(cli, "cmd_init_db", ask)
    done = run_cli(dict(os.environ), "init-db", input="bí mật\n")
    assert said == ["bí mật"] and done.returncode == 1
    assert done.stderr.startswith("Mật khẩu: Lần nữa: Traceback") and "EOFError" in done.stderr


def test_what_a_library_writes_to_the_file_descriptors_is_caught_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def write(_args: argparse.Namespace) -> None:
        print("qua Python")
        os.write(1, "thẳng vào fd 1\n".encode())
        os.write(2, "thẳng vào fd 2\n".encode())

    monkeypatch.setattr(cli, "cmd_init_db", write)
    done = run_cli(dict(os.environ), "init-db")
    assert done.stdout == "qua Python\nthẳng vào fd 1\n" and done.stderr == "thẳng vào fd 2\n"

"""``python cli.py ARGS`` run inside the test process: what a test needs of a command, without the
two to three seconds a fresh Python spends importing before it does anything.

``run_cli(env, *args)`` answers as ``subprocess.run([sys.executable, "cli.py", *args], env=env,
cwd=ROOT, capture_output=True, text=True)`` would: a ``subprocess.CompletedProcess`` with the exit
code, stdout and stderr, and ``check=True`` raises ``CalledProcessError`` as ``subprocess.run``
does. For the length of the call it gives the command what a fresh process would have, and puts
back what the test process had after it:

- ``os.environ`` is ``env`` exactly; the settings that modules read once when imported
  (``CLEARWAY_VAR_DIR``, ``CLEARWAY_LOCK_WAIT_S``, …) are set on those modules from ``env``, and a
  setting read on import that this file does not know how to set is refused (run that command with
  ``run_cli_process``): a test must not pass on the test process's settings instead of its own;
- ``sys.argv`` is ``[ROOT/cli.py, *args]`` (argparse's "usage: cli.py"), the working folder is the
  project's, ``COLUMNS`` is 80 unless ``env`` says (argparse wraps help at a pipe's width);
- the language is the command line's default in a context of its own (``translations`` keeps it
  in a ``ContextVar``), so ``--lang en`` ends with the call;
- what a library writes to file descriptors 1 and 2 itself is added to stdout and stderr;
- stdin is ``input`` (else empty, as a closed pipe), and ``getpass`` reads it, never the terminal;
- a log record at WARNING or above is written to stderr as Python's last-resort handler writes it
  in a process without logging set up; the root logger's level and handlers are put back;
- every store the command opened is disposed of (its connections closed), as a process ending would;
- ``SystemExit`` is its exit code (``None`` 0, a number that number, a text 1 with the text on
  stderr), as is ``main``'s return value; any other exception is printed as the traceback Python
  prints and the exit code is 1, so "no traceback reaches the user" still means something.

What stays a real process (``run_cli_process``): the start itself (that ``python cli.py`` imports,
runs and exits), ``worker`` and the servers, a signal or a timeout, another process holding a lock,
and what a command loads when it starts.
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import getpass
import importlib
import io
import logging
import os
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "cli.py"

#: Settings read from the environment when a module is imported: for each, the module attributes
#: made from it, and how (the same expressions as the modules' own, kept in step by
#: tests/test_cli_runner.py).
IMPORT_TIME_SETTINGS: dict[str, list[tuple[str, str, Callable[[str | None], object]]]] = {
    "CLEARWAY_VAR_DIR": [
        ("consultations.core.database", "VAR_DIR", lambda v: Path(v or ROOT / "var")),
        (
            "consultations.core.database",
            "DEFAULT_SQLITE_PATH",
            lambda v: Path(v or ROOT / "var") / "clearway.sqlite",
        ),
        ("consultations.core.store", "VAR_DIR", lambda v: Path(v or ROOT / "var")),
    ],
    "CLEARWAY_LOCK_WAIT_S": [
        ("consultations.core.database", "LOCK_WAIT_S", lambda v: float(v or 15)),
        ("consultations.core.database", "SQLITE_BUSY_TIMEOUT_S", lambda v: float(v or 15)),
    ],
    "CLEARWAY_REPLICA_WAIT_S": [
        ("consultations.core.replica", "REPLICA_WAIT_S", lambda v: float(v or 0.5)),
        ("consultations.core.database", "REPLICA_WAIT_S", lambda v: float(v or 0.5)),
    ],
    "CLEARWAY_RETIRE_SHARE": [
        ("consultations.land.service", "RETIRE_SHARE_LIMIT", lambda v: float(v or "0.2")),
    ],
    "CLEARWAY_SESSION_HOURS": [
        ("consultations.accounts.sessions", "SESSION_HOURS", lambda v: int(v or "12")),
    ],
    "CLEARWAY_SESSION_MINUTES": [
        ("consultations.accounts.sessions", "SESSION_MINUTES", lambda v: int(v or "480")),
    ],
    "CLEARWAY_CORRECTION_MINUTES": [
        ("consultations.core.corrections", "CORRECTION_MINUTES", lambda v: int(v or "30")),
    ],
}
#: Read on import too, and not set here: a test that changes one runs the command in a process.
NOT_SET_IN_PROCESS = ("CLEARWAY_HASHING_SLOTS", "CLEARWAY_API_CALLS_PER_MINUTE")


def run_cli_process(
    env: Mapping[str, str], *args: str, check: bool = False, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """``python cli.py ARGS`` in a process of its own, as a user runs it."""
    return subprocess.run([sys.executable, str(CLI), *args], env=dict(env), cwd=ROOT,
                          capture_output=True, text=True, check=check, timeout=timeout)  # fmt: skip


def run_cli(
    env: Mapping[str, str], *args: str, check: bool = False, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python cli.py ARGS`` with ``env``, run in this process (see the module's docstring)."""
    command = [sys.executable, str(CLI), *args]
    out, err = io.StringIO(), io.StringIO()
    with (
        _file_descriptor(1) as out_fd,
        _file_descriptor(2) as err_fd,
        _as_a_fresh_process(dict(env), list(args), out, err, input or ""),
    ):
        code = contextvars.copy_context().run(_main, list(args), err)
    stdout, stderr = out.getvalue() + out_fd.read(), err.getvalue() + err_fd.read()
    done = subprocess.CompletedProcess(command, code, stdout, stderr)
    if check and code != 0:
        raise subprocess.CalledProcessError(code, command, done.stdout, done.stderr)
    return done


def _main(argv: list[str], err: io.StringIO) -> int:
    import cli
    from translations import DEFAULT_LANGUAGE, set_language

    set_language(DEFAULT_LANGUAGE)  # a fresh process's, whatever the test's context had
    try:
        return cli.main(argv)
    except SystemExit as leaving:
        if leaving.code is None:
            return 0
        if isinstance(leaving.code, int):
            return leaving.code
        print(leaving.code, file=err)
        return 1
    except Exception:  # noqa: BLE001  (printed as Python prints an uncaught one; exit code 1)
        err.write(traceback.format_exc())
        return 1


@contextlib.contextmanager
def _as_a_fresh_process(
    env: dict[str, str], args: list[str], out: io.StringIO, err: io.StringIO, stdin: str
) -> Iterator[None]:
    from consultations.core.database import Store

    for name in NOT_SET_IN_PROCESS:
        if env.get(name) != os.environ.get(name):
            raise ValueError(f"{name} is read on import: run this command with run_cli_process")
    env.setdefault("COLUMNS", "80")
    opened: list[Store] = []
    original_init = Store.__init__

    def remember(self: Store, *a: Any, **k: Any) -> None:
        original_init(self, *a, **k)
        opened.append(self)

    saved_environ = dict(os.environ)
    saved_argv = sys.argv
    saved_argparse = (vars(argparse)["_"], vars(argparse)["ngettext"])
    saved_getpass = getpass.getpass
    root = logging.getLogger()
    saved_level = root.level
    last_resort = logging.StreamHandler(err)
    last_resort.setLevel(logging.WARNING)
    settings = _settings_from(env)
    saved_settings = [(module, name, getattr(module, name)) for module, name, _ in settings]
    try:
        os.environ.clear()
        os.environ.update(env)
        for module, name, value in settings:
            setattr(module, name, value)
        sys.argv = [str(CLI), *args]
        setattr(Store, "__init__", remember)  # noqa: B010
        getpass.getpass = _getpass_from_stdin
        root.addHandler(last_resort)
        with (
            contextlib.chdir(ROOT),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            _stdin(io.StringIO(stdin)),
        ):
            yield
    finally:
        root.removeHandler(last_resort)
        root.setLevel(saved_level)
        getpass.getpass = saved_getpass
        setattr(Store, "__init__", original_init)  # noqa: B010
        for store in opened:
            store.dispose()
        sys.argv = saved_argv
        setattr(argparse, "_", saved_argparse[0])  # noqa: B010
        setattr(argparse, "ngettext", saved_argparse[1])  # noqa: B010
        os.environ.clear()
        os.environ.update(saved_environ)
        for module, name, value in saved_settings:
            setattr(module, name, value)


class _Written:
    """What was written to a file descriptor, once it is put back."""

    def __init__(self) -> None:
        self.text = ""

    def read(self) -> str:
        return self.text


@contextlib.contextmanager
def _file_descriptor(fd: int) -> Iterator[_Written]:
    """Bytes a library writes to ``fd`` itself (C code, a child process), not through ``sys``'s
    streams: caught as the process's pipe would catch them (after what went through Python)."""
    written = _Written()
    saved = os.dup(fd)
    with tempfile.TemporaryFile() as caught:
        os.dup2(caught.fileno(), fd)
        try:
            yield written
        finally:
            os.dup2(saved, fd)
            os.close(saved)
            caught.seek(0)
            written.text = caught.read().decode("utf-8", errors="replace")


def _settings_from(env: Mapping[str, str]) -> list[tuple[Any, str, object]]:
    return [
        (importlib.import_module(module), name, make(env.get(variable)))
        for variable, targets in IMPORT_TIME_SETTINGS.items()
        for module, name, make in targets
    ]


@contextlib.contextmanager
def _stdin(replacement: io.StringIO) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = replacement
    try:
        yield
    finally:
        sys.stdin = saved


def _getpass_from_stdin(prompt: str = "Password: ", stream: Any = None) -> str:
    """What ``getpass`` does without a terminal: the prompt on stderr, a line read from stdin."""
    print(prompt, end="", file=sys.stderr)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.removesuffix("\n")

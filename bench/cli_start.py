"""Benchmark: how long a command of ``cli.py`` takes to start and answer, beside anchors.

Each case is a fresh ``python`` process, as a person or a script runs it, timed from start to exit
(wall clock, and the CPU it used, which another load on the machine disturbs less). The anchors,
measured in the same run: a bare ``python -c pass`` and a process that only imports the libraries
a reading command cannot do without (SQLAlchemy for the store, pandas for the figures, shapely for
the schema's geometry). The cases: ``--help``; ``status --json`` on the demo store (a read); and
``new-project`` (a write: a project created and audited). The store is the demo, loaded once, at
the current schema, so ``migrate`` only checks the revision. ``--cli`` times another checkout's
``cli.py`` (the code before a change) against the same anchors. Ends with one JSON line.
Run: .venv/bin/python bench/cli_start.py [--runs 5] [--cli PATH/cli.py]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATUS = ["status", "--project", "cat-van-220kv", "--json"]
#: What a reading command needs in any case: the store's library, the frames, the schema's shapes.
FLOOR = "import sqlalchemy, pandas, shapely"


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one process, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, check=True, capture_output=True, timeout=300)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def summary(walls: list[float], cpus: list[float]) -> dict[str, float]:
    return {
        "wall_median_s": round(statistics.median(walls), 3),
        "wall_best_s": round(min(walls), 3),
        "cpu_median_s": round(statistics.median(cpus), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cli", type=Path, default=ROOT / "cli.py", help="the cli.py to time")
    args = parser.parse_args()
    cli = args.cli.resolve()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/cli.sqlite",
            "CLEARWAY_VAR_DIR": folder,
        }
        subprocess.run([python, str(cli), "load-demo"], env=env, cwd=cli.parent, check=True,
                       capture_output=True)  # fmt: skip
        stamp = int(time.time())

        def new_project(i: int) -> list[str]:
            return [python, str(cli), "new-project", "--slug", f"bench-{stamp}-{i}", "--name",
                    f"Bench {i}", "--kind", "road", "--province", "Nghệ An", "--commune",
                    "Hưng Nguyên", "--actor", "bench"]  # fmt: skip

        cases: dict[str, Callable[[int], list[str]]] = {
            "anchor: python -c pass": lambda _i: [python, "-c", "pass"],
            f"anchor: python -c '{FLOOR}'": lambda _i: [python, "-c", FLOOR],
            "cli.py --help": lambda _i: [python, str(cli), "--help"],
            "cli.py status --json": lambda _i: [python, str(cli), *STATUS],
            "cli.py new-project (a write)": new_project,
        }
        # Rounds interleaved, so that a burst of load on a shared machine falls on every case.
        walls: dict[str, list[float]] = {name: [] for name in cases}
        cpus: dict[str, list[float]] = {name: [] for name in cases}
        for i in range(args.runs):
            for name, make in cases.items():
                wall, cpu = timed(make(i), env, cli.parent)
                walls[name].append(wall)
                cpus[name].append(cpu)
        results = {name: summary(walls[name], cpus[name]) for name in cases}
    floor = results[f"anchor: python -c '{FLOOR}'"]["wall_median_s"]
    print(f"cli: {cli}  runs: {args.runs}  (median wall / best wall / median CPU)")
    for name, figures in results.items():
        print(
            f"  {name:<58} {figures['wall_median_s']:6.3f} s  {figures['wall_best_s']:6.3f} s  "
            f"{figures['cpu_median_s']:6.3f} s  {figures['wall_median_s'] / floor:4.1f} × floor"
        )
    print(json.dumps({"cli": str(cli), "runs": args.runs, "results": results}))


if __name__ == "__main__":
    main()

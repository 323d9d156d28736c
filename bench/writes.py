"""Benchmark: status changes on SQLite by 20 concurrent writers; prints latency percentiles.

Each writer records consent events on its own households (and, in a second round, all on the same
household with re-reads on a stale edit). Nothing may be lost: the event count is checked at the end.
Run: .venv/bin/python bench/writes.py [--writers 20] [--each 25]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from consultations.consent.service import record_consent
from consultations.consent.store import consent_events_of
from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.core.errors import StaleEdit
from consultations.core.records import ConsentStatus, NewProject, ProjectKind
from consultations.households.service import add_household
from consultations.households.store import household_by_id
from consultations.projects.store import insert_project

TODAY = dt.date(2024, 5, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--each", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/bench.sqlite")
        store.migrate()
        with store.begin() as conn:
            project = insert_project(
                conn, NewProject("b", "Bench", ProjectKind.ROAD, 9208), actor="b"
            )
        ids = [
            add_household(store, project.id, f"H{i}", {"head_name": f"Hộ {i}"}, actor=operator("b"))
            for i in range(args.writers)
        ]
        latencies: list[float] = []
        stale = 0

        def writer(household_id: int) -> None:
            nonlocal stale
            for n in range(args.each):
                while True:
                    with store.read() as conn:
                        version = household_by_id(conn, household_id).version
                    start = time.perf_counter()
                    try:
                        record_consent(store, household_id, ConsentStatus.INFORMED, TODAY, seen_version=version,
                                       actor=operator("b"), note=str(n), today=TODAY)  # fmt: skip
                    except StaleEdit:
                        stale += 1
                        continue
                    latencies.append((time.perf_counter() - start) * 1000)
                    break

        for name, targets in (("own households", ids), ("one household", [ids[0]] * args.writers)):
            latencies.clear()
            stale = 0
            with ThreadPoolExecutor(args.writers) as pool:
                list(pool.map(writer, targets))
            q = statistics.quantiles(latencies, n=100)
            print(f"{name:>15}: {len(latencies)} writes, p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms, "
                  f"max {max(latencies):.1f} ms, stale retries {stale}", flush=True)  # fmt: skip
        with store.read() as conn:
            events = len(consent_events_of(conn, project.id))
        expected = 2 * args.writers * args.each
        print(json.dumps({"writes": expected, "events_stored": events, "nothing_lost": events == expected,
                          "p95_ms_last_round": round(q[94], 1)}))  # fmt: skip
        store.dispose()


if __name__ == "__main__":
    main()

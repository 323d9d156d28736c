"""What a Streamlit page spends its time on: AppTest runs a page's script in a thread of its own,
where a profiler enabled in the caller's thread sees nothing, so the profiler is enabled in each
thread started while ``action`` runs (not in the caller's, which only waits for them: one profiler
in two busy threads mixes their calls up). A function that runs no thread is profiled as it is."""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import threading
from collections.abc import Callable
from typing import Any

OURS = r"consultations|geo/|ui/|app_pages"


def profiled(action: Callable[[], object], lines: int = 20, only: str = OURS) -> str:
    """Run ``action`` under cProfile (in the threads it starts, or itself if it starts none); the
    heaviest calls by cumulative time."""
    profiler = cProfile.Profile()
    threads = threading.active_count()

    def start(*_args: Any) -> None:  # the first event of a new thread: hand it to cProfile
        sys.setprofile(None)
        profiler.enable()

    threading.setprofile(start)
    try:
        action()
    finally:
        threading.setprofile(None)
    if not profiler.getstats() and threading.active_count() == threads:
        profiler.runcall(action)  # it ran in the caller's thread: again, profiled
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(only, lines)
    return "\n".join(line for line in out.getvalue().splitlines() if line.strip())

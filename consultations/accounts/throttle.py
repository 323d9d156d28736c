"""Repeated failed sign-ins slowed down before any password is hashed or any row is written.

Per **client** (the browser's address, or whatever the caller names): the first ``FREE_FAILURES``
failures within ``WINDOW`` cost nothing more; after that each failure makes the next attempt from
that client wait 1, 2, 4 … seconds (at most ``MAX_WAIT``). An attempt that comes early is refused at
once, saying how long to wait: no database, no hashing, so a flood costs the server almost nothing
and users elsewhere are not slowed.

Per **user name**: an account locks in the database after ``MAX_FAILURES`` (``service``); a name
with no account is locked here the same way, with the same sentence, so the answer does not tell
an attacker which names exist.

Kept in memory per server process and bounded (``MAX_KEYS``, oldest forgotten first): a restart
forgets it; the accounts' lockout in the database does not.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

FREE_FAILURES = 5
WINDOW_S = 15 * 60
MAX_WAIT_S = 60.0
MAX_KEYS = 50_000


class Throttle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and now - times[0] > WINDOW_S:
            times.popleft()
        return times

    def wait_s(self, key: str) -> float:
        """Seconds before ``key`` may try again (0: now)."""
        with self._lock:
            now = self._clock()
            times = self._recent(key, now)
            extra = len(times) - FREE_FAILURES
            if extra < 0 or not times:
                return 0.0
            return max(0.0, times[-1] + min(MAX_WAIT_S, 2.0**extra) - now)

    def count(self, key: str) -> int:
        """Failures of ``key`` within the window."""
        with self._lock:
            return len(self._recent(key, self._clock()))

    def failed(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            self._failures.move_to_end(key)
            while len(self._failures) > MAX_KEYS:
                self._failures.popitem(last=False)

    def clear(self) -> None:
        """Forget every failure (a test's fresh start; a restart does the same)."""
        with self._lock:
            self._failures.clear()

    def forget(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def until(self, key: str, minutes: int) -> dt.datetime | None:
        """When a name locked here (``minutes`` after its last failure) opens again, if locked."""
        with self._lock:
            now = self._clock()
            times = self._recent(key, now)
            if len(times) < FREE_FAILURES:
                return None
            left = times[-1] + minutes * 60 - now
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=left) if left > 0 else None


FAILURES = Throttle()  # this server process's memory of failed sign-ins


def client_key(client: str) -> str:
    return f"client:{client}"


def name_key(username: str) -> str:
    return f"name:{username.strip().casefold()}"

"""How often a key may call: a token bucket per client, in the serving process."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

#: Calls a key may make in a minute (CLEARWAY_API_CALLS_PER_MINUTE), in bursts up to as many.
CALLS_PER_MINUTE = int(os.environ.get("CLEARWAY_API_CALLS_PER_MINUTE") or 120)


@dataclass
class Buckets:
    per_minute: int = CALLS_PER_MINUTE
    _tokens: dict[int, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, client_id: int, now: float | None = None) -> float:
        """Take one call from the client's bucket: 0 if allowed, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60
        with self._lock:
            tokens, then = self._tokens.get(client_id, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - then) * rate)
            if tokens >= 1:
                self._tokens[client_id] = (tokens - 1, now)
                return 0.0
            self._tokens[client_id] = (tokens, now)
            return (1 - tokens) / rate

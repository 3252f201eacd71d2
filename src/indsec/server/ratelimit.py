"""Sign-in rate limiting per client address: a sliding one-minute window, bounded memory.

It complements the per-account lock-out kept in the database: the lock-out stops guessing one
account's password, this stops one address from trying many accounts. It counts per server
process (documented with ``INDSEC_LOGIN_ATTEMPTS_PER_MINUTE``).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from indsec.errors import RateLimitedError

WINDOW_S = 60.0
MAX_CLIENTS = 10_000
"""Addresses tracked at once; the least recently seen is forgotten first."""


class LoginLimiter:
    """At most ``per_minute`` attempts per client in any 60-second window."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._attempts: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, client: str) -> None:
        """Count one attempt from ``client``; refuse it when the window is full."""
        now = self._clock()
        with self._lock:
            seen = self._attempts.pop(client, None) or deque()
            while seen and now - seen[0] >= WINDOW_S:
                seen.popleft()
            full = len(seen) >= self.per_minute
            if not full:
                seen.append(now)
            self._attempts[client] = seen
            while len(self._attempts) > MAX_CLIENTS:
                self._attempts.popitem(last=False)
        if full:
            raise RateLimitedError("too many sign-in attempts from this address; wait a minute")

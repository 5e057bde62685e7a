"""In-memory rate-limit counters that tidy up inline, at most once a second.

``limits``' ``MemoryStorage`` starts a ``threading.Timer`` after nearly every counted request, to
sweep expired counters 10 ms later: under load that is a new thread per answer, about a tenth of
an answer's time. A counter is expired anyway when it is read, so the sweep only frees memory;
sweeping inline, once a second, keeps memory bounded without a thread. Used when no shared
storage is configured (``RATELIMIT_STORAGE_URI`` defaults to ``swept-memory://``); Redis is the
choice for several workers.
"""

import threading
import time

from limits.storage import MemoryStorage


class SweptMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["swept-memory"]  # registers the scheme with ``limits``
    sweep_every_seconds = 1.0

    def __init__(self, uri: str | None = None, **options) -> None:
        self._next_sweep = 0.0
        self._sweep_lock = threading.Lock()
        super().__init__(uri, **options)

    # Replaces the parent's private scheduler, which every counting method calls; the name is
    # the parent's mangled one. tests/security/test_rate_limit_storage.py notices if it changes.
    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802
        now = time.monotonic()
        with self._sweep_lock:
            if now < self._next_sweep:
                return
            self._next_sweep = now + self.sweep_every_seconds
        self._MemoryStorage__expire_events()

"""Full garbage collections moved out of the way of keystrokes.

The records and the index are frozen out of the collector's reach once loaded (see
`tui.core.loading.collector_paused`), but a full collection still scans every object made
since, and follows each of their references into the frozen ones: in a running app with a
thousand negotiations that takes 5–20 ms. Left to itself, the collector runs one every few
hundred thousand allocations, which during a burst of typing means every ten keys or so, and
the frame answering that key is late.

So full collections are made ten times rarer (the young generations are collected as usual,
in well under a millisecond), and one is run as soon as the user pauses instead. Python 3.14's
collector is incremental, without such pauses and without these thresholds: it is left alone.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable

FULL_COLLECTION_RARITY = 10  # full collections this many times rarer than Python's default
IDLE_SECONDS = 1.0  # no key or click for this long: a full collection goes unnoticed
CHECK_SECONDS = 2.0  # how often the app asks `collect_if_idle`
DEFERS_FULL_COLLECTIONS = sys.version_info < (3, 14)


class IdleCollector:
    """Defers full collections while the user is busy; runs them when they pause."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last_input = clock()
        self._saved_threshold: tuple[int, int, int] | None = None

    def start(self) -> None:
        if not DEFERS_FULL_COLLECTIONS or self._saved_threshold is not None:
            return
        young, middle, full = self._saved_threshold = gc.get_threshold()
        gc.set_threshold(young, middle, full * FULL_COLLECTION_RARITY)

    def stop(self) -> None:
        if self._saved_threshold is not None:
            gc.set_threshold(*self._saved_threshold)
            self._saved_threshold = None

    def input_seen(self) -> None:
        self.last_input = self.clock()

    def collect_if_idle(self) -> bool:
        """Run a full collection if the user has paused and there is anything to scan."""
        if not DEFERS_FULL_COLLECTIONS or not gc.isenabled():  # paused during a bulk load
            return False
        if self.clock() - self.last_input < IDLE_SECONDS:
            return False
        if gc.get_count()[2] == 0:  # nothing reached the oldest generation since the last one
            return False
        gc.collect()
        return True

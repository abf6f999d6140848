"""Collecting garbage between keystrokes rather than in the middle of one.

Python's cyclic garbage collector runs after every few hundred objects allocated, wherever
that happens to be: while a keystroke is being answered it ran two or three times a key, about
a millisecond in all, and now and then a full collection froze a key for twenty. Here the
automatic collections are made rare, and the collector runs when the user has paused instead:
what the user sees is never waiting for it. Should the user never pause, a collection still
comes, only later (`BUSY_THRESHOLD` objects in), so memory stays bounded.
"""

from __future__ import annotations

import gc
import time

# No key or mouse for this long: the user has paused. Short, so that a collection (up to a few
# tens of milliseconds) starts as soon as a key's frames are out and ends before the next key
# typed at a typist's pace, rather than starting just as it comes.
QUIET_SECONDS = 0.05
TICK_SECONDS = 0.025  # how often to look
BUSY_THRESHOLD = 50_000  # objects allocated before an automatic collection, while busy
FULL_EVERY = 20  # a full collection every this many collections made at a pause
MIN_GARBAGE = 500  # fewer new objects than this since the last collection: not worth one


class IdleCollector:
    """Runs the garbage collector when no input has come for a moment (call `tick` often)."""

    def __init__(self) -> None:
        self._last_input = time.monotonic()
        self._collections = 0
        self._thresholds: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Make automatic collections rare; collections come at pauses from now on."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            _, middle, oldest = self._thresholds
            gc.set_threshold(BUSY_THRESHOLD, middle, oldest)

    def stop(self) -> None:
        """Give the collector back its own thresholds."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def input_seen(self) -> None:
        self._last_input = time.monotonic()

    def paused(self) -> bool:
        """True when no key or mouse event has come for `QUIET_SECONDS`."""
        return time.monotonic() - self._last_input >= QUIET_SECONDS

    def tick(self) -> bool:
        """Collect if the user has paused and there is enough to collect; True if it did."""
        if self._thresholds is None or not self.paused():
            return False
        if not gc.isenabled():  # a bulk load is under way (see `collector_paused`): not now
            return False
        if gc.get_count()[0] < MIN_GARBAGE:
            return False
        self._collections += 1
        gc.collect(2 if self._collections % FULL_EVERY == 0 else 1)
        return True

"""Work that can wait until the frame answering a key is on its way to the terminal."""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump

FRAME_OUT_DELAY = 0.002  # seconds left to Textual's writer thread after a frame


def after_paint(node: MessagePump, callback: Callable[[], object]) -> None:
    """Run `callback` once the frame being made is painted and written out.

    Textual hands a frame to a writer thread; work started at once would hold the
    interpreter lock and delay the write by up to several milliseconds, so a moment is left
    to it first.
    """
    node.call_after_refresh(node.set_timer, FRAME_OUT_DELAY, callback)


class AfterPaintOnce:
    """`after_paint` for one node, where a callback asked for again before it ran runs once.

    A key typed while the last frame's follow-up work waits must not queue that work twice.
    """

    def __init__(self, node: MessagePump) -> None:
        self._node = node
        self._pending: set[Callable[[], object]] = set()

    def __call__(self, callback: Callable[[], object]) -> None:
        if callback not in self._pending:
            self._pending.add(callback)
            after_paint(self._node, lambda: self._run(callback))

    def _run(self, callback: Callable[[], object]) -> None:
        self._pending.discard(callback)
        callback()

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

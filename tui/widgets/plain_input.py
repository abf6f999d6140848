"""An `Input` that never holds control characters, so it can never echo them to the terminal.

Textual passes ESC, C1, DEL and bidi controls in an `Input`'s text straight to the terminal.
Text typed or pasted here is for searching, filtering or editing a field: such characters mean
nothing in it, so they are dropped as they arrive.
"""

from __future__ import annotations

from textual.widgets import Input

from tui.core.text import without_controls


class PlainInput(Input):
    """A text box that keeps only printable text."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(without_controls(text), start, end)

"""The top line: which negotiation is open, loading progress, and the problems indicator."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from tui.core.text import visible


class ProblemsIndicator(Static):
    """``⚠ 3 problems``: visible only when some file has problems; click to open the list."""

    class Clicked(Message):
        """The user clicked the indicator."""

    _count: tuple[int, int] | None = None

    def show_count(self, errors: int, warnings: int) -> None:
        if self._count == (errors, warnings):
            return  # every edit asks: the line is painted again only when the count changes
        self._count = (errors, warnings)
        if errors == 0 and warnings == 0:
            self.display = False
            return
        self.display = True
        parts = []
        if errors:
            parts.append(f"{errors} problem{'s' * (errors != 1)}")
        if warnings:
            parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
        self.set_class(errors > 0, "-errors")
        self.update(Content("⚠ " + ", ".join(parts) + " (p)"))

    def on_click(self) -> None:
        self.post_message(self.Clicked())


class TitleBar(Horizontal):
    """The app's title line; record text in it is shown as plain, visible text."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, str] = {}  # the text each part shows

    def compose(self) -> ComposeResult:
        yield Static(Content("negotiations"), id="app-name")
        yield Static(Content(""), id="negotiation-title")
        yield Static(Content(""), id="status")
        yield ProblemsIndicator(Content(""), id="problems-indicator")

    def on_mount(self) -> None:
        self.query_one(ProblemsIndicator).display = False

    def show_negotiation(self, title: str, position: int, total: int) -> None:
        label = visible(title, one_line=True)
        if total > 1:
            label += f"  ({position}/{total}, o to switch)"
        # The title's box is the rest of the line whatever its text, so a new title needs no
        # layout: a layout arranges and paints the whole screen again, tens of milliseconds
        # on every move through all rounds.
        self._update("#negotiation-title", label, layout=False)

    def show_status(self, text: str) -> None:
        """Say what the app is doing; file names in `text` are shown visibly, like records."""
        self._update("#status", visible(text, one_line=True), layout=True)  # sized to its text

    def _update(self, selector: str, text: str, *, layout: bool) -> None:
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            self.query_one(selector, Static).update(Content(text), layout=layout)

    def show_problems(self, errors: int, warnings: int) -> None:
        self.query_one(ProblemsIndicator).show_count(errors, warnings)

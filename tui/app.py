"""The application: a thin shell that opens the main screen on a set of record files."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.notifications import SeverityLevel

from tui.commands import RecordCommands
from tui.core.clipboard import clipboard_sequence
from tui.core.loading import discover_record_sources
from tui.core.paths import RecordSource, default_record_sources
from tui.core.settings import Settings, load_settings, save_settings
from tui.core.text import visible
from tui.screens.main import MainScreen

DEFAULT_THEME = "textual-dark"


class NegotiationsApp(App[int]):
    """Browse, search and edit negotiation records."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "negotiations"
    COMMANDS: ClassVar = App.COMMANDS | {RecordCommands}

    def __init__(
        self,
        path: Path | None = None,
        *,
        today: datetime.date | None = None,
        remember_theme: bool = True,
    ) -> None:
        super().__init__()
        self.path = path
        self.today = today
        self.remember_theme = remember_theme
        self._theme_ready = False

    def record_sources(self) -> list[RecordSource]:
        """The files to open: those under `path`, or the bundled records."""
        if self.path is None:
            return default_record_sources()
        return discover_record_sources(self.path)

    def on_mount(self) -> None:
        saved = load_settings().theme if self.remember_theme else None
        self.theme = saved if saved in self.available_themes else DEFAULT_THEME
        self._theme_ready = True
        base = None
        if self.path is not None:
            base = self.path if self.path.is_dir() else self.path.parent
        self.push_screen(MainScreen(self.record_sources(), base=base, today=self.today))

    def copy_to_clipboard(self, text: str) -> None:
        """Textual's copy (as in a text box's ctrl+c), wrapped for tmux inside tmux."""
        self.send_to_clipboard(text)

    def send_to_clipboard(self, text: str) -> bool:
        """Ask the terminal to set the clipboard (OSC 52); False when there is no terminal.

        Textual's own `copy_to_clipboard` writes the bare sequence, which tmux drops unless its
        ``set-clipboard`` option is on; here it is wrapped in tmux's passthrough when ``TMUX``
        is set. `clipboard` still returns the text, as with Textual's method.
        """
        self._clipboard = text
        return self.write_to_terminal(clipboard_sequence(text))

    def write_to_terminal(self, data: str) -> bool:
        """Write raw bytes for the terminal itself (not the screen); False without a driver."""
        driver = self._driver
        if driver is None:
            return False
        driver.write(data)
        return True

    def watch_theme(self, theme: str) -> None:
        """Remember the theme the user picks (ctrl+p → Theme) for the next run."""
        if self._theme_ready and self.remember_theme:
            save_settings(Settings(theme=theme))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification; plain text (record names, file names) shows controls as stand-ins.

        `markup=False` only stops Textual reading ``[...]``: an ESC or OSC sequence in a record
        name would still reach the terminal, so every plain message passes through `visible`.
        """
        if not markup:
            message = visible(message)
            title = visible(title, one_line=True)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

"""The application: a thin shell that opens the main screen on a set of record files."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.notifications import SeverityLevel

from tui.commands import RecordCommands
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

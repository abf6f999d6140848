"""The application: a thin shell that paints at once, then opens the main screen on the records.

The first frame comes before anything slow: the record model (pydantic builds its classes)
and the main screen take longer to import than Textual takes to paint. So the app first shows
the browser's empty layout (`OpeningScreen`); a worker imports the rest, the main screen takes
the opening frame's place, and the same worker loads the records (`LoadController`). Keys typed
in the meantime are held and passed on, in order, once the records are on screen (a `j` typed
early moves through the records, not through an empty list); `q` typed first quits at once.
Keys are held the same way while the edit form opens (`hold_keys`, `release_keys`).
"""

from __future__ import annotations

import datetime
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App
from textual.command import Provider
from textual.message import Message
from textual.notifications import SeverityLevel

from tui.core.clipboard import clipboard_sequence
from tui.core.settings import Settings, load_settings, save_settings
from tui.core.text import visible
from tui.idle_collection import TICK_SECONDS, IdleCollector
from tui.screens.opening import OpeningScreen, wait_until_painted

if TYPE_CHECKING:
    from tui.core.paths import RecordSource
    from tui.screens.load_controller import RecordsShown

DEFAULT_THEME = "textual-dark"
KEYS_NEVER_HELD = frozenset({"ctrl+q", "ctrl+c"})  # quitting works at once
IDLE_WORK_TICK_SECONDS = 0.02  # how often work waiting for a pause looks for one
IDLE_SLICE_SECONDS = 0.004  # and how long it works at a time


def _record_commands() -> type[Provider]:
    """The command palette's record entries (imported with the main screen, when first asked)."""
    from tui.commands import RecordCommands  # noqa: PLC0415

    return RecordCommands


class KeysReleased(Message):
    """The screen that keys were held for is ready for them (see `NegotiationsApp.hold_keys`)."""


class NegotiationsApp(App[int]):
    """Browse, search and edit negotiation records."""

    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"  # also for subclasses elsewhere
    TITLE = "negotiations"
    COMMANDS: ClassVar = App.COMMANDS | {_record_commands}

    def __init__(
        self,
        path: Path | None = None,
        *,
        today: datetime.date | None = None,
        remember_settings: bool = True,
    ) -> None:
        super().__init__()
        self.path = path
        self.today = today
        self.remember_settings = remember_settings
        self._theme_ready = False
        self._held_keys: list[events.Key] | None = []  # None once the records are on screen
        self._starting = True  # until the records are on screen: a first q quits at once
        self._collector = IdleCollector()
        self.settings = Settings()  # read at mount, unless `remember_settings` is off (tests)

    def record_sources(self) -> list[RecordSource]:
        """The files to open: those under `path`, or the bundled records."""
        from tui.core.loading import discover_record_sources  # noqa: PLC0415
        from tui.core.paths import default_record_sources  # noqa: PLC0415

        if self.path is None:
            return default_record_sources()
        return discover_record_sources(self.path)

    def on_mount(self) -> None:
        self.settings = load_settings() if self.remember_settings else Settings()
        saved = self.settings.theme
        self.theme = saved if saved in self.available_themes else DEFAULT_THEME
        self._theme_ready = True
        opening = OpeningScreen()
        self.push_screen(opening)
        self.open_records(opening)
        self._collector.start()
        self.set_interval(TICK_SECONDS, self._collector.tick, name="idle collection")

    def on_unmount(self) -> None:
        self._collector.stop()

    def run_while_idle(self, step: Callable[[float], bool]) -> None:
        """Run `step` a slice at a time while the user pauses, until it returns False.

        `step(until)` works until `time.perf_counter()` reaches `until`. A key that comes
        during a slice waits for it to end, so slices are short.
        """

        def tick() -> None:
            if self._collector.paused() and not step(time.perf_counter() + IDLE_SLICE_SECONDS):
                timer.stop()

        timer = self.set_interval(IDLE_WORK_TICK_SECONDS, tick, name="idle work")

    @work(thread=True, exclusive=True, group="load")
    def open_records(self, opening: OpeningScreen) -> None:
        """Import the main screen, open it in the opening frame's place, and load the records."""
        wait_until_painted(opening.painted)
        from tui.screens.main import MainScreen  # noqa: PLC0415

        base = None
        if self.path is not None:
            base = self.path if self.path.is_dir() else self.path.parent
        sources = self.record_sources()
        screen = self.call_from_thread(MainScreen, sources, base=base, today=self.today)
        self.call_from_thread(self.switch_screen, screen)  # waits until it is open
        screen.loader.run()

    async def action_quit(self) -> None:
        """ctrl+q and the palette's Quit: as q, asking first when edits would be lost.

        Textual's own quits at once, which would drop unsaved edits without a word.
        """
        module = sys.modules.get("tui.screens.main")  # not imported yet: still opening
        main_screen = getattr(module, "MainScreen", None)
        main = next(
            (s for s in self.screen_stack if main_screen and isinstance(s, main_screen)), None
        )
        if main is None:  # nothing can have been edited yet
            self.exit()
            return
        main.request_quit()

    async def on_records_shown(self, message: RecordsShown) -> None:
        """Hand the keys typed during start-up to the main screen, now showing the records."""
        self._starting = False
        await self._pass_on_held_keys()

    def hold_keys(self) -> None:
        """Hold keys typed from now until `release_keys`: a screen is opening (the edit form
        takes a moment), and keys typed before it can take them would be lost."""
        if self._held_keys is None:
            self._held_keys = []

    def release_keys(self) -> None:
        """Pass the held keys on to the screen now open, in order, before any typed later."""
        self.post_message(KeysReleased())  # behind any key already waiting: it is held too

    async def on_keys_released(self, message: KeysReleased) -> None:
        if not self._starting:
            await self._pass_on_held_keys()

    async def _pass_on_held_keys(self) -> None:
        held, self._held_keys = self._held_keys or [], None
        for key in held:  # handled here, in order, before any key typed after them
            await super().on_event(key)

    async def on_event(self, event: events.Event) -> None:
        """Hold keys typed before the records are on screen (see `on_records_shown`)."""
        if isinstance(event, events.InputEvent):
            self._collector.input_seen()
        held = self._held_keys
        if held is not None and isinstance(event, events.Key) and event.key not in KEYS_NEVER_HELD:
            if event.key == "q" and not held and self._starting:  # quit without waiting
                self.exit()
                return
            held.append(event)
            return
        await super().on_event(event)

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
        if self._theme_ready and self.remember_settings:
            self.settings.theme = theme
            save_settings(self.settings)

    def _collection(self) -> str:
        """What the settings know this run's records by: the path opened, or "" (bundled)."""
        return str(self.path.resolve()) if self.path is not None else ""

    def last_negotiation(self) -> str | None:
        """The id of the negotiation open when this collection was last left."""
        return self.settings.last_negotiation.get(self._collection())

    def remember_negotiation(self, negotiation_id: str) -> None:
        """Open on this negotiation next time this collection is opened."""
        changed = self.settings.remember_negotiation(self._collection(), negotiation_id)
        if changed and self.remember_settings:
            save_settings(self.settings)

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

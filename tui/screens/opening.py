"""The opening frame: the browser's layout, painted before the record model is imported.

Importing the model (pydantic builds its classes) and the main screen takes longer than
Textual takes to paint. So the app shows this frame first (the title line, the three panes
and the detail, empty, and "Loading…") and opens the main screen in its place once the
imports are done. It is made of plain `Static`s and names only the keys that need no records:
each widget more here is time before the first frame. Keys typed meanwhile are held by the app
and passed on to the main screen, in order (see `NegotiationsApp`).
"""

from __future__ import annotations

import threading
import time
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

from tui.bindings import HELP_BINDING, QUIT_BINDING
from tui.widgets.fitting_footer import FittingFooter
from tui.widgets.layout import PANE_TITLES, is_narrow, tab_strip
from tui.widgets.title_bar import TitleBar

FIRST_FRAME_WRITE_SECONDS = 0.05  # for Textual's output thread to write a painted frame out


def wait_until_painted(painted: threading.Event) -> None:
    """In a worker: wait until a screen's first frame is painted and written to the terminal.

    Work started earlier would hold the interpreter while the frame is made and written.
    """
    painted.wait(timeout=1.0)
    time.sleep(FIRST_FRAME_WRITE_SECONDS)


class OpeningScreen(Screen[None]):
    """The main screen's layout, empty, while the main screen is imported."""

    # Shown in the footer only: the app holds every key until the main screen is open.
    BINDINGS: ClassVar[list[BindingType]] = [HELP_BINDING, QUIT_BINDING]

    def __init__(self) -> None:
        super().__init__()
        self.painted = threading.Event()  # the first frame is out

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="body"):
            with Vertical(id="panes"):
                yield Static(tab_strip("round"), id="pane-tabs")
                for layout in PANE_TITLES:
                    first = layout.kind == PANE_TITLES[0].kind
                    pane = Static(
                        Content("\n  Loading…"),  # where the record list will say it
                        classes="pane opening-pane -active" if first else "pane opening-pane",
                    )
                    pane.border_title = Content(f"{layout.number} {layout.title}")
                    yield pane
            yield Static(Content(""), id="opening-detail")
        yield FittingFooter()

    def on_mount(self) -> None:
        # The layout for the terminal's size from the first frame (a resize may come later).
        self.set_class(is_narrow(self.app.size), "-narrow")
        self.query_one(TitleBar).show_status("Loading…")
        self.call_after_refresh(self.painted.set)

    def on_resize(self, event: Resize) -> None:
        self.set_class(is_narrow(event.size), "-narrow")

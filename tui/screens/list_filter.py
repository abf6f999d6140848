"""Filtering a pane (``f``): a line under the panes narrows the active list as you type.

The list keeps only the rows holding every word typed, in any column, case and accents aside
(``eu`` then ``geneva`` in all rounds: the EU's rounds in Geneva); its count reads
``12 of 20,000``. Enter keeps the filter and goes back to the list (the line stays, showing
it); Escape in the line drops it. Each pane has its own filter, kept across negotiations and
edits; the line shows the active pane's. Following a link to a record the filter hides drops
the filter (`RecordList.select`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Input, Static

from tui.core.links import RecordKind
from tui.widgets.panes import PANE_BY_KIND

if TYPE_CHECKING:
    from tui.screens.main import MainScreen
    from tui.widgets.record_list import RecordList


class ListFilter:
    """The filter half of the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.kind: RecordKind | None = None  # the pane the line is filtering

    @property
    def box(self) -> Input:
        return self.screen.query_one("#pane-filter", Input)

    def _pane(self) -> RecordList | None:
        return self.screen.pane(self.kind) if self.kind is not None else None

    def typing(self) -> bool:
        """True while the filter line has the focus."""
        return self.screen.focused is self.box

    def open(self) -> None:
        """f: edit the active pane's filter."""
        screen = self.screen
        self.kind = screen.active_pane
        box = self.box
        box.placeholder = "words in any column · enter keep · esc drop"
        with box.prevent(Input.Changed):
            box.value = screen.pane(self.kind).filter_text
        self._show(self.kind)
        box.focus()

    def changed(self, text: str) -> None:
        """The line's text changed: filter the pane again, showing the record now selected."""
        pane = self._pane()
        if pane is None or self.kind is None:
            return
        pane.set_filter(text)
        if self.screen.loaded:
            self.screen.show_current_of(self.kind)

    def accept(self) -> None:
        """Enter: keep the filter, back to the list (the line stays while there is a filter)."""
        pane = self._pane()
        if pane is not None:
            pane.focus()
            self.follow(pane)

    def cancel(self) -> None:
        """Escape in the line: every row again, back to the list."""
        pane = self._pane()
        self.changed("")
        if pane is not None:
            pane.focus()
            self.follow(pane)

    def follow(self, pane: RecordList) -> None:
        """A pane became active (or its filter was dropped): show its filter, if it has one."""
        if self.typing():
            return
        kind = self.screen.pane_focus.kind_of(pane)
        if kind is None:
            return
        self.kind = kind
        box = self.box
        with box.prevent(Input.Changed):
            box.value = pane.filter_text
        if pane.filter_text.strip():
            self._show(kind)
        else:
            self.screen.query_one("#pane-filter-bar").display = False

    def _show(self, kind: RecordKind) -> None:
        """The filter line, named for the pane it filters."""
        label = f"Filter {PANE_BY_KIND[kind].title.lower()}:"
        self.screen.query_one("#pane-filter-label", Static).update(Content(label))
        self.screen.query_one("#pane-filter-bar").display = True

"""Search from the browser: opening the panel, choosing a result, stepping through matches.

The panel (`SearchPanel`) shows and queries; this controller decides what the browser does:
where it was when `/` was pressed (Escape goes back there), what Enter selects, and which
result `n` / `N` go to next.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.actions import SkipAction

from tui.browser import Location
from tui.core.links import PANE_KINDS
from tui.core.search import SearchResults
from tui.widgets.search_panel import SearchPanel
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


class SearchController:
    """The search half of the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.origin: Location | None = None  # where `/` was pressed, while searching
        self.matches: SearchResults | None = None  # the last search chosen from, for n / N
        self.position = 0

    @property
    def panel(self) -> SearchPanel:
        return self.screen.query_one(SearchPanel)

    @property
    def active(self) -> bool:
        """True while the search panel is open."""
        return self.origin is not None

    def in_query_box(self) -> bool:
        return self.active and self.screen.focused is self.panel.input

    def after_typed_keys(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the search box has handled the characters typed before it.

        Those characters wait in the box's own queue; a priority binding runs as soon as the
        key arrives, so without this, "type a query, Enter" could act on the query unfinished.
        """
        self.panel.input.call_later(callback)

    def open(self) -> None:
        """`/`: open the search panel in place of the lists, keeping the last query."""
        screen = self.screen
        if not self.active:
            self.origin = screen.navigator.location()
        screen.add_class("-searching")
        panel = self.panel
        negotiation = screen.browser.negotiation  # its results first: the one being read
        first = negotiation.id if negotiation is not None else None
        if first != panel.first:
            panel.first = first
            if panel.input.value:
                panel.run_query(panel.input.value)
        panel.input.accepting = True
        screen.set_focus(panel.input)
        panel.input.select_all()

    def _close(self) -> Location | None:
        origin, self.origin = self.origin, None
        self.screen.remove_class("-searching")
        self.panel.input.accepting = False
        return origin

    def cancel(self) -> None:
        """Escape: back to exactly where `/` was pressed."""
        origin = self._close() if self.active else None
        if origin is None:
            return
        screen = self.screen
        if origin.ref is not None:
            screen.show_record(origin.ref, detail_cursor=origin.detail_cursor)
        screen.active_pane = origin.pane
        screen.pane_focus.update_tabs()
        # A record with no pane of its own (an event, a source, reached with n) stays shown
        # only with the focus in the detail: a focused list shows its own selection.
        off_pane = origin.ref is not None and origin.ref.kind not in PANE_KINDS
        detail = origin.focus == "detail" or off_pane
        screen.pane_focus.focus_slot("detail" if detail else origin.pane)

    def choose(self) -> None:
        """Enter: select the chosen result's record in its pane, with its detail shown."""
        if not self.active:
            return
        panel = self.panel
        if panel.searching_in_background:
            panel.choose_when_ready = True  # chosen as soon as the results arrive
            return
        ref = panel.current_ref()
        if ref is None or panel.results is None:
            return
        self.matches = panel.results
        self.position = panel.results_list.cursor
        origin = self._close()
        screen = self.screen
        if origin is not None and origin.ref is not None:
            screen.browser.push(origin)
        screen.navigator.go_to(ref, remember=False, focus_detail=ref.kind not in PANE_KINDS)
        if ref.kind in PANE_KINDS:
            screen.set_focus(screen.pane(ref.kind))
        self._show_position()
        screen.refresh_bindings()

    def step(self, step: int) -> None:
        """n / N: the next or previous result of the last search, without reopening it."""
        matches = self.matches
        if matches is None or not len(matches):
            raise SkipAction()  # `n` falls through to "new record"
        self.position = (self.position + step) % len(matches)
        self.screen.navigator.go_to(
            matches.hit(self.position).ref, remember=False, focus_detail=False
        )
        self._show_position()

    def forget(self) -> None:
        """Clear the last search's matches (n is "new" again)."""
        self.matches = None
        self.screen.query_one(TitleBar).show_status("")
        self.screen.refresh_bindings()

    def _show_position(self) -> None:
        assert self.matches is not None
        status = f"match {self.position + 1}/{len(self.matches)} · n/N"
        self.screen.query_one(TitleBar).show_status(status)

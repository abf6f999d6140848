"""Which pane is active: the focus moving between the three lists and the detail, and the tabs.

The main screen keeps `active_pane` (the list whose records the detail and the keys act on);
this moves it and the focus with tab, shift+tab and 1/2/3, and keeps the narrow layout's tab
strip and its one visible list in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget
from textual.widgets import Static

from tui.core.links import PANE_KINDS, RecordKind
from tui.widgets.detail_view import DetailView
from tui.widgets.layout import tab_strip
from tui.widgets.panes import PANE_BY_KIND, PANES
from tui.widgets.record_list import RecordList
from tui.widgets.search_panel import SearchPanel

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

FOCUS_ORDER: tuple[str, ...] = (*PANE_KINDS, "detail")


class PaneFocus:
    """Moves the main screen's focus between its panes, and shows which one is active."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def kind_of(self, record_list: RecordList) -> RecordKind | None:
        for kind in PANE_KINDS:
            if record_list.id == f"pane-{kind}":
                return kind
        return None

    def focused(self, widget: Widget) -> None:
        """A widget took the focus (by key or click): a list taking it becomes the active pane."""
        screen = self.screen
        if isinstance(widget, RecordList) and (kind := self.kind_of(widget)) is not None:
            if kind != screen.active_pane:
                screen.active_pane = kind
                self.update_tabs()
            if screen.loaded:
                screen.show_current_of(kind)

    def update_tabs(self) -> None:
        screen = self.screen
        screen.query_one("#pane-tabs", Static).update(tab_strip(screen.active_pane))
        for spec in PANES:
            screen.pane(spec.kind).set_class(spec.kind == screen.active_pane, "-active")

    def focus_pane(self, kind: str) -> None:
        """Make `kind`'s list the active pane and give it the focus."""
        screen = self.screen
        if kind in PANE_BY_KIND:
            screen.active_pane = PANE_BY_KIND[kind].kind
            self.update_tabs()
            screen.set_focus(screen.pane(screen.active_pane))
            if screen.loaded:
                screen.show_current_of(screen.active_pane)

    def focus_slot(self, slot: str) -> None:
        """Focus a list (by its kind) or the detail view (``"detail"``)."""
        if slot == "detail":
            self.screen.set_focus(self.screen.query_one(DetailView))
        else:
            self.focus_pane(slot)

    def step(self, offset: int) -> None:
        """Tab (1) or shift+tab (-1): through the lists and the detail, or within search."""
        screen = self.screen
        if screen.searching:  # between the query box and the results
            panel = screen.query_one(SearchPanel)
            screen.set_focus(panel.results_list if screen.focused is panel.input else panel.input)
            return
        slot = "detail" if isinstance(screen.focused, DetailView) else screen.active_pane
        index = FOCUS_ORDER.index(slot)
        self.focus_slot(FOCUS_ORDER[(index + offset) % len(FOCUS_ORDER)])

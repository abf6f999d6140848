"""Where the browser goes: following a reference, walking back with Escape, another negotiation.

Following a reference remembers the place it was taken from (the record shown, the active
pane, the focus and the detail's cursor) on the browser's history; Escape returns there.
Switching negotiation asks first about unsaved edits (see `EditController`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.browser import Location
from tui.core.links import PANE_KINDS, Ref
from tui.screens.picker import NegotiationPicker
from tui.widgets.detail_view import DetailView

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


class Navigator:
    """Moves the main screen from record to record and back, and between negotiations."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def location(self) -> Location:
        """Where the user is now, as the history keeps it."""
        screen = self.screen
        focus = "detail" if isinstance(screen.focused, DetailView) else f"pane-{screen.active_pane}"
        return Location(screen.shown, screen.active_pane, focus, screen.detail.cursor)

    def go_to(self, ref: Ref, *, remember: bool = True, focus_detail: bool = True) -> None:
        """Follow a reference: select it in its pane (if it has one) and describe it."""
        screen = self.screen
        browser = screen.browser
        if remember and screen.shown is not None:
            browser.push(self.location())
        negotiation = browser.negotiation
        if negotiation is None or negotiation.id != ref.negotiation:
            if not browser.switch_to(ref.negotiation):
                screen.notify(
                    "That negotiation is no longer loaded.", severity="warning", markup=False
                )
                return
            screen.show_negotiation()
        if ref.kind in PANE_KINDS:
            screen.active_pane = ref.kind
            screen.pane(ref.kind).select(screen.key_of(ref))
            screen.pane_focus.update_tabs()
        screen.show_record(ref)
        if focus_detail:
            screen.set_focus(screen.detail)

    def back(self) -> None:
        """Return to where the last followed reference was taken from.

        With nowhere to return to, Escape steps out instead: from the detail to its list, or
        out of the last search's matches.
        """
        screen = self.screen
        location = screen.browser.pop()
        if location is None:
            if isinstance(screen.focused, DetailView):
                screen.set_focus(screen.pane(screen.active_pane))
            elif screen.matches is not None:
                screen.search.forget()
            return
        if location.ref is not None:
            self.go_to(location.ref, remember=False, focus_detail=False)
            screen.detail.cursor = location.detail_cursor
        screen.active_pane = location.pane
        screen.pane_focus.update_tabs()
        if location.focus == "detail":
            screen.set_focus(screen.detail)
        else:
            screen.set_focus(screen.pane(location.pane))

    def pick_negotiation(self) -> None:
        """Open the negotiation picker; the one picked is switched to."""
        screen = self.screen
        browser = screen.browser
        if len(browser.files) < 2:
            screen.notify("Only one negotiation is loaded.", markup=False)
            return
        current = browser.negotiation
        screen.app.push_screen(
            NegotiationPicker(browser.negotiations, current.id if current else None),
            self._picked,
        )

    def _picked(self, negotiation_id: str | None) -> None:
        self.screen.run_worker(self._switch_to(negotiation_id), exclusive=True, group="prompt")

    async def _switch_to(self, negotiation_id: str | None) -> None:
        """Switch to the chosen negotiation, asking first about unsaved changes."""
        screen = self.screen
        browser = screen.browser
        current = browser.current
        if negotiation_id is None or browser.index_of(negotiation_id) in (None, current):
            return
        if not await screen.editor.settle_before_switching(current):
            return
        browser.switch_to(negotiation_id)
        if screen.shown is not None:
            browser.push(self.location())
        screen.show_negotiation()
        screen.show_modified()
        screen.set_focus(screen.pane(screen.active_pane))

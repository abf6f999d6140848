"""All rounds: the rounds pane listing every loaded negotiation's rounds in date order.

Analysts compare across negotiations. With `a` the rounds pane lists all rounds of all loaded
negotiations (twenty thousand rows for years of records: a virtual list, rows made when painted);
selecting a round of another negotiation makes it the current one, so the participants and
issues panes, the marks and the detail follow the cursor. Its row keys are
``negotiation-id/round-id``; this controller translates between those and records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.content import Content

from tui.core.links import Ref
from tui.widgets.panes import ALL_ROUNDS_COLUMNS, KEY_SEPARATOR, PANE_BY_KIND, PANES, AllRoundsRows
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


class AllRoundsController:
    """The all-rounds mode of the main screen's rounds pane."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.active = False
        self._rows: AllRoundsRows | None = None

    @staticmethod
    def key_of(negotiation_id: str, round_id: str) -> str:
        return f"{negotiation_id}{KEY_SEPARATOR}{round_id}"

    def keys(self, negotiation_id: str, round_ids: Iterable[str]) -> set[str]:
        return {self.key_of(negotiation_id, round_id) for round_id in round_ids}

    @staticmethod
    def ref_of(key: str) -> Ref:
        negotiation_id, _, round_id = key.partition(KEY_SEPARATOR)
        return Ref("round", negotiation_id, round_id)

    def forget(self) -> None:
        """Records changed: the list is made again when next shown."""
        self._rows = None

    def fill(self) -> None:
        """Every negotiation's rounds in the pane, the cursor on a round of the current one."""
        screen = self.screen
        pane = screen.pane("round")
        if self._rows is None:
            self._rows = AllRoundsRows(screen.browser.negotiations)
            pane.set_columns(ALL_ROUNDS_COLUMNS)
            pane.set_rows(self._rows, keep=pane.current_key)
        current = screen.browser.negotiation
        under_cursor = screen.current_ref("round")
        if current is not None and (under_cursor is None or under_cursor.negotiation != current.id):
            first = min(current.rounds, key=lambda r: (r.start, r.number), default=None)
            if first is not None:
                pane.select(self.key_of(current.id, first.id), reveal=False)
        pane.border_title = Content("1 All rounds")

    def follow(self, ref: Ref) -> None:
        """A round of another negotiation is under the cursor: make it the current one."""
        screen = self.screen
        browser = screen.browser
        negotiation = browser.negotiation
        if negotiation is None or negotiation.id == ref.negotiation:
            return
        if not browser.switch_to(ref.negotiation):
            return
        switched = browser.negotiation
        assert switched is not None
        screen.query_one(TitleBar).show_negotiation(
            switched.title, browser.current + 1, len(browser.files)
        )
        for spec in PANES:
            if spec.kind != "round":
                pane = screen.pane(spec.kind)
                pane.set_rows(spec.rows(switched))
        screen.show_modified()

    def toggle(self) -> None:
        """Switch between this negotiation's rounds and everyone's, keeping the round."""
        screen = self.screen
        shown = screen.current_ref("round")
        self.active = not self.active
        pane = screen.pane("round")
        if self.active:
            self._rows = None
            self.fill()
        else:
            spec = PANE_BY_KIND["round"]
            pane.set_columns(spec.columns)
            pane.border_title = Content(f"{spec.number} {spec.title}")
            negotiation = screen.browser.negotiation
            pane.set_rows(spec.rows(negotiation) if negotiation else [])
        if shown is not None:
            pane.select(screen.key_of(shown))
        screen.active_pane = "round"
        screen.pane_focus.update_tabs()
        screen.set_focus(pane)
        screen.shown = None
        screen.show_current_of("round")
        screen.refresh_bindings()

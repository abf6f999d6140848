"""Opening the pictures from the browser: the timeline (``t``) and the tariff chart (``c``).

The pictures get the current negotiation (with unsaved edits) and today's date; what the user
picks in the timeline comes back here and is opened in the browser.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from tui.core.links import PANE_KINDS, Ref

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


class PicturesController:
    """The pictures half of the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def timeline(self) -> None:
        """Open the timeline on the record the browser shows."""
        screen = self.screen
        negotiation = screen.browser.negotiation
        if negotiation is None:
            screen.notify("No records loaded.", markup=False)
            return
        from tui.screens.timeline import TimelineScreen  # noqa: PLC0415 - loaded when first shown

        # On the record shown if the timeline has it; else (the overview, a person) on the
        # round selected in the rounds pane.
        shown = screen.shown
        on_timeline = shown is not None and shown.kind in ("round", "event")
        timeline = TimelineScreen(
            negotiation,
            selected=shown if on_timeline else screen.current_ref("round"),
            today=screen.today or datetime.date.today(),
            copy=lambda ref: screen.copier.copy("markdown", ref),
        )
        screen.app.push_screen(timeline, self._open)

    def _open(self, ref: Ref | None) -> None:
        """Show what was picked in the timeline: a round in its pane, an event in the detail."""
        if ref is not None:
            self.screen.navigator.go_to(ref, focus_detail=ref.kind not in PANE_KINDS)

    def tariff_chart(self) -> None:
        """Open the tariff chart of the current negotiation."""
        screen = self.screen
        negotiation = screen.browser.negotiation
        if negotiation is None:
            screen.notify("No records loaded.", markup=False)
            return
        from tui.screens.tariff_chart import TariffChartScreen  # noqa: PLC0415 - as above

        screen.app.push_screen(TariffChartScreen(negotiation))

"""Copying the selected record (``y``, and the palette's TOML and JSON entries).

The text is sent to the terminal as OSC 52 at once (see `NegotiationsApp.copy_to_clipboard`)
and, when a clipboard tool is installed, piped to it in a thread so a slow or stuck tool never
freezes the screen. The message afterwards says what was copied and by which way, or why not.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast

from textual.notifications import SeverityLevel

from tui.core.clipboard import find_clipboard_tool, run_clipboard_tool
from tui.core.links import Ref
from tui.core.record_copy import FORMAT_NAMES, CopyFormat, copy_record
from tui.core.saving import SaveError

if TYPE_CHECKING:
    from tui.app import NegotiationsApp
    from tui.screens.main import MainScreen


class CopyController:
    """The copy half of the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def copy(self, fmt: CopyFormat, ref: Ref | None = None) -> None:
        """Copy `ref` (by default the record shown in the detail view) as `fmt`."""
        screen = self.screen
        ref = ref or screen.shown
        links = screen.browser.links_for(ref.negotiation) if ref is not None else None
        try:
            copied = copy_record(links, ref, fmt) if links is not None and ref is not None else None
        except SaveError as error:
            screen.notify(f"Could not copy: {error.message}", severity="error", markup=False)
            return
        if copied is None:
            screen.notify("Nothing selected to copy.", severity="warning", markup=False)
            return
        app = cast("NegotiationsApp", screen.app)
        sent = app.send_to_clipboard(copied.text)
        osc = "OSC 52 via tmux" if os.environ.get("TMUX") else "OSC 52"
        ways = [osc] if sent else []
        what = f"Copied {copied.name} as {FORMAT_NAMES[fmt]}"
        tool = find_clipboard_tool()
        if tool is None:
            if ways:
                screen.notify(
                    f"{what} ({osc}; no clipboard tool found, so it depends on the terminal).",
                    markup=False,
                )
            else:
                screen.notify(
                    f"Could not copy {copied.name}: no terminal and no clipboard tool.",
                    severity="error",
                    markup=False,
                )
            return
        name = os.path.basename(tool[0])

        def run_tool() -> None:
            failure = run_clipboard_tool(tool, copied.text)
            severity: SeverityLevel
            if failure is None:
                message, severity = f"{what} ({' + '.join([*ways, name])}).", "information"
            elif ways:
                message, severity = f"{what} ({osc}; {name} failed: {failure}).", "warning"
            else:
                message, severity = f"Could not copy {copied.name}: {name} {failure}.", "error"
            app.call_from_thread(
                screen.notify,
                message,
                severity=severity,
                markup=False,
            )

        screen.run_worker(run_tool, thread=True, group="copy", exit_on_error=False)

"""Copying the selected record (``y``, and the palette's TOML and JSON entries), and opening
a source's web address (Enter on it), which is copied instead where no browser can show it.

The text is sent to the terminal as OSC 52 at once (see `NegotiationsApp.copy_to_clipboard`)
and, when a clipboard tool is installed, piped to it in a thread so a slow or stuck tool never
freezes the screen. The message afterwards says what was copied and by which way, or why not.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast

from textual.notifications import SeverityLevel

from tui.core.addresses import open_address, openable, opener_command
from tui.core.clipboard import find_clipboard_tool, run_clipboard_tool
from tui.core.links import Ref
from tui.core.record_copy import FORMAT_NAMES, CopyFormat, copy_record
from tui.core.saving import SaveError
from tui.core.text import shorten, visible

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
        self.send(copied.text, copied.name, f"Copied {copied.name} as {FORMAT_NAMES[fmt]}")

    def open_address(self, address: str) -> None:
        """Open a web address in the desktop's browser, or copy it when nothing here can."""
        screen = self.screen
        shown = visible(shorten(address, 120), one_line=True)
        if not openable(address):
            self.send(address, "the address", f"Not a web address, so copied it: {shown}")
            return
        command = opener_command(address)
        failure = "No desktop browser here" if command is None else open_address(address, command)
        if failure is None:
            screen.notify(f"Opening {shown} in the browser.", markup=False, timeout=3)
            return
        self.send(address, "the address", f"{failure[:1].upper()}{failure[1:]}: copied {shown}")

    def send(self, text: str, name: str, what: str) -> None:
        """Copy `text` by every way there is, then say `what` was done, and by which way."""
        screen = self.screen
        app = cast("NegotiationsApp", screen.app)
        sent = app.send_to_clipboard(text)
        osc = "OSC 52 via tmux" if os.environ.get("TMUX") else "OSC 52"
        ways = [osc] if sent else []
        tool = find_clipboard_tool()
        if tool is None:
            if ways:
                screen.notify(
                    f"{what} ({osc}; no clipboard tool found, so it depends on the terminal).",
                    markup=False,
                )
            else:
                screen.notify(
                    f"Could not copy {name}: no terminal and no clipboard tool.",
                    severity="error",
                    markup=False,
                )
            return
        tool_name = os.path.basename(tool[0])

        def run_tool() -> None:
            failure = run_clipboard_tool(tool, text)
            severity: SeverityLevel
            if failure is None:
                message, severity = f"{what} ({' + '.join([*ways, tool_name])}).", "information"
            elif ways:
                message, severity = f"{what} ({osc}; {tool_name} failed: {failure}).", "warning"
            else:
                message, severity = f"Could not copy {name}: {tool_name} {failure}.", "error"
            app.call_from_thread(
                screen.notify,
                message,
                severity=severity,
                markup=False,
            )

        screen.run_worker(run_tool, thread=True, group="copy", exit_on_error=False)

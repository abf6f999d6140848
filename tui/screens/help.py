"""The ``?`` screen: every key, generated from the bindings the code actually declares."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.bindings import HELP_SECTIONS, KeyLine, key_lines
from tui.widgets.fitting_footer import FittingFooter


class HelpScreen(ModalScreen[None]):
    """A scrollable list of keys and what they do."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j", "scroll('down')", "Down", show=False, id="help.down"),
        Binding("k", "scroll('up')", "Up", show=False, id="help.up"),
        Binding("g", "scroll('top')", "Top", show=False, id="help.top"),
        Binding("G", "scroll('bottom')", "Bottom", show=False, id="help.bottom"),
    ]

    def action_scroll(self, direction: str) -> None:
        """`j` / `k` / `g` / `G` scroll the keys, as they move everywhere else.

        At once, not after the next frame: keys typed quickly each move a line.
        """
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False, immediate=True)
        elif direction == "up":
            body.scroll_up(animate=False, immediate=True)
        elif direction == "top":
            body.scroll_home(animate=False, immediate=True)
        else:
            body.scroll_end(animate=False, immediate=True)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = Content("Keys")
            body.border_subtitle = Content("escape to close")
            for title, bindings in HELP_SECTIONS:
                yield Static(Content.styled(title, "bold $accent"), classes="help-section")
                for line in key_lines(bindings, self.app.get_key_display):
                    yield Static(self._line(line), classes="help-line")
        yield FittingFooter()

    def _line(self, line: KeyLine) -> Content:
        return Content.assemble((f"{line.keys:<16}", "bold"), "  ", line.description)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

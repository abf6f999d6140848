"""The ``?`` screen: every key, generated from the bindings the code actually declares."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.bindings import HELP_SECTIONS


class HelpScreen(ModalScreen[None]):
    """A scrollable list of keys and what they do."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j", "scroll('down')", "Down", show=False, id="help.down"),
        Binding("k", "scroll('up')", "Up", show=False, id="help.up"),
    ]

    def action_scroll(self, direction: str) -> None:
        """`j` / `k` scroll the keys, as they move everywhere else."""
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = Content("Keys")
            body.border_subtitle = Content("escape to close")
            for title, bindings in HELP_SECTIONS:
                yield Static(Content.styled(title, "bold $accent"), classes="help-section")
                for binding in self._unique(bindings):
                    yield Static(self._line(binding), classes="help-line")

    def _unique(self, bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
        """(keys, description) pairs; keys bound to the same description share a line."""
        keys_by_description: dict[str, list[str]] = {}
        for item in bindings:
            binding = item if isinstance(item, Binding) else Binding(*item)
            if binding.description:
                keys = keys_by_description.setdefault(binding.description, [])
                for key in binding.key.split(","):
                    shown = self.app.get_key_display(Binding(key.strip(), binding.action))
                    if shown not in keys:
                        keys.append(shown)
        return [(" ".join(keys), description) for description, keys in keys_by_description.items()]

    def _line(self, keys_and_description: tuple[str, str]) -> Content:
        keys, description = keys_and_description
        return Content.assemble((f"{keys:<16}", "bold"), "  ", description)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

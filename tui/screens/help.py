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
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = Content("Keys")
            body.border_subtitle = Content("escape to close")
            for title, bindings in HELP_SECTIONS:
                yield Static(Content.styled(title, "bold $accent"), classes="help-section")
                for binding in self._unique(bindings):
                    yield Static(self._line(binding), classes="help-line")

    def _unique(self, bindings: Iterable[BindingType]) -> list[Binding]:
        seen: set[str] = set()
        result = []
        for item in bindings:
            binding = item if isinstance(item, Binding) else Binding(*item)
            if binding.action not in seen and binding.description:
                seen.add(binding.action)
                result.append(binding)
        return result

    def _line(self, binding: Binding) -> Content:
        keys = " ".join(
            self.app.get_key_display(Binding(key.strip(), binding.action))
            for key in binding.key.split(",")
        )
        return Content.assemble((f"{keys:>18}", "bold"), "  ", binding.description)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

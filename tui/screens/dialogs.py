"""A question with a few answers (save / discard / cancel, delete / keep…), answered by a key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.core.text import visible
from tui.widgets.fitting_footer import FittingFooter


class ChoiceScreen(ModalScreen[str]):
    """Asks `question`; returns the value of the chosen answer (escape gives `cancel_value`).

    `details` lines (record text, file names, a diff) are shown as plain text, never markup.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", id="choice.cancel")
    ]

    def __init__(
        self,
        question: str,
        details: Sequence[str],
        answers: Sequence[tuple[str, str, str]],  # (key, label, value)
        *,
        cancel_value: str = "cancel",
    ) -> None:
        super().__init__()
        self.question = question
        self.details = list(details)
        self.answers = list(answers)
        self.cancel_value = cancel_value

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-body") as body:
            body.border_title = Content(visible(self.question, one_line=True))
            for line in self.details:
                yield Static(Content(visible(line)), classes="choice-detail")
            with Horizontal(id="choice-buttons"):
                for key, label, value in self.answers:
                    yield Button(Content(f"{label} ({key})"), id=f"answer-{value}", compact=True)
        yield FittingFooter()

    def on_mount(self) -> None:
        for key, _, value in self.answers:
            self._bindings.bind(key, f"answer('{value}')", show=False)
        self.query_one(Button).focus()

    def action_answer(self, value: str) -> None:
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("answer-"):
            self.dismiss(event.button.id.removeprefix("answer-"))

"""The browser's keys, declared once. The footer, the help screen and the command palette are
all generated from these lists, so they cannot disagree with what the keys do. Each binding has
an id, so a user keymap can rebind it."""

from __future__ import annotations

from textual.binding import Binding, BindingType

PANES_GROUP = Binding.Group("Panes", compact=True)

MAIN_BINDINGS: list[BindingType] = [
    Binding("tab", "next_pane", "Next pane", show=False, id="pane.next"),
    Binding("shift+tab", "previous_pane", "Previous pane", show=False, id="pane.previous"),
    Binding("1", "focus_pane('round')", "Rounds", id="pane.rounds", group=PANES_GROUP),
    Binding(
        "2", "focus_pane('participant')", "Participants", id="pane.participants", group=PANES_GROUP
    ),
    Binding("3", "focus_pane('issue')", "Issues", id="pane.issues", group=PANES_GROUP),
    Binding("escape,backspace", "back", "Back", id="history.back"),
    Binding("o", "pick_negotiation", "Negotiation", id="negotiation.pick"),
    Binding("p", "show_problems", "Problems", id="problems.show"),
    Binding("question_mark", "help", "Help", id="help.show"),
    Binding("q", "app.quit", "Quit", id="app.quit"),
]

PALETTE_BINDING = Binding("ctrl+p", "command_palette", "Command palette", id="palette.open")

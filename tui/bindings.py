"""The browser's keys, declared once.

The footer, the help screen and the command palette are generated from these lists, so they
cannot disagree with what the keys do. Each binding has an id, so a keymap can rebind it.

Every key of the main screen is a *priority* binding, handled by the screen as the key arrives.
Textual hands an ordinary key to whichever widget has focus when the key is read, so in a burst
of keys (a paste, key repeat, a script typing ``2 j j enter``) a key that moves the focus would
not yet have moved it for the keys right behind it. Handled as priority bindings, the keys act
strictly in the order typed. While the search box has focus, keys that type are declined so
they reach the box, and arrows, Enter and Escape are queued behind the characters typed before
them (see `MainScreen`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType

PANES_GROUP = Binding.Group("Panes", compact=True)

# fmt: off
PANE_BINDINGS: list[BindingType] = [
    Binding("tab", "next_pane", "Next pane", show=False, priority=True, id="pane.next"),
    Binding("shift+tab", "previous_pane", "Previous pane", show=False, priority=True, id="pane.previous"),
    Binding("1", "focus_pane('round')", "Rounds", group=PANES_GROUP, priority=True, id="pane.rounds"),
    Binding("2", "focus_pane('participant')", "Participants", group=PANES_GROUP, priority=True, id="pane.participants"),
    Binding("3", "focus_pane('issue')", "Issues", group=PANES_GROUP, priority=True, id="pane.issues"),
    Binding("a", "toggle_all_rounds", "All rounds", priority=True, id="rounds.all"),
    Binding("f", "filter", "Filter the list", show=False, priority=True, id="list.filter"),
    Binding("enter", "open", "Open", priority=True, id="record.open"),
    Binding("escape", "back", "Back", priority=True, id="history.back"),
    Binding("backspace", "back(True)", "Back", show=False, priority=True, id="history.back-backspace"),
]

SEARCH_BINDINGS: list[BindingType] = [
    Binding("slash", "search", "Search", priority=True, id="search.open"),
    Binding("n", "next_match(1)", "Next match", priority=True, id="search.next"),
    Binding("N", "next_match(-1)", "Previous match", show=False, priority=True, id="search.previous"),
]

# `n` is "next match" while the last search is active (until escape clears it), "new" otherwise.
EDIT_BINDINGS: list[BindingType] = [
    Binding("e", "edit", "Edit", priority=True, id="record.edit"),
    Binding("n", "new_record", "New", priority=True, id="record.new"),
    Binding("d", "delete", "Delete", priority=True, id="record.delete"),
    Binding("E", "edit_file", "Edit file in $EDITOR", show=False, priority=True, id="file.edit"),
    Binding("ctrl+s", "save", "Save", priority=True, id="file.save"),
    Binding("ctrl+z", "undo", "Undo", show=False, priority=True, id="edit.undo"),
    Binding("ctrl+y,ctrl+shift+z", "redo", "Redo", show=False, priority=True, id="edit.redo"),
    Binding("ctrl+r", "reload", "Reload from disk", show=False, priority=True, id="file.reload"),
]

# Arrow and page keys also move through search results while the query box has focus;
# letters (and home/end) type or move in the box instead.
MOVE_BINDINGS: list[BindingType] = [
    Binding("down", "move('cursor_down')", "Down", show=False, priority=True, id="move.down"),
    Binding("j", "move('cursor_down', True)", "Down", show=False, priority=True, id="move.down-letter"),
    Binding("up", "move('cursor_up')", "Up", show=False, priority=True, id="move.up"),
    Binding("k", "move('cursor_up', True)", "Up", show=False, priority=True, id="move.up-letter"),
    Binding("g,home", "move('first', True)", "First", show=False, priority=True, id="move.first"),
    Binding("G,end", "move('last', True)", "Last", show=False, priority=True, id="move.last"),
    Binding("pagedown", "move('page_down')", "Page down", show=False, priority=True, id="move.page-down"),
    Binding("pageup", "move('page_up')", "Page up", show=False, priority=True, id="move.page-up"),
    Binding("right_square_bracket", "move('next_link', True)", "Next link (detail view)", show=False, priority=True, id="move.next-link"),
    Binding("left_square_bracket", "move('previous_link', True)", "Previous link (detail view)", show=False, priority=True, id="move.previous-link"),
]

VIEW_BINDINGS: list[BindingType] = [
    Binding("t", "timeline", "Timeline", priority=True, id="timeline.show"),
    Binding("c", "tariff_chart", "Tariff chart", priority=True, id="tariff-chart.show"),
    Binding("y", "copy('markdown')", "Copy as Markdown", priority=True, id="record.copy"),
    Binding("i", "overview", "Negotiation overview", show=False, priority=True, id="negotiation.overview"),
]

HELP_BINDING = Binding("question_mark", "help", "Help", priority=True, id="help.show")
QUIT_BINDING = Binding("q", "quit", "Quit", priority=True, id="app.quit")

APP_BINDINGS: list[BindingType] = [
    Binding("o", "pick_negotiation", "Negotiation", show=False, priority=True, id="negotiation.pick"),
    Binding("p", "show_problems", "Problems", show=False, priority=True, id="problems.show"),
    QUIT_BINDING,
]
# fmt: on

# Help first, so that a narrow footer never cuts it off.
MAIN_BINDINGS: list[BindingType] = [
    HELP_BINDING,
    *PANE_BINDINGS,
    *SEARCH_BINDINGS,
    *EDIT_BINDINGS,
    *MOVE_BINDINGS,
    *VIEW_BINDINGS,
    *APP_BINDINGS,
]

# Actions offered in the command palette without a key of their own: (description, action).
PALETTE_ACTIONS: list[tuple[str, str]] = [
    ("Copy record as TOML", "copy('toml')"),
    ("Copy record as JSON", "copy('json')"),
]

PALETTE_BINDING = Binding("ctrl+p", "command_palette", "Command palette", id="palette.open")

HELP_SECTIONS: list[tuple[str, list[BindingType]]] = [
    ("Panes and records", PANE_BINDINGS),
    ("Search (in the query box: type; ↑ ↓ move, enter open, esc back)", SEARCH_BINDINGS),
    ("Editing", EDIT_BINDINGS),
    ("Moving (in a list or the detail view)", MOVE_BINDINGS),
    ("Pictures and copying (ctrl+p also copies as TOML or JSON)", VIEW_BINDINGS),
    (
        "Anywhere (q or escape closes a picture, this help or a question; escape a form)",
        [HELP_BINDING, *APP_BINDINGS, PALETTE_BINDING],
    ),
]


@dataclass(frozen=True, slots=True)
class KeyLine:
    """What a description's keys are, as shown to people: ``j ↓  Down``."""

    keys: str
    description: str
    action: str  # the first binding's


def key_lines(bindings: Iterable[BindingType], display: Callable[[Binding], str]) -> list[KeyLine]:
    """One line per description: keys bound to the same description (``down`` and ``j``) share it.

    `display` shows one key (Textual's `App.get_key_display`).
    """
    keys_by_description: dict[str, tuple[list[str], str]] = {}
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if binding.description:
            keys, _ = keys_by_description.setdefault(binding.description, ([], binding.action))
            for key in binding.key.split(","):
                shown = display(Binding(key.strip(), binding.action))
                if shown not in keys:
                    keys.append(shown)
    return [
        KeyLine(" ".join(keys), description, action)
        for description, (keys, action) in keys_by_description.items()
    ]

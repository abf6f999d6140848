"""Switch negotiation: a list of the loaded negotiations, filtered as you type."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input

from tui.core.formatting import date_range
from tui.core.model import Negotiation
from tui.widgets.fitting_footer import FittingFooter
from tui.widgets.plain_input import PlainInput
from tui.widgets.record_list import RecordList
from tui.widgets.rows import Column, Row


def _fold(text: str) -> str:
    """Text as search compares it: no case, no accents."""
    # Imported when the picker is used: the search package loads the record model, which the
    # app's first frame does not wait for (this module is imported before it).
    from tui.core.search.folding import fold  # noqa: PLC0415

    return fold(text)


def negotiation_rows(negotiations: Sequence[Negotiation]) -> list[Row]:
    """One row per negotiation; a title that several share is told apart by its id."""
    titles = Counter(n.title for n in negotiations)
    rows = []
    for n in negotiations:
        rounds = n.rounds_in_order()
        span = date_range(rounds[0].start, rounds[-1].last_day, short=True) if rounds else ""
        title = f"{n.title} ({n.id})" if titles[n.title] > 1 else n.title
        rows.append(Row(n.id, (title, span, str(len(rounds)), n.status)))
    return rows


def match_rank(words: Sequence[str], title: str, text: str) -> int | None:
    """How well a row matches the typed words (lower is better; None: it does not).

    The title beginning with them first, then the title holding them at word starts, then
    anywhere in the title, and last rows that hold them only in their dates, status or id:
    "us" finds "US–China talks" before a negotiation that is "suspended".
    """
    if not all(word in text for word in words):
        return None
    if not words:
        return 0
    if not all(word in title for word in words):
        return 3
    if all(re.search(r"(?<!\w)" + re.escape(word), title) for word in words):
        return 0 if title.startswith(words[0]) else 1
    return 2


class NegotiationPicker(ModalScreen[str | None]):
    """Returns the id of the chosen negotiation, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker.up"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="picker.page-down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="picker.page-up"),
    ]

    def __init__(self, negotiations: Sequence[Negotiation], current: str | None) -> None:
        super().__init__()
        self.all_rows = negotiation_rows(negotiations)
        self.titles = [_fold(row.cells[0]) for row in self.all_rows]
        self.folded = [_fold(" ".join(row.cells) + " " + row.key) for row in self.all_rows]
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-body") as body:
            body.border_title = Content(f"Switch negotiation ({len(self.all_rows)})")
            body.border_subtitle = Content("type to filter · enter to open · escape to cancel")
            yield PlainInput(placeholder="Filter negotiations…", id="picker-filter")
            yield RecordList(
                (
                    Column("Negotiation", 30, flex=True, cut="middle"),
                    Column("Dates", 23),  # the longest span: "28 Sep 2000–28 Sep 2001"
                    Column("Rounds", 6, align="right"),
                    Column("Status", 10),
                ),
                empty_text="No negotiation matches",
                id="picker-list",
            )
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one(RecordList).set_rows(self.all_rows, keep=self.current)
        self.query_one(Input).focus()

    @on(Input.Changed, "#picker-filter")
    def filter_rows(self, event: Input.Changed) -> None:
        words = _fold(event.value).split()
        ranked = [
            (rank, position)
            for position, (title, text) in enumerate(zip(self.titles, self.folded, strict=True))
            if (rank := match_rank(words, title, text)) is not None
        ]
        rows = [self.all_rows[position] for _, position in sorted(ranked)]
        # The best match under the cursor (Enter opens it); with no filter, where it was.
        first = rows[0].key if words and rows else None
        self.query_one(RecordList).set_rows(rows, keep=first)
        total = len(self.all_rows)
        shown = f"{len(rows)} of {total}" if words else str(total)
        self.query_one("#picker-body").border_title = Content(f"Switch negotiation ({shown})")

    @on(Input.Submitted, "#picker-filter")
    def choose(self) -> None:
        key = self.query_one(RecordList).current_key
        if key is not None:
            self.dismiss(key)

    def on_record_list_activated(self, message: RecordList.Activated) -> None:
        self.dismiss(message.key)

    def action_move(self, by: int) -> None:
        self.query_one(RecordList).cursor += by

    def action_cancel(self) -> None:
        self.dismiss(None)

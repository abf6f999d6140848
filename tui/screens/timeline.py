"""The timeline: rounds, leaders' meetings, deadlines and other events on one date axis.

Above, the picture (lanes of marks under a month axis, today's date as a dotted line); below,
the same marks as a list in date order. The list has the cursor: moving it highlights the mark
on the axis, Enter opens the record in the browser (the screen is dismissed with its `Ref`).
The screen opens on the record the browser was showing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.core.links import RecordKind, Ref
from tui.core.model import Negotiation
from tui.core.text import visible
from tui.core.timeline import (
    Line,
    Mark,
    deadline_today,
    draw_timeline,
    legend_for,
    legend_lines,
    next_deadline,
    timeline_marks,
)
from tui.widgets.fitting_footer import FittingFooter
from tui.widgets.record_list import RecordList
from tui.widgets.rows import Column, Row
from tui.widgets.text_chart import TextChart

MARK_KINDS: dict[str, RecordKind] = {"round": "round", "event": "event", "issue": "issue"}
KIND_NAMES = {
    "round": "Round",
    "leaders": "Leaders",
    "call": "Call",
    "deadline": "Deadline",
    "tariff": "Tariff",
    "export-control": "Export ctl",
    "other": "Other",
}


def mark_rows(marks: list[Mark]) -> list[Row]:
    """The list under the picture: when, what kind, title."""
    rows = []
    for mark in marks:
        kind = KIND_NAMES.get(mark.lane, mark.lane)
        title = f"Round {mark.number} · {mark.title}" if mark.number is not None else mark.title
        rows.append(Row(mark.key, (mark.when, kind, title)))
    return rows


class TimelineScreen(Screen[Ref | None]):
    """The negotiation on a date axis; returns the record to open, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,t", "close", "Close", id="timeline.close"),
        Binding("y", "copy", "Copy as Markdown", id="timeline.copy"),
    ]

    def __init__(
        self,
        negotiation: Negotiation,
        *,
        selected: Ref | None,
        today: datetime.date,
        copy: Callable[[Ref], None] | None = None,
    ) -> None:
        super().__init__()
        self.negotiation = negotiation
        self.copy = copy
        self.today = today
        self.marks = timeline_marks(negotiation)
        keys = {mark.key for mark in self.marks}
        wanted = f"{selected.kind}:{selected.id}" if selected is not None else None
        first_round = next((m.key for m in self.marks if m.kind == "round"), None)
        self.selected = wanted if wanted in keys else first_round

    def compose(self) -> ComposeResult:
        with Vertical(id="timeline-body") as body:
            body.border_title = Content(
                visible(f"Timeline · {self.negotiation.title}", one_line=True)
            )
            body.border_subtitle = Content("j/k move · enter open · y copy · escape close")
            yield Static(self._countdown(), id="timeline-countdown")
            yield TextChart(self._draw, id="timeline-chart")
            yield TextChart(self._legend, id="timeline-legend")
            yield RecordList(
                (
                    Column("When", 17, cut="middle"),
                    Column("Kind", 10),
                    Column("What", 30, flex=True),
                ),
                empty_text="No dated records.",
                id="timeline-list",
            )
        yield FittingFooter()

    def _countdown(self) -> Content:
        """Today's date and the days until the next deadline (or since the last one)."""
        parts: list[str | tuple[str, str]] = [(f"Today {self.today:%-d %b %Y}", "bold")]
        due = deadline_today(self.marks, self.today)
        if due is not None:
            parts += ["  ·  ", (visible(due.describe(), one_line=True), "bold $warning")]
        countdown = next_deadline(self.marks, self.today)
        if countdown is not None and countdown != due:
            style = "bold $accent" if countdown.days > 0 else ""
            parts += ["  ·  ", (visible(countdown.describe(), one_line=True), style)]
        elif countdown is None:
            parts.append("  ·  no deadlines in the records")
        return Content.assemble(*parts)

    def _draw(self, width: int, height: int) -> list[Line]:
        return draw_timeline(self.marks, width, selected=self.selected, today=self.today)

    def _legend(self, width: int, height: int) -> list[Line]:
        return legend_lines(legend_for(self.marks, self.today), width)

    def on_mount(self) -> None:
        records = self.query_one(RecordList)
        records.set_rows(mark_rows(self.marks), keep=self.selected)
        records.focus()

    def on_resize(self) -> None:
        legend = self.query_one("#timeline-legend", TextChart)
        legend.styles.height = len(self._legend(max(self.size.width - 4, 10), 1))

    def on_record_list_highlighted(self, message: RecordList.Highlighted) -> None:
        if message.key is not None and message.key != self.selected:
            self.selected = message.key
            self.query_one("#timeline-chart", TextChart).redraw()

    def on_record_list_activated(self, message: RecordList.Activated) -> None:
        self.action_open()

    def selected_ref(self) -> Ref | None:
        """The record under the cursor."""
        if self.selected is None:
            return None
        kind, _, record_id = self.selected.partition(":")
        return Ref(MARK_KINDS[kind], self.negotiation.id, record_id) if kind in MARK_KINDS else None

    def action_open(self) -> None:
        """Open the selected record in the browser."""
        if (ref := self.selected_ref()) is not None:
            self.dismiss(ref)

    def action_copy(self) -> None:
        """y: copy the selected record as Markdown, as in the browser."""
        if (ref := self.selected_ref()) is not None and self.copy is not None:
            self.copy(ref)

    def action_close(self) -> None:
        self.dismiss(None)

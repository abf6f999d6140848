"""The browser's layout, shared by the opening frame and the main screen.

Kept free of the record model, so the opening frame (`tui.screens.opening`) can paint before
the model and its validators are imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.content import Content
from textual.geometry import Size

from tui.widgets.record_list import Column

PaneKind = Literal["round", "participant", "issue"]

NARROW_WIDTH = 100
NARROW_HEIGHT = 28


@dataclass(frozen=True, slots=True)
class PaneLayout:
    """One record pane as it looks: its key, title, columns and what it says when empty."""

    kind: PaneKind
    number: int
    title: str
    columns: tuple[Column, ...]
    empty_text: str


PANE_LAYOUTS: tuple[PaneLayout, ...] = (
    PaneLayout(
        "round",
        1,
        "Rounds",
        (Column("#", 3, align="right"), Column("Dates", 18), Column("City", 12, flex=True)),
        "No rounds yet",
    ),
    PaneLayout(
        "participant",
        2,
        "Participants",
        (
            Column("Name", 14, flex=True),
            Column("Original", 8),
            Column("Party", 11),
            Column("Role", 14, flex=True),
        ),
        "No participants yet",
    ),
    PaneLayout(
        "issue",
        3,
        "Issues",
        (Column("Issue", 20, flex=True), Column("Status", 10), Column("Deadline", 10)),
        "No issues yet",
    ),
)


def is_narrow(size: Size) -> bool:
    """Too small for the panes side by side: one list at a time, above the detail."""
    return size.width < NARROW_WIDTH or size.height < NARROW_HEIGHT


def tab_strip(active_kind: str) -> Content:
    """The narrow layout's pane switcher: `` 1 Rounds  2 Participants  3 Issues ``."""
    parts: list[tuple[str, str]] = []
    for layout in PANE_LAYOUTS:
        active = layout.kind == active_kind
        parts.append((f" {layout.number} {layout.title} ", "reverse bold" if active else "dim"))
        parts.append((" ", ""))
    return Content.assemble(*parts)

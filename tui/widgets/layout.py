"""The browser's layout, shared by the opening frame and the main screen.

Kept free of the record model and of the record list, so the opening frame
(`tui.screens.opening`) paints before they are imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.content import Content
from textual.geometry import Size

PaneKind = Literal["round", "participant", "issue"]

NARROW_WIDTH = 100
NARROW_HEIGHT = 28


@dataclass(frozen=True, slots=True)
class PaneTitle:
    """One record pane's key, number (its key to focus it) and title."""

    kind: PaneKind
    number: int
    title: str


PANE_TITLES: tuple[PaneTitle, ...] = (
    PaneTitle("round", 1, "Rounds"),
    PaneTitle("participant", 2, "Participants"),
    PaneTitle("issue", 3, "Issues"),
)


def is_narrow(size: Size) -> bool:
    """Too small for the panes side by side: one list at a time, above the detail."""
    return size.width < NARROW_WIDTH or size.height < NARROW_HEIGHT


def tab_strip(active_kind: str) -> Content:
    """The narrow layout's pane switcher: `` 1 Rounds  2 Participants  3 Issues ``."""
    parts: list[tuple[str, str]] = []
    for pane in PANE_TITLES:
        active = pane.kind == active_kind
        parts.append((f" {pane.number} {pane.title} ", "reverse bold" if active else "dim"))
        parts.append((" ", ""))
    return Content.assemble(*parts)

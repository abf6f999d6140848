"""A picture drawn with text characters: lines of styled spans from `tui.core`, painted as is.

The drawing is computed by a pure function of the widget's size (the timeline, the tariff
chart); this widget only maps each span's style name to a component class, so the colours come
from the theme (``TextChart > .text-chart--series-0`` in the stylesheet) and light and dark
themes both read well. Spans are turned into Rich segments directly: nothing is parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from tui.core.text import visible
from tui.core.timeline import Line

Draw = Callable[[int, int], list[Line]]

STYLE_NAMES = (
    "axis",
    "label",
    "today",
    "beyond",
    "selected",
    "step-selected",
    "round",
    "round-line",
    "series-0",
    "series-0-label",
    "series-1",
    "series-1-label",
    "series-2",
    "series-2-label",
    "lane-round",
    "lane-leaders",
    "lane-call",
    "lane-deadline",
    "lane-tariff",
    "lane-export-control",
    "lane-other",
)


class TextChart(Widget):
    """Paints what `draw(width, height)` returns; call `redraw` when its inputs change."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"text-chart--{name}" for name in STYLE_NAMES}

    def __init__(self, draw: Draw, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._draw = draw
        self._lines: list[Line] | None = None
        self._drawn_for = (-1, -1)  # the size the drawing was made for

    @property
    def lines(self) -> list[Line]:
        """The current drawing, made for the widget's size as it is now.

        Keyed by the size, not only dropped on `Resize`: a paint can come between a new size
        and the widget's `Resize` event, and would otherwise crop the old drawing.
        """
        size = self.content_size
        if self._lines is None or self._drawn_for != (size.width, size.height):
            self._lines = self._draw(size.width, size.height)
            self._drawn_for = (size.width, size.height)
        return self._lines

    @property
    def plain_lines(self) -> list[str]:
        """What a reader sees, line by line, without styles."""
        return ["".join(text for text, _ in line) for line in self.lines]

    def redraw(self, draw: Draw | None = None) -> None:
        """Draw again (with a new `draw` function if given)."""
        if draw is not None:
            self._draw = draw
        self._lines = None
        self.refresh()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._restyle, init=False)

    def _restyle(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self._lines = None
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self.rich_style
        lines = self.lines
        if y >= len(lines):
            return Strip.blank(width, base)
        segments = []
        for text, style in lines[y]:
            shown = visible(text, one_line=True)
            if style in STYLE_NAMES:
                segments.append(
                    Segment(shown, base + self.get_component_rich_style(f"text-chart--{style}"))
                )
            else:
                segments.append(Segment(shown, base))
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

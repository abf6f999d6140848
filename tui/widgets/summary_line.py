"""A line of text that changes at every keystroke, drawn straight from its spans.

A `Static` lays its text out through Textual's general visual pipeline: about a millisecond
an update, for the search summary a tenth of what a keystroke may take. Here the text is
wrapped only when it is longer than the line, and each line is drawn from its spans with
Textual's line API. Text is `Content`: never markup.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


class SummaryLine(Widget):
    """Text as wide as the widget, wrapped onto more lines (up to `max_lines`) when it must be."""

    def __init__(self, text: Content, *, max_lines: int = 1, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text
        self._max_lines = max_lines
        self._wrapped: tuple[int, list[Content]] | None = None

    @property
    def text(self) -> Content:
        return self._text

    def update(self, text: Content) -> None:
        """Show `text`; the screen is laid out again only if it needs another number of lines."""
        width = self.size.width
        before = len(self.lines(width)) if width else 0
        self._text = text
        self._wrapped = None
        self.refresh(layout=not width or len(self.lines(width)) != before)

    def lines(self, width: int) -> list[Content]:
        """The text's lines at this width (as many as are shown)."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        text = self._text
        if text.cell_length <= width and "\n" not in text.plain:
            lines = [text]
        else:
            lines = text.wrap(max(width, 1))[: self._max_lines]
        self._wrapped = (width, lines)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self.lines(width)
        base = self.visual_style
        background = base.background_style.rich_style  # under the space after the text
        if y >= len(lines):
            return Strip.blank(width, background)
        segments = [
            Segment(text, (base + style).rich_style)
            for text, style in lines[y].render(base, end="", parse_style=self._get_style)
        ]
        return Strip(segments).adjust_cell_length(width, background)

"""An `Input` that never holds control characters, and draws its line without Rich's console.

Textual passes ESC, C1, DEL and bidi controls in an `Input`'s text straight to the terminal.
Text typed or pasted here is for searching, filtering or editing a field: such characters mean
nothing in it, so they are dropped as they arrive.

`Input` draws its line by laying its text out through Rich's console, about 0.7 ms on the
machines this app is measured on: the search box is drawn again at every key typed. Its line
is the text cut into runs by the selection and the cursor; `input_line` puts those together
directly (a test compares the two, cell by cell).
"""

from __future__ import annotations

from itertools import pairwise

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import Input

from tui.core.text import without_controls


class PlainInput(Input):
    """A text box that keeps only printable text."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(without_controls(text), start, end)

    def render_line(self, y: int) -> Strip:
        line = input_line(self) if y == 0 else None
        return line if line is not None else super().render_line(y)


def input_line(box: Input) -> Strip | None:
    """The box's text line as `Input.render_line` draws it, or None where this can't tell.

    Left to `Input`: a suggester, a highlighter or a password (they restyle the text), tabs
    and line breaks (Rich expands or wraps them), and a placeholder wider than the box.
    """
    if box.suggester is not None or box.highlighter is not None or box.password:
        return None
    value = box.value
    if "\t" in value or "\n" in value:
        return None
    width = box.scrollable_content_region.width + 1  # a cell more, for the cursor at the end
    focused = box.has_focus
    cursor = box._cursor_visible and focused
    if not value:
        return _placeholder_line(box, width, cursor)
    # Each character's style is the selection's, then the cursor's over it, as `Input` stacks
    # them; a character outside both has none until the box's own is applied to the line.
    start = end = cursor_at = -1
    if focused and not box.selection.is_empty:
        start, end = sorted(box.selection)
    text = value
    if cursor:
        cursor_at = box.cursor_position
        if box.cursor_at_end:
            text += " "
    selection_style = box.get_component_rich_style("input--selection") if end > start else None
    cursor_style = box.get_component_rich_style("input--cursor") if cursor_at >= 0 else None
    cuts = sorted({0, len(text), start, end, cursor_at, cursor_at + 1} - {-1})
    segments = []
    for left, right in pairwise(cuts):
        if right <= left or left >= len(text):
            continue
        style: Style | None = None
        if start <= left < end:
            style = selection_style
        if left == cursor_at:
            style = cursor_style if style is None else style + cursor_style
        segments.append(Segment(text[left:right], style))
    scroll_x = box.scroll_offset.x
    strip = Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width)
    return strip.apply_style(box.rich_style)


def _placeholder_line(box: Input, width: int, cursor: bool) -> Strip | None:
    placeholder = box.placeholder
    if "\t" in placeholder or "\n" in placeholder or cell_len(placeholder) > width:
        return None  # Rich would wrap it
    style = box.get_component_rich_style("input--placeholder")
    if not placeholder and cursor:  # a space for the cursor, and nothing after it
        return Strip([Segment(" ", box.get_component_rich_style("input--cursor"))]).apply_style(
            box.rich_style
        )
    if not placeholder:
        segments = []
    elif cursor:
        cursor_style = style + box.get_component_rich_style("input--cursor")
        segments = [Segment(placeholder[0], cursor_style), Segment(placeholder[1:], style)]
    else:
        segments = [Segment(placeholder, style)]
    strip = Strip([s for s in segments if s.text]).extend_cell_length(width)
    return strip.apply_style(box.rich_style)

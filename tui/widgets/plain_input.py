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
from textual.binding import Binding
from textual.events import Key
from textual.geometry import Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Input

from tui.core.text import without_controls


def _editing_keys() -> dict[str, str]:
    """`Input`'s own keys (backspace, arrows, ctrl+u…) and their actions; enter is left out."""
    keys: dict[str, str] = {}
    for binding in Input.BINDINGS:
        assert isinstance(binding, Binding)
        for key in binding.key.split(","):
            if key.strip() != "enter":
                keys[key.strip()] = binding.action
    return keys


EDITING_KEYS = _editing_keys()


class PlainInput(Input):
    """A text box that keeps only printable text, and takes its keys in the order typed."""

    # Input resizes its scrollable area as its text grows; its box keeps its size, so a
    # repaint is enough (a layout would arrange the whole screen again at every key typed:
    # tens of milliseconds in the edit form).
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(without_controls(text), start, end)

    async def on_key(self, event: Key) -> None:
        """Backspace, the arrows, ctrl+u and the rest of `Input`'s keys act here, in turn with
        the letters around them.

        As bindings, they would act only once the key had gone up to the app and back, while
        letters typed after them are inserted at once: with the app busy (a form checking
        itself at every key), "12<backspace>3" came out "13" later than typed, or "123" minus
        another character, and ctrl+u cleared text typed after it.
        """
        action = EDITING_KEYS.get(event.key)
        if action is None or event.is_printable:
            return
        event.stop()
        event.prevent_default()
        await self.run_action(action)

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

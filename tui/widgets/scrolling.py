"""Changing how much a scroll view holds without a layout pass of the whole screen.

Setting `virtual_size` asks Textual for a layout: every widget on the screen is arranged and
painted again, tens of milliseconds. For a list or text whose box keeps its size that work is
needed only when the vertical scrollbar appears or disappears; otherwise the view and its
scrollbar are repainted and nothing else moves.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_virtual_size(view: Widget, size: Size) -> None:
    """Give `view` this virtual size, with a layout pass only if its scrollbar comes or goes."""
    if size == view.virtual_size:
        return
    height = view.container_size.height
    styles = view.styles
    if (
        not height
        or styles.overflow_x != "hidden"
        or styles.overflow_y != "auto"
        or (size.height > height) != view.show_vertical_scrollbar
    ):
        view.virtual_size = size
        return
    view.set_reactive(Widget.virtual_size, size)
    if view.show_vertical_scrollbar:
        view.vertical_scrollbar.window_virtual_size = size.height
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    view.refresh()

"""Scroll views that cost little per frame: resized without a layout, scrollbars drawn directly.

Setting `virtual_size` asks Textual for a layout: every widget on the screen is arranged and
painted again, tens of milliseconds. For a list or text whose box keeps its size that work is
needed only when the vertical scrollbar appears or disappears; otherwise the view and its
scrollbar are repainted and nothing else moves.
"""

from __future__ import annotations

from functools import lru_cache
from math import ceil

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

from tui.widgets.direct_lines import DirectLines


def set_virtual_size(view: Widget, size: Size, *, repaint: bool = True) -> None:
    """Give `view` this virtual size, with a layout pass only if its scrollbar comes or goes.

    (A view styled ``overflow-y: scroll`` keeps its scrollbar: no layout pass for it coming or
    going.) Without `repaint` the view is not repainted unless laid out: the caller repaints
    what changed.
    """
    if size == view.virtual_size:
        return
    height = view.container_size.height
    styles = view.styles
    shows_bar = styles.overflow_y == "scroll" or size.height > height
    if (
        not height
        or styles.overflow_x != "hidden"
        or styles.overflow_y not in ("auto", "scroll")
        or shows_bar != view.show_vertical_scrollbar
    ):
        view.virtual_size = size
        return
    view.set_reactive(Widget.virtual_size, size)
    if view.show_vertical_scrollbar:
        # Thousands of results more or less rarely move the thumb by a glyph: the bar is
        # repainted only when it looks different.
        bar = view.vertical_scrollbar
        before = _bar_look(bar)
        bar.set_reactive(ScrollBar.window_virtual_size, size.height)
        after = _bar_look(bar)
        if len(after) != len(before):
            bar.refresh()
        else:  # only the lines the thumb left or came to, in one go
            changed = [
                y for y, (old, new) in enumerate(zip(before, after, strict=True)) if old != new
            ]
            if changed:
                width = bar.size.width
                bar.refresh(*(Region(0, y, width, count) for y, count in line_runs(changed)))
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    if repaint:
        view.refresh()


def line_runs(lines: list[int]) -> list[tuple[int, int]]:
    """Increasing line numbers as (first, count) runs of consecutive lines: a region to repaint
    each, rather than a line each (every repaint asked for costs a few tens of microseconds)."""
    runs: list[tuple[int, int]] = []
    for line in lines:
        if runs and runs[-1][0] + runs[-1][1] == line:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((line, 1))
    return runs


def _bar_look(bar: ScrollBar) -> tuple[tuple[str, Style | None], ...]:
    """What a vertical scrollbar draws, as Textual's own drawing of it works it out."""
    virtual_size = bar.window_virtual_size
    window_size = bar.window_size if bar.window_size < virtual_size else 0
    return _drawn_bar(
        bar.size.height, ceil(virtual_size), ceil(window_size), bar.position, bar.thickness
    )


@lru_cache(maxsize=16)
def _drawn_bar(
    size: int, virtual_size: int, window_size: int, position: float, thickness: int
) -> tuple[tuple[str, Style | None], ...]:
    """A vertical bar's lines, kept: the look before a change is the look the last one made."""
    segments = ScrollBarRender.render_bar(
        size=size,
        virtual_size=virtual_size,
        window_size=window_size,
        position=position,
        thickness=thickness,
        vertical=True,
    ).segments
    return tuple((segment.text, segment.style) for segment in segments)


class DirectScrollBarRender(ScrollBarRender, Visual):
    """Textual's scrollbar, drawn straight into strips instead of through Rich's console.

    The bar is the same (`ScrollBarRender.render_bar` draws it); only the way to the screen
    is shorter. A list's scrollbar is drawn again whenever the list scrolls or its length
    changes, and through Rich that took as long as painting the list's rows.
    """

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        bar_style = self.style if isinstance(self.style, Style) else Style.parse(self.style)
        size = height if height is not None else self.virtual_size
        bar = self.render_bar(
            size=size,
            window_size=self.window_size,
            virtual_size=self.virtual_size,
            position=self.position,
            vertical=self.vertical,
            thickness=width,
            back_color=bar_style.bgcolor or RichColor.parse("#555555"),
            bar_color=bar_style.color or RichColor.parse("bright_magenta"),
        )
        base = style.rich_style
        strips = []
        for segment in bar.segments:  # a vertical bar: one segment a line
            text, segment_style, _ = segment
            line_style = base + segment_style if base else segment_style
            strips.append(Strip([Segment(text[:width], line_style)], min(len(text), width)))
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.thickness

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.virtual_size


class DirectScrollBar(ScrollBar):
    """A vertical scrollbar whose lines are put together directly (see `DirectLines`).

    Through Textual's per-line style work, painting the bar of a list a screen high took a
    few milliseconds: as long as the list's own rows.
    """

    renderer = DirectScrollBarRender

    def __init__(self, thickness: int) -> None:
        super().__init__(vertical=True, name="vertical", thickness=thickness)
        self._direct_lines = DirectLines()

    def render_lines(self, crop: Region) -> list[Strip]:
        return self._direct_lines.render(self, crop, self.render_line, super().render_lines)


def direct_vertical_scrollbar(view: Widget) -> ScrollBar:
    """`view`'s vertical scrollbar, made a `DirectScrollBar` when it is first asked for.

    What Textual's `Widget.vertical_scrollbar` does, with the bar's class changed: a view
    overrides that property with this.
    """
    if view._vertical_scrollbar is None:
        bar = DirectScrollBar(thickness=view.scrollbar_size_vertical)
        bar.display = False
        view._vertical_scrollbar = bar
        view.app._start_widget(view, bar)
    return view._vertical_scrollbar

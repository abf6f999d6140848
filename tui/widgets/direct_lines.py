"""Content lines painted without Textual's per-line style work, for widgets plain enough.

Textual paints each line of a widget by looking up its border, padding, outline, tint, hatch
and opacity again, then building the line anew: about 70 µs a line on the machines this app is
measured on. A list repainted on every keystroke spends more on that than on its rows.

For a widget with none of those effects on its content lines (borders and padding are fine),
a content line is the widget's own line, widened to the content width, between the same left
and right edges on every line. Those edges are taken from one line Textual paints itself, so
the result is what Textual would paint; the rest are put together directly. Border rows, and
every line of a widget with effects this does not know, are left to Textual.

Two assumptions, true of Textual's own: a line filter changes each segment on its own (so the
edges and the text can be filtered apart), and the lines carry no links to restyle on hover.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

# What every content line of a paint is made with: the left and right edges, the style that
# widens a line to the content width, the line filters and the background they are given.
LineMaking = tuple[list[Segment], list[Segment], Style, Sequence[LineFilter], Color]


def has_plain_lines(widget: Widget) -> bool:
    """True when a content line of `widget` is its edges and its text, and nothing else."""
    styles = widget.styles
    return (
        not any(edge for edge, _ in styles.outline)
        and styles.tint.a == 0
        and styles.text_opacity == 1.0
        and widget.opacity == 1.0
        and (not styles.has_rule("hatch") or styles.hatch == "none")
    )


class DirectLines:
    """Paints one widget's content lines directly; remembers the lines it put together."""

    def __init__(self) -> None:
        # Per line: the content strip and the edge sample it was made with, and the result.
        self._made: dict[int, tuple[Strip, Strip, Strip]] = {}

    def render(
        self,
        widget: Widget,
        crop: Region,
        content_line: Callable[[int], Strip],
        textual_lines: Callable[[Region], list[Strip]],
    ) -> list[Strip]:
        """The lines of `crop`: `content_line` gives a content line, `textual_lines` the rest."""
        top, right, bottom, left = widget.styles.gutter
        width, height = widget.outer_size
        content_width = width - left - right
        content_rows = range(top, height - bottom)
        if not content_rows or content_width <= 0 or not has_plain_lines(widget):
            self._made.clear()
            return textual_lines(crop)
        # The rows above the content and its first row as Textual paints them: that row gives
        # the edges (border, padding) of every content row.
        head = textual_lines(Region(0, 0, width, top + 1))
        sample = head[top]
        tail: list[Strip] = []
        if crop.bottom > height - bottom:
            tail = textual_lines(Region(0, height - bottom, width, bottom))
        making: LineMaking | None = None  # worked out when a line is first made
        strips: list[Strip] = []
        for y in crop.line_range:
            if y <= top:
                strips.append(head[y])
            elif y in content_rows:
                content = content_line(y - top)
                made = self._made.get(y)
                if made is not None and made[0] is content and made[1] is sample:
                    strips.append(made[2])
                    continue
                if making is None:
                    making = _making(widget, sample, left, right)
                strip = _make(content, content_width, width, making)
                self._made[y] = (content, sample, strip)
                strips.append(strip)
            else:
                strips.append(tail[y - (height - bottom)])
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips


def _making(widget: Widget, sample: Strip, left: int, right: int) -> LineMaking:
    """What every content line of this paint is made with (see `LineMaking`)."""
    width = sample.cell_length
    left_edge = list(sample.crop(0, left)) if left else []
    right_edge = list(sample.crop(width - right, width)) if right else []
    base_background, background = widget.background_colors
    pad_style = VisualStyle(background=base_background + background).rich_style
    return left_edge, right_edge, pad_style, widget.get_line_filters(), background


def _make(
    content: Strip,
    content_width: int,
    width: int,
    making: LineMaking,
) -> Strip:
    """One content line: the content widened to the content width, filtered, between edges.

    The filters go over the segments directly: a `Strip` for each step would cost more than
    the line itself.
    """
    left_edge, right_edge, pad_style, filters, background = making
    short = content_width - content.cell_length
    if short > 0:  # as `Strip.adjust_cell_length` widens a line, without a Strip for it
        segments = [*content, Segment(" " * short, pad_style)]
    else:
        segments = list(content.adjust_cell_length(content_width, pad_style))
    for line_filter in filters:
        segments = line_filter.apply(segments, background)
    return Strip([*left_edge, *segments, *right_edge], width)

"""A compositor that paints, for a partial update, only the widgets the update shows.

Textual's compositor answers a change in part of the screen by painting every widget whose
*clip* overlaps that part, and the whole of each. A widget's clip is its container's region,
so a keystroke in the search box repaints the detail view beside it, its scrollbar, and the
title and footer lines, and the containers behind the search panel, all then cut into pieces
and thrown away. Here a widget is painted only when the update shows some of it: what is
visible of it overlaps the update, and the widgets in front of it do not cover that part. And
only the lines of it the update covers are painted. What reaches the terminal is the same
(see `tests/test_compositor.py`), given what Textual's own drawing relies on too: the first
widget in `visible_widgets` to paint a cell wins it, and a widget paints a full strip for
every line it is asked for. This overrides a private method of Textual's (8.2): the tests
compare the two on every update they make, so a change there shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip


class PartialCompositor(Compositor):
    """Textual's compositor, painting for an update only the widgets and lines it needs."""

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if not crop:
            yield from super()._get_renders(crop)
            return
        in_front: list[Region] = []  # the widgets are in order, front to back
        for widget, (region, clip) in self.visible_widgets.items():
            visible = region.intersection(clip)
            shown = visible.intersection(crop)
            if not shown or _covered(shown, in_front):
                continue
            in_front.append(shown)
            # The visible width in full: the compositor cuts lines where widgets meet.
            painted = Region(visible.x, shown.y, visible.width, shown.height)
            yield painted, painted, widget.render_lines(painted.translate(-region.offset))


def _covered(area: Region, covers: list[Region]) -> bool:
    """True when the regions `covers` leave no cell of `area` uncovered."""
    left = [area]
    for cover in covers:
        still: list[Region] = []
        for piece in left:
            overlap = piece.intersection(cover)
            if not overlap:
                still.append(piece)
                continue
            x, y, width, height = piece
            cx, cy, cover_width, cover_height = overlap
            if cy > y:  # above the cover
                still.append(Region(x, y, width, cy - y))
            if cy + cover_height < y + height:  # below
                still.append(Region(x, cy + cover_height, width, y + height - cy - cover_height))
            if cx > x:  # to its left
                still.append(Region(x, cy, cx - x, cover_height))
            if cx + cover_width < x + width:  # to its right
                still.append(
                    Region(cx + cover_width, cy, x + width - cx - cover_width, cover_height)
                )
        left = still
        if not left:
            return True
    return False

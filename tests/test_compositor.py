"""The main screen's compositor paints less for a partial update, and sends the same output."""

from __future__ import annotations

import functools
import random
import re
from typing import Any

import pytest
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.widget import Widget

from tests.test_browser import make_app, ready
from tui.screens.compositor import PartialCompositor, _covered
from tui.screens.main import MainScreen
from tui.widgets.detail_view import DetailView
from tui.widgets.search_panel import SearchPanel

# A cursor move followed by another, a new line or nothing, paints nothing. Textual's
# compositor sends one for a widget that ends where the update begins; ours does not paint
# that widget. (After every update Textual moves the cursor where it wants it anyway.)
_IDLE_MOVES = re.compile(r"(?:\x1b\[\d+;\d+H)+(?=\x1b\[\d+;\d+H|\n|$)")


def _update(screen: MainScreen, regions: list[Region], *, stock: bool) -> str:
    """What the terminal gets for these regions, from our compositor or Textual's."""
    compositor = screen._compositor
    assert isinstance(compositor, PartialCompositor)
    if stock:  # Textual's own way of finding what to paint, on the same layout
        compositor._get_renders = functools.partial(Compositor._get_renders, compositor)  # type: ignore[method-assign]
    try:
        compositor._dirty_regions.update(regions)
        update = compositor.render_partial_update()
    finally:
        if stock:
            del compositor._get_renders
    assert isinstance(update, ChopsUpdate)
    return _IDLE_MOVES.sub("", update.render_segments(screen.app.console))


def _screen_regions(screen: MainScreen) -> list[list[Region]]:
    """Updates as keys make them (a widget or two), and odd ones (random rectangles)."""
    widgets = [w for w in screen.query("*") if isinstance(w, Widget) and w.region]
    chosen: list[list[Region]] = [[w.region] for w in widgets]
    chosen += [[a.region, b.region] for a, b in zip(widgets, widgets[3:], strict=False)]
    chosen.append([screen.region])
    chance = random.Random(7)
    width, height = screen.size
    for _ in range(40):
        x, y = chance.randrange(width), chance.randrange(height)
        w, h = chance.randint(1, width - x), chance.randint(1, height - y)
        chosen.append([Region(x, y, w, h), Region(chance.randrange(width), y, 1, 1)])
    return chosen


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_updates_send_what_textual_s_compositor_sends(size: tuple[int, int]) -> None:
    async with make_app().run_test(size=size) as pilot:
        screen = await ready(pilot)
        for keys in ([], ["tab"], ["slash", "t", "a"], ["escape", "a", "j", "j"]):
            await pilot.press(*keys)
            await pilot.pause()
            for regions in _screen_regions(screen):
                ours = _update(screen, regions, stock=False)
                assert ours == _update(screen, regions, stock=True), regions


async def test_a_search_key_paints_the_search_panel_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    painted: list[str] = []
    render_lines = Widget.render_lines

    def counted(widget: Widget, crop: Region) -> Any:
        painted.append(type(widget).__name__)
        return render_lines(widget, crop)

    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await pilot.pause()
        panel = screen.query_one(SearchPanel)
        monkeypatch.setattr(Widget, "render_lines", counted)
        _update(screen, [panel.input.region, panel.results_list.region], stock=False)
        ours = list(painted)
        painted.clear()
        _update(screen, [panel.input.region, panel.results_list.region], stock=True)
        assert DetailView.__name__ in painted  # Textual paints the detail view beside it too
        assert DetailView.__name__ not in ours
        assert "MainScreen" not in ours  # covered by the widgets in front of it
        assert "QueryInput" in ours


def test_covered_regions() -> None:
    area = Region(2, 2, 6, 4)
    assert _covered(area, [Region(0, 0, 10, 10)])
    assert _covered(area, [Region(2, 2, 3, 4), Region(5, 2, 3, 4)])  # side by side
    assert _covered(area, [Region(2, 2, 6, 1), Region(2, 3, 6, 3)])  # one above the other
    assert not _covered(area, [Region(2, 2, 6, 3)])  # the last line shows
    assert not _covered(area, [Region(2, 2, 3, 4), Region(6, 2, 2, 4)])  # a column between
    assert not _covered(area, [])

"""The main screen's compositor paints less for a partial update, and sends the same output."""

from __future__ import annotations

import functools
import random
import re
from typing import Any

import pytest
from textual._compositor import ChopsUpdate, Compositor
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tests.test_browser import make_app, ready
from tui.screens.compositor import PartialCompositor, _covered
from tui.widgets.detail_view import DetailView
from tui.widgets.search_panel import SearchPanel

# A cursor move followed by another, a new line or nothing, paints nothing. Textual's
# compositor sends one for a widget that ends where the update begins; ours does not paint
# that widget. (After every update Textual moves the cursor where it wants it anyway.)
_IDLE_MOVES = re.compile(r"(?:\x1b\[\d+;\d+H)+(?=\x1b\[\d+;\d+H|\n|$)")


def _update(screen: Screen[Any], regions: list[Region], *, stock: bool) -> str:
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


def _screen_regions(screen: Screen[Any]) -> list[list[Region]]:
    """Updates as keys make them (what shows of a widget or two), and random rectangles."""
    shown = [
        region.intersection(clip)
        for region, clip in screen._compositor.visible_widgets.values()
        if region.intersection(clip)
    ]
    chosen: list[list[Region]] = [[region] for region in shown]
    chosen += [[a, b] for a, b in zip(shown, shown[3:], strict=False)]
    chosen.append([screen.region])
    chance = random.Random(7)
    width, height = screen.size
    for _ in range(40):
        x, y = chance.randrange(width), chance.randrange(height)
        w, h = chance.randint(1, width - x), chance.randint(1, height - y)
        chosen.append([Region(x, y, w, h), Region(chance.randrange(width), y, 1, 1)])
    return chosen


def _assert_same_updates(screen: Screen[Any]) -> None:
    for regions in _screen_regions(screen):
        _update(screen, regions, stock=True)  # painting may resize a scrollbar: settle first
        ours = _update(screen, regions, stock=False)
        assert ours == _update(screen, regions, stock=True), regions


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_updates_send_what_textual_s_compositor_sends(size: tuple[int, int]) -> None:
    async with make_app().run_test(size=size, notifications=True) as pilot:
        screen = await ready(pilot)
        for keys in ([], ["tab"], ["slash", "t", "a"], ["escape", "a", "j", "j"]):
            await pilot.press(*keys)
            await pilot.pause()
            _assert_same_updates(screen)
        screen.notify("A toast over the lists, on a layer of its own.")
        await pilot.pause()
        _assert_same_updates(screen)


class ClippedScreen(Screen[None]):
    """Widgets their container cuts off, one on a layer above, one moved by an offset."""

    CSS = """
    ClippedScreen { layers: below above; }
    #scroller { height: 8; width: 30; border: solid red; }
    #scroller Static { height: 3; background: $panel; }
    #over { layer: above; offset: 12 4; width: 24; height: 5; background: blue; }
    #moved { offset: 3 1; width: 16; height: 3; background: green; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._compositor = PartialCompositor()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="scroller"):
            for number in range(12):
                yield Static(f"line {number} " * 6)
        yield Static("above the rest", id="over")
        yield Static("moved", id="moved")


class ClippedApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(ClippedScreen())


async def test_widgets_cut_off_by_their_container_or_covered_by_a_layer() -> None:
    async with ClippedApp().run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ClippedScreen)
        screen.query_one(VerticalScroll).scroll_to(y=4, animate=False)  # children cut off
        await pilot.pause()
        _assert_same_updates(screen)


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

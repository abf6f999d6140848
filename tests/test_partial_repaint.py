"""Lines left unpainted are right: the terminal shows what a repaint of the whole screen shows.

Lists repaint only the lines whose rows changed (a query typed again finds many of the same
records in the same places). Here every update the app sends is fed to a terminal emulator,
and after each step its screen is compared, cell by cell, with a full repaint's.
"""

from __future__ import annotations

from typing import Any

import pyte
import pytest
from textual._compositor import CompositorUpdate
from textual.screen import Screen

from tests.test_browser import make_app, ready
from tests.test_direct_lines import STYLES, ListApp
from tui.widgets.record_list import RecordList
from tui.widgets.rows import Row
from tui.widgets.search_panel import SearchPanel

Cell = tuple[str, str, str, bool, bool, bool]


def _cells(terminal: pyte.Screen) -> list[list[Cell]]:
    return [
        [
            (c.data, c.fg, c.bg, c.bold, c.underscore, c.reverse)
            for c in (terminal.buffer[y][x] for x in range(terminal.columns))
        ]
        for y in range(terminal.lines)
    ]


def _full_repaint(screen: Screen[Any]) -> list[list[Cell]]:
    width, height = screen.size
    terminal = pyte.Screen(width, height)
    update = screen._compositor.render_update(full=True)
    assert isinstance(update, CompositorUpdate)
    pyte.Stream(terminal).feed(update.render_segments(screen.app.console))
    return _cells(terminal)


STEPS = [
    ["slash", *"tari"],
    ["f"],  # the same records in the same places
    ["f", "space", "t"],
    ["backspace", "backspace"],
    *[["backspace"]] * 6,  # down to no query at all
    [*"geneva"],
    ["down", "down", "down"],  # the cursor in the results
    [*"xqz"],  # no matches
    *[["backspace"]] * 9,
    [*"bessent"],
    ["escape"],
    ["j", "j", "k"],  # the panes
    ["a"],  # all rounds
    ["G"],
    ["g"],
    ["j", "j"],
]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_terminal_shows_what_a_full_repaint_shows(size: tuple[int, int]) -> None:
    width, height = size
    terminal = pyte.Screen(width, height)
    stream = pyte.Stream(terminal)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        # A blinking cursor can change between the last frame and the full repaint it is
        # compared with (seen on a loaded machine): the comparison is of what keys changed.
        screen.query_one(SearchPanel).input.cursor_blink = False

        def display(shown: Screen[Any], update: object) -> None:
            if isinstance(update, CompositorUpdate):
                stream.feed(update.render_segments(app.console))

        app._display = display  # type: ignore[method-assign,assignment]  # what a terminal gets
        screen.refresh(repaint=True)
        await pilot.pause()
        assert "negotiations" in "".join(terminal.display)
        for keys in STEPS:
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            for _ in range(3):  # the frame after a key, and what follows it (snippets)
                await pilot.pause(0.05)
            current = app.screen
            assert _cells(terminal) == _full_repaint(current), keys


def _numbered(count: int, changed: dict[int, str] | None = None) -> list[Row]:
    changed = changed or {}
    return [
        Row(str(i), (changed.get(i, f"Record {i} · 记录"), f"Place {i}"), ((0, 0, 3),))
        for i in range(count)
    ]


async def test_a_list_repaints_the_rows_that_changed_wherever_they_are() -> None:
    terminal = pyte.Screen(50, 20)
    stream = pyte.Stream(terminal)
    app = ListApp(STYLES["top border only, as search results"])
    async with app.run_test(size=(50, 20)) as pilot:

        def display(shown: Screen[Any], update: object) -> None:
            if isinstance(update, CompositorUpdate):
                stream.feed(update.render_segments(app.console))

        app._display = display  # type: ignore[method-assign,assignment]
        records = app.query_one(RecordList)
        records.set_rows(_numbered(30))
        app.screen.refresh(repaint=True)
        await pilot.pause()
        steps: list[tuple[list[Row], str | None]] = [
            (_numbered(30, {2: "Second", 5: "Fifth", 6: "Sixth", 9: "Ninth"}), None),
            (_numbered(30, {2: "Second", 9: "Ninth"}), "5"),  # the cursor moves down
            (_numbered(300), "0"),  # a shorter scrollbar thumb
            (_numbered(60), "0"),  # a longer one
            (_numbered(4), None),  # fewer rows than lines
            (_numbered(4, {1: "One"}), None),
            ([], None),  # nothing: the list's empty text
            (_numbered(40), "35"),  # scrolled
            (_numbered(40, {36: "Changed below the top"}), "35"),
            (_numbered(40), "20"),  # the thumb in the middle
            (_numbered(34), "20"),  # now longer: it changes at both ends
        ]
        for rows, keep in steps:
            records.set_rows(rows, keep=keep)
            await pilot.pause()
            assert _cells(terminal) == _full_repaint(app.screen), [r.cells[0] for r in rows[:10]]

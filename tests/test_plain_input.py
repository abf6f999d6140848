"""A plain input keeps control characters out and draws its line as `Input` would."""

from __future__ import annotations

import itertools

import pytest
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widgets import Input
from textual.widgets.input import Selection

from tui.widgets.plain_input import PlainInput, input_line

VALUES = [
    "tariff truce",
    "a query longer than the box is wide, so that it scrolls sideways",
    "何立峰 and 贝森特",  # wide characters
    "Zürich café résumé",  # combining marks
    "x",
    "🇺🇸 flags 👍🏽 and emoji",
]
PLACEHOLDERS = ["Search everything…  names, places, 何立峰", "", "a placeholder too long to fit"]


class Boxes(App[None]):
    CSS = "PlainInput { width: 30; } #padded { padding: 0 1; border: none; height: 1; }"

    def compose(self) -> ComposeResult:
        yield PlainInput(id="bordered")
        yield PlainInput(id="compact", compact=True)
        yield PlainInput(id="padded")


def _cells(strip: Strip) -> list[tuple[str, object]]:
    return [(character, segment.style) for segment in strip for character in segment.text]


def _same_as_input(box: PlainInput) -> None:
    drawn = input_line(box)
    expected = Input.render_line(box, 0)
    assert drawn is not None
    assert drawn.cell_length == expected.cell_length
    assert _cells(drawn) == _cells(expected)


@pytest.mark.parametrize("box_id", ["bordered", "compact", "padded"])
async def test_the_line_is_drawn_as_input_draws_it(box_id: str) -> None:
    app = Boxes()
    async with app.run_test(size=(60, 12)) as pilot:
        box = app.query_one(f"#{box_id}", PlainInput)
        box.focus()
        await pilot.pause()
        checked = 0
        for value in VALUES:
            box.value = value
            for position, focused, visible in itertools.product(
                range(len(value) + 1), (True, False), (True, False)
            ):
                box.cursor_position = position
                box._cursor_visible = visible
                if focused != box.has_focus:
                    box.focus() if focused else box.blur()
                    await pilot.pause()
                _same_as_input(box)
                checked += 1
            for start, end in [(0, len(value)), (len(value), 1), (2, 5), (3, 3)]:
                box.focus()
                await pilot.pause()
                box.selection = Selection(start, end)
                _same_as_input(box)
                checked += 1
        assert checked > 200


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
async def test_the_placeholder_is_drawn_as_input_draws_it(placeholder: str) -> None:
    app = Boxes()
    async with app.run_test(size=(60, 12)) as pilot:
        for box in app.query(PlainInput):
            box.placeholder = placeholder
            box.value = ""
            for focused, visible in itertools.product((True, False), (True, False)):
                box.focus() if focused else box.blur()
                await pilot.pause()
                box._cursor_visible = visible
                if len(placeholder) > box.scrollable_content_region.width + 1:
                    assert input_line(box) is None  # Rich wraps it: left to `Input`
                else:
                    _same_as_input(box)


async def test_what_only_input_knows_how_to_draw_is_left_to_it() -> None:
    app = Boxes()
    async with app.run_test(size=(60, 12)) as pilot:
        box = app.query_one("#compact", PlainInput)
        box.value = "secret"
        box.password = True
        await pilot.pause()
        assert input_line(box) is None
        assert box.render_line(0).text.startswith("••••••")


async def test_control_characters_never_reach_the_box() -> None:
    app = Boxes()
    async with app.run_test(size=(60, 12)) as pilot:
        box = app.query_one("#compact", PlainInput)
        box.focus()
        box.insert_text_at_cursor("a\x1b[31mb\x07c\u202e")
        await pilot.pause()
        assert box.value == "a[31mbc"

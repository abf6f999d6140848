"""The summary line looks as a `Static` showing the same text would."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static

from tui.widgets.summary_line import SummaryLine

CSS = """
Static, SummaryLine { height: auto; padding: 0 1; color: $foreground-muted; background: $boost; }
"""

TEXTS = {
    "a summary": Content("3 rounds · 2 issues — 5 results."),
    "a warning": Content.assemble(("No matches. ", "$warning"), "Closest: geneva, 日内瓦."),
    "wrapped": Content("No exact match; close spellings: " + ", ".join(["bessent"] * 12) + "."),
    "empty": Content(""),
}


class SideBySide(App[None]):
    CSS = CSS

    def __init__(self, text: Content) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text)
        yield SummaryLine(self.text, max_lines=10)


def _cells(widget: Widget) -> list[list[tuple[str, object, object, bool]]]:
    lines = widget.render_lines(Region(0, 0, *widget.outer_size))
    return [
        [
            (character, s.style.color, s.style.bgcolor, bool(s.style.bold))
            for s in line
            if s.style is not None
            for character in s.text
        ]
        for line in lines
    ]


@pytest.mark.parametrize("text", list(TEXTS.values()), ids=list(TEXTS))
async def test_a_summary_line_is_drawn_as_a_static_draws_its_text(text: Content) -> None:
    app = SideBySide(text)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        static, line = app.query_one(Static), app.query_one(SummaryLine)
        assert line.outer_size == static.outer_size
        assert _cells(line) == _cells(static)


async def test_a_new_text_lays_the_screen_out_only_when_its_height_changes() -> None:
    app = SideBySide(TEXTS["a summary"])
    async with app.run_test(size=(40, 12)) as pilot:
        line = app.query_one(SummaryLine)
        await pilot.pause()
        line.update(Content("12 rounds — 12 results."))
        assert not line._layout_required
        line.update(TEXTS["wrapped"])
        assert line._layout_required
        await pilot.pause()
        assert line.size.height == len(line.lines(line.size.width)) > 1

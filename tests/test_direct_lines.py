"""A list's lines put together directly are the lines Textual paints, whatever the styles;
its text fitted to cells as Rich measures them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from tui.core.describe import Detail
from tui.core.links import Ref
from tui.widgets.detail_view import DetailView
from tui.widgets.direct_lines import has_plain_lines
from tui.widgets.record_list import RecordList
from tui.widgets.rows import Column, Row, _cut, _cut_by_characters, column_widths, fit
from tui.widgets.scrolling import DirectScrollBar

STYLES = {
    "bordered, as the panes": "border: round $panel-lighten-2;",
    "border and padding": "border: round red; padding: 0 2;",
    "top border only, as search results": "border: none; border-top: solid $panel-lighten-2;",
    "no border": "border: none;",
    "heavy border, background": "border: heavy green; background: $boost;",
    "tinted (left to Textual)": "border: round red; tint: blue 30%;",
}


class ListApp(App[None]):
    def __init__(self, style: str) -> None:
        self.list_style = style
        super().__init__()

    def compose(self) -> ComposeResult:
        yield Static("above")
        yield RecordList([Column("Name", 12, flex=True), Column("Place", 8)], id="list")

    def on_mount(self) -> None:
        self.stylesheet.add_source(
            "RecordList { height: 12; overflow-x: hidden; scrollbar-size-vertical: 1; "
            + self.list_style
            + " }\nRecordList > .record-list--cursor { background: $primary; }"
            "\nRecordList > .record-list--cursor-blurred { background: $primary 30%; }"
            "\nRecordList > .record-list--marked { color: $accent; text-style: bold; }"
            "\nRecordList > .record-list--highlight { text-style: underline; }"
        )
        self.refresh_css()


def _segments(strips: list[Strip]) -> list[list[Segment]]:
    return [list(strip) for strip in strips]


def _as_textual_paints(records: RecordList, crop: Region) -> list[list[Segment]]:
    """The lines as Textual paints them, from rows and styles worked out afresh."""
    records._styles_cache.clear()
    records._strips.clear()
    records._looked_up = None
    return _segments(Widget.render_lines(records, crop))


def _rows(count: int) -> list[Row]:
    return [
        Row(f"r{i}", (f"Négociation {i} · 谈判", f"City {i}"), ((0, 0, 3),)) for i in range(count)
    ]


@pytest.mark.parametrize("style", list(STYLES.values()), ids=list(STYLES))
async def test_direct_lines_are_the_lines_textual_paints(style: str) -> None:
    app = ListApp(style)
    async with app.run_test(size=(50, 20)) as pilot:
        await pilot.pause()
        records = app.query_one(RecordList)
        records.set_rows(_rows(30))
        records.set_marked({"r1", "r3"})
        records.set_modified({"r2"})
        records.cursor = 2
        await pilot.pause()
        width, height = records.outer_size
        for focused in (True, False):
            if not focused:
                app.set_focus(None)
                await pilot.pause()
            for crop in (Region(0, 0, width, height), Region(3, 2, width - 7, 5)):
                direct = _segments(records.render_lines(crop))
                assert direct == _as_textual_paints(records, crop), (focused, crop)
        records.cursor = 20  # scrolled
        await pilot.pause()
        crop = Region(0, 0, width, height)
        assert _segments(records.render_lines(crop)) == _as_textual_paints(records, crop)


@pytest.mark.parametrize("style", list(STYLES.values()), ids=list(STYLES))
async def test_a_list_scrollbar_s_direct_lines_are_the_lines_textual_paints(style: str) -> None:
    app = ListApp(style)
    async with app.run_test(size=(50, 20)) as pilot:
        records = app.query_one(RecordList)
        records.set_rows(_rows(200))
        await pilot.pause()
        for position in (0, 37, 150, 199):
            records.cursor = position
            await pilot.pause()
            _assert_bar_painted_as_textual_paints(records.vertical_scrollbar)


def _assert_bar_painted_as_textual_paints(bar: Widget) -> None:
    assert isinstance(bar, DirectScrollBar) and bar.display
    for part in (Region(0, 0, *bar.outer_size), Region(0, 3, 1, 4)):
        direct = _segments(bar.render_lines(part))
        bar._styles_cache.clear()
        assert direct == _segments(Widget.render_lines(bar, part)), part


def _backgrounds(strip: Strip) -> set[object]:
    return {segment.style.bgcolor for segment in strip if segment.style}


async def test_lines_follow_a_change_of_theme_focus_and_rows() -> None:
    app = ListApp(STYLES["bordered, as the panes"])
    async with app.run_test(size=(50, 20)) as pilot:
        await pilot.pause()
        records = app.query_one(RecordList)
        records.set_rows(_rows(5))
        await pilot.pause()
        crop = Region(0, 0, *records.outer_size)
        cursor_line = 2  # the border, the header, then the first row
        before = records.get_component_rich_style("record-list--cursor").bgcolor
        assert before in _backgrounds(records.render_lines(crop)[cursor_line])
        app.theme = "nord"
        await pilot.pause()
        after = records.get_component_rich_style("record-list--cursor").bgcolor
        assert after != before
        painted = records.render_lines(crop)
        assert after in _backgrounds(painted[cursor_line])
        assert before not in _backgrounds(painted[cursor_line])
        assert _segments(painted) == _as_textual_paints(records, crop)
        assert records.has_focus
        app.set_focus(None)
        await pilot.pause()
        blurred = records.get_component_rich_style("record-list--cursor-blurred").bgcolor
        assert blurred in _backgrounds(records.render_lines(crop)[cursor_line])
        records.set_rows([Row("x", ("Renamed", "Here"))])
        await pilot.pause()
        assert "Renamed" in records.render_lines(crop)[cursor_line].text


async def test_lines_follow_inline_styles_of_the_list_and_its_ancestors() -> None:
    app = ListApp(STYLES["bordered, as the panes"])
    async with app.run_test(size=(50, 20)) as pilot:
        records = app.query_one(RecordList)
        records.set_rows(_rows(5))
        await pilot.pause()
        crop = Region(0, 0, *records.outer_size)
        header = 1
        before = records.rich_style.bgcolor
        assert before in _backgrounds(records.render_lines(crop)[header])
        for node, colour in ((app.screen, "#8b0000"), (records, "#006400")):
            node.styles.background = colour
            await pilot.pause()
            expected = records.rich_style.bgcolor  # worked out afresh by Textual
            assert expected is not None and expected.name == colour
            line = records.render_lines(crop)[header]
            painted = line.crop(1, line.cell_length - 1)  # inside the border
            assert _backgrounds(painted) == {expected}, colour


async def test_a_list_with_effects_on_its_lines_is_left_to_textual() -> None:
    app = ListApp(STYLES["tinted (left to Textual)"])
    async with app.run_test(size=(50, 20)) as pilot:
        await pilot.pause()
        assert not has_plain_lines(app.query_one(RecordList))
    app = ListApp(STYLES["bordered, as the panes"])
    async with app.run_test(size=(50, 20)) as pilot:
        await pilot.pause()
        records = app.query_one(RecordList)
        assert has_plain_lines(records)
        records.styles.text_opacity = 0.5
        assert not has_plain_lines(records)


class DetailApp(App[None]):
    CSS_PATH = Path(__file__).parent.parent / "tui" / "styles" / "browser.tcss"  # as in the app

    def compose(self) -> ComposeResult:
        yield DetailView(id="detail")


def _long_detail(name: str = "Name") -> Detail:
    detail = Detail("Round 1")
    detail.add(("Round 1 · Genève", "title"))
    for number in range(40):
        detail.add(
            ("Participant ", "label"),
            (f"{name} {number} 何立峰 " + "with a long role that wraps " * 3, "text"),
            ref=Ref("participant", "talks", f"p{number}"),
            indent=1,
            hang=2,
        )
        if number % 7 == 0:
            detail.blank()
    return detail


async def test_detail_lines_are_the_lines_textual_paints() -> None:
    app = DetailApp()
    async with app.run_test(size=(60, 20)) as pilot:
        detail = app.query_one(DetailView)
        detail.show(_long_detail())
        await pilot.pause()
        crops = (Region(0, 0, *detail.outer_size), Region(2, 3, 30, 6))
        steps = ("focused", "cursor moved", "other record", "scrolled", "blurred", "third", "empty")
        for step in steps:
            if step == "cursor moved":
                detail.cursor = 3
            elif step == "other record":
                detail.show(_long_detail("Other"))
            elif step == "scrolled":
                detail.cursor = 30
            elif step == "blurred":
                app.set_focus(None)
            elif step == "third":
                detail.show(_long_detail("Third"), focus_ref=Ref("participant", "talks", "p30"))
            elif step == "empty":
                detail.show(Detail("Empty"))
            await pilot.pause()
            for crop in crops:
                painted = _segments(detail.render_lines(crop))
                detail._styles_cache.clear()  # and lines worked out afresh:
                detail._painted.clear()
                detail._blank = None
                assert painted == _segments(Widget.render_lines(detail, crop)), (step, crop)


async def test_the_detail_scrollbar_s_direct_lines_are_the_lines_textual_paints() -> None:
    app = DetailApp()
    async with app.run_test(size=(60, 20)) as pilot:
        detail = app.query_one(DetailView)
        detail.show(_long_detail())
        await pilot.pause()
        for cursor in (0, 20, 60, 200):
            detail.cursor = cursor
            await pilot.pause()
            _assert_bar_painted_as_textual_paints(detail.vertical_scrollbar)


@given(
    # Joiners and other format characters never get here: `visible` shows them as stand-ins.
    st.text(st.sampled_from("ab ·—“何立峰\u0301\U0001f600e\u0308")),
    st.integers(min_value=1, max_value=12),
)
def test_text_is_fitted_to_its_cells_as_one_character_at_a_time_would(
    text: str, width: int
) -> None:
    assert _cut(text, width) == _cut_by_characters(text, width)
    assert cell_len(fit(text, width)) == width


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("South Africa–European Union talks #123", 24, "South Africa–Europ… #123"),
        ("US–China trade negotiations, 2025", 16, "US–China t… 2025"),
        ("US–China trade negotiations, 2025", 10, "US–China …"),  # no room for the last word
        ("何立峰和李成钢的会谈 第三轮 #12", 24, "何立峰和李成钢的会 … #12"),  # a wide cut: a space
        ("Onewordonlywithoutanyspaces", 12, "Onewordonly…"),
        ("Fits", 6, "Fits  "),
    ],
)
def test_a_middle_cut_keeps_the_last_word(text: str, width: int, expected: str) -> None:
    shown = fit(text, width, cut="middle")
    assert shown == expected
    assert cell_len(shown) == width


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("talks-0002-kr-in.toml:23", 12, "…-in.toml:23"),
        ("會談/何立峰.toml:7", 10, "…峰.toml:7"),  # ASCII tail, one wide character kept
        ("會談/何立峰.toml:7", 9, "… .toml:7"),  # a wide character that won't fit: a space
        ("short.toml:1", 14, "short.toml:1  "),
    ],
)
def test_a_start_cut_keeps_the_end(text: str, width: int, expected: str) -> None:
    shown = fit(text, width, cut="start")
    assert shown == expected
    assert cell_len(shown) == width


def test_columns_that_want_more_get_the_room_left_after_every_own_width() -> None:
    columns = (
        Column("Where", 10, wants=20),
        Column("Kind", 5),
        Column("Message", 10, flex=True),
    )
    # 2 cells of gutter, 2 separators: 29 cells hold the own widths and nothing more.
    assert column_widths(columns, 29) == (10, 5, 10)
    assert column_widths(columns, 35) == (16, 5, 10)  # the room goes to the column wanting it
    assert column_widths(columns, 60) == (20, 5, 31)  # beyond what it wants: the flexible one
    assert column_widths(columns, 20) == (10, 5, 1)  # too narrow: cut from the right


def test_a_start_cut_leaves_no_mark_without_its_letter() -> None:
    assert fit("xe\u0301yz", 3, cut="start") == "…yz"
    assert fit("abe\u0301", 2, cut="start") == "…e\u0301"

"""A key repaints what it changed: no whole-screen layout, rows reused, snippets a frame later."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widgets import Static

from tests.test_browser import make_app, ready, rendered
from tui.core.collection import load_path
from tui.core.paths import bundled_data_dir
from tui.core.search import SearchIndex
from tui.widgets.record_list import MARK, RecordList
from tui.widgets.rows import Column, Row
from tui.widgets.scrolling import DirectScrollBarRender
from tui.widgets.search_panel import ResultRows, SearchPanel
from tui.widgets.summary_line import SummaryLine
from tui.widgets.title_bar import TitleBar


def _rows(count: int) -> list[Row]:
    return [Row(f"r{i}", (f"Row {i}",)) for i in range(count)]


class ListApp(App[None]):
    CSS = """
    RecordList { height: 12; overflow-x: hidden; scrollbar-size-vertical: 1; }  /* as in the app */
    RecordList > .record-list--cursor { background: red; }
    """

    def compose(self) -> ComposeResult:
        yield RecordList([Column("Name", 10, flex=True)])


async def test_a_list_keeps_its_scrollbar_in_step_with_its_rows() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        records = app.query_one(RecordList)
        records.set_rows(_rows(100))
        await pilot.pause()
        assert records.show_vertical_scrollbar
        records.action_last()
        records.set_rows(_rows(50), keep="r49")  # fewer rows, still more than fit
        await pilot.pause()
        assert records.vertical_scrollbar.window_virtual_size == 51
        assert records.scroll_y <= records.max_scroll_y
        assert "Row 49" in rendered(records)
        records.set_rows(_rows(3))  # now they all fit: the scrollbar goes
        await pilot.pause()
        assert not records.show_vertical_scrollbar
        assert "Row 2" in rendered(records)
        records.set_rows(_rows(30))
        await pilot.pause()
        assert records.show_vertical_scrollbar
        assert records.vertical_scrollbar.window_virtual_size == 31


async def test_the_scrollbar_is_repainted_when_its_thumb_changes_and_only_then() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        records = app.query_one(RecordList)
        records.set_rows(_rows(100))
        await pilot.pause()
        bar = records.vertical_scrollbar
        for count, thumb_moves in ((5000, True), (5010, False), (40, True), (200, True)):
            await pilot.pause()
            bar._repaint_required = False  # what the last frame painted is on screen
            records.set_rows(_rows(count))
            assert bar._repaint_required == thumb_moves, count
            await pilot.pause()
            painted = _looks(bar)
            bar.refresh()
            await pilot.pause()
            assert _looks(bar) == painted, count  # what is on screen is what a repaint draws


async def test_rows_painted_before_show_new_marks_flags_and_cursor() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        records = app.query_one(RecordList)
        records.set_rows(_rows(5))
        await pilot.pause()
        assert MARK not in rendered(records)
        records.set_marked({"r2"})
        records.set_modified({"r3"})
        records.cursor = 4
        await pilot.pause()
        lines = rendered(records).splitlines()
        assert lines[3].startswith(MARK) and lines[4].startswith(" ✎")
        cursor = records.get_component_rich_style("record-list--cursor").bgcolor
        assert cursor in {s.style.bgcolor for s in records.render_line(5) if s.style}
        assert cursor not in {s.style.bgcolor for s in records.render_line(1) if s.style}
        records.set_rows([Row("r0", ("Renamed",))])
        await pilot.pause()
        assert "Renamed" in rendered(records)


def test_results_without_snippets_show_the_record_and_an_empty_match() -> None:
    index = SearchIndex.build(load_path(bundled_data_dir()).negotiations)
    results = index.search("bessent")
    brief = ResultRows(results, show_negotiation=True, snippets=False).row(0)
    full = ResultRows(results, show_negotiation=True).row(0)
    assert brief.cells[2] == "" and not brief.highlights
    assert brief.cells[:2] == full.cells[:2] and brief.cells[3] == full.cells[3]
    assert "Bessent" in full.cells[2] and full.highlights


def test_a_record_found_again_keeps_its_snippet_until_the_new_one_is_worked_out() -> None:
    """The match column does not blink at each key typed: a record still in the same place is
    the same row, a line the list need not paint again."""
    index = SearchIndex.build(load_path(bundled_data_dir()).negotiations)
    shown = ResultRows(index.search("bess"), show_negotiation=True)
    first = shown.row(0)
    typed = ResultRows(index.search("besse"), show_negotiation=True, snippets=False, earlier=shown)
    assert first.highlights and typed.row(0) == first
    # A key typed before those snippets were worked out still has them.
    again = ResultRows(index.search("bessen"), show_negotiation=True, snippets=False, earlier=typed)
    assert again.row(0) == first
    # A record not among the earlier results has an empty match until its snippet comes.
    other = ResultRows(index.search("geneva"), show_negotiation=True, snippets=False, earlier=shown)
    new = next(i for i in range(len(other)) if other.results.locate(i) not in shown.matches)
    assert other.row(new).cells[2] == "" and not other.row(new).highlights


async def test_snippets_are_filled_in_after_the_results_are_painted() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"bessent")
        await pilot.pause()
        results_list = screen.query_one(SearchPanel).results_list
        rows = results_list.row_source
        assert isinstance(rows, ResultRows) and rows.snippets
        assert all(row.cells[2] for row in results_list.rows[:5])
        assert "Bessent" in rendered(results_list).split("\n", 2)[1]


async def test_the_summary_takes_the_lines_its_text_needs() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        panel = screen.query_one(SearchPanel)
        summary = panel.query_one("#search-summary", SummaryLine)
        panel.input.value = " ".join(["trade"] * 20)  # cut to 12 words: a longer summary
        await pilot.pause()
        assert summary.size.height > 1
        panel.input.value = "qqqqq"  # "No matches."
        await pilot.pause()
        assert summary.size.height == 1


async def test_a_long_query_scrolls_in_its_box() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *("geneva " * 12))
        box = screen.query_one(SearchPanel).input
        assert box.scroll_x > 0
        assert box.cursor_screen_offset.x < box.region.right


async def test_a_list_scrollbar_is_drawn_as_textual_draws_it() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        records = app.query_one(RecordList)
        records.set_rows(_rows(200))
        bar = records.vertical_scrollbar
        for position in (0, 37, 150, 199):
            records.cursor = position
            await pilot.pause()
            drawn = _looks(bar)
            bar.renderer = ScrollBarRender  # type: ignore[misc]
            bar.refresh()
            assert _looks(bar) == drawn
            bar.renderer = DirectScrollBarRender  # type: ignore[misc]
            bar.refresh()


def _looks(bar: ScrollBar) -> list[tuple[str, object, object, object, object]]:
    looks: list[tuple[str, object, object, object, object]] = []
    for y in range(bar.size.height):
        for segment in bar.render_line(y):
            style = segment.style
            assert style is not None
            looks.append((segment.text, style.color, style.bgcolor, style.reverse, style.meta))
    return looks


def _count_layouts(screen: Screen[Any], monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """From now on, each layout of the whole screen adds an entry to the list returned."""
    layouts: list[object] = []
    lay_out = type(screen)._refresh_layout

    def counted(*args: Any, **kwargs: Any) -> None:
        layouts.append(args)
        lay_out(*args, **kwargs)

    monkeypatch.setattr(type(screen), "_refresh_layout", counted)
    return layouts


async def test_search_results_keep_their_columns_and_layout_as_results_come_and_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The results' scrollbar is always there: clearing the query neither shifts the columns
    nor lays the screen out again."""
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"trade")
        await pilot.pause()
        results_list = screen.query_one(SearchPanel).results_list
        assert results_list.row_count > results_list.size.height  # it scrolls
        width = results_list.scrollable_content_region.width
        header = rendered(results_list).split("\n", 1)[0]
        layouts = _count_layouts(screen, monkeypatch)
        for _ in "trade":
            await pilot.press("backspace")
        await pilot.pause()
        assert results_list.row_count == 0
        assert results_list.scrollable_content_region.width == width
        assert rendered(results_list).split("\n", 1)[0] == header
        await pilot.press(*"t")
        await pilot.pause()
        assert results_list.row_count and not layouts


async def test_a_new_title_or_the_same_status_does_not_lay_the_screen_out_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Moving through all rounds changes the title with the negotiation under the cursor."""
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        title_bar = screen.query_one(TitleBar)
        layouts = _count_layouts(screen, monkeypatch)
        for position, title in enumerate(("EU–UK fisheries talks", "A much longer title " * 9), 2):
            title_bar.show_negotiation(title, position, 3)
            title_bar.show_status("")
            await pilot.pause()
            shown = screen.query_one("#negotiation-title", Static).visual
            assert isinstance(shown, Content) and shown.plain.startswith(title.strip())
        assert not layouts
        title_bar.show_status("Saved")  # the status is sized to its text
        await pilot.pause()
        assert layouts

"""f: a pane narrowed to the rows holding the words typed, as you type."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.test_browser import _second_negotiation, focused_id, make_app, ready
from tui.screens.main import MainScreen
from tui.widgets.detail_view import DetailView


def bar_shown(screen: MainScreen) -> bool:
    return bool(screen.query_one("#pane-filter-bar").display)


def cells(screen: MainScreen, kind: str) -> list[str]:
    return [" ".join(row.cells) for row in screen.pane(kind).rows]  # type: ignore[arg-type]


async def test_typing_narrows_the_pane_and_enter_keeps_the_filter() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        everyone = cells(screen, "participant")
        await pilot.press("2", "f", *"MIN")
        box = screen.query_one("#pane-filter", Input)
        assert focused_id(screen) == "pane-filter" and bar_shown(screen)
        shown = cells(screen, "participant")
        assert shown == [row for row in everyone if "min" in row.casefold()]  # order kept
        assert 0 < len(shown) < len(everyone)
        pane = screen.pane("participant")
        assert str(pane.border_subtitle) == f"{len(shown)} of {len(everyone)}"
        # The arrows move through the filtered rows while typing; the detail follows.
        await pilot.press("down")
        await pilot.pause()
        assert pane.cursor == 1 and screen.shown is not None
        assert screen.shown.id == pane.current_key
        await pilot.press("enter")
        assert focused_id(screen) == "pane-participant" and bar_shown(screen)  # kept, shown
        await pilot.press("j")  # a key for the list again, not the box
        assert pane.cursor == 2 and box.value == "MIN"
        # Another pane has no filter: the line goes; back again, it returns.
        await pilot.press("1")
        assert not bar_shown(screen)
        await pilot.press("2")
        assert bar_shown(screen) and cells(screen, "participant") == shown
        # f, then escape: every row again.
        await pilot.press("f", "escape")
        assert cells(screen, "participant") == everyone
        assert focused_id(screen) == "pane-participant" and not bar_shown(screen)
        assert str(pane.border_subtitle) == str(len(everyone))


async def test_every_word_must_be_held_in_any_column_accents_aside(records: Path) -> None:
    _second_negotiation(records, "eu-talks", "EU–France pêcheries talks")
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("a")  # all rounds of both negotiations
        await pilot.pause()
        assert len(cells(screen, "round")) == 4
        await pilot.press("f", *"PECHERIES london")
        shown = cells(screen, "round")
        assert len(shown) == 1 and "pêcheries" in shown[0] and "London" in shown[0]


async def test_following_a_link_to_a_hidden_record_drops_the_filter() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("2", "f", *"xi jinping", "enter")
        pane = screen.pane("participant")
        assert pane.row_count == 1
        # From the first round's detail, follow the first person in it (not Xi Jinping).
        await pilot.press("1", "enter")
        view = screen.query_one(DetailView)
        await pilot.press("right_square_bracket")
        ref = view.current_ref
        assert ref is not None and ref.kind == "participant" and ref.id != "xi-jinping"
        await pilot.press("enter")
        await pilot.pause()
        assert pane.filter_text == "" and pane.row_count > 1
        assert pane.current_key == ref.id
        assert not bar_shown(screen)


async def test_an_edit_keeps_the_filter(records: Path) -> None:
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("2", "f", *"he", "enter")
        pane = screen.pane("participant")
        assert [row.key for row in pane.rows] == ["he-lifeng"]
        await pilot.press("1", "d", "d")  # delete the first round
        await pilot.pause()
        assert [row.key for row in pane.rows] == ["he-lifeng"]
        assert pane.filter_text == "he"


async def test_all_rounds_keeps_the_rounds_filter(records: Path) -> None:
    _second_negotiation(records, "eu-talks", "EU–UK fisheries talks")
    earlier = (records / "eu-talks.toml").read_text(encoding="utf-8").replace("2025-", "2024-")
    (records / "eu-talks.toml").write_text(earlier, encoding="utf-8")  # listed first
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("f", *"london", "enter")
        assert cells(screen, "round") and all("London" in row for row in cells(screen, "round"))
        await pilot.press("a")
        await pilot.pause()
        shown = cells(screen, "round")
        assert len(shown) == 2 and all("London" in row for row in shown)  # both negotiations'
        assert screen.pane("round").filter_text == "london" and bar_shown(screen)


async def test_deleting_the_last_row_a_filter_shows_leaves_no_stale_record(records: Path) -> None:
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("2", "f", *"bessent", "enter", "d", "d")
        await pilot.pause()
        assert screen.pane("participant").row_count == 0
        assert screen.shown is not None and screen.shown.kind == "negotiation"
        assert "Bessent" not in "\n".join(screen.query_one(DetailView).lines_text[:1])

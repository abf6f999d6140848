"""Pilot tests for search: typing, narrowing, jumping, n / N, escape, and hostile queries."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult

from tests.helpers import MINIMAL
from tests.test_browser import detail_shown, focused_id, make_app, ready, rendered, shown_kind
from tui.core.search.index import GroupResult, SearchResults
from tui.screens.main import MainScreen
from tui.widgets.search_panel import SearchPanel, summary_text
from tui.widgets.summary_line import SummaryLine


def panel(screen: MainScreen) -> SearchPanel:
    return screen.query_one(SearchPanel)


async def test_typing_narrows_results_as_you_type() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        assert screen.searching
        assert focused_id(screen) == "search-input"
        counts = []
        for key in "rare earth oct":
            await pilot.press("space" if key == " " else key)
            results = panel(screen).results
            counts.append(len(results) if results is not None else 0)
        assert counts[3] >= counts[-1] > 0  # "rare" finds at least what "rare earth oct" finds
        assert counts == sorted(counts, reverse=True) or counts[-1] <= min(counts[:4])
        shown = rendered(panel(screen).results_list)
        assert "Round 5 · Kuala Lumpur" in shown
        summary = panel(screen).query_one("#search-summary", SummaryLine).text.plain
        assert "2 rounds" in summary and "results" in summary
        # The highlighted result is previewed in the detail view: the first, an event whose
        # title holds every word ("oct" is October, as a whole word).
        first = panel(screen).results
        assert first is not None and first.label(0)[0] == "event"
        assert screen.shown is not None and screen.shown.id == "china-rare-earth-controls-october"


async def test_enter_jumps_to_the_record_in_its_pane() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"li chenggang")
        results = panel(screen).results
        assert results is not None
        # Move to the participant result and open it.
        while results.hit(panel(screen).results_list.cursor).kind != "participant":
            await pilot.press("down")
        await pilot.press("enter")
        assert not screen.searching
        assert screen.active_pane == "participant"
        assert screen.pane("participant").current_key == "li-chenggang"
        assert focused_id(screen) == "pane-participant"
        assert "Li Chenggang" in detail_shown(screen)


async def test_a_negotiation_is_found_by_its_own_fields() -> None:
    """The negotiation's summary, tags, sides and tariff levels are searched too."""
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        for query in ("tit-for-tat", "port-fees", "ieepa fentanyl tariff"):
            await pilot.press("slash", *query)  # the last query is selected: typing replaces it
            results = panel(screen).results
            assert results is not None and results.counts().get("negotiation") == 1, query
            await pilot.press("escape")
        await pilot.press("slash", *"tit-for-tat")
        results = panel(screen).results
        assert results is not None
        while results.hit(panel(screen).results_list.cursor).kind != "negotiation":
            await pilot.press("down")  # it comes after the records it sums up
        await pilot.press("enter")
        assert not screen.searching
        assert shown_kind(screen) == "negotiation"
        assert focused_id(screen) == "detail"


async def test_n_and_shift_n_step_through_matches() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"lutnick", "enter")
        matches = screen.matches
        assert matches is not None and len(matches) > 3
        first = screen.shown
        await pilot.press("n")
        assert screen.match_position == 1
        assert screen.shown == matches.hit(1).ref
        await pilot.press("n", "N", "N")
        assert screen.match_position == 0
        assert screen.shown == first
        await pilot.press("N")  # wraps to the last match
        assert screen.match_position == len(matches) - 1


async def test_escape_returns_to_where_you_were() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("2", "j", "j")
        before = screen.shown
        await pilot.press("slash", *"busan")
        assert screen.shown != before  # previewing a result
        await pilot.press("escape")
        assert not screen.searching
        assert screen.shown == before
        assert focused_id(screen) == "pane-participant"
        # The query is kept for the next `/`.
        await pilot.press("slash")
        assert panel(screen).input.value == "busan"


async def test_escape_returns_to_an_event_reached_with_n() -> None:
    """An event has no pane: Escape showed the issues pane's selection in its place."""
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"rare", "space", *"earth", "space", *"oct", "enter")
        await pilot.pause()
        for _ in range(6):
            if screen.shown is not None and screen.shown.kind == "event":
                break
            await pilot.press("n")
            await pilot.pause()
        before = screen.shown
        assert before is not None and before.kind == "event"
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert screen.shown == before


async def test_typing_keys_type_in_the_box() -> None:
    """j, k, q, 1, n, backspace and the rest edit the query instead of acting."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"jkq1gGnNop?", "backspace")
        assert panel(screen).input.value == "jkq1gGnNop"
        assert app.is_running and screen.searching


async def test_deleting_keys_edit_the_query_in_the_box_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Backspace, ctrl+w and ctrl+u act at the box: the key goes no further up."""
    reached_screen: list[str] = []
    monkeypatch.setattr(
        MainScreen, "on_key", lambda self, event: reached_screen.append(event.key), raising=False
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"rare earth", "backspace")
        assert panel(screen).input.value == "rare eart"
        await pilot.press("ctrl+w")
        assert panel(screen).input.value == "rare "
        results = panel(screen).results
        assert results is not None and results.query == "rare "
        await pilot.press("ctrl+u")
        assert panel(screen).input.value == ""
        assert panel(screen).results is None
        assert reached_screen == []
        # A key the box does not bind still travels up as before.
        await pilot.press("f12")
        assert reached_screen == ["f12"]


async def test_hostile_queries_are_literal_and_harmless() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        for query in ["(a+)+$", "[", "\\", "[/]", "[@click=app.quit]x", "\x1b]52;c;aGk=\x07"]:
            await pilot.press("slash")
            panel(screen).input.value = query
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            summary = panel(screen).query_one("#search-summary", SummaryLine).text.plain
            assert "result" in summary or "No matches" in summary
            await pilot.click(panel(screen).results_list, offset=(10, 2))
            await pilot.press("escape")
        assert app.is_running


async def test_a_ten_megabyte_paste_is_cut_and_never_freezes() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        started = time.perf_counter()
        app.post_message(events.Paste("bessent " * 1_300_000))  # ~10 MB
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert time.perf_counter() - started < 20  # generous: a hang would never return
        value = panel(screen).input.value
        assert len(value) == 1000
        results = panel(screen).results
        assert results is not None and len(results) > 0
        await pilot.press("x")
        assert app.is_running


async def test_search_burst_keeps_order() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        keys = [("slash", "/")] + [(c, c) for c in "greer"] + [("down", None), ("enter", "\r")]
        for key, character in keys:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert not screen.searching
        assert panel(screen).input.value == "greer"
        assert screen.matches is not None
        assert screen.shown == screen.matches.hit(1).ref


async def test_keys_typed_right_behind_enter_act_on_the_browser() -> None:
    """`/ s o y enter j` in one burst: the query is "soy", then j moves in the pane."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        keys = [("slash", "/"), ("s", "s"), ("o", "o"), ("y", "y"), ("enter", "\r"), ("j", "j")]
        for key, character in keys:
            app.post_message(events.Key(key, character))
        for _ in range(4):
            await pilot.pause()
        assert panel(screen).input.value == "soy"
        assert not screen.searching
        chosen = screen.matches.hit(0).ref if screen.matches else None
        assert chosen is not None and chosen.kind == "round"
        rounds = screen.pane("round")
        assert rounds.cursor == rounds.index_of(chosen.id) + 1  # type: ignore[operator]


async def test_escape_burst_returns_and_the_next_key_acts() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        for key, character in [("slash", "/"), ("x", "x"), ("escape", None), ("2", "2")]:
            app.post_message(events.Key(key, character))
        for _ in range(4):
            await pilot.pause()
        assert not screen.searching
        assert panel(screen).input.value == "x"
        assert focused_id(screen) == "pane-participant"


async def test_match_counter_follows_the_chosen_result() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"lutnick", "down", "enter")
        matches = screen.matches
        assert matches is not None
        assert f"match 2/{len(matches)}" in str(screen.query_one("#status").render())


async def test_a_long_typed_query_is_capped() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        panel(screen).input.value = " ".join(f"word{i}" for i in range(20))
        await pilot.pause()
        results = panel(screen).results
        assert results is not None and results.truncated
        summary = panel(screen).query_one("#search-summary", SummaryLine).text.plain
        assert "The query was cut to 12 words" in summary


async def test_control_characters_never_enter_a_text_box() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        app.post_message(events.Paste("bess\u202e\x9b31m\x7fent\u2066"))
        await pilot.pause()
        assert panel(screen).input.value == "bess31ment"


async def test_a_query_typed_before_the_index_is_ready_waits_without_a_prompt() -> None:
    """Until the index is ready the summary says so, and the list does not ask to type."""

    class PanelApp(App[None]):
        def compose(self) -> ComposeResult:
            yield SearchPanel(id="search")

    app = PanelApp()
    async with app.run_test(size=(100, 20)) as pilot:
        panel = app.query_one(SearchPanel)
        panel.run_query("geneva")
        await pilot.pause()
        assert "Preparing search" in panel.query_one("#search-summary", SummaryLine).text.plain
        assert panel.results_list.empty_text == ""
        panel.run_query("")
        assert panel.results_list.empty_text == "Type to search"


def test_large_counts_are_written_with_thousands_separators() -> None:
    groups = [GroupResult("round", [(1 << 16342) - 1]), GroupResult("issue", [1])]
    text = summary_text(SearchResults("tar", ("tar",), groups)).plain
    assert text == "16,342 rounds · 1 issue — 16,343 results."


async def test_enter_on_a_search_opens_the_negotiation_being_read_first(records: Path) -> None:
    """With several loaded, "geneva" + Enter used to open another negotiation's Geneva."""
    for name in ("a-first", "b-second"):
        text = MINIMAL.replace('id = "talks"', f'id = "{name}"').replace("Test talks", name)
        (records / f"{name}.toml").write_text(text, encoding="utf-8")
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("o", *"Test talks", "enter")
        await pilot.pause()
        assert screen.browser.negotiation is not None
        assert screen.browser.negotiation.id == "talks"
        await pilot.press("slash", *"geneva")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.shown is not None and screen.shown.negotiation == "talks"

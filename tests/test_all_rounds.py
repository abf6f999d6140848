"""All rounds: one key lists every negotiation's rounds in date order, and the panes follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Static

from benchmarks.dataset import write
from tests.test_browser import make_app, ready
from tui.core.collection import load_path
from tui.screens.main import MainScreen
from tui.screens.picker import NegotiationPicker
from tui.widgets.detail_view import DetailView


@pytest.fixture
def many(tmp_path: Path) -> Path:
    folder = tmp_path / "many"
    write(folder, count=5, rounds=4)
    return folder


def _title(screen: MainScreen) -> str:
    negotiation = screen.browser.negotiation
    assert negotiation is not None
    return negotiation.title


async def test_all_rounds_lists_every_round_by_date_and_the_panes_follow(many: Path) -> None:
    negotiations = load_path(many).negotiations
    expected = sorted(
        ((r.start, r.number, n.id, r.id) for n in negotiations for r in n.rounds),
        key=lambda item: item[:2],
    )
    async with make_app(many).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        first_title = _title(screen)
        assert screen.pane("round").row_count == 4
        await pilot.press("a")
        rounds = screen.pane("round")
        assert rounds.row_count == 20
        assert str(rounds.border_title) == "1 All rounds"
        keys = [rounds.rows[i].key for i in range(20)]
        assert keys == [f"{nid}/{rid}" for _, _, nid, rid in expected]  # by date, then number
        assert screen.shown is not None and screen.browser.negotiation is not None
        assert screen.shown.negotiation == screen.browser.negotiation.id

        # Walk down until a round of another negotiation is under the cursor.
        for _ in range(20):
            if screen.shown is not None and _title(screen) != first_title:
                break
            await pilot.press("j")
        shown = screen.shown
        assert shown is not None and shown.kind == "round"
        other = screen.browser.negotiation
        assert other is not None and other.id == shown.negotiation and other.title != first_title
        participant_keys = [row.key for row in screen.pane("participant").rows]
        assert participant_keys == [p.id for p in other.participants]
        marked = screen.pane("participant").marked
        round_ = next(r for r in other.rounds if r.id == shown.id)
        assert marked == set(round_.participants)

        await pilot.press("enter")
        assert isinstance(screen.focused, DetailView)
        title = screen.query_one("#negotiation-title", Static).visual
        assert isinstance(title, Content) and other.title in title.plain

        await pilot.press("a")  # back to one negotiation's rounds, the same round selected
        assert screen.pane("round").row_count == len(other.rounds)
        assert screen.pane("round").current_key == shown.id
        assert screen.browser.negotiation is other


async def test_picking_a_negotiation_in_all_rounds_moves_the_cursor_there(many: Path) -> None:
    async with make_app(many).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("a", "o")
        assert isinstance(pilot.app.screen, NegotiationPicker)
        target = screen.browser.negotiations[3]
        await pilot.press(*"0003")  # its id
        await pilot.press("enter")
        assert screen.browser.negotiation is not None
        assert screen.browser.negotiation.id == target.id
        assert screen.shown is not None and screen.shown.negotiation == target.id
        first = min(target.rounds, key=lambda r: (r.start, r.number))
        assert screen.shown.id == first.id

"""Garbage is collected while the user pauses, not in the middle of a keystroke."""

from __future__ import annotations

import gc
import itertools
from pathlib import Path

import pytest

from tests.helpers import MINIMAL
from tests.test_browser import make_app, ready
from tui.core.loading import collector_paused
from tui.idle_collection import (
    BUSY_THRESHOLD,
    FULL_EVERY,
    MIN_GARBAGE,
    QUIET_SECONDS,
    IdleCollector,
)
from tui.widgets.search_panel import SearchPanel


def _new_objects(count: int) -> list[list[object]]:
    return [[] for _ in range(count)]


def test_collections_wait_for_a_pause_and_the_thresholds_come_back() -> None:
    before = gc.get_threshold()
    collector = IdleCollector()
    collector.start()
    try:
        assert gc.get_threshold()[0] == BUSY_THRESHOLD
        kept = _new_objects(MIN_GARBAGE * 2)
        collector.input_seen()
        assert not collector.tick()  # a key just came: not now
        assert gc.get_count()[0] >= MIN_GARBAGE
        collector._last_input -= QUIET_SECONDS
        assert collector.tick()
        assert gc.get_count()[0] < MIN_GARBAGE
        assert not collector.tick()  # nothing new to collect
        del kept
    finally:
        collector.stop()
    assert gc.get_threshold() == before


def test_no_collection_while_records_load() -> None:
    """A bulk load turns the collector off: a collection then would scan every record so far."""
    collector = IdleCollector()
    collector.start()
    kept = _new_objects(MIN_GARBAGE * 2)
    try:
        collector._last_input -= QUIET_SECONDS
        with collector_paused():
            assert not collector.tick()
            assert gc.get_count()[0] >= MIN_GARBAGE
        more = _new_objects(MIN_GARBAGE * 2)  # the load is over (and what it made frozen)
        assert collector.tick()
    finally:
        collector.stop()
    del kept, more


def test_every_so_often_a_pause_collects_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    generations: list[int] = []

    def collect(generation: int = 2) -> int:
        generations.append(generation)
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    collector = IdleCollector()
    collector.start()
    kept = _new_objects(MIN_GARBAGE * 2)  # nothing collects them here: each pause finds them
    try:
        for _ in range(FULL_EVERY):
            collector._last_input -= QUIET_SECONDS
            assert collector.tick()
    finally:
        collector.stop()
    del kept
    assert generations == [1] * (FULL_EVERY - 1) + [2]


async def test_the_app_makes_collections_wait_and_gives_the_thresholds_back() -> None:
    before = gc.get_threshold()
    async with make_app().run_test() as pilot:
        await ready(pilot)
        assert gc.get_threshold()[0] == BUSY_THRESHOLD
    assert gc.get_threshold() == before


async def test_work_for_a_pause_runs_only_at_pauses_and_stops_when_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        paused = False
        monkeypatch.setattr(app._collector, "paused", lambda: paused)
        slices: list[float] = []

        def step(until: float) -> bool:
            slices.append(until)
            return len(slices) < 3

        app.run_while_idle(step)
        await pilot.pause(0.15)
        assert slices == []  # keys kept coming
        paused = True
        await pilot.pause(0.3)
        assert len(slices) == 3  # then it ran until done, and no more
        assert all(b > a for a, b in itertools.pairwise(slices))


async def test_the_plans_of_every_negotiation_are_made_at_a_pause(tmp_path: Path) -> None:
    for n in range(5):
        text = MINIMAL.replace('id = "talks"', f'id = "talks-{n}"', 1)
        (tmp_path / f"talks-{n}.toml").write_text(text, encoding="utf-8")
    frozen_before = gc.get_freeze_count()
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        screen = await ready(pilot)
        index = screen.query_one(SearchPanel).index
        assert index is not None
        for _ in range(50):
            if index._unplanned == []:
                break
            await pilot.pause(0.05)
        assert set(index._plans) == {f"talks-{n}" for n in range(5)}
        assert gc.get_freeze_count() > frozen_before  # kept out of the collector's way

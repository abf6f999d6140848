"""Garbage is collected while the user pauses, not in the middle of a keystroke."""

from __future__ import annotations

import gc

import pytest

from tests.test_browser import make_app, ready
from tui.idle_collection import (
    BUSY_THRESHOLD,
    FULL_EVERY,
    MIN_GARBAGE,
    QUIET_SECONDS,
    IdleCollector,
)


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

"""Full garbage collections wait until the user pauses."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tests.test_browser import make_app, ready
from tui.idle_collection import (
    DEFERS_FULL_COLLECTIONS,
    FULL_COLLECTION_RARITY,
    IDLE_SECONDS,
    IdleCollector,
)

# Python 3.14's incremental collector is left alone (see `tui.idle_collection`).
pytestmark = pytest.mark.skipif(
    not DEFERS_FULL_COLLECTIONS, reason="Python 3.14+: the collector is incremental"
)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def threshold() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)


def _reach_the_oldest_generation() -> None:
    gc.collect(1)  # what survives a middle collection counts towards a full one
    assert gc.get_count()[2] > 0


def test_full_collections_are_rarer_while_running(threshold: tuple[int, int, int]) -> None:
    collector = IdleCollector()
    collector.start()
    assert gc.get_threshold() == (threshold[0], threshold[1], threshold[2] * FULL_COLLECTION_RARITY)
    collector.start()  # started twice: still restored to Python's own
    collector.stop()
    assert gc.get_threshold() == threshold


def test_a_full_collection_waits_for_a_pause(threshold: tuple[int, int, int]) -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    _reach_the_oldest_generation()
    collector.input_seen()
    clock.now += IDLE_SECONDS / 2
    assert not collector.collect_if_idle()  # the user is typing
    clock.now += IDLE_SECONDS
    assert collector.collect_if_idle()
    assert gc.get_count()[2] == 0
    clock.now += 10 * IDLE_SECONDS
    assert not collector.collect_if_idle()  # nothing new to scan


def test_no_collection_while_a_bulk_load_has_the_collector_paused() -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    _reach_the_oldest_generation()
    clock.now += 10 * IDLE_SECONDS
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        assert not collector.collect_if_idle()
    finally:
        if was_enabled:
            gc.enable()


async def test_the_app_defers_full_collections_and_sees_keys(
    threshold: tuple[int, int, int],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert gc.get_threshold()[2] == threshold[2] * FULL_COLLECTION_RARITY
        before = app.idle_collector.last_input
        await pilot.press("j")
        assert app.idle_collector.last_input > before
    assert gc.get_threshold() == threshold

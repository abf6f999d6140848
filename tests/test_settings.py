"""The theme choice is remembered between runs, in the config folder."""

from __future__ import annotations

import os
from pathlib import Path

from tests.helpers import MINIMAL
from tests.test_browser import TODAY, ready
from tui.app import NegotiationsApp
from tui.core.settings import Settings, load_settings, save_settings, settings_path


def test_settings_round_trip_and_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    assert load_settings(path) == Settings()
    assert save_settings(Settings(theme="nord"), path)
    assert load_settings(path) == Settings(theme="nord")
    path.write_bytes(b"\xff\xfe not toml")
    assert load_settings(path) == Settings()


def test_a_settings_file_that_is_a_fifo_or_too_deep_is_ignored(tmp_path: Path) -> None:
    """The app read it before its first frame: a FIFO hung it for ever, and nesting deeper
    than Python recurses ended it with a traceback."""
    path = tmp_path / "settings.toml"
    os.mkfifo(path)
    assert load_settings(path) == Settings()  # returns at once: no writer is waited for
    path.unlink()
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + '\ntheme = "nord"\n')
    assert load_settings(path) == Settings()


def test_settings_live_in_the_config_folder(tmp_path: Path) -> None:
    assert settings_path() == Path(os.environ["NEGOTIATIONS_CONFIG_DIR"]) / "settings.toml"


async def test_theme_is_remembered_between_runs() -> None:
    first = NegotiationsApp()
    async with first.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert first.theme == "textual-dark"
        first.theme = "textual-light"
        await pilot.pause()
    assert load_settings().theme == "textual-light"
    second = NegotiationsApp()
    async with second.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert second.theme == "textual-light"


async def test_unknown_saved_theme_falls_back() -> None:
    save_settings(Settings(theme="no-such-theme"))
    app = NegotiationsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.theme == "textual-dark"


def test_the_last_negotiation_of_each_collection_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings = Settings(theme="nord")
    assert settings.remember_negotiation("/records", "us-china")
    assert not settings.remember_negotiation("/records", "us-china")  # nothing to write
    assert settings.remember_negotiation("", "bundled-talks")
    assert save_settings(settings, path)
    assert load_settings(path) == settings
    for number in range(60):  # only the latest collections are kept
        settings.remember_negotiation(f"/folder-{number}", "talks")
    assert len(settings.last_negotiation) == 50 and "/folder-59" in settings.last_negotiation
    assert "/records" not in settings.last_negotiation


async def test_the_app_opens_on_the_negotiation_left_open(records: Path) -> None:
    (records / "a.toml").write_text(
        MINIMAL.replace('id = "talks"', 'id = "aaa"').replace("Test talks", "First talks")
    )
    app = NegotiationsApp(records, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.browser.negotiation is not None
        assert screen.browser.negotiation.id == "aaa"  # the first file
        await pilot.press("o", *"test", "enter")
        await pilot.pause()
        assert screen.browser.negotiation.id == "talks"
        await pilot.press("q")
        await pilot.pause()
    app = NegotiationsApp(records, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.browser.negotiation is not None
        assert screen.browser.negotiation.id == "talks"
        assert "Test talks" in str(screen.query_one("#negotiation-title").render())

"""The opening frame: painted before the record model is imported; keys typed meanwhile act."""

from __future__ import annotations

import datetime
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from textual.widgets import Input

from benchmarks.dataset import write as write_dataset
from tests.helpers import BUNDLED, MINIMAL
from tui.app import NegotiationsApp
from tui.core.paths import RecordSource
from tui.screens import load_controller
from tui.screens.main import MainScreen
from tui.screens.opening import OpeningScreen
from tui.widgets.title_bar import TitleBar

TODAY = datetime.date(2025, 11, 1)

IMPORTS_BEFORE_FIRST_FRAME = """
import sys
import tui.cli, tui.app
heavy = ("pydantic", "tui.core.model", "tui.core.loading", "tui.screens.main", "tui.core.search")
print(",".join(sorted(m for m in sys.modules if m.startswith(heavy))) or "light")
"""


def test_opening_the_browser_imports_no_record_model() -> None:
    """What runs before the first frame leaves the model, loading and search to the worker."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORTS_BEFORE_FIRST_FRAME],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "light"


class GatedApp(NegotiationsApp):
    """The app, with the main screen's opening held back until the test lets it go."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, today=TODAY, remember_settings=False)
        self.gate = threading.Event()

    def record_sources(self) -> list[RecordSource]:
        self.gate.wait(timeout=30)
        return super().record_sources()


async def test_keys_typed_while_opening_act_in_order_once_open() -> None:
    app = GatedApp(BUNDLED)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OpeningScreen)
        assert "Loading…" in str(app.screen.query_one("#status").render())
        await pilot.press("j", "j", "slash", "g", "e", "n")
        assert isinstance(app.screen, OpeningScreen)  # held, not lost
        app.gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.focused is not None and screen.focused.id == "search-input"
        assert screen.query_one("#search-input", Input).value == "gen"  # `/` acted first
        assert screen.pane("round").cursor == 2  # the two j's moved through the records
        assert "Loading" not in str(screen.query_one(TitleBar).query_one("#status").render())


async def test_q_typed_first_while_opening_quits_at_once() -> None:
    app = GatedApp(BUNDLED)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OpeningScreen)
        assert app.return_code is None
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0  # before any record was loaded
        app.gate.set()


async def test_quitting_while_opening_exits_cleanly() -> None:
    """ctrl+q is never held: the app ends at once, and the worker finishing later is harmless."""
    app = GatedApp(BUNDLED)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OpeningScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        app.gate.set()
    assert app.return_code == 0


@pytest.fixture
def statuses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the title line's status says, in turn, every time it is set."""
    shown: list[str] = []
    original = TitleBar.show_status

    def show_status(self: TitleBar, text: str) -> None:
        shown.append(text)
        original(self, text)

    monkeypatch.setattr(TitleBar, "show_status", show_status)
    return shown


async def test_the_title_line_counts_the_files_as_they_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statuses: list[str]
) -> None:
    for number in range(3):
        text = MINIMAL.replace('id = "talks"', f'id = "talks-{number}"')
        (tmp_path / f"talks-{number}.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(load_controller, "PROGRESS_SECONDS", 0.0)  # every file, for the test
    monkeypatch.setenv("NEGOTIATIONS_CACHE_DIR", "off")
    app = NegotiationsApp(tmp_path, today=TODAY, remember_settings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    counts = [text for text in statuses if text.startswith("Loading ")]
    assert counts == ["Loading 1/3…", "Loading 2/3…", "Loading 3/3…"]
    assert statuses[0] == "Loading…"  # the opening frame, before any file
    assert statuses[-1] == ""  # loaded and indexed


async def test_the_title_line_counts_the_files_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statuses: list[str]
) -> None:
    write_dataset(tmp_path, count=4, rounds=2)
    monkeypatch.setattr(load_controller, "PROGRESS_SECONDS", 3600.0)  # the start and the end
    app = NegotiationsApp(tmp_path, today=TODAY, remember_settings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    indexing = statuses.index("Indexing 0/4…")
    assert statuses[indexing:] == ["Indexing 0/4…", "Preparing search…", ""]

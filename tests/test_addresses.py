"""A source's web address: Enter opens it in a desktop browser, or copies it where none is."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.helpers import MINIMAL
from tests.test_browser import make_app, ready
from tests.test_editing_ui import shown  # noqa: F401  (a fixture)
from tui.core import addresses
from tui.core.addresses import open_address, openable, opener_command
from tui.screens import copy_controller
from tui.screens.main import MainScreen
from tui.widgets.detail_view import DetailView


@pytest.mark.parametrize(
    "address",
    ["https://example.com/a", "http://www.mofcom.gov.cn/article/xwfb/?id=1#top", "HTTPS://x.org"],
)
def test_web_addresses_are_openable(address: str) -> None:
    assert openable(address)


@pytest.mark.parametrize(
    "address",
    [
        "",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "https://",  # no host
        "example.com/a",  # no scheme
        "https://example.com/a b",  # a space would split a command line
        "https://example.com/\x1b]52;c;aGk=\x07",  # terminal control
        "https://example.com/\u2028",  # a line separator
        "http://[::1",  # malformed
        "-https://example.com",  # would read as an option
    ],
)
def test_anything_else_is_not_handed_to_another_program(address: str) -> None:
    assert not openable(address)


def test_the_opener_is_a_desktop_one_and_only_where_a_desktop_is() -> None:
    paths = {
        "xdg-open": "/usr/bin/xdg-open",
        "open": "/usr/bin/open",
        "wslview": "/usr/bin/wslview",
        "gio": "/usr/bin/gio",
    }
    url = "https://example.com/a"

    def opener(
        environ: dict[str, str], platform: str = "linux", installed: tuple[str, ...] = tuple(paths)
    ) -> list[str] | None:
        def which(name: str) -> str | None:
            return paths[name] if name in installed else None

        return opener_command(url, platform=platform, environ=environ, which=which)

    assert opener({"DISPLAY": ":0"}) == ["/usr/bin/xdg-open", url]
    assert opener({"WAYLAND_DISPLAY": "wayland-0"}) == ["/usr/bin/xdg-open", url]
    # Over ssh or on a console: nothing can show it (and console browsers are never started).
    assert opener({"TERM": "xterm", "SSH_TTY": "/dev/pts/1"}) is None
    assert opener({"WSL_DISTRO_NAME": "Debian"}) == ["/usr/bin/wslview", url]
    assert opener({}, platform="darwin") == ["/usr/bin/open", url]
    assert opener({"SSH_CONNECTION": "10.0.0.2 5122 10.0.0.1 22"}, platform="darwin") is None
    assert opener({"DISPLAY": ":0"}, installed=()) is None
    assert opener({"DISPLAY": ":0"}, installed=("gio",)) == ["/usr/bin/gio", "open", url]


def test_the_opener_gets_the_address_as_one_argument_and_no_terminal(tmp_path: Path) -> None:
    target = tmp_path / "opened"
    script = (
        "import sys, os; "
        f"open({str(target)!r}, 'w')"
        ".write(repr((sys.argv[1:], os.isatty(0), os.getsid(0) == os.getpid())))"
    )
    url = "https://example.com/a?b=1&c=$(touch%20x)"
    assert open_address(url, [sys.executable, "-c", script, url]) is None
    deadline = time.monotonic() + 10
    while not target.exists() or not target.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert target.read_text() == repr(([url], False, True))
    assert open_address(url, [str(tmp_path / "no-such-opener"), url]) is not None
    assert open_address("javascript:alert(1)", [sys.executable, "-c", ""]) == "not a web address"
    for process in addresses._started:
        process.wait(timeout=10)


def records_with_address(tmp_path: Path, address: str) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    text = MINIMAL.replace('url = "https://example.com/a"', f'url = "{address}"')  # TOML escapes
    cited = 'issues = ["rare-earths"]\nsources = ["s01"]\nsummary'
    text = text.replace('issues = ["rare-earths"]\nsummary', cited)  # the first round cites it
    assert cited in text
    (folder / "talks.toml").write_text(text, encoding="utf-8")
    return folder


async def open_source_address(pilot: Pilot[int]) -> DetailView:
    """From the first round, follow its source, then Enter on the source's address."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    await pilot.press("enter")
    view = screen.query_one(DetailView)
    for _ in range(60):
        ref = view.current_ref
        if ref is not None and ref.kind == "source":
            break
        await pilot.press("right_square_bracket")
    await pilot.press("enter")
    assert screen.shown is not None and screen.shown.kind == "source"
    await pilot.press("right_square_bracket")  # the address is the source's first link
    assert view.current_address
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return view


async def test_enter_on_a_source_address_opens_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[str],  # noqa: F811
) -> None:
    started: list[tuple[str, list[str]]] = []

    def fake_open(address: str, command: list[str]) -> str | None:
        started.append((address, command))
        return None

    monkeypatch.setattr(copy_controller, "opener_command", lambda url: ["opener", url])
    monkeypatch.setattr(copy_controller, "open_address", fake_open)
    app = make_app(records_with_address(tmp_path, "https://example.com/a"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        view = await open_source_address(pilot)
        assert view.current_address == "https://example.com/a"
    assert started == [("https://example.com/a", ["opener", "https://example.com/a"])]
    assert any(m.startswith("Opening https://example.com/a") for m in shown)


async def test_without_a_desktop_the_address_is_copied(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[str],  # noqa: F811
) -> None:
    monkeypatch.setattr(copy_controller, "opener_command", lambda url: None)
    monkeypatch.setattr(copy_controller, "find_clipboard_tool", lambda: None)
    app = make_app(records_with_address(tmp_path, "https://example.com/a"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await open_source_address(pilot)
        assert app.clipboard == "https://example.com/a"
    assert any("No desktop browser here: copied https://example.com/a" in m for m in shown)


async def test_an_address_that_is_not_a_web_page_is_only_copied(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[str],  # noqa: F811
) -> None:
    def must_not_open(*args: Any) -> None:
        raise AssertionError("an address from the data was handed to another program")

    monkeypatch.setattr(copy_controller, "opener_command", must_not_open)
    monkeypatch.setattr(copy_controller, "open_address", must_not_open)
    monkeypatch.setattr(copy_controller, "find_clipboard_tool", lambda: None)
    address = "file:///etc/passwd\x1b]0;owned\x07"
    app = make_app(records_with_address(tmp_path, "file:///etc/passwd\\u001b]0;owned\\u0007"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await open_source_address(pilot)
        assert app.clipboard == address  # the data, exactly
    message = next(m for m in shown if m.startswith("Not a web address"))
    assert "\x1b" not in message and "\x07" not in message

"""Hostile text on the real screen: the app as a user launches it, in a pseudo-terminal.

Records full of markup, action links, ESC/OSC/CSI/C1 sequences, bidi controls and wide text
are browsed, searched, clicked, listed as problems and named in a notification. The bytes the
terminal receives must hold none of the data's sequences, no click may fire an action, and the
emulated screen must show the text as written (controls as visible stand-ins).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import snapshot_tree
from tests.terminal import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

HOSTILE = r"""schema = 1
id = "hostile"
title = "[@click=app.quit]Click me[/] \u001b]0;PWNED\u0007 [bold]"

[[parties]]
id = "us"
name = "[/]"

[[participants]]
id = "evil"
name = "[@click=app.quit]Evil[/] \u001b]52;c;SU5KRUNURUQ=\u0007"
name_original = "\u202eabc 何立峰 🤝"
party = "us"
role = "[TODO] \u001b[5n \u009b6n"

[[participants]]
id = "plain"
name = "Plain\U000E0041\u2062 Person"
party = "us"

[[issues]]
id = "trap"
title = "[link=http://evil.example/markup]x[/link] \u001b]8;;http://evil.example/osc8\u001b\\here\u001b]8;;\u001b\\"
summary = "\u009d0;C1TITLE\u0007 NUL \u0000 DEL \u007f \u2066isolate"

[[rounds]]
id = "r1"
number = 1
start = 2025-01-01
city = "[b]Bold?[/b]"
participants = ["evil"]
issues = ["trap"]
summary = "[@click=screen.simulate_key('q')]press q[/]"

[[rounds.quotes]]
speaker = "evil"
date = 2025-01-01
text = "[@click=app.quit]quote[/]"
"""

BROKEN = r"""schema = 1
id = "broken"
title = "Broken"

[[rounds]]
id = "r"
number = "\u001b]0;BROKEN\u0007"
start = 2025-01-01
"""

HOSTILE_FILE_NAME = "\x1b]0;FNAME\x07.toml"

# Sequences from the data that must never reach the terminal as bytes.
FORBIDDEN: dict[str, re.Pattern[bytes]] = {
    "OSC 0 window title": re.compile(rb"\x1b\]0;(PWNED|BROKEN|FNAME|PASTED)"),
    "OSC 52 clipboard": re.compile(rb"\x1b\]52;c;SU5KRUNURUQ="),
    "OSC 8 link": re.compile(rb"(?:\x1b\]|\xc2\x9d)8;[^\x07\x1b]*http://evil\.example"),
    "CSI status report": re.compile(rb"\x1b\[5n"),
    "C1 CSI or OSC": re.compile(rb"\xc2[\x9b\x9d]"),
    "bidi override or isolate": re.compile(rb"\xe2\x80\xae|\xe2\x81\xa6"),
    "tag or invisible operator": re.compile(rb"\xf3\xa0\x81\x81|\xe2\x81\xa2"),
    "NUL or DEL": re.compile(rb"[\x00\x7f]"),
}


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "hostile.toml").write_text(HOSTILE, encoding="utf-8")
    (folder / "broken.toml").write_text(BROKEN, encoding="utf-8")
    (folder / HOSTILE_FILE_NAME).write_bytes(b"")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "NEGOTIATIONS_CONFIG_DIR": str(tmp_path / "config"),
        "NEGOTIATIONS_DATA_DIR": str(tmp_path / "data"),
    }
    running = Terminal([str(folder)], env)
    try:
        yield running, folder
    finally:
        running.close()


def assert_no_data_sequences(output: bytes) -> None:
    found = {
        name: output[max(0, m.start() - 100) : m.end() + 40]
        for name, p in FORBIDDEN.items()
        if (m := p.search(output))
    }
    assert found == {}, found


def test_hostile_records_reach_the_terminal_only_as_visible_text(
    terminal: tuple[Terminal, Path],
) -> None:
    term, folder = terminal
    before = snapshot_tree(folder)
    shown = term.wait_for_text("Participants", "[@click=app.quit]Click me[/] ␛]0;PWNED␇ [bold]")
    assert "2 problems" in shown or "problems" in shown

    # Participants: markup, OSC 52, bidi, wide text and CSI, all shown literally.
    term.send("2")
    shown = term.wait_for_text("[@click=app.quit]Evil[/] ␛]52;c;SU5KRUNURUQ=␇")
    term.wait_for_text("<U+202E>abc 何立峰 🤝", "[TODO] ␛[5n <U+009B>6n", "Plain<U+E0041><U+20")
    assert_borders_aligned(term)

    # Clicking on every action link on screen fires nothing.
    for column, row in find_all(term, "[@click="):
        term.click(column + 2, row)
        term.click(column + 9, row)
    term.settle()
    assert term.process.poll() is None, "a click on record text ended the app"

    # The app still answers keys: the issue with markup links and OSC 8.
    term.send("3")
    term.wait_for_text(
        "[link=http://evil.example/markup]x[/link]",
        "␛]8;;http://evil.example/osc8␛\\here␛]8;;␛\\",
        "<U+009D>0;C1TITLE␇ NUL ␀ DEL ␡ <U+2066>isolate",
    )
    term.send("1")
    term.wait_for_text("[b]Bold?[/b]", "[@click=screen.simulate_key('q')]press q[/]")
    for column, row in find_all(term, "[@click="):
        term.click(column + 3, row)
    term.settle()
    assert term.process.poll() is None

    # A search typed with markup is literal; results show matched hostile text as written.
    term.send("/")
    term.wait_for_text("Search")
    term.send("[@click=app.quit]")
    term.wait_for(lambda s: "[@click=app.quit]" in s.splitlines()[2], "the query in the box")
    term.send("\x7f" * 20 + "evil")
    term.wait_for_text("␛]52;c;SU5KRUNURUQ=␇")
    term.send("\x1b")
    term.settle()

    # The command palette finds records by their hostile names and shows them as written.
    term.send("\x10")  # ctrl+p
    term.wait_for_text("Search for commands")
    term.send("Evil")
    term.wait_for(lambda s: s.count("[@click=app.quit]Evil[/]") >= 1 and "␛]52" in s, "a hit")
    for _ in range(5):  # escape closes the list of hits first, then the palette
        if "🔎" not in term.text():
            break
        term.send("\x1b")
        term.settle()
    assert "🔎" not in term.text(), term.text()

    # The problems view: a validation message quoting the data, and a hostile file name.
    term.send("p")
    term.wait_for_text("broken.toml:7", '␛]0;BROKEN␇"', "␛]0;FNAME␇.toml:1")
    term.send("\x1b")
    term.settle()

    # The edit form holds the hostile values as text; leaving it unchanged asks nothing.
    term.send("2")
    term.settle()
    term.send("e")
    term.wait_for_text("ctrl+s apply · esc cancel", "[TODO] ␛[5n <U+009B>6n")
    term.send("\x1b")
    term.wait_for(lambda s: "ctrl+s apply" not in s, "the form closed")

    # A notification naming a record: delete the hostile participant.
    term.send("d")
    term.wait_for_text("ctrl+z undoes this.")
    term.send("d")
    term.wait_for_text("Deleted [@click=app.quit]Evil[/]")
    term.settle()

    # Quitting asks about the unsaved deletion; discarding quits cleanly.
    term.send("q")
    term.wait_for_text("Quit with unsaved changes?")
    term.send("d")
    assert term.wait_exit() == 0
    assert_no_data_sequences(bytes(term.output))
    assert snapshot_tree(folder) == before, "nothing on disk changed"


def test_pasted_escape_sequences_never_act(terminal: tuple[Terminal, Path]) -> None:
    """A paste holding an OSC sequence: nothing reaches the terminal, the app keeps running.

    Textual's input parser ends a bracketed paste at an ESC inside it and re-reads the rest
    as keys (typed into the focused search box here); most terminals strip ESC from pasted
    text before it gets that far. What matters here: no sequence is echoed, nothing crashes.
    """
    term, folder = terminal
    before = snapshot_tree(folder)
    term.wait_for_text("Participants")
    term.send("/")
    term.wait_for_text("Search")
    term.send(b"\x1b[200~ab\x1b]0;PASTED\x07cd\x1b[201~")
    box = term.wait_for(lambda s: "PASTED" in s.splitlines()[2], "the pasted text in the box")
    assert "␛" not in box.splitlines()[2] and "␇" not in box.splitlines()[2]
    assert term.process.poll() is None
    term.send("\x1b")
    term.settle()
    term.send("q")
    assert term.wait_exit() == 0
    assert_no_data_sequences(bytes(term.output))
    assert snapshot_tree(folder) == before


def find_all(term: Terminal, text: str) -> list[tuple[int, int]]:
    """Every (column, row) where `text` starts on screen."""
    found = []
    for row, line in enumerate(term.lines()):
        start = line.find(text)
        while start >= 0:
            found.append((start, row))
            start = line.find(text, start + 1)
    assert found, f"{text!r} is not on screen"
    return found


def assert_borders_aligned(term: Terminal) -> None:
    """The left pane's right border sits in one column on every row, wide text or not."""
    term.settle()  # a whole frame painted, not half of one
    right = term.lines()[1].index("╮")  # no wide text in the title row of the panes
    rows = range(2, 38)
    column = {term.cell(right, row) for row in rows}
    assert column <= {"│", "╮", "╯", "╭", "╰"}, term.text()

"""OSC 52 sequences, tmux wrapping, the fallback tool, and one record as copied text."""

from __future__ import annotations

import base64
import sys
import tomllib
from pathlib import Path

from tests.helpers import BUNDLED
from tui.core.clipboard import (
    clipboard_sequence,
    find_clipboard_tool,
    osc52,
    run_clipboard_tool,
    tmux_passthrough,
)
from tui.core.formatting import long_date, tariff_line
from tui.core.links import Links, Ref
from tui.core.model import Negotiation, Round
from tui.core.record_copy import copy_record


def test_osc52_carries_the_text_in_base64() -> None:
    sequence = osc52("Geneva — 日内瓦")
    assert sequence.startswith("\x1b]52;c;") and sequence.endswith("\x07")
    payload = sequence[len("\x1b]52;c;") : -1]
    assert base64.b64decode(payload).decode("utf-8") == "Geneva — 日内瓦"


def test_tmux_passthrough_doubles_every_escape_inside() -> None:
    wrapped = tmux_passthrough("\x1b]52;c;QQ==\x07")
    assert wrapped == "\x1bPtmux;\x1b\x1b]52;c;QQ==\x07\x1b\\"


def test_the_sequence_is_wrapped_only_inside_tmux() -> None:
    bare = clipboard_sequence("x", environ={})
    assert bare == osc52("x")
    inside = clipboard_sequence("x", environ={"TMUX": "/tmp/tmux-1000/default,1,0"})
    assert inside.startswith("\x1bPtmux;\x1b\x1b]52;c;")
    assert inside.endswith(osc52("x"))  # also bare, for tmux's own set-clipboard


def test_the_fallback_tool_is_chosen_by_what_is_installed_and_the_display() -> None:
    installed = {"xclip": "/usr/bin/xclip", "wl-copy": "/usr/bin/wl-copy"}
    assert find_clipboard_tool(installed.get, {"DISPLAY": ":0"}) == (
        "/usr/bin/xclip",
        "-selection",
        "clipboard",
    )
    assert find_clipboard_tool(
        installed.get, {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    ) == ("/usr/bin/wl-copy",)
    assert find_clipboard_tool(installed.get, {}) is None  # no display: X11 tools cannot work
    assert find_clipboard_tool({"pbcopy": "/usr/bin/pbcopy"}.get, {}) == ("/usr/bin/pbcopy",)


def test_running_the_tool_pipes_the_text_and_reports_failures(tmp_path: Path) -> None:
    target = tmp_path / "copied.txt"
    script = f"import sys; open({str(target)!r}, 'wb').write(sys.stdin.buffer.read())"
    assert run_clipboard_tool([sys.executable, "-c", script], "round 3 · 日内瓦") is None
    assert target.read_text(encoding="utf-8") == "round 3 · 日内瓦"
    failing = run_clipboard_tool([sys.executable, "-c", "raise SystemExit(4)"], "x")
    assert failing == "exit status 4"
    assert run_clipboard_tool([str(tmp_path / "missing-tool")], "x") is not None


def _links() -> Links:
    data = tomllib.loads(BUNDLED.read_text(encoding="utf-8"))
    return Links.build(Negotiation.model_validate(data))


def test_a_round_copies_as_markdown_toml_and_json() -> None:
    links = _links()
    n = links.negotiation
    stockholm = n.rounds_in_order()[2]
    ref = Ref("round", n.id, stockholm.id)
    markdown = copy_record(links, ref, "markdown")
    assert markdown is not None and markdown.name == "round 3"
    assert markdown.text.startswith("### 3. Stockholm — 28–29 July 2025")
    # Its citations go with it, with their addresses, and each quote's in one bracket.
    sources = {s.id: s for s in n.sources}
    cited = [*stockholm.sources, *(q.source for q in stockholm.quotes if q.source)]
    assert cited and "**Sources:**" in markdown.text
    for source_id in cited:
        assert f"- [{source_id}] {sources[source_id].outlet}" in markdown.text
        assert f"<{sources[source_id].url}>" in markdown.text
    assert ") (" not in markdown.text
    toml = copy_record(links, ref, "toml")
    assert toml is not None and toml.text.startswith("[[rounds]]")
    again = Round.model_validate(tomllib.loads(toml.text)["rounds"][0])
    assert again == stockholm
    as_json = copy_record(links, ref, "json")
    assert as_json is not None and '"id": "stockholm-2025"' in as_json.text


def test_the_negotiation_shown_with_i_copies_whole() -> None:
    links = _links()
    n = links.negotiation
    ref = Ref("negotiation", n.id, n.id)
    markdown = copy_record(links, ref, "markdown")
    assert markdown is not None and markdown.name == "negotiation"
    assert markdown.text.startswith(f"# {n.title}")
    # Everything the overview (`i`) shows goes with it, and every record besides.
    text = markdown.text
    assert "*Status: ongoing · 10 May – 30 October 2025*" in text
    assert "6 rounds · 28 participants · 12 issues · 36 events · 109 sources" in text
    assert f"**Tags:** {', '.join(n.tags)}" in text
    for party in n.parties:
        assert f"- **{party.name}" in text
    for level in n.tariffs:
        assert f"- {tariff_line(n, level)}" in text
    for event in n.events:
        assert f"### {event.title} — {long_date(event.date)}" in text
    for person in n.participants:
        assert f"### {person.name}" in text
    for round_ in n.rounds:
        assert f"### {round_.number}. " in text
    toml = copy_record(links, ref, "toml")
    assert toml is not None
    assert Negotiation.model_validate(tomllib.loads(toml.text)) == n
    as_json = copy_record(links, ref, "json")
    assert as_json is not None and f'"id": "{n.id}"' in as_json.text
    assert copy_record(links, Ref("negotiation", n.id, "other"), "markdown") is None


def test_a_missing_record_copies_nothing() -> None:
    links = _links()
    assert copy_record(links, Ref("round", links.negotiation.id, "gone"), "markdown") is None

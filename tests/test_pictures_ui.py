"""Pilot tests for the timeline (t), the tariff chart (c) and copying a record (y)."""

from __future__ import annotations

import base64
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.geometry import Size
from textual.widgets import OptionList

from tests.test_browser import make_app, ready
from tui.app import NegotiationsApp
from tui.core.timeline import Line
from tui.screens import copy_controller
from tui.screens.tariff_chart import TariffChartScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.record_list import RecordList
from tui.widgets.text_chart import TextChart


def selected_cells(chart: TextChart) -> str:
    return "".join(text for line in chart.lines for text, style in line if style == "selected")


async def test_t_opens_the_timeline_on_the_selected_round_and_it_follows_the_cursor() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j", "t")
        timeline = pilot.app.screen
        assert isinstance(timeline, TimelineScreen)
        assert timeline.selected == "round:stockholm-2025"
        records = timeline.query_one(RecordList)
        assert records.current_key == "round:stockholm-2025"
        chart = timeline.query_one("#timeline-chart", TextChart)
        assert selected_cells(chart) == "3"
        countdown = str(timeline.query_one("#timeline-countdown").render())
        assert "9 days until Extended tariff truce deadline (10 Nov 2025)" in countdown
        # Move down to the next dated record, then on to the Madrid round.
        while records.current_key != "round:madrid-2025":
            await pilot.press("j")
            await pilot.pause()
            assert timeline.selected == records.current_key
        assert selected_cells(chart) == "4"
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.shown is not None and screen.shown.id == "madrid-2025"
        assert screen.pane("round").current_key == "madrid-2025"


async def test_t_from_the_overview_opens_on_the_round_selected_in_its_pane() -> None:
    """The overview (i) is not on the timeline: it opened on round 1 whatever was selected."""
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j", "j", "i")
        await pilot.pause()
        assert screen.shown is not None and screen.shown.kind == "negotiation"
        await pilot.press("t")
        timeline = pilot.app.screen
        assert isinstance(timeline, TimelineScreen)
        assert timeline.selected == "round:madrid-2025"


async def test_escape_closes_the_timeline_without_moving() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.press("t")
        timeline = pilot.app.screen
        assert isinstance(timeline, TimelineScreen)
        await pilot.press("j", "escape")
        await pilot.pause()
        assert not timeline.is_active
        assert pilot.app.screen is screen
        assert screen.pane("round").current_key == "geneva-2025"


async def test_enter_on_an_event_opens_it_in_the_detail_view() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("t", "g", "enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.shown is not None
        assert (screen.shown.kind, screen.shown.id) == ("event", "xi-trump-call-2025-01-17")


async def test_c_opens_the_tariff_chart_drawn_from_the_records() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("c")
        chart_screen = pilot.app.screen
        assert isinstance(chart_screen, TariffChartScreen)
        text = "\n".join(chart_screen.query_one("#tariff-chart", TextChart).plain_lines)
        assert "145%" in text and "125%" in text
        assert "rounds" in text
        steps = str(chart_screen.query_one("#tariff-steps").render())
        assert "145% (9 Apr) → 30% (14 May)" in steps
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_the_chart_says_so_when_there_are_no_tariff_records(records: Path) -> None:
    async with make_app(records).run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        chart_screen = pilot.app.screen
        assert isinstance(chart_screen, TariffChartScreen)
        assert "No tariff records" in str(chart_screen.query_one("#tariff-empty").render())
        # Nothing to step through: no stepping keys offered.
        await pilot.pause()
        assert "Next change" not in "".join(
            str(widget.render()) for widget in chart_screen.query("FooterKey")
        )


class Terminal:
    """Stands in for the terminal: keeps what the app writes to it."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, data: str) -> bool:
        self.written.append(data)
        return True

    def copied(self) -> str:
        (sequence,) = self.written
        assert sequence.startswith("\x1b]52;c;") and sequence.endswith("\x07")
        return base64.b64decode(sequence[len("\x1b]52;c;") : -1]).decode("utf-8")


def messages(app: App[Any]) -> list[str]:
    shown: list[str] = getattr(app, "messages_shown", [])
    return shown


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    monkeypatch.delenv("TMUX", raising=False)
    fake = Terminal()
    monkeypatch.setattr(NegotiationsApp, "write_to_terminal", lambda app, data: fake.write(data))
    monkeypatch.setattr(copy_controller, "find_clipboard_tool", lambda: None)
    original = NegotiationsApp.notify

    def notify(app: NegotiationsApp, message: str, **kwargs: Any) -> None:
        app.messages_shown = [*getattr(app, "messages_shown", []), message]  # type: ignore[attr-defined]
        original(app, message, **kwargs)

    monkeypatch.setattr(NegotiationsApp, "notify", notify)
    return fake


async def test_y_copies_the_selected_round_as_markdown(terminal: Terminal) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "y")
        await pilot.pause()
        assert terminal.copied().startswith("### 3. Stockholm — 28–29 July 2025")
        assert pilot.app.clipboard == terminal.copied()
        assert any(m.startswith("Copied round 3 as Markdown (OSC 52;") for m in messages(pilot.app))


async def test_inside_tmux_the_sequence_is_wrapped(
    terminal: Terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")
    async with make_app().run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("y")
        await pilot.pause()
        (sequence,) = terminal.written
        assert sequence.startswith("\x1bPtmux;\x1b\x1b]52;c;")
        assert any("OSC 52 via tmux" in m for m in messages(pilot.app))


async def test_the_clipboard_tool_gets_the_text_too(
    terminal: Terminal, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "clipboard.txt"
    script = f"import sys; open({str(target)!r}, 'wb').write(sys.stdin.buffer.read())"
    monkeypatch.setattr(
        copy_controller, "find_clipboard_tool", lambda: (sys.executable, "-c", script)
    )
    async with make_app().run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("3", "y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == terminal.copied()
        assert terminal.copied().startswith("### Tariff levels")
        name = Path(sys.executable).name
        assert f"Copied issue as Markdown (OSC 52 + {name})." in messages(pilot.app)


async def test_the_palette_copies_as_toml(terminal: Terminal) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p", *"copy record as toml")
        palette = pilot.app.screen
        assert isinstance(palette, CommandPalette)
        options = palette.query_one(OptionList)
        while not options.option_count:
            await pilot.pause()
        await pilot.press("enter")
        while not terminal.written:
            await pilot.pause()
        assert pilot.app.screen is screen
        data = tomllib.loads(terminal.copied())
        assert data["rounds"][0]["id"] == "geneva-2025"


async def test_json_copy(terminal: Terminal, records: Path) -> None:
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await screen.run_action("copy('json')")
        assert '"id": "geneva"' in terminal.copied()
        assert "Copied round 1 as JSON" in messages(pilot.app)[-1]


async def test_nothing_to_copy_says_so(terminal: Terminal, tmp_path: Path) -> None:
    folder = tmp_path / "nothing"
    folder.mkdir()
    async with make_app(folder).run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert terminal.written == []
        assert "Nothing selected to copy." in messages(pilot.app)


async def test_an_empty_negotiation_shows_and_copies_its_overview(
    terminal: Terminal, tmp_path: Path
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "empty.toml").write_text('schema = 1\nid = "empty"\ntitle = "Empty"\n')
    async with make_app(folder).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.shown is not None and screen.shown.kind == "negotiation"
        await pilot.press("y")
        await pilot.pause()
        assert terminal.copied().startswith("# Empty")
        await pilot.press("t")
        timeline = pilot.app.screen
        assert isinstance(timeline, TimelineScreen)
        chart = timeline.query_one("#timeline-chart", TextChart)
        assert chart.plain_lines == ["No rounds or dated events to show."]
        assert "no deadlines in the records" in str(
            timeline.query_one("#timeline-countdown").render()
        )


HOSTILE_EVENTS = """\
schema = 1
id = "hostile"
title = "[bold]Talks[/]"

[[parties]]
id = "a"
name = "[@click=app.quit]A[/]"

[[parties]]
id = "b"
name = "B \\u001b]52;c;aGVsbG8=\\u0007"

[[rounds]]
id = "r1"
number = 1
start = 2025-03-01
title = "[/]"

[[events]]
id = "e1"
date = 2025-03-05
kind = "deadline"
title = "[@click=app.quit]Deadline[/] \\u001b[2J"

[[tariffs]]
date = 2025-02-01
imposer = "a"
target = "b"
rate_percent = 25.0
measure = "[b]m[/b]"
headline = true
"""


async def test_record_text_in_the_pictures_is_shown_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.toml").write_text(HOSTILE_EVENTS, encoding="utf-8")
    async with make_app(folder).run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("t", "G")
        timeline = pilot.app.screen
        assert isinstance(timeline, TimelineScreen)
        rows = [row.cells[2] for row in timeline.query_one(RecordList).rows]
        assert "[@click=app.quit]Deadline[/] \x1b[2J" in rows  # stored exactly, drawn visibly
        countdown = str(timeline.query_one("#timeline-countdown").render())
        assert "[@click=app.quit]Deadline[/]" in countdown and "\x1b" not in countdown
        await pilot.press("escape", "c")
        chart = pilot.app.screen
        assert isinstance(chart, TariffChartScreen)
        legend = "".join(chart.query_one("#tariff-legend", TextChart).plain_lines)
        assert "[@click=app.quit]A[/] on B" in legend
        steps = str(chart.query_one("#tariff-steps").render())
        assert "25% (1 Feb)" in steps and "\x1b" not in steps
        await pilot.press("escape")
        assert pilot.app.is_running


async def test_y_in_the_timeline_copies_the_selected_record(terminal: Terminal) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "t", "y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TimelineScreen)
        assert terminal.copied().startswith("### 2. London")
        assert any(m.startswith("Copied round 2 as Markdown") for m in messages(pilot.app))


async def test_arrows_step_through_the_changes_of_the_tariff_chart() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        chart_screen = pilot.app.screen
        assert isinstance(chart_screen, TariffChartScreen)
        detail = chart_screen.query_one("#tariff-step-detail")
        assert str(detail.render()).startswith("▶ 4 Feb 2025 · US on China 10%: IEEPA fentanyl")
        await pilot.press("right", "right", "right")
        assert "9 Apr 2025 · US on China 145%: headline aggregate" in str(detail.render())
        chart = chart_screen.query_one("#tariff-chart", TextChart)
        assert "145%" in "".join(chart.plain_lines)
        assert any(style == "step-selected" for line in chart.lines for _, style in line)
        await pilot.press("left", "G")
        assert "10 Nov 2025" in str(detail.render())
        await pilot.press("g", "k")
        assert "4 Feb 2025" in str(detail.render())


async def test_the_chart_keeps_its_size_while_stepping() -> None:
    """A change described on one line and one on two moved the chart up and down a row."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await pilot.pause()
        chart = pilot.app.screen.query_one("#tariff-chart", TextChart)
        heights = set()
        for _ in range(12):
            heights.add(chart.size.height)
            await pilot.press("right")
            await pilot.pause()
        assert len(heights) == 1


def test_a_chart_is_drawn_for_its_size_as_it_is_when_painted() -> None:
    """A paint can come between a terminal's new size and the chart's `Resize` event: the
    drawing must follow the size itself, not wait for the event (the picture was cropped)."""
    sizes: list[tuple[int, int]] = []

    def draw(width: int, height: int) -> list[Line]:
        sizes.append((width, height))
        return [[("x" * width, "axis")]]

    class Sized(TextChart):
        now = Size(100, 9)

        @property
        def content_size(self) -> Size:
            return self.now

    chart = Sized(draw)
    assert chart.plain_lines == ["x" * 100]
    assert chart.plain_lines == ["x" * 100] and sizes == [(100, 9)]  # drawn once per size
    chart.now = Size(60, 9)  # no Resize event yet
    assert chart.plain_lines == ["x" * 60]
    assert sizes == [(100, 9), (60, 9)]

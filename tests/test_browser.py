"""Pilot tests: the browser's keys, linked selection, history, dialogs, and hostile text."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.helpers import MINIMAL
from tui.app import NegotiationsApp
from tui.core.links import Ref
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.picker import NegotiationPicker
from tui.screens.problems import ProblemsScreen
from tui.widgets.detail_view import DetailView
from tui.widgets.record_list import RecordList

TODAY = datetime.date(2025, 11, 1)


def make_app(path: Path | None = None) -> NegotiationsApp:
    return NegotiationsApp(path, today=TODAY, remember_settings=False)


async def ready(pilot: Pilot[int]) -> MainScreen:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


def detail_text(screen: MainScreen) -> str:
    """The detail view's text, one paragraph per line (before wrapping)."""
    return "\n".join(line.plain for line in screen.query_one(DetailView).detail.lines)


def detail_shown(screen: MainScreen) -> str:
    """The detail view's wrapped lines, as painted (control characters already replaced)."""
    return "\n".join(screen.query_one(DetailView).lines_text)


def kind_under_cursor(view: DetailView) -> str | None:
    ref = view.current_ref
    return ref.kind if ref is not None else None


def shown_kind(screen: MainScreen) -> str | None:
    return screen.shown.kind if screen.shown is not None else None


def focused_id(screen: MainScreen) -> str | None:
    return screen.focused.id if screen.focused is not None else None


def pane_of(screen: MainScreen) -> str:
    return screen.active_pane


def rendered(widget: RecordList | DetailView) -> str:
    """What the widget actually paints, line by line."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_opens_on_bundled_rounds_in_date_order() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        rounds = screen.pane("round")
        cities = [row.cells[2] for row in rounds.rows]
        assert cities == ["Geneva", "London", "Stockholm", "Madrid", "Kuala Lumpur", "Busan"]
        assert screen.focused is rounds
        assert "Round 1 · Geneva" in detail_text(screen)
        # All three panes and the detail are on screen at 120x40.
        for kind in ("round", "participant", "issue"):
            assert screen.pane(kind).region.height > 5
        assert screen.query_one(DetailView).region.width > 40
        participants = rendered(screen.pane("participant"))
        assert "He Lifeng" in participants and "何立峰" in participants


async def test_round_marks_its_participants_and_issues() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j", "j", "j")  # Kuala Lumpur
        assert screen.pane("round").current_key == "kuala-lumpur-2025"
        marked_people = screen.pane("participant").marked
        assert {"he-lifeng", "scott-bessent", "jamieson-greer", "li-chenggang"} <= marked_people
        assert "donald-trump" not in marked_people
        assert "rare-earth-controls" in screen.pane("issue").marked
        assert "tiktok" not in screen.pane("issue").marked
        # Marked rows out of view are known to be there: the border counts them.
        people = screen.pane("participant")
        assert people.border_subtitle == f"● {len(marked_people)} · {people.row_count}"
        assert screen.pane("round").border_subtitle == "6"  # its own pane marks nothing
        text = detail_text(screen)
        for expected in (
            "Merdeka 118",
            "WHO WAS THERE",
            "ISSUES DISCUSSED",
            "OUTCOME",
            "QUOTES",
            "SOURCES",
        ):
            assert expected in text
        assert "We're getting to a point where we have something we can present" in text


async def test_participant_marks_rounds_attended() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("2")
        assert screen.focused is screen.pane("participant")
        await pilot.press("G")
        assert screen.pane("participant").cursor == screen.pane("participant").row_count - 1
        await pilot.press("g")
        assert screen.pane("participant").current_key == "he-lifeng"
        assert screen.pane("round").marked == {
            "geneva-2025", "london-2025", "stockholm-2025", "madrid-2025",
            "kuala-lumpur-2025", "busan-2025",
        }  # fmt: skip
        await pilot.press("down")
        assert screen.pane("participant").current_key == "li-chenggang"
        assert "busan-2025" not in screen.pane("round").marked
        assert "ROUNDS ATTENDED" in detail_text(screen)


async def test_issue_marks_rounds_and_shows_positions_and_deadline() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("3")
        issues = screen.pane("issue")
        target = issues.index_of("tiktok")
        assert target is not None
        for _ in range(target):
            await pilot.press("j")
        assert issues.current_key == "tiktok"
        assert screen.pane("round").marked == {"madrid-2025"}
        text = detail_text(screen)
        assert "Deadline 17 September 2025" in text
        assert "POSITIONS" in text and "TAKEN UP IN (1)" in text


async def test_tab_cycles_panes_and_detail() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        order = []
        for _ in range(4):
            await pilot.press("tab")
            order.append(screen.focused.id if screen.focused else None)
        assert order == ["pane-participant", "pane-issue", "detail", "pane-round"]
        await pilot.press("shift+tab")
        assert isinstance(screen.focused, DetailView)


async def test_enter_opens_follow_reference_and_escape_goes_back() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        view = screen.query_one(DetailView)
        assert screen.focused is view
        # Move the detail cursor onto the first participant link and follow it.
        while kind_under_cursor(view) != "participant":
            await pilot.press("j")
        target = view.current_ref
        assert target is not None
        await pilot.press("enter")
        assert screen.shown == target
        assert screen.active_pane == "participant"
        assert screen.pane("participant").current_key == target.id
        assert focused_id(screen) == "detail"
        # Follow a round from the participant's page, then walk back twice.
        while kind_under_cursor(view) != "round":
            await pilot.press("j")
        await pilot.press("enter")
        assert shown_kind(screen) == "round"
        await pilot.press("escape")
        assert screen.shown == target
        await pilot.press("backspace")
        assert screen.shown is not None and screen.shown.id == "geneva-2025"
        assert pane_of(screen) == "round"
        await pilot.press("escape")  # nothing left: from the detail back to the pane
        assert focused_id(screen) == "pane-round"


async def test_sources_and_events_are_followable() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        view = screen.query_one(DetailView)
        while kind_under_cursor(view) != "source":
            await pilot.press("j")
        await pilot.press("enter")
        assert shown_kind(screen) == "source"
        assert "CITED BY ROUNDS" in detail_text(screen)
        await pilot.press("escape")
        assert shown_kind(screen) == "round"


async def test_i_shows_the_negotiation_as_a_whole_and_escape_goes_back() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("2", "i")
        assert shown_kind(screen) == "negotiation"
        assert focused_id(screen) == "detail"
        text = detail_text(screen)
        assert text.startswith("US–China trade negotiations, 2025\nongoing · 10 May – 30 October")
        assert "6 rounds · 28 participants · 12 issues" in text
        assert "People's Republic of China (China) · side" in text
        assert "Switzerland · host" in text  # a short name equal to the name is not repeated
        assert "SUMMARY" in text and "tit-for-tat" in text
        assert "9 April 2025 · US on China: 125% · reciprocal tariff" in text
        await pilot.press("escape")
        assert shown_kind(screen) == "participant"


async def test_mouse_click_selects_and_double_click_opens() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        rounds = screen.pane("round")
        await pilot.click(rounds, offset=(10, 4))  # border, header, rows 0, 1, 2
        assert rounds.current_key == "stockholm-2025"
        participants = screen.pane("participant")
        await pilot.click(participants, offset=(10, 3))
        assert screen.focused is participants
        assert participants.cursor == 1
        await pilot.double_click(participants, offset=(10, 3))
        assert isinstance(screen.focused, DetailView)


async def test_help_lists_the_declared_keys() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        text = " ".join(str(s.render()) for s in pilot.app.screen.query(".help-line"))
        for description in (
            "Next pane",
            "Rounds",
            "Participants",
            "Issues",
            "Back",
            "Quit",
            "Command palette",
            "Open",
            "First",
            "Last",
        ):
            assert description in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)


async def test_quit_key() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


def _second_negotiation(folder: Path, negotiation_id: str, title: str) -> None:
    text = MINIMAL.replace('id = "talks"', f'id = "{negotiation_id}"').replace("Test talks", title)
    (folder / f"{negotiation_id}.toml").write_text(text, encoding="utf-8")


async def test_picker_switches_negotiation_by_typing(records: Path) -> None:
    _second_negotiation(records, "eu-talks", "EU–UK fisheries talks")
    _second_negotiation(records, "wto-reform", "WTO réform")
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.browser.record_file is not None
        first = screen.browser.record_file.negotiation.id
        await pilot.press("o")
        assert isinstance(pilot.app.screen, NegotiationPicker)
        await pilot.press(*"reform")  # accent-insensitive
        picker_list = pilot.app.screen.query_one(RecordList)
        assert [row.key for row in picker_list.rows] == ["wto-reform"]
        title = pilot.app.screen.query_one("#picker-body").border_title
        assert title is not None and "(1 of 3)" in str(title)
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, MainScreen)
        assert screen.browser.record_file is not None
        assert screen.browser.record_file.negotiation.id == "wto-reform"
        assert first != "wto-reform"
        await pilot.press("o", "escape")
        assert screen.browser.record_file.negotiation.id == "wto-reform"


async def test_picker_lists_title_matches_first_and_enter_opens_the_best(records: Path) -> None:
    """ "us" used to open a negotiation listed first because it was "suspended"."""
    suspended = MINIMAL.replace('id = "talks"', 'id = "jp-kr"\nstatus = "suspended"').replace(
        "Test talks", "Japan–South Korea talks"
    )
    (records / "a-jp-kr.toml").write_text(suspended, encoding="utf-8")
    _second_negotiation(records, "us-china", "US–China trade talks")
    _second_negotiation(records, "belarus", "Belarus–Russia union talks")
    _second_negotiation(records, "eu-us", "EU–US steel talks")
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("o")
        picker_list = pilot.app.screen.query_one(RecordList)
        await pilot.press(*"us")
        # The title starting with it, then a word of a title starting with it, then a title
        # holding it inside a word, then a match in the status only.
        assert [row.key for row in picker_list.rows] == ["us-china", "eu-us", "belarus", "jp-kr"]
        assert picker_list.cursor == 0
        await pilot.press("enter")
        assert screen.browser.record_file is not None
        assert screen.browser.record_file.negotiation.id == "us-china"


async def test_picker_tells_negotiations_with_the_same_title_apart(records: Path) -> None:
    _second_negotiation(records, "talks-2024", "Test talks")
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        picker_list = pilot.app.screen.query_one(RecordList)
        titles = [row.cells[0] for row in picker_list.rows]
        assert sorted(titles) == ["Test talks (talks)", "Test talks (talks-2024)"]
        await pilot.press(*"2024")  # the id is there to type, too
        assert [row.key for row in picker_list.rows] == ["talks-2024"]


async def test_picker_shows_the_longest_date_span_whole(records: Path) -> None:
    long_talks = (
        MINIMAL.replace("start = 2025-05-10", "start = 2000-09-28")
        .replace("end = 2025-05-11", "end = 2000-09-29")
        .replace("start = 2025-06-09", "start = 2001-09-28")
    )
    (records / "talks.toml").write_text(long_talks, encoding="utf-8")
    _second_negotiation(records, "eu-talks", "EU–UK fisheries talks")
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await pilot.pause()
        picker_list = pilot.app.screen.query_one(RecordList)
        assert "28 Sep 2000–28 Sep 2001" in rendered(picker_list)


async def test_picker_shows_whole_names_and_dates_on_an_80_column_terminal(records: Path) -> None:
    _second_negotiation(records, "korea-japan", "South Korea–Japan talks #599")
    async with make_app(records).run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await pilot.pause()
        shown = rendered(pilot.app.screen.query_one(RecordList))
        assert re.search("South Korea–Japan talks #599 +10 May–9 Jun 2025", shown)


async def test_problems_view_lists_broken_files_and_the_rest_works(records: Path) -> None:
    (records / "broken.toml").write_text('schema = 1\nid = "x"\ntitle = \n')
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert [row.cells[2] for row in screen.pane("round").rows] == ["Geneva", "London"]
        indicator = screen.query_one("#problems-indicator")
        assert indicator.display
        assert "1 problem" in str(indicator.render())
        await pilot.press("p")
        problems = pilot.app.screen
        assert isinstance(problems, ProblemsScreen)
        row = problems.query_one(RecordList).rows[0]
        assert row.cells[0] == "broken.toml:3"
        assert "TOML syntax error" in row.cells[3]
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)


async def test_command_palette_jumps_to_a_record() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Li Chenggang")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.shown is not None and screen.shown.id == "li-chenggang"
        assert screen.pane("participant").current_key == "li-chenggang"


async def test_command_palette_lists_each_key_once_as_the_footer_shows_it() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        palette = pilot.app.screen
        assert isinstance(palette, CommandPalette)
        options = palette.query_one(OptionList)
        while not options.option_count:
            await pilot.pause()
        await pilot.pause(0.2)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        downs = [text for text in shown if text.startswith("Down")]
        assert len(downs) == 1  # `down` and `j` share one entry
        assert "key: ↓ j" in downs[0]
        first = next(text for text in shown if text.startswith("First"))
        assert "key: g home" in first  # not Textual's raw "g,home"
        assert not any("," in text.split("key: ", 1)[-1] for text in shown if "key: " in text)


async def test_narrow_terminal_shows_one_pane_at_a_time() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        assert screen.has_class("-narrow")
        visible = [
            kind
            for kind in ("round", "participant", "issue")
            if screen.pane(kind).display and screen.pane(kind).region.height
        ]
        assert visible == ["round"]
        await pilot.press("2")
        await pilot.pause()
        visible = [
            kind for kind in ("round", "participant", "issue") if screen.pane(kind).region.height
        ]
        assert visible == ["participant"]
        await pilot.press("tab")
        await pilot.pause()
        assert screen.focused is screen.pane("issue")
        assert screen.pane("issue").region.height > 3
        await pilot.press("tab")
        assert isinstance(screen.focused, DetailView)


HOSTILE = """\
schema = 1
id = "hostile"
title = "[@click=app.quit]Click me[/] \\u001b]52;c;aGVsbG8=\\u0007 [bold]"

[[parties]]
id = "us"
name = "[/]"

[[participants]]
id = "evil"
name = "[@click=app.quit]Evil[/]"
name_original = "\\u202eabc 何立峰"
party = "us"
role = "[TODO] \\u001b[31mred\\u001b[0m"

[[issues]]
id = "trap"
title = "[@click=screen.simulate_key('q')]trap"
summary = "\\u009b31m C1 CSI and NUL \\u0000 and DEL \\u007f"

[[rounds]]
id = "r1"
number = 1
start = 2025-01-01
city = "[b]Bold?[/b]"
participants = ["evil"]
issues = ["trap"]
summary = "[link=https://evil.example]x[/link]"

[[rounds.quotes]]
speaker = "evil"
date = 2025-01-01
text = "[@click=app.quit]quote[/]"
"""


async def test_hostile_text_is_shown_literally_and_does_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.toml").write_text(HOSTILE, encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(240, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.browser.dataset.errors == []
        rounds_text = rendered(screen.pane("round"))
        assert "[b]Bold?[/b]" in rounds_text
        people = rendered(screen.pane("participant"))
        assert "[@click=app.quit]Evil[/]" in people
        assert "<U+202E" in people and "\u202e" not in people
        assert "[TODO] ␛[31mred␛[0m" in people
        issues = rendered(screen.pane("issue"))
        assert "[@click=screen.simulate_key('q')]trap" in issues
        title = str(screen.query_one("#negotiation-title").render())
        assert "[@click=app.quit]Click me[/] ␛]52;c;aGVsbG8=␇ [bold]" in title
        detail = detail_shown(screen)
        await pilot.press("2")
        assert "<U+202E>abc 何立峰" in detail_shown(screen)
        await pilot.press("1")
        assert "[link=https://evil.example]x[/link]" in detail
        assert "“[@click=app.quit]quote[/]”" in detail
        # Click every line of every pane and of the detail view: nothing fires.
        for widget in [*screen.query(RecordList), screen.query_one(DetailView)]:
            for y in range(min(widget.size.height, 12)):
                await pilot.click(widget, offset=(4, y + 1))
                await pilot.click(widget, offset=(20, y + 1))
        await pilot.press("3")
        assert "<U+009B>31m C1 CSI and NUL ␀ and DEL ␡" in detail_shown(screen)
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot and "\x9b" not in screenshot and "\x00" not in screenshot
        assert app.is_running
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 20)])
async def test_wide_text_keeps_columns_aligned(size: tuple[int, int]) -> None:
    async with make_app().run_test(size=size) as pilot:
        screen = await ready(pilot)
        await pilot.press("2")
        await pilot.pause()
        participants = screen.pane("participant")
        widths = {participants.render_line(y).cell_length for y in range(participants.size.height)}
        assert widths == {participants.scrollable_content_region.width}


async def test_a_burst_of_keys_acts_in_the_order_typed() -> None:
    """Keys arriving together (a script, a paste, key repeat) act as if typed one by one."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        burst = [("3", "3"), ("j", "j"), ("j", "j"), ("j", "j"), ("enter", "\r")] + [
            ("j", "j")
        ] * 17
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        view = screen.query_one(DetailView)
        assert screen.pane("issue").current_key == "us-export-controls"
        assert focused_id(screen) == "detail"
        assert view.cursor == 17
        assert screen.shown is not None and screen.shown.id == "us-export-controls"


async def test_the_detail_cursor_is_visible() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter", "j", "j")
        view = screen.query_one(DetailView)
        cursor = view.get_component_rich_style("detail-view--cursor", partial=True).bgcolor
        assert cursor is not None
        row = view.render_line(2)
        assert {segment.style.bgcolor for segment in row if segment.style} == {cursor}
        other = view.render_line(3)
        assert cursor not in {segment.style.bgcolor for segment in other if segment.style}


async def test_opening_a_record_starts_at_its_top() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter", "G", "1", "enter")
        assert screen.query_one(DetailView).cursor == 0


async def test_help_scrolls_a_line_a_key_with_j_and_k_and_to_the_ends_with_g_and_g() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        body = pilot.app.screen.query_one("#help-body")
        assert body.scroll_y == 0
        await pilot.press(*"j" * 12)  # typed in a burst: every key counts
        assert body.scroll_y == 12
        await pilot.press(*"k" * 5)
        assert body.scroll_y == 7
        await pilot.press("G")
        assert body.max_scroll_y > 12
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g")
        assert body.scroll_y == 0


async def test_a_round_title_that_only_repeats_its_city_is_said_once() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j")  # Stockholm: its title is its city
        await pilot.pause()
        lines = detail_text(screen).splitlines()
        assert lines[:2] == ["Round 3 · Stockholm", "28–29 July 2025 · Stockholm, Sweden"]
        await pilot.press("k")  # London: a title of its own
        await pilot.pause()
        lines = detail_text(screen).splitlines()
        assert lines[0] == "Round 2 · London"
        assert lines[1].startswith("London: first meeting of the China–US")


async def test_the_issues_pane_writes_deadlines_as_the_other_lists_write_dates() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        tariffs = screen.pane("issue").rows[0]
        assert tariffs.cells[0].startswith("Tariff levels")
        assert tariffs.cells[2] == "10 Nov 2026"
        assert "10 Nov 2026" in rendered(screen.pane("issue"))


async def test_brackets_step_through_the_links_of_the_detail_view() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")  # the first round, its detail focused at the top
        view = screen.query_one(DetailView)
        assert screen.focused is view and view.current_ref is None  # the heading
        await pilot.press("right_square_bracket")
        first = view.current_ref
        assert first is not None and first.kind == "participant"
        await pilot.press("right_square_bracket", "left_square_bracket")
        assert view.current_ref == first
        await pilot.press("left_square_bracket")  # round to the last link
        assert view.current_ref is not None and view.cursor > 0
        await pilot.press("g", "enter")  # no link there: said, nothing happens
        assert screen.focused is view and screen.shown is not None and screen.shown.kind == "round"
        await pilot.press("right_square_bracket", "enter")
        assert screen.shown == first


async def test_a_link_that_wraps_is_one_stop_shown_whole_and_readable() -> None:
    """At 100 columns the first round's sources wrap: `]` visits each link once, at its first
    row, and the cursor covers every row of it, in a colour its text stands out from."""
    async with make_app().run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        view = screen.query_one(DetailView)
        lines = view.detail.lines
        links = [line for line in lines if line.ref is not None or line.address]
        rows = view._rows
        assert any(  # the case at hand: some link takes more than one row
            sum(1 for _, line in rows if line is link) > 1 for link in links
        )
        visited = []
        for _ in links:
            await pilot.press("right_square_bracket")
            row = view.cursor
            line = rows[row][1]
            assert row == 0 or rows[row - 1][1] is not line  # at the link's first row
            visited.append(line)
        assert visited == links  # each once, in order
        await pilot.press("right_square_bracket")  # round to the first again
        assert rows[view.cursor][1] is links[0]
        # The last link: every row of it painted as the cursor, with text unlike its background.
        await pilot.press("left_square_bracket")
        await pilot.pause()
        last = [i for i, (_, line) in enumerate(rows) if line is links[-1]]
        top = round(view.scroll_y)
        height = view.scrollable_content_region.height
        assert top <= last[0] and last[-1] < top + height  # all of it in view
        cursor = view.get_component_rich_style("detail-view--cursor", partial=True)
        for row in last:
            for segment in view.render_line(row - top):
                if segment.text.strip():
                    assert segment.style is not None
                    assert segment.style.bgcolor == cursor.bgcolor
                    assert segment.style.color != segment.style.bgcolor


async def test_dates_across_months_and_long_file_names_show_what_matters(records: Path) -> None:
    """A round across two months keeps its year in the rounds pane; a span across two years
    keeps the last year; a problem's long file name keeps its line number."""
    text = (records / "talks.toml").read_text(encoding="utf-8")
    text = text.replace(
        "start = 2025-05-10\nend = 2025-05-11", "start = 2025-05-30\nend = 2025-06-01"
    )
    text = text.replace("start = 2025-06-09", "start = 2025-12-28\nend = 2026-01-02")
    (records / "talks.toml").write_text(text, encoding="utf-8")
    long_name = "talks-0002-kr-in-bilateral-investment-treaty-review.toml"
    (records / long_name).write_text('schema = 1\nid = "x"\ntitle = \n')
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        shown = rendered(screen.pane("round"))
        assert "30 May–1 Jun 2025" in shown
        assert "28 Dec 2025–… 2026" in shown  # cut in the middle: both years still there
        await pilot.press("p")
        problems = pilot.app.screen
        assert isinstance(problems, ProblemsScreen)
        painted = rendered(problems.query_one(RecordList))
        assert re.search(r"  …[-\w]*-review\.toml:3 ", painted)


@pytest.mark.parametrize(
    ("query", "kind", "record_id"),
    [("Geneva joint statement", "event", "geneva-joint-statement"), ("[s102]", "source", "s102")],
)
async def test_command_palette_jumps_to_an_event_or_a_source(
    query: str, kind: str, record_id: str
) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*query)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.shown is not None
        assert (screen.shown.kind, screen.shown.id) == (kind, record_id)


async def test_a_records_problems_show_where_it_is_read(records: Path) -> None:
    """A participant whose party does not exist says so under its name, with the line; once
    an edit fixes it (not yet saved), the warning is gone."""
    text = (records / "talks.toml").read_text(encoding="utf-8")
    (records / "talks.toml").write_text(text.replace('party = "cn"', 'party = "zz"', 1))
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("2", "j")  # He Lifeng, of party "zz"
        await pilot.pause()
        shown = detail_text(screen)
        assert screen.shown is not None and screen.shown.id == "he-lifeng"
        line = next(n for n, t in enumerate(text.splitlines(), 1) if t == 'party = "cn"')
        assert f'⚠ party: refers to party "zz", which does not exist (line {line})' in shown
        await pilot.press("k")  # Scott Bessent: nothing wrong
        await pilot.pause()
        assert "⚠" not in detail_text(screen)
        browser = screen.browser
        negotiation = browser.negotiation
        assert negotiation is not None
        fixed = negotiation.model_copy(
            update={
                "participants": [
                    p.model_copy(update={"party": "cn"}) if p.id == "he-lifeng" else p
                    for p in negotiation.participants
                ]
            }
        )
        browser.apply(negotiation.id, fixed)
        assert "⚠" not in "\n".join(
            line.plain for line in browser.describe(Ref("participant", fixed.id, "he-lifeng")).lines
        )

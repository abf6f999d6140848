"""Files in $EDITOR at the line that matters, and problems that stay true as files change."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import MINIMAL
from tests.test_browser import make_app, ready
from tui.core.collection import load_path
from tui.core.editor import editor_command, record_line
from tui.core.links import Ref
from tui.core.saving import save_record_file
from tui.screens.dialogs import ChoiceScreen
from tui.screens.problems import ProblemsScreen
from tui.widgets.record_list import RecordList
from tui.widgets.search_panel import SearchPanel

# --- the command --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        ("vim", ["vim", "+12", "/r/a.toml"]),
        ("/usr/local/bin/nvim -u NONE", ["/usr/local/bin/nvim", "-u", "NONE", "+12", "/r/a.toml"]),
        ("nano", ["nano", "+12", "/r/a.toml"]),
        ("emacs-29.1 -nw", ["emacs-29.1", "-nw", "+12", "/r/a.toml"]),
        ("hx", ["hx", "/r/a.toml:12"]),
        ("code --wait", ["code", "--wait", "-g", "/r/a.toml:12"]),
        ("my-editor", ["my-editor", "/r/a.toml"]),  # unknown: no line, rather than a stray file
    ],
)
def test_the_editor_is_told_the_line_in_its_own_way(editor: str, expected: list[str]) -> None:
    assert editor_command("/r/a.toml", 12, {"EDITOR": editor}) == expected


def test_visual_comes_first_and_no_line_means_the_top() -> None:
    environ = {"VISUAL": "vim", "EDITOR": "nano"}
    assert editor_command("/r/a.toml", None, environ) == ["vim", "/r/a.toml"]


def test_a_relative_path_is_never_read_as_an_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert editor_command("-rf.toml", 3, {"EDITOR": "vim"}) == [
        "vim",
        "+3",
        str(tmp_path / "-rf.toml"),
    ]


def test_unbalanced_quotes_are_an_error() -> None:
    with pytest.raises(ValueError, match="quotation"):
        editor_command("/r/a.toml", 1, {"EDITOR": "vim '-c"})


def test_a_record_is_found_on_its_line(records: Path) -> None:
    text = (records / "talks.toml").read_text()
    lines = text.splitlines()
    [record] = load_path(records).files
    negotiation = record.negotiation

    def line_of(ref: Ref) -> str:
        found = record_line(text, negotiation, ref)
        assert found is not None
        return "\n".join(lines[found - 1 : found + 1])

    assert line_of(Ref("round", "talks", "london")) == '[[rounds]]\nid = "london"'
    assert line_of(Ref("participant", "talks", "he-lifeng")) == '[[participants]]\nid = "he-lifeng"'
    assert line_of(Ref("round", "talks", "geneva#0")).startswith("[[rounds.quotes]]")
    assert line_of(Ref("source", "talks", "s01")) == '[[sources]]\nid = "s01"'
    assert record_line(text, negotiation, Ref("negotiation", "talks", "talks")) is None
    assert record_line(text, negotiation, Ref("round", "talks", "nowhere")) is None


# --- problems that follow the files ---------------------------------------------------------

DUPLICATE_NUMBER = MINIMAL.replace('id = "london"\nnumber = 2', 'id = "london"\nnumber = 1')


def test_a_save_replaces_the_problems_of_its_file(records: Path) -> None:
    (records / "talks.toml").write_text(DUPLICATE_NUMBER)
    dataset = load_path(records)
    [warning] = dataset.warnings
    assert "round number 1 is also used" in warning.message
    record = dataset.files[0]
    negotiation = record.negotiation
    london = negotiation.rounds[1].model_copy(update={"number": 2})
    fixed = negotiation.model_copy(update={"rounds": [negotiation.rounds[0], london]})
    saved = save_record_file(record, fixed)
    assert saved.problems == []
    dataset.set_problems_of({record.path, saved.path}, saved.problems)
    assert dataset.problems == []
    # And a save that brings a problem in reports it, on the line it is now written on.
    again = save_record_file(saved, negotiation)
    [problem] = again.problems
    lines = (records / "talks.toml").read_text().splitlines()
    assert problem.line is not None and lines[problem.line - 1] == "number = 1"


def test_a_fixed_file_joins_the_others_and_a_duplicate_id_stays_out(records: Path) -> None:
    broken = records / "broken.toml"
    broken.write_text('schema = 1\nid = "second"\ntitle = \n')
    dataset = load_path(records)
    [error] = dataset.errors
    assert error.path == broken and [s.path for s in dataset.unloaded] == [broken]
    source = dataset.unloaded_source(broken)
    assert source is not None
    broken.write_text('schema = 1\nid = "talks"\ntitle = "Clash"\n')  # mended, but id taken
    assert dataset.read_unloaded(source) is None
    [error] = dataset.errors
    assert error.field == "id" and "also used by" in error.message and error.line == 2
    broken.write_text('schema = 1\nid = "second"\ntitle = "Second talks"\n')
    record = dataset.read_unloaded(source)
    assert record is not None and record.negotiation.title == "Second talks"
    assert dataset.problems == [] and dataset.unloaded == []
    assert [f.negotiation.id for f in dataset.files] == ["talks", "second"]


# --- in the app -----------------------------------------------------------------------------

FAKE_VIM = """\
#!{python}
import json, pathlib, sys
log = pathlib.Path({log!r})
calls = json.loads(log.read_text()) if log.exists() else []
calls.append(sys.argv[1:])
log.write_text(json.dumps(calls))
path = pathlib.Path(sys.argv[-1])
text = path.read_text()
for old, new in json.loads(pathlib.Path({edits!r}).read_text()):
    text = text.replace(old, new)
path.write_text(text)
"""


@pytest.fixture
def fake_vim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An editor called ``vim`` that logs its arguments and makes the edits listed in
    ``edits.json`` beside the log (at first: mends an empty title); the log."""
    log = tmp_path / "editor-calls.json"
    edits = tmp_path / "edits.json"
    edits.write_text(json.dumps([["title = \n", 'title = "Mended"\n']]))
    program = tmp_path / "bin" / "vim"
    program.parent.mkdir()
    program.write_text(FAKE_VIM.format(python=sys.executable, log=str(log), edits=str(edits)))
    program.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(program))
    return log


async def test_enter_on_a_problem_fixes_the_file_at_its_line(records: Path, fake_vim: Path) -> None:
    broken = records / "second.toml"
    broken.write_text('schema = 1\nid = "second"\n\ntitle = \n')
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        assert main.query_one("#problems-indicator").display
        await pilot.press("p")
        problems = pilot.app.screen
        assert isinstance(problems, ProblemsScreen)
        assert problems.query_one(RecordList).rows[0].cells[0] == "second.toml:4"
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert json.loads(fake_vim.read_text()) == [["+4", str(broken)]]
        # The list now says what is still wrong: nothing.
        assert problems.problems == []
        assert problems.query_one(RecordList).row_count == 0
        assert "0 errors" in str(problems.query_one("#problems-body").border_title)
        await pilot.press("escape")
        assert not main.query_one("#problems-indicator").display
        assert [f.negotiation.title for f in main.browser.files] == ["Test talks", "Mended"]
        title = str(main.query_one("#negotiation-title").render())
        assert title == "Test talks  (1/2, o to switch)"  # what was shown stays shown
        # Search knows the new negotiation.
        await pilot.press("/", *"mended")
        await pilot.pause(0.3)
        results = main.query_one("#search-results", RecordList)
        assert results.row_count >= 1
        assert all("Mended" in " ".join(row.cells) for row in results.rows)


async def test_e_opens_the_file_at_the_record_on_screen(records: Path, fake_vim: Path) -> None:
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("j")  # London, the second round
        await pilot.pause()
        assert main.shown is not None and main.shown.id == "london"
        await pilot.press("E")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    [[line, path]] = json.loads(fake_vim.read_text())
    lines = (records / "talks.toml").read_text().splitlines()
    number = int(line.removeprefix("+"))
    assert path == str(records / "talks.toml")
    assert lines[number - 1 : number + 1] == ["[[rounds]]", 'id = "london"']


async def test_a_save_that_mends_a_warning_clears_the_indicator(records: Path) -> None:
    (records / "talks.toml").write_text(DUPLICATE_NUMBER)
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        indicator = main.query_one("#problems-indicator")
        assert indicator.display and "1 warning" in str(indicator.render())
        negotiation = main.browser.negotiation
        assert negotiation is not None
        london = negotiation.rounds[1].model_copy(update={"number": 2})
        fixed = negotiation.model_copy(update={"rounds": [negotiation.rounds[0], london]})
        main.editor.commit(negotiation, fixed, "Renumbered London", None)
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert main.browser.modified == []
        assert main.browser.dataset.problems == []
        assert not indicator.display


async def test_a_warning_of_a_loaded_file_is_fixed_from_the_problems_view(
    records: Path, fake_vim: Path
) -> None:
    (records / "talks.toml").write_text(DUPLICATE_NUMBER)
    (fake_vim.parent / "edits.json").write_text(
        json.dumps([['id = "london"\nnumber = 1', 'id = "london"\nnumber = 2']])
    )
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("p")
        problems = pilot.app.screen
        assert isinstance(problems, ProblemsScreen)
        [row] = problems.query_one(RecordList).rows
        where = row.cells[0]
        await pilot.press("e")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert json.loads(fake_vim.read_text()) == [
            [f"+{where.rsplit(':', 1)[1]}", str(records / "talks.toml")]
        ]
        assert problems.problems == [] and main.browser.dataset.problems == []
        assert main.browser.negotiation is not None
        assert [r.number for r in main.browser.negotiation.rounds] == [1, 2]
        await pilot.press("escape")
        assert not main.query_one("#problems-indicator").display


async def test_an_editor_that_cannot_start_gives_the_terminal_back(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's `suspend` resumes the app only when its block ends normally: an editor that
    could not start used to leave a blank screen that no longer read keys."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "/nowhere/editor")
    app = make_app(records)
    handed: list[str] = []

    @contextlib.contextmanager
    def suspend() -> Iterator[None]:
        handed.append("to the editor")
        yield  # as Textual's: what follows runs only when the block ends without an error
        handed.append("back to the app")

    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        monkeypatch.setattr(app, "suspend", suspend)
        await pilot.press("E")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
    assert handed == ["to the editor", "back to the app"]


def test_blank_visual_leaves_the_choice_to_editor() -> None:
    assert editor_command("/r/a.toml", 5, {"VISUAL": "  ", "EDITOR": "nano"}) == [
        "nano",
        "+5",
        "/r/a.toml",
    ]


def test_the_line_of_a_record_is_not_looked_for_in_a_fifo(records: Path) -> None:
    """Read as the loader reads: a FIFO in the file's place used to block the app for ever."""
    from tui.screens.file_editor import _line_of_record  # noqa: PLC0415

    [record] = load_path(records).files
    fifo = records / "talks.toml"
    fifo.unlink()
    os.mkfifo(fifo)
    assert _line_of_record(fifo, record.negotiation, Ref("round", "talks", "london")) is None


async def test_an_id_already_loaded_is_not_taken_by_a_file_edited_in_the_editor(
    records: Path, fake_vim: Path
) -> None:
    """Two loaded files with one id are saved into each other: the second stays as it was."""
    other = MINIMAL.replace('id = "talks"', 'id = "bee"').replace("Test talks", "Bee talks")
    (records / "b.toml").write_text(other)
    (fake_vim.parent / "edits.json").write_text(json.dumps([['id = "talks"', 'id = "bee"']]))
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        assert main.browser.negotiation is not None
        assert main.browser.negotiation.id == "bee"  # b.toml comes first
        await pilot.press("o", *"test", "enter")
        await pilot.pause()
        assert main.browser.negotiation.id == "talks"
        await pilot.press("E")
        await pilot.pause(0.5)
        dialog = pilot.app.screen
        assert isinstance(dialog, ChoiceScreen) and dialog.question == "The file has problems"
        assert any('negotiation id "bee" is also used by' in line for line in dialog.details)
        await pilot.press("k")  # leave it for now
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert [f.negotiation.id for f in main.browser.files] == ["bee", "talks"]
        [problem] = main.browser.dataset.errors
        assert problem.path == records / "talks.toml" and problem.field == "id"
        assert main.query_one("#problems-indicator").display


async def test_an_id_changed_in_the_editor_leaves_nothing_behind_in_search(
    records: Path, fake_vim: Path
) -> None:
    (fake_vim.parent / "edits.json").write_text(json.dumps([['id = "talks"', 'id = "renamed"']]))
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("E")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert main.browser.negotiation is not None
        assert main.browser.negotiation.id == "renamed"
        index = main.query_one(SearchPanel).index
        assert index is not None
        assert {ref.negotiation for ref in index.search("geneva").refs()} == {"renamed"}


async def test_edits_discarded_before_the_editor_are_gone_at_once(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when the editor then cannot start, what is shown is the file, not the edits."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "/nowhere/editor")
    async with make_app(records).run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        negotiation = main.browser.negotiation
        assert negotiation is not None
        edited = negotiation.model_copy(update={"title": "EDITED"})
        main.editor.commit(negotiation, edited, "Renamed", None)
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        await pilot.press("d")  # discard them
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert main.browser.modified == []
        assert "EDITED" not in str(main.query_one("#negotiation-title").render())
        index = main.query_one(SearchPanel).index
        assert index is not None and not len(index.search("edited"))

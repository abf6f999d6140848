"""Every case of the hostile-input corpus, through the command line and through the app.

For each case the user must be told the file, the line and the field, in words, with any
control character from the data shown as a stand-in; the other files still load; the app
still answers keys; and no file's bytes, mode, inode or mtime change.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import MINIMAL
from tests.hostile_cases import CASES, Case, create, snapshot
from tests.test_browser import make_app, ready, rendered
from tui.cli import main
from tui.core.text import has_hidden_characters, visible
from tui.screens.picker import NegotiationPicker
from tui.screens.problems import ProblemsScreen
from tui.widgets.record_list import RecordList


def expected_prefix(case: Case, where: str) -> str:
    """The start of the ``file:line: field: [warning:]`` line the user must see."""
    line = f":{case.line}" if case.line is not None else ""
    field = f" {case.field}:" if case.field else ""
    warning = " warning:" if case.severity == "warning" else ""
    return visible(f"{where}{line}:{field}{warning} ", one_line=True)


def test_the_corpus_covers_every_group() -> None:
    groups = Counter(case.group for case in CASES)
    print(f"\nhostile corpus: {len(CASES)} cases, {dict(groups)}")
    assert set(groups) == {"malformed file", "invalid value", "hostile text", "path from id"}
    assert len({case.path_name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_validate_names_file_line_and_field(
    records: Path, capsys: pytest.CaptureFixture[str], case: Case
) -> None:
    path = create(case, records)
    before = snapshot(records)
    code = main(["validate", str(records)])
    out, err = capsys.readouterr()
    assert snapshot(records) == before, "validate changed nothing on disk"
    assert not has_hidden_characters(out + err), "no control character reaches the terminal"
    negotiations = re.search(r"(\d+) negotiations?", out + err)
    assert negotiations is not None and int(negotiations.group(1)) >= 1, "the good file loads"
    lines = out.splitlines()
    if case.severity is None:
        assert code == 0, out
        assert not [line for line in lines if line.startswith(visible(str(path), one_line=True))]
        return
    assert code == (1 if case.severity == "error" else 0), out + err
    prefix = expected_prefix(case, str(path))
    matching = [line for line in lines if line.startswith(prefix) and case.message in line]
    assert matching, f"expected {prefix!r}…{case.message!r} in:\n{out}"


async def test_the_app_lists_every_case_and_keeps_working(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "talks.toml").write_text(MINIMAL, encoding="utf-8")
    for case in CASES:
        create(case, folder)
    before = snapshot(folder)
    app = make_app(folder)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await ready(pilot)
        await pilot.press("p")
        problems = app.screen
        assert isinstance(problems, ProblemsScreen)
        rows = [tuple(visible(str(c), one_line=True) for c in row.cells)
                for row in problems.query_one(RecordList).rows]  # fmt: skip
        for case in CASES:
            if case.severity is None:
                continue
            where = case.path_name + (f":{case.line}" if case.line is not None else "")
            assert any(
                row[0] == visible(where, one_line=True)
                and row[1] == case.severity
                and row[2] == visible(case.field, one_line=True)
                and case.message in row[3]
                for row in rows
            ), f"{case.name}: no row for {where} {case.field} {case.message}"
        assert not has_hidden_characters(rendered(problems.query_one(RecordList)))
        await pilot.press("escape")
        # The good file, and every case that loads, can be opened; keys still move.
        await pilot.press("o")
        assert isinstance(app.screen, NegotiationPicker)
        await pilot.press(*"test talks", "enter")
        assert screen.browser.record_file is not None
        assert screen.browser.record_file.negotiation.id == "talks"
        await pilot.press("1", "j")
        assert screen.pane("round").current_key == "london"
        loaded = {f.negotiation.id for f in screen.browser.dataset.files}
        assert {"talks", "a7", "b19", "c5", "con"} <= loaded
    assert snapshot(folder) == before, "browsing changed nothing on disk"

"""Loading: valid files load; every kind of broken file is reported and never stops the others."""

from __future__ import annotations

import os
import time
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import MINIMAL, snapshot_tree
from tui.core.collection import load_path
from tui.core.loading import (
    MAX_FILE_BYTES,
    has_comments,
    remove_stale_temp_files,
)


def test_minimal_file_loads_without_problems(records: Path) -> None:
    dataset = load_path(records)
    assert dataset.problems == []
    [negotiation] = dataset.negotiations
    assert negotiation.id == "talks"
    assert [r.city for r in negotiation.rounds_in_order()] == ["Geneva", "London"]
    assert negotiation.participants[1].name_original == "何立峰"
    assert negotiation.rounds[0].summary == "First line.\nSecond line."


def _problems(folder: Path) -> list[str]:
    return [p.format(folder) for p in load_path(folder).problems]


BROKEN_FILES: dict[str, tuple[bytes, str]] = {
    "syntax": (b'schema = 1\nid = "x"\ntitle = \n', "bad.toml:3: TOML syntax error"),
    "duplicate-key": (b'schema = 1\nid = "x"\nid = "y"\n', "bad.toml:3: TOML syntax error"),
    "duplicate-table": (b"[a]\nx = 1\n[a]\ny = 2\n", "bad.toml:3: TOML syntax error"),
    "not-utf8": (b'schema = 1\ntitle = "caf\xe9"\n', "bad.toml:2: is not valid UTF-8"),
    "deep-nesting": (b"x = " + b"[" * 1000 + b"]" * 1000 + b"\n", "bad.toml: nesting is too deep"),
    "empty": (b"", "bad.toml:1: the file is empty"),
    "comments-only": (b"# nothing here\n# at all\n", "bad.toml:1: the file holds only comments"),
    "wrong-type": (
        b'schema = 1\nid = "x"\ntitle = "T"\n[[rounds]]\nid = "r"\nnumber = "12"\n'
        b"start = 2025-01-01\n",
        'bad.toml:6: rounds[0].number: expected an integer, found text "12"',
    ),
    "int-for-date": (
        b'schema = 1\nid = "x"\ntitle = "T"\n[[rounds]]\nid = "r"\nnumber = 1\nstart = 20250101\n',
        "bad.toml:7: rounds[0].start: expected a date such as 2025-05-10, found an integer",
    ),
    "missing-in-array": (
        b'schema = 1\nid = "x"\ntitle = "T"\n[[rounds]]\nnumber = 1\nstart = 2025-01-01\n',
        "bad.toml:4: rounds[0].id: required field is missing",
    ),
    "bad-status": (
        b'schema = 1\nid = "x"\ntitle = "T"\nstatus = "finished"\n',
        "bad.toml:4: status: must be one of",
    ),
    "bad-slug": (
        b'schema = 1\nid = "../etc"\ntitle = "T"\n',
        'bad.toml:2: id: text "../etc" is not a valid id',
    ),
    "huge-int": (
        b'schema = 1\nid = "x"\ntitle = "T"\nbig = 99999999999999999999\n',
        "bad.toml:4: big: integer is outside the 64-bit range",
    ),
    "nan": (
        b'schema = 1\nid = "x"\ntitle = "T"\n[[tariffs]]\ndate = 2025-01-01\nimposer = "a"\n'
        b'target = "b"\nrate_percent = nan\nmeasure = "m"\n',
        "bad.toml:8: tariffs[0].rate_percent: must be a finite number",
    ),
    "future-schema": (
        b'schema = 2\nid = "x"\ntitle = "T"\n',
        "bad.toml:1: schema: schema version 2 is not supported",
    ),
    "end-before-start": (
        b'schema = 1\nid = "x"\ntitle = "T"\n[[rounds]]\nid = "r"\nnumber = 1\n'
        b"start = 2025-02-01\nend = 2025-01-01\n",
        "bad.toml:4: rounds[0]: the round ends before it starts",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_broken_file_is_reported_and_others_still_load(records: Path, case: str) -> None:
    content, expected = BROKEN_FILES[case]
    (records / "bad.toml").write_bytes(content)
    before = snapshot_tree(records)
    dataset = load_path(records)
    assert [n.id for n in dataset.negotiations] == ["talks"]
    messages = [p.format(records) for p in dataset.errors]
    assert any(m.startswith(expected) for m in messages), messages
    assert snapshot_tree(records) == before


def test_impossible_date_is_found_on_its_line(records: Path) -> None:
    (records / "bad.toml").write_text('schema = 1\nid = "x"\ntitle = "T"\nwhen = 2025-02-30\n')
    assert "bad.toml:4: 2025-02-30 is not a date: February 2025 has 28 days" in _problems(records)


def test_byte_order_mark_is_accepted_and_remembered(records: Path) -> None:
    (records / "talks.toml").write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    dataset = load_path(records)
    assert dataset.problems == []
    assert dataset.files[0].has_bom


def test_unknown_keys_are_kept_and_warned(records: Path) -> None:
    text = MINIMAL.replace('city = "Geneva"', 'city = "Geneva"\nweather = "rainy"')
    (records / "talks.toml").write_text('colour = "blue"\n' + text)
    dataset = load_path(records)
    assert dataset.errors == []
    warnings = [p.format(records) for p in dataset.warnings]
    assert (
        'talks.toml:1: colour: warning: unknown key "colour" (kept and written back unchanged)'
        in warnings
    )
    assert any(w.startswith("talks.toml:") and "rounds[0].weather" in w for w in warnings)
    negotiation = dataset.negotiations[0]
    assert negotiation.model_extra == {"colour": "blue"}
    assert negotiation.rounds[0].model_extra == {"weather": "rainy"}


# An unknown key anywhere in the tree is found, however deep: (after this line, path), in
# the order of the file.
UNKNOWN_KEY_PLACES = [
    ('title = "Test talks"', "colour"),
    ('name = "China"', "parties[1].colour"),
    ('role = "Vice Premier"', "participants[1].colour"),
    ("deadline = 2025-11-10", "issues[0].colour"),
    ('source = "s01"', "rounds[0].quotes[0].colour"),
    ('city = "London"', "rounds[1].colour"),
    ('url = "https://example.com/a"', "sources[0].colour"),
]


@pytest.mark.parametrize(("after", "where"), UNKNOWN_KEY_PLACES)
def test_an_unknown_key_is_found_at_any_depth(records: Path, after: str, where: str) -> None:
    (records / "talks.toml").write_text(MINIMAL.replace(after, f'{after}\ncolour = "blue"', 1))
    assert [p.field for p in load_path(records).warnings] == [where]


def test_unknown_keys_and_dangling_references_are_reported_in_file_order(records: Path) -> None:
    text = MINIMAL
    for after, _ in UNKNOWN_KEY_PLACES:
        text = text.replace(after, f'{after}\ncolour = "blue"', 1)
    text = text.replace('speaker = "bessent"', 'speaker = "nobody"')
    text = text.replace('issues = ["rare-earths"]', 'issues = ["rare-earths", "ghost"]')
    (records / "talks.toml").write_text(text)
    problems = load_path(records).problems
    lines = text.splitlines()
    assert [(p.field, lines[p.line - 1] if p.line else "") for p in problems] == [
        ("colour", 'colour = "blue"'),
        ("parties[1].colour", 'colour = "blue"'),
        ("participants[1].colour", 'colour = "blue"'),
        ("issues[0].colour", 'colour = "blue"'),
        ("rounds[0].issues[1]", 'issues = ["rare-earths", "ghost"]'),
        ("rounds[0].quotes[0].speaker", 'speaker = "nobody"'),
        ("rounds[0].quotes[0].colour", 'colour = "blue"'),
        ("rounds[1].colour", 'colour = "blue"'),
        ("sources[0].colour", 'colour = "blue"'),
    ]


def test_dangling_references_and_duplicate_ids(records: Path) -> None:
    text = MINIMAL.replace('participants = ["bessent"]', 'participants = ["bessent", "nobody"]')
    text = text.replace('id = "london"', 'id = "geneva"')
    (records / "talks.toml").write_text(text)
    messages = _problems(records)
    assert any('rounds[1].participants[1]: refers to participant "nobody"' in m for m in messages)
    assert any('rounds[1].id: duplicate id "geneva"' in m for m in messages)
    # Still loaded: a dangling reference does not hide the rest of the file.
    assert load_path(records).negotiations[0].id == "talks"


def test_duplicate_negotiation_ids_across_files(records: Path) -> None:
    """Everything finds a negotiation by its id: the second file would show as the first."""
    (records / "zz-copy.toml").write_text("# a copy\n" + MINIMAL)
    dataset = load_path(records)
    assert [f.path.name for f in dataset.files] == ["talks.toml"]
    (duplicate,) = [p for p in dataset.problems if "also used by" in p.message]
    assert duplicate.path.name == "zz-copy.toml" and duplicate.severity == "error"
    assert duplicate.line == 3 and duplicate.field == "id"  # after the comment and schema
    assert duplicate.message.endswith("this file is not opened until its id changes")


def test_directory_named_toml_is_reported(records: Path) -> None:
    (records / "folder.toml").mkdir()
    assert "folder.toml: is a folder, not a file" in _problems(records)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX only")
def test_fifo_named_toml_does_not_block(records: Path) -> None:
    os.mkfifo(records / "pipe.toml")
    assert "pipe.toml: is not a regular file (a FIFO, socket or device)" in _problems(records)


def test_dangling_symlink_is_reported(records: Path) -> None:
    (records / "gone.toml").symlink_to(records / "missing.toml")
    assert "gone.toml: is a symbolic link to a file that does not exist" in _problems(records)


def test_unreadable_file_is_reported(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (records / "secret.toml").write_text(MINIMAL)
    real_open = os.open

    def refuse(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if str(path).endswith("secret.toml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    assert "secret.toml: cannot be read: Permission denied" in _problems(records)


def test_oversize_file_is_refused_before_reading(records: Path) -> None:
    with open(records / "big.toml", "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    messages = _problems(records)
    assert any(m.startswith("big.toml: is too large") for m in messages)


def test_stray_temp_files_are_removed_and_never_loaded(records: Path) -> None:
    stale = records / ".talks.toml.123.abcd.negotiations-tmp"
    stale.write_text("half written")
    fresh = records / ".talks.toml.456.ef01.negotiations-tmp"
    fresh.write_text("a save in progress")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    dataset = load_path(records)
    assert not stale.exists()
    assert fresh.exists(), "a temp file a live save may own is left alone"
    assert [f.path.name for f in dataset.files] == ["talks.toml"]
    assert remove_stale_temp_files(records, now=time.time() + 3600) == [fresh]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a = "no # comment"\n', False),
        ("a = 'no # comment'\n", False),
        ('a = """\nno # comment\n"""\n', False),
        ("a = '''\nno # comment\n'''\n", False),
        ('a = "esc \\" # still string"\n', False),
        ('a = """quote "" # inside"""\n', False),
        ("a = 1 # trailing\n", True),
        ("# top\na = 1\n", True),
        ('a = """x""""# after\n', True),
        ('"key # not" = 1\n', False),
    ],
)
def test_comment_detection(text: str, expected: bool) -> None:
    assert has_comments(text) is expected


def test_single_file_path(records: Path) -> None:
    dataset = load_path(records / "talks.toml")
    assert [n.id for n in dataset.negotiations] == ["talks"]


_TRICKY_TEXT = st.lists(
    st.sampled_from(["#", '"', "'", "\\", "\n", " ", "a", "\t", "'''", '"""', "\\u0023"]),
    max_size=30,
).map("".join)


@given(values=st.lists(_TRICKY_TEXT, min_size=1, max_size=6), multiline=st.booleans())
@settings(max_examples=300, deadline=None)
def test_comment_detection_on_any_strings(values: list[str], multiline: bool) -> None:
    """Strings full of quotes and hashes are never taken for comments; a real one always is."""
    text = tomli_w.dumps(
        {f"k{i}": value for i, value in enumerate(values)}, multiline_strings=multiline
    )
    assert tomllib.loads(text)  # the generated text is valid TOML
    assert not has_comments(text)
    assert has_comments(text + "# a comment\n")
    assert has_comments(text.rstrip("\n") + "  # after the last value\n")


def test_only_the_program_s_own_temp_files_are_ever_removed(records: Path) -> None:
    ours = records / ".talks.toml.123.0123abcd.negotiations-tmp"
    theirs = [records / "keep.negotiations-tmp", records / ".notes.negotiations-tmp"]
    for path in [ours, *theirs]:
        path.write_text("x")
    assert remove_stale_temp_files(records, now=time.time() + 3600) == [ours]
    assert all(path.exists() for path in theirs)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("1995-10-40", "1995-10-40 is not a date: October 1995 has 31 days"),
        ("2025-02-29", "2025-02-29 is not a date: February 2025 has 28 days"),
        ("2025-13-01", "2025-13-01 is not a date: there is no month 13"),
    ],
)
def test_a_day_the_month_lacks_is_said_so(records: Path, written: str, said: str) -> None:
    """TOML calls it a syntax error ("Expected newline or end of document")."""
    text = MINIMAL.replace("start = 2025-06-09", f"start = {written}")
    (records / "talks.toml").write_text(text, encoding="utf-8")
    [problem] = load_path(records).problems
    lines = text.splitlines()
    assert problem.message == said
    assert problem.line is not None and lines[problem.line - 1] == f"start = {written}"


def test_the_form_says_which_day_the_month_lacks() -> None:
    from tui.core.editing import validate_record  # noqa: PLC0415
    from tui.core.model import Negotiation  # noqa: PLC0415

    negotiation = Negotiation.model_validate(tomllib.loads(MINIMAL))
    data = {"id": "r3", "number": 3, "start": "2025-06-31"}
    _, errors = validate_record("round", data, negotiation, None)
    assert errors == {"start": "2025-06-31 is not a date: June 2025 has 30 days"}

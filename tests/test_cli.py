"""The command line: validate, export, schema, version, help, and `python -m tui`."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import snapshot_tree
from tui.cli import main
from tui.core.collection import load_path
from tui.core.model import Negotiation


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_ok(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(records))
    assert code == 0
    assert out == "ok: 1 file, 1 negotiation, 2 rounds, 2 participants, 1 issues\n"


def test_validate_reports_each_problem_and_keeps_going(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (records / "a-broken.toml").write_text('schema = 1\nid = "x"\ntitle = \n')
    (records / "b-bad-ref.toml").write_text(
        'schema = 1\nid = "y"\ntitle = "Y"\n\n[[rounds]]\nid = "r"\nnumber = 1\n'
        'start = 2025-01-01\nparticipants = ["ghost"]\n'
    )
    before = snapshot_tree(records)
    code, out, err = run(capsys, "validate", str(records))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{records / 'a-broken.toml'}:3: TOML syntax error")
    assert lines[1] == (
        f"{records / 'b-bad-ref.toml'}:9: rounds[0].participants[0]: "
        'refers to participant "ghost", which does not exist'
    )
    assert "2 problems in 2 files; read: 3 files," in err  # two files of three have problems
    assert snapshot_tree(records) == before


def test_validate_prints_control_characters_as_stand_ins(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (records / "evil.toml").write_text(
        'schema = 1\nid = "x\\u001b]52;c;aGk=\\u0007"\ntitle = "T"\n'
    )
    code, out, _ = run(capsys, "validate", str(records))
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out
    assert "␛]52;c;aGk=␇" in out


@pytest.mark.parametrize("command", [["validate", ""], ["export", "", "--format", "csv"], [""]])
def test_an_empty_path_is_not_the_current_folder(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, _, err = run(capsys, *command)
    assert code == 2
    assert err == "negotiations: : no such file or folder\n"


def test_validate_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", "/no/such/place")
    assert code == 2
    assert "no such file or folder" in err


def test_validate_bundled_records_from_any_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "validate")
    assert code == 0, out
    assert out.startswith("ok: 1 file, 1 negotiation, 6 rounds")


def test_export_json_round_trips(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", str(records), "--format", "json")
    assert code == 0
    original = load_path(records).negotiations[0]
    assert Negotiation.model_validate_json(out) == original
    assert json.loads(out)["participants"][1]["name_original"] == "何立峰"


def test_export_markdown_reads_as_a_briefing(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "export", str(records), "--format", "markdown")
    assert code == 0
    assert out.startswith("# Test talks\n")
    assert out.index("### 1. Geneva — 10–11 May 2025") < out.index("### 2. London — 9 June 2025")
    assert "- **United States:** Scott Bessent (Treasury Secretary)" in out
    assert "> “We made substantial progress”\n> — Scott Bessent, 11 May 2025 (Example News)" in out
    assert (
        "- [s01] Example News, <https://example.com/a>" in out
        or "- [s01] Example News <https://example.com/a>" in out
    )


def test_export_csv_of_rounds(
    records: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "rounds.csv"
    code, out, _ = run(capsys, "export", str(records), "--format", "csv", "-o", str(target))
    assert code == 0 and out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert [(r["number"], r["city"], r["start"]) for r in rows] == [
        ("1", "Geneva", "2025-05-10"),
        ("2", "London", "2025-06-09"),
    ]
    assert rows[0]["participants"] == "bessent;he-lifeng"


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"schema", "id", "title", "rounds"} <= set(schema["properties"])
    assert schema["required"] == ["schema", "id", "title"]


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("negotiations 0.")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "negotiations validate [PATH]" in capsys.readouterr().out


def test_python_dash_m_alias(records: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "validate", str(records)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("ok: 1 file")


def test_bad_input_never_shows_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "deep.toml").write_bytes(b"x = " + b"[" * 5000 + b"]" * 5000)
    (folder / "bin.toml").write_bytes(bytes(range(256)))
    (folder / "dir.toml").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "tui", "validate", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stdout.splitlines()) == 3


@pytest.mark.parametrize("command", [["validate"], ["export", "--format", "json"], ["schema"]])
def test_output_that_cannot_be_written_is_reported_without_a_traceback(
    records: Path, command: list[str]
) -> None:
    """Writing to a full disk (``/dev/full`` refuses every write) printed a traceback."""
    where = [str(records)] if command[0] != "schema" else []
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "tui", *command, *where],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr == "negotiations: could not write the output: No space left on device\n"


def test_json_export_escapes_what_a_terminal_would_act_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "x.toml").write_text(
        'schema = 1\nid = "x"\ntitle = "a\\u009b31m b\\u202e c\\u007f d\\u001b e 何"\n'
    )
    code, out, _ = run(capsys, "export", str(folder), "--format", "json")
    assert code == 0
    assert not any(c in out for c in "\x9b\u202e\x7f\x1b")
    assert "何" in out
    assert Negotiation.model_validate_json(out).title == "a\x9b31m b\u202e c\x7f d\x1b e 何"


def test_file_names_that_are_not_utf8_are_shown_with_stand_ins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / os.fsdecode(b"bad-\xff\x9b.toml")).write_text("x = [\n")
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 1
    assert "bad-<0xFF><0x9B>.toml:" in out
    out.encode("utf-8")  # printable: no lone surrogates left

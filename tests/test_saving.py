"""Saving: atomic, mode-keeping, conflict-detecting, and harmless when it fails."""

from __future__ import annotations

import errno
import math
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, edited, load_one, snapshot_tree
from tui.core.collection import load_path
from tui.core.model import Negotiation
from tui.core.saving import (
    ChangedOnDiskError,
    CommentsWouldBeLostError,
    HardLinkError,
    ReadOnlyFileError,
    SaveError,
    save_record_file,
    serialize,
    serialize_table,
)


def test_save_writes_canonical_toml_that_reloads(records: Path) -> None:
    record = load_one(records)
    saved = save_record_file(record, edited(record))
    reloaded = load_one(records)
    assert reloaded.negotiation == saved.negotiation
    assert reloaded.negotiation.title == "Edited title"
    assert reloaded.digest == saved.digest
    text = (records / "talks.toml").read_text()
    assert 'summary = """\nFirst line.\nSecond line."""' in text  # multi-line kept readable


def test_unknown_keys_survive_a_save(records: Path) -> None:
    (records / "talks.toml").write_text(
        'colour = "blue"\n'
        + MINIMAL.replace('city = "London"', 'city = "London"\nextra = { a = [1, 2] }')
    )
    record = load_one(records)
    save_record_file(record, edited(record))
    data = tomllib.loads((records / "talks.toml").read_text())
    assert data["colour"] == "blue"
    assert data["rounds"][1]["extra"] == {"a": [1, 2]}


def test_an_unknown_key_holding_nan_survives_a_save(records: Path) -> None:
    """A NaN read back is never equal to the one written: the check that a save reads back
    unchanged refused every save of such a file."""
    (records / "talks.toml").write_text(
        MINIMAL.replace('city = "London"', 'city = "London"\nscores = [nan, 1.5]')
    )
    record = load_one(records)
    save_record_file(record, edited(record))
    data = tomllib.loads((records / "talks.toml").read_text())
    assert math.isnan(data["rounds"][1]["scores"][0]) and data["rounds"][1]["scores"][1] == 1.5
    assert data["title"] == edited(record).title


def test_defaults_a_person_wrote_are_kept_and_others_are_not_added(records: Path) -> None:
    """A save left out every value equal to its default, so lines like status = "ongoing"
    vanished from records nobody edited."""
    text = MINIMAL.replace('title = "Test talks"', 'title = "Test talks"\nstatus = "ongoing"', 1)
    text = text.replace('name = "United States"', 'name = "United States"\nrole = "side"', 1)
    (records / "talks.toml").write_text(text)
    record = load_one(records)
    save_record_file(record, edited(record))
    written = (records / "talks.toml").read_text()
    assert 'status = "ongoing"' in written
    assert written.count('role = "side"') == 1  # China's party never said it
    assert "short_name" not in written  # an empty default is never written


def test_mode_is_kept(records: Path) -> None:
    path = records / "talks.toml"
    path.chmod(0o640)
    record = load_one(records)
    save_record_file(record, edited(record))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_read_only_file_is_refused(records: Path) -> None:
    path = records / "talks.toml"
    path.chmod(0o444)
    record = load_one(records)
    before = snapshot_tree(records)
    with pytest.raises(ReadOnlyFileError, match="read-only"):
        save_record_file(record, edited(record))
    assert snapshot_tree(records) == before


def test_symlink_is_written_through(records: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.toml"
    real.write_text(MINIMAL)
    link = records / "talks.toml"
    link.unlink()
    link.symlink_to(real)
    record = load_one(records)
    save_record_file(record, edited(record))
    assert link.is_symlink()
    assert "Edited title" in real.read_text()


def test_hard_link_needs_consent(records: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-name.toml"
    os.link(records / "talks.toml", other)
    record = load_one(records)
    with pytest.raises(HardLinkError, match="2 hard links"):
        save_record_file(record, edited(record))
    save_record_file(record, edited(record), break_hard_links=True)
    assert "Edited title" in (records / "talks.toml").read_text()
    assert "Edited title" not in other.read_text()


def test_changed_on_disk_is_detected_even_with_same_size_and_mtime(records: Path) -> None:
    path = records / "talks.toml"
    record = load_one(records)
    info = path.stat()
    changed = MINIMAL.replace("Test talks", "Best talks")  # same length
    path.write_text(changed)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    with pytest.raises(ChangedOnDiskError) as caught:
        save_record_file(record, edited(record))
    assert caught.value.current == changed.encode()
    assert path.read_text() == changed
    save_record_file(record, edited(record), overwrite_changes=True)
    assert "Edited title" in path.read_text()


def test_deleted_file_is_a_conflict(records: Path) -> None:
    record = load_one(records)
    (records / "talks.toml").unlink()
    with pytest.raises(ChangedOnDiskError, match="deleted or renamed"):
        save_record_file(record, edited(record))
    assert not (records / "talks.toml").exists()


def test_a_refused_save_does_not_make_the_deleted_folder_again(records: Path) -> None:
    record = load_one(records)
    (records / "talks.toml").unlink()
    records.rmdir()
    with pytest.raises(ChangedOnDiskError, match="deleted or renamed"):
        save_record_file(record, edited(record))
    assert not records.exists()


def test_comments_need_consent(records: Path) -> None:
    path = records / "talks.toml"
    path.write_text("# keep me\n" + MINIMAL)
    record = load_one(records)
    with pytest.raises(CommentsWouldBeLostError):
        save_record_file(record, edited(record))
    assert path.read_text().startswith("# keep me")
    saved = save_record_file(record, edited(record), drop_comments=True)
    save_record_file(saved, edited(saved, "Again"))  # no second question


def test_byte_order_mark_is_kept(records: Path) -> None:
    path = records / "talks.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    record = load_one(records)
    save_record_file(record, edited(record))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_crlf_line_ends_read_as_tomllib_reads_them_and_are_kept(records: Path) -> None:
    """Files written on Windows: their multi-line text reads without CRs, and a save keeps
    CR LF line ends (and multi-line strings) instead of rewriting every line of the file."""
    assert '"""' in MINIMAL  # a multi-line summary
    path = records / "talks.toml"
    path.write_bytes(MINIMAL.replace("\n", "\r\n").encode())
    record = load_one(records)
    assert record.negotiation == Negotiation.model_validate(tomllib.loads(MINIMAL))
    assert "\r" not in record.negotiation.rounds[0].summary
    saved = save_record_file(record, edited(record))
    data = path.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") > 10
    assert b'"""' in data  # still a readable multi-line string
    reloaded = load_one(records)
    assert reloaded.negotiation == saved.negotiation
    assert reloaded.crlf


@pytest.mark.parametrize(
    ("target", "error", "message"),
    [
        ("write", errno.ENOSPC, "the disk is full"),
        ("write", errno.EIO, "an input/output error occurred"),
        ("fsync", errno.ENOSPC, "the disk is full"),
        ("fsync", errno.EIO, "an input/output error occurred"),
        ("replace", errno.EACCES, "permission denied"),
    ],
)
def test_injected_faults_leave_the_file_and_no_temp(
    records: Path, monkeypatch: pytest.MonkeyPatch, target: str, error: int, message: str
) -> None:
    record = load_one(records)
    before = snapshot_tree(records)
    real = getattr(os, target)
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(os, target, failing)
    with pytest.raises(SaveError, match=message):
        save_record_file(record, edited(record))
    monkeypatch.setattr(os, target, real)
    assert calls["n"] >= 1
    assert snapshot_tree(records) == before, "original intact and temp file removed"
    save_record_file(record, edited(record))  # a retry works
    assert "Edited title" in (records / "talks.toml").read_text()


def test_unwritable_folder(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = load_one(records)
    real_open = os.open

    def refuse_create(path: str, flags: int, *args: int) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse_create)
    with pytest.raises(SaveError, match=r"could not write in the folder .*permission denied"):
        save_record_file(record, edited(record))


def test_bundled_style_record_saves_to_its_save_path(records: Path, tmp_path: Path) -> None:
    record = load_one(records)
    user_copy = tmp_path / "user" / "talks.toml"
    bundled = replace(record, save_path=user_copy)
    before = snapshot_tree(records)
    saved = save_record_file(bundled, edited(bundled))
    assert snapshot_tree(records) == before, "the bundled file is never written"
    assert "Edited title" in user_copy.read_text()
    assert saved.path == user_copy


def test_serialize_refuses_what_would_not_read_back() -> None:
    negotiation = Negotiation.model_validate(tomllib.loads(MINIMAL))
    bad = negotiation.model_copy(update={"title": "fine"})
    bad.__pydantic_extra__ = {"weird": {1, 2}}  # a set: tomli-w cannot write it
    with pytest.raises(SaveError, match="cannot be written as TOML"):
        serialize(bad)


KILL_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tui.core.collection import load_path
    from tui.core.saving import save_record_file
    folder = Path(sys.argv[1])
    n = 0
    print("ready", flush=True)
    while True:
        record = load_path(folder).files[0]
        title = "A" * 50000 if n % 2 else "B" * 50000
        save_record_file(record, record.negotiation.model_copy(update={"title": title}))
        n += 1
        print("saved", flush=True)
    """
)


def test_killed_saves_leave_old_or_new_file(records: Path) -> None:
    path = records / "talks.toml"
    titles = set()
    for i in range(25):
        process = subprocess.Popen(
            [sys.executable, "-c", KILL_SCRIPT, str(records)], stdout=subprocess.PIPE
        )
        assert process.stdout is not None
        assert process.stdout.readline() == b"ready\n"
        for _ in range(i % 3):  # some kills after whole saves, at any point of the next one
            assert process.stdout.readline() == b"saved\n"
        time.sleep((i % 7) * 0.004)
        process.send_signal(signal.SIGKILL)
        process.wait()
        data = tomllib.loads(path.read_text())
        assert data["title"] in ("Test talks", "A" * 50000, "B" * 50000)
        titles.add(data["title"])
    assert len(titles) > 1, "the saves ran before the kills"
    dataset = load_path(records)
    assert dataset.errors == []


def test_carriage_returns_survive_a_save() -> None:
    negotiation = Negotiation.model_validate(tomllib.loads(MINIMAL))
    edited = negotiation.model_copy(update={"summary": "line one\r\nline two\rend"})
    again = Negotiation.model_validate(tomllib.loads(serialize(edited).decode()))
    assert again.summary == "line one\r\nline two\rend"


def test_values_too_deep_to_write_are_a_save_error_not_a_crash() -> None:
    negotiation = Negotiation.model_validate(tomllib.loads(MINIMAL))
    deep: list[object] = []
    for _ in range(400):
        deep = [deep]
    negotiation.__pydantic_extra__ = {"deep": deep}
    with pytest.raises(SaveError, match="nested too deeply"):
        serialize(negotiation)


def test_a_record_that_cannot_be_written_as_toml_is_a_save_error() -> None:
    """Copying a record as TOML reports it instead of failing in the middle of a key."""
    with pytest.raises(SaveError, match="cannot be written as TOML"):
        serialize_table("rounds", {"id": "x", "note": None})
    deep: dict[str, object] = {}
    for _ in range(5000):
        deep = {"a": deep}
    with pytest.raises(SaveError, match="nested too deeply"):
        serialize_table("rounds", {"id": "x", "deep": deep})


def test_a_file_this_user_may_not_write_is_refused_though_its_folder_allows(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user's file (mode 644) in a folder of ours: replacing it would make it ours."""
    path = records / "talks.toml"
    record = load_one(records)
    before = snapshot_tree(records)
    real_access = os.access

    def access(target: object, mode: int, **kwargs: object) -> bool:
        if str(target) == str(path.resolve()) and mode == os.W_OK:
            return False  # as for a file owned by root, seen by another user
        return real_access(target, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    with pytest.raises(ReadOnlyFileError, match="you may not write this file"):
        save_record_file(record, edited(record))
    assert snapshot_tree(records) == before

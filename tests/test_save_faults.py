"""Save faults beyond the basic injections: partial writes, the folder, races with others.

Each case checks what a careful user would: the file on disk keeps its bytes, mode and inode
(or holds exactly one whole version), no temp file is left behind, and the edit is still in
hand to retry.
"""

from __future__ import annotations

import errno
import fcntl
import multiprocessing
import os
import queue
import stat
import threading
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import MINIMAL, edited, load_one, snapshot_tree
from tests.test_browser import make_app, ready, rendered
from tui.core.loading import RecordFile
from tui.core.paths import TEMP_SUFFIX
from tui.core.saving import ChangedOnDiskError, SaveError, save_record_file


def _temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def _title(path: Path) -> str:
    return str(tomllib.loads(path.read_text(encoding="utf-8"))["title"])


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO])
def test_a_short_write_then_a_fault_leaves_the_original(
    records: Path, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    """The first write lands half the bytes, the next fails: a half file must never show."""
    record = load_one(records)
    before = snapshot_tree(records)
    real_write = os.write
    calls = {"n": 0}

    def half_then_fail(descriptor: int, data: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(descriptor, bytes(data[: len(data) // 2]))
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(os, "write", half_then_fail)
    changed = edited(record)
    with pytest.raises(SaveError, match="file on disk is unchanged and your edits are kept"):
        save_record_file(record, changed)
    monkeypatch.setattr(os, "write", real_write)
    assert calls["n"] == 2
    assert snapshot_tree(records) == before
    save_record_file(record, changed)
    assert _title(records / "talks.toml") == "Edited title"


@pytest.mark.parametrize(
    ("error", "reason"),
    [(errno.ENOSPC, "the disk is full"), (errno.EIO, "an input/output error occurred")],
)
def test_a_fault_syncing_the_folder_after_the_rename_leaves_the_whole_new_file(
    records: Path, monkeypatch: pytest.MonkeyPatch, error: int, reason: str
) -> None:
    """After the rename the new file is in place; a folder sync error cannot leave a mix."""
    record = load_one(records)
    real_fsync = os.fsync
    failed = []

    def fail_on_folders(descriptor: int) -> None:
        if stat.S_ISDIR(os.fstat(descriptor).st_mode):
            failed.append(descriptor)
            raise OSError(error, os.strerror(error))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fail_on_folders)
    saved = save_record_file(record, edited(record))
    assert failed, "the folder was synced"
    assert saved.notice.startswith(f"the file is saved, but {reason} while making")
    assert "may not survive a crash" in saved.notice
    assert _title(records / "talks.toml") == "Edited title"
    assert _temp_files(records) == []
    assert load_one(records).digest == saved.digest


def test_a_folder_without_write_permission(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real permissions where they bite; as root (CI containers) the refusal is injected."""
    record = load_one(records)
    before = snapshot_tree(records)
    if os.geteuid() == 0:
        real_open = os.open

        def refuse_create(path: Any, flags: int, *args: Any) -> int:
            if flags & os.O_CREAT:
                raise PermissionError(errno.EACCES, "Permission denied")
            return real_open(path, flags, *args)

        monkeypatch.setattr(os, "open", refuse_create)
    else:
        records.chmod(0o500)
    try:
        with pytest.raises(SaveError, match=r"could not write in the folder .*permission denied"):
            save_record_file(record, edited(record))
    finally:
        records.chmod(0o755)
        monkeypatch.undo()
    assert snapshot_tree(records) == before
    save_record_file(record, edited(record))
    assert _title(records / "talks.toml") == "Edited title"


def test_a_file_replaced_between_load_and_save_is_a_conflict(records: Path) -> None:
    path = records / "talks.toml"
    record = load_one(records)
    replacement = records / "incoming"
    replacement.write_text(MINIMAL.replace("Test talks", "Their version"))
    os.replace(replacement, path)  # what an editor's own atomic save does: a new inode
    before = snapshot_tree(records)
    with pytest.raises(ChangedOnDiskError, match="changed on disk since it was loaded"):
        save_record_file(record, edited(record))
    assert snapshot_tree(records) == before


def test_a_change_while_the_file_is_being_written_is_not_clobbered(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program saves while ours syncs its temp file (seconds, for a big file)."""
    path = records / "talks.toml"
    record = load_one(records)
    real_fsync = os.fsync

    def another_save_meanwhile(descriptor: int) -> None:
        real_fsync(descriptor)
        if not stat.S_ISDIR(os.fstat(descriptor).st_mode) and "Their" not in path.read_text():
            path.write_text(MINIMAL.replace("Test talks", "Their version"))

    monkeypatch.setattr(os, "fsync", another_save_meanwhile)
    with pytest.raises(ChangedOnDiskError, match="changed on disk while it was being saved"):
        save_record_file(record, edited(record))
    assert _title(path) == "Their version"
    assert _temp_files(records) == []


def test_a_file_created_while_the_first_save_is_written_is_not_clobbered(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundled record's first save creates the user copy; another program got there first."""
    record = load_one(records)
    user_copy = tmp_path / "user" / "talks.toml"
    bundled = replace(record, save_path=user_copy)
    real_fsync = os.fsync

    def another_program_creates_it(descriptor: int) -> None:
        real_fsync(descriptor)
        if not user_copy.exists():
            user_copy.write_text(MINIMAL.replace("Test talks", "Their copy"))

    monkeypatch.setattr(os, "fsync", another_program_creates_it)
    with pytest.raises(ChangedOnDiskError, match="another program created the file"):
        save_record_file(bundled, edited(bundled))
    assert _title(user_copy) == "Their copy"
    assert _temp_files(user_copy.parent) == []


def _save_in_another_process(
    record: RecordFile,
    title: str,
    barrier: Any,
    results: Any,
) -> None:
    """One app process: it loaded the file earlier, and saves its edit at the barrier."""
    barrier.wait()
    try:
        save_record_file(record, record.negotiation.model_copy(update={"title": title}))
        results.put((title, "saved"))
    except ChangedOnDiskError as error:
        results.put((title, f"conflict: {error.message}"))
    except SaveError as error:  # pragma: no cover - reported for the assertion message
        results.put((title, f"failed: {error.message}"))


def _race(record: RecordFile, rounds_done: int) -> dict[str, str]:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(2)
    results = context.Queue()
    titles = [f"first {rounds_done}", f"second {rounds_done}"]
    processes = [
        context.Process(target=_save_in_another_process, args=(record, t, barrier, results))
        for t in titles
    ]
    for process in processes:
        process.start()
    outcome = {}
    try:
        for _ in titles:
            title, result = results.get(timeout=60)
            outcome[title] = result
    except queue.Empty:  # pragma: no cover - a hung save is a failure, shown below
        pass
    for process in processes:
        process.join(timeout=60)
        if process.is_alive():  # pragma: no cover
            process.kill()
    return outcome


RACES = 12


@pytest.mark.parametrize("existing", [True, False], ids=["file exists", "first save"])
def test_two_processes_saving_at_the_same_moment(
    records: Path, tmp_path: Path, existing: bool
) -> None:
    """Exactly one save wins, whole; the other is told. Never both, never a mix."""
    for attempt in range(RACES):
        record = load_one(records)
        if existing:
            target = records / "talks.toml"
        else:
            target = tmp_path / f"user-{attempt}" / "talks.toml"
            record = replace(record, save_path=target)
        outcome = _race(record, attempt)
        saved = [title for title, result in outcome.items() if result == "saved"]
        refused = [result for result in outcome.values() if result.startswith("conflict: ")]
        assert len(saved) == 1 and len(refused) == 1, outcome
        assert _title(target) == saved[0]
        assert _temp_files(target.parent) == []
        if existing:
            (records / "talks.toml").write_text(MINIMAL)


def test_two_processes_one_after_the_other(records: Path) -> None:
    """Both loaded the file; the one that saves second is told, and overwrites only on request."""
    first = load_one(records)
    second = load_one(records)
    save_record_file(first, edited(first, "First"))
    after_first = snapshot_tree(records)
    with pytest.raises(ChangedOnDiskError, match="changed on disk since it was loaded") as caught:
        save_record_file(second, edited(second, "Second"))
    assert caught.value.current is not None and b"First" in caught.value.current
    assert snapshot_tree(records) == after_first
    save_record_file(second, edited(second, "Second"), overwrite_changes=True)
    assert _title(records / "talks.toml") == "Second"


async def test_the_app_says_why_a_save_failed_and_keeps_the_marks(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = records / "talks.toml"
    before = snapshot_tree(records)
    app = make_app(records)
    said: list[str] = []
    show = app.notify

    def notify(message: str, **options: Any) -> None:
        said.append(message)
        show(message, **options)

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("2", "d")
        await pilot.pause()
        await pilot.press("d")  # delete the first participant: an unsaved edit
        await pilot.pause()
        assert "✎" in rendered(main.pane("round"))  # the round listed that participant

        def disk_full(descriptor: int, data: Any) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        with monkeypatch.context() as patch:
            patch.setattr(os, "write", disk_full)
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert said[-1] == (
            f"Not saved: {path}: could not save: the disk is full; "
            "the file on disk is unchanged and your edits are kept"
        )
        assert snapshot_tree(records) == before
        assert main.browser.modified == [0]
        assert "✎" in rendered(main.pane("participant")) + rendered(main.pane("round"))
        await pilot.press("ctrl+s")  # the disk has room again: the retry saves
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert main.browser.modified == []
    assert [p["id"] for p in tomllib.loads(path.read_text())["participants"]] == ["he-lifeng"]


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_folder_or_fifo_put_in_the_file_s_place_is_refused_without_hanging(
    records: Path, kind: str
) -> None:
    """Reading a FIFO blocks forever and a folder cannot be read: both must be a clear refusal."""
    path = records / "talks.toml"
    record = load_one(records)
    path.unlink()
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    before = snapshot_tree(records)
    outcome: list[BaseException | None] = []

    def save() -> None:
        try:
            save_record_file(record, edited(record))
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=save, daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():  # release a reader stuck on the FIFO before failing
        with open(os.open(path, os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass
        worker.join(timeout=30)
        pytest.fail("the save blocked on a FIFO in the file's place")
    [error] = outcome
    assert isinstance(error, SaveError), error
    assert "is no longer a regular file" in error.message
    assert snapshot_tree(records) == before
    assert _temp_files(records) == []


def test_a_file_system_without_locks_still_saves_safely(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """flock fails with ENOLCK on some network file systems; the hash checks still guard."""
    record = load_one(records)

    def no_locks(descriptor: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    saved = save_record_file(record, edited(record))
    assert _title(records / "talks.toml") == "Edited title"
    other = replace(record)  # a second copy that loaded the old bytes
    with pytest.raises(ChangedOnDiskError):
        save_record_file(other, edited(other, "Other"))
    assert load_one(records).digest == saved.digest


async def test_the_app_warns_when_a_save_may_not_be_permanent(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(records)
    said: list[tuple[str, str]] = []
    show = app.notify

    def notify(message: str, **options: Any) -> None:
        said.append((message, str(options.get("severity", ""))))
        show(message, **options)

    monkeypatch.setattr(app, "notify", notify)
    real_fsync = os.fsync

    def fail_on_folders(descriptor: int) -> None:
        if stat.S_ISDIR(os.fstat(descriptor).st_mode):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(descriptor)

    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("2", "d")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        with monkeypatch.context() as patch:
            patch.setattr(os, "fsync", fail_on_folders)
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert main.browser.modified == []
        warnings = [message for message, severity in said if severity == "warning"]
        assert warnings == [
            f"{records / 'talks.toml'}: the file is saved, but an input/output error occurred "
            "while making the save permanent; it may not survive a crash or power cut, so check "
            "the disk and save again"
        ]

"""Killed mid-save, hundreds of times, on a file of several megabytes: old or new, never a mix.

A forked child saves a large record file over and over, alternating two versions, through
the real `save_record_file`; the parent kills it with SIGKILL at a random moment, most often
while the temp file is being written. After every kill the file must be, byte for byte, one
of the two versions, and a leftover temp file must never be among the files loaded.
"""

from __future__ import annotations

import mmap
import os
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from benchmarks.dataset import generate
from tui.core import saving
from tui.core.collection import load_path
from tui.core.loading import (
    RecordFile,
    digest_bytes,
    discover_record_sources,
    remove_stale_temp_files,
)
from tui.core.model import Negotiation
from tui.core.paths import TEMP_SUFFIX

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")

KILLS = 200
ROUNDS = 2500  # about 3 MB of TOML

# Where the child was when it died, written by the child into memory shared with the parent.
IDLE, WRITING, SYNCED, RENAMED = range(4)
PHASES = {IDLE: "between saves", WRITING: "mid-write", SYNCED: "synced", RENAMED: "renamed"}


def _versions() -> tuple[list[Negotiation], list[bytes]]:
    base = generate(1, rounds=ROUNDS, seed=6)[0]
    versions = [
        base.model_copy(update={"title": "Version A", "summary": "a" * 1000}),
        base.model_copy(update={"title": "Version B", "summary": "b" * 3000}),
    ]
    return versions, [saving.serialize(v) for v in versions]


def _child(
    record: RecordFile, versions: list[Negotiation], payloads: list[bytes], shared: Any
) -> None:
    """Save forever, alternating versions, marking each phase in `shared`."""
    by_identity = {id(v): p for v, p in zip(versions, payloads, strict=True)}

    def cached(negotiation: Negotiation, *, bom: bool = False, crlf: bool = False) -> bytes:
        return by_identity[id(negotiation)]  # the real serialize ran once, in the parent

    saving.serialize = cached
    real_open, real_fsync, real_replace = os.open, os.fsync, os.replace

    def marked_open(path: Any, flags: int, *args: Any) -> int:
        descriptor = real_open(path, flags, *args)
        if str(path).endswith(TEMP_SUFFIX):
            shared[0] = WRITING
        return descriptor

    def marked_fsync(descriptor: int) -> None:
        real_fsync(descriptor)
        if shared[0] == WRITING:
            shared[0] = SYNCED

    def marked_replace(source: Any, target: Any) -> None:
        real_replace(source, target)
        shared[0] = RENAMED

    os.open, os.fsync, os.replace = marked_open, marked_fsync, marked_replace  # type: ignore[assignment]
    index = versions.index(record.negotiation)
    while True:
        index = 1 - index
        shared[0] = IDLE
        record = saving.save_record_file(record, versions[index])


def _kill_during_a_save(
    path: Path, versions: list[Negotiation], payloads: list[bytes], shared: Any, delay: float
) -> int:
    """Fork a saving child, kill it `delay` seconds into its first write; return its phase."""
    current = path.read_bytes()
    record = RecordFile(path, path, versions[payloads.index(current)], digest_bytes(current))
    shared[0] = IDLE
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns to pytest
        try:
            _child(record, versions, payloads, shared)
        finally:
            os._exit(0)
    deadline = time.monotonic() + 60
    while shared[0] != WRITING and time.monotonic() < deadline:
        time.sleep(0.0005)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return int(shared[0])


def test_hundreds_of_kills_during_saves_of_a_large_file(
    tmp_path: Path, record_property: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    versions, payloads = _versions()
    assert len(payloads[0]) > 2_000_000
    folder = tmp_path / "big"
    folder.mkdir()
    path = folder / "talks.toml"
    path.write_bytes(payloads[0])
    shared = mmap.mmap(-1, 1)
    # How long the disk part of one save takes here, to spread the kills over it.
    with monkeypatch.context() as patch:
        patch.setattr(saving, "serialize", lambda negotiation, **_: payloads[1])
        record = RecordFile(path, path, versions[0], digest_bytes(payloads[0]))
        started = time.monotonic()
        record = saving.save_record_file(record, versions[1])
        saving.save_record_file(record, versions[0])
        save_seconds = (time.monotonic() - started) / 2
    path.write_bytes(payloads[0])
    rng = random.Random(6)
    phases: Counter[str] = Counter()
    temp_files_seen = 0
    for _ in range(KILLS):
        phase = _kill_during_a_save(path, versions, payloads, shared, rng.uniform(0, save_seconds))
        phases[PHASES[phase]] += 1
        data = path.read_bytes()
        assert data in payloads, "the file is exactly the old or the new version"
        assert [s.path for s in discover_record_sources(folder)] == [path], "temp never loaded"
        # The next start, a minute or more later, removes what the killed save left.
        temp_files_seen += len(remove_stale_temp_files(folder, now=time.time() + 3600))
        assert sorted(folder.iterdir()) == [path]
    record_property("kills", KILLS)
    record_property("phases", dict(phases))
    print(
        f"\n{KILLS} kills during saves of {len(payloads[0]):,} bytes "
        f"(one save {save_seconds * 1000:.0f} ms): {dict(phases)}; "
        f"{temp_files_seen} temp files left behind and removed at the next start"
    )
    assert phases["mid-write"] >= KILLS // 10, "most kills should land inside a save"
    dataset = load_path(folder)
    assert dataset.errors == [] and [f.path for f in dataset.files] == [path]
    assert saving.save_record_file(dataset.files[0], versions[1]).path == path

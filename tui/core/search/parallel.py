"""Building the search index of a large collection in two processes at once.

Indexing is pure Python: one interpreter does it one core at a time, and for a thousand files
it takes several times as long as loading them. On a machine with two cores or more, each half
of the collection is indexed in a process of its own and the halves are joined here.

A process reads its files again (loading them is a fraction of indexing them) and indexes only
when each file's content is still the content the app loaded (same digest); otherwise, or if
anything goes wrong, there is no parallel index and the caller builds one in-process.

Each process is this module run by the same Python: its part goes in on standard input, a
pickle of its index comes back on standard output, and its errors go nowhere (the app owns the
terminal). Closing the app ends the processes at once.
"""

from __future__ import annotations

import itertools
import os
import pickle
import selectors
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tui.core.loading import RecordFile, collector_paused, load_record_file
from tui.core.paths import RecordSource
from tui.core.search import postings as postings_module
from tui.core.search.documents import GROUPS, GroupKind
from tui.core.search.index import SearchIndex

PARALLEL_AT_LEAST_BYTES = 4_000_000  # below this, starting the processes costs what it saves
PROCESSES = 2
STOP_CHECK_SECONDS = 0.1
PIPES_SELECTABLE = os.name != "nt"

# One part of a collection: each file's path and the digest of the content the app loaded, and
# where the part's documents are numbered from in each group (after the parts before it).
Part = tuple[list[tuple[str, str]], dict[GroupKind, int]]


def build_index(
    files: Sequence[RecordFile], stopped: Callable[[], bool] = lambda: False
) -> SearchIndex | None:
    """The prepared index of `files`: in two processes when that is worth it, else here.

    None if `stopped` turned true meanwhile (the app is closing: it should not wait for this).
    """
    if worth_parallel(files):
        index = build_in_parallel(files, stopped)
        if index is not None or stopped():
            return index
    with collector_paused():
        index = SearchIndex.build(
            itertools.takewhile(lambda _: not stopped(), (f.negotiation for f in files))
        )
        if stopped():
            return None
        # Prepared before search is offered: worked out while typing, it would hold the
        # interpreter and slow the first keystrokes.
        index.prepare()
    return index


def worth_parallel(files: Sequence[RecordFile]) -> bool:
    """True when the collection is large and the machine has a second core for it.

    Not on Windows, where a process's output pipe cannot be waited on with `selectors`.
    """
    if not PIPES_SELECTABLE or _cores() < 2 or len(files) < PROCESSES:
        return False
    size = 0
    for record in files:
        try:
            size += os.stat(record.path).st_size
        except OSError:
            return False
    return size >= PARALLEL_AT_LEAST_BYTES


def build_in_parallel(
    files: Sequence[RecordFile], stopped: Callable[[], bool] = lambda: False
) -> SearchIndex | None:
    """The index of `files` (prepared), made by two processes; None if it could not be."""
    parts = _split(files)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for part in parts:
            process = subprocess.Popen(
                # -P: the current folder's modules must not shadow the program's own.
                [sys.executable, "-P", "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # the app owns the terminal
            )
            processes.append(process)
            assert process.stdin is not None
            with process.stdin:
                process.stdin.write(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
        outputs = _read_all(processes, stopped)
        if outputs is None:
            return None
        states = [pickle.loads(output) for output in outputs]
        found = [state for state in states if isinstance(state, dict)]
        if len(found) < len(states):
            return None  # a file changed since the app loaded it
        joined = found[0]
        for state in found[1:]:
            joined = join_states(joined, state)
        return SearchIndex.from_state(joined, [f.negotiation for f in files])
    except Exception:  # no processes here, or one failed: the caller indexes in-process
        return None
    finally:
        for process in processes:
            process.kill()
            process.wait()


def _read_all(
    processes: list[subprocess.Popen[bytes]], stopped: Callable[[], bool]
) -> list[bytes] | None:
    """Everything each process writes, until all have finished; None if `stopped` first."""
    chunks: dict[int, list[bytes]] = {}
    with selectors.DefaultSelector() as selector:
        for position, process in enumerate(processes):
            assert process.stdout is not None
            selector.register(process.stdout, selectors.EVENT_READ, position)
            chunks[position] = []
        while selector.get_map():
            if stopped():
                return None
            for key, _ in selector.select(STOP_CHECK_SECONDS):
                chunk = os.read(key.fd, 1 << 20)
                if chunk:
                    chunks[key.data].append(chunk)
                else:
                    selector.unregister(key.fileobj)
    if any(process.wait() != 0 for process in processes):
        return None
    return [b"".join(chunks[position]) for position in range(len(processes))]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _split(files: Sequence[RecordFile]) -> list[Part]:
    """The files in `PROCESSES` runs, in order, of about equal size."""
    sizes = []
    for record in files:
        try:
            sizes.append(os.stat(record.path).st_size)
        except OSError:
            sizes.append(0)
    share = sum(sizes) / PROCESSES
    runs: list[list[RecordFile]] = [[] for _ in range(PROCESSES)]
    done = 0
    for record, size in zip(files, sizes, strict=True):
        runs[min(int(done / share) if share else 0, PROCESSES - 1)].append(record)
        done += size
    parts: list[Part] = []
    first_ids = dict.fromkeys(GROUPS, 0)
    for run in runs:
        if run:
            parts.append(([(str(f.path), f.digest) for f in run], dict(first_ids)))
            counts = SearchIndex.document_counts(f.negotiation for f in run)
            first_ids = {kind: first_ids[kind] + counts[kind] for kind in GROUPS}
    return parts


def _index_part(part: Part) -> dict[str, Any] | None:
    """In a process: load these files as the app does and index them (None if one changed)."""
    files, first_ids = part
    negotiations = []
    with collector_paused():
        for path, digest in files:
            record, _ = load_record_file(RecordSource(Path(path), Path(path)), check=False)
            if record is None or record.digest != digest:
                return None
            negotiations.append(record.negotiation)
        index = SearchIndex.build(negotiations, first_ids=first_ids)
        index.prepare()
        return index.state()


def join_states(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """One index state from two: the second's documents numbered after the first's."""
    return {kind: _join_groups(first[kind], second[kind]) for kind in GROUPS}


def _join_groups(first: tuple[Any, ...], second: tuple[Any, ...]) -> tuple[Any, ...]:
    slots, labels, postings, removed, short, deletes, _, bitmaps = first
    (more_slots, more_labels, more_postings, more_removed, more_short, more_deletes, _,
     more_bitmaps) = second  # fmt: skip
    start = len(slots)
    if len(more_slots) < start or any(slot is not None for slot in more_slots[:start]):
        raise ValueError("the second part is not numbered after the first")
    joined = dict(postings)
    for word, ids in more_postings.items():
        found = joined.get(word)
        joined[word] = found + ids if found is not None else ids
    joined_short = dict(short)
    for prefix, bitmap in more_short.items():
        joined_short[prefix] = joined_short.get(prefix, 0) | bitmap
    # Common words' bitmaps: the parts' own where they have them, made from the ids where not.
    joined_bitmaps = {}
    for word, ids in joined.items():
        first_bitmap, second_bitmap = bitmaps.get(word), more_bitmaps.get(word)
        if first_bitmap is None and second_bitmap is None:
            if len(ids) >= postings_module.BITMAP_MIN_DOCUMENTS:
                joined_bitmaps[word] = postings_module.bitmap_of(ids)
            continue
        if first_bitmap is None:
            first_bitmap = postings_module.bitmap_of(postings.get(word, ()))
        if second_bitmap is None:
            second_bitmap = postings_module.bitmap_of(more_postings.get(word, ()))
        joined_bitmaps[word] = first_bitmap | second_bitmap
    joined_deletes = None
    if deletes is not None and more_deletes is not None:
        joined_deletes = {variant: list(words) for variant, words in deletes.items()}
        for variant, words in more_deletes.items():
            known = joined_deletes.setdefault(variant, [])
            known.extend(word for word in words if word not in known)
    return (
        slots + more_slots[start:],
        labels + more_labels[start:],
        joined,
        removed | more_removed,
        joined_short,
        joined_deletes,
        sorted(joined),
        joined_bitmaps,
    )


def _serve() -> None:
    """In a process: index the part given on standard input, the state to standard output."""
    part = pickle.load(sys.stdin.buffer)
    sys.stdout.buffer.write(pickle.dumps(_index_part(part), protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _serve()

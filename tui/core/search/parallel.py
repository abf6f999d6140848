"""Building the search index of a large collection in forked processes, while it loads.

Indexing is pure Python: one interpreter does it one core at a time, and for a thousand files
it takes several times as long as loading them. On a machine with two cores or more, the
collection is indexed in parts, each in a process forked from the app's: a forked process
starts at once and already holds the records, so nothing is read or parsed twice. The first
part, a quarter of the files, starts as soon as they are loaded, on the core that loading
leaves free, and is done about when loading ends; the rest is then split in two, a part for
each core. (When no part started while loading, as when most records came from the cache, the
whole collection is split in two.) Their indexes are joined here.

A forked process only indexes what it was given and sends the index back (`tui.core.forked`).
If anything goes wrong, the index is built in-process instead. Closing the app ends the
processes at once.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import mmap
import operator
import os
import struct
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core import forked
from tui.core.loading import RecordFile, collector_paused
from tui.core.model import Negotiation
from tui.core.paths import RecordSource
from tui.core.search import postings as postings_module
from tui.core.search.documents import GROUPS, GroupKind
from tui.core.search.index import SearchIndex

PARALLEL_AT_LEAST_BYTES = 4_000_000  # below this, starting the processes costs what it saves
# The first part is indexed while the rest loads, on the other core. Indexing a file takes
# about three times as long as loading it, so a quarter of the files is done about when the
# last is loaded: the rest is then indexed in `REST_PARTS` parts, side by side. (A larger first
# part leaves the second core idle until its files are loaded: at 57% in one part and 43% in
# another, the index of 1,000 files was ready 0.5–1.4 s later.)
FIRST_PART_SHARE = 0.25
REST_PARTS = 2
NICENESS = 10  # the processes give way to the app itself: keys typed meanwhile stay quick
CAN_FORK = forked.AVAILABLE


@dataclass(slots=True)
class _Part:
    """A process indexing part of the collection, the files it was given, and how many of
    them it has indexed so far (memory it shares with this process, see `_counted`)."""

    files: list[RecordFile]
    process: forked.Forked
    counter: mmap.mmap

    def indexed(self) -> int:
        return int(struct.unpack_from("q", self.counter)[0])


class IndexBuilder:
    """Indexes a collection as it loads: give it each record (`add`), then `build`.

    Always end with `build` or `cancel`: either ends the processes it started.
    """

    def __init__(self, sources: Sequence[RecordSource]) -> None:
        self._sizes = _sizes([source.path for source in sources])
        total = sum(self._sizes.values())
        self._parallel = _worth_parallel(total, len(sources))
        self._first_part_bytes = total * FIRST_PART_SHARE
        self._added: list[RecordFile] = []
        self._added_bytes = 0
        self._from_cache = 0
        self._decided = not self._parallel
        self._parts: list[_Part] = []

    def add(self, record: RecordFile) -> None:
        """One more record loaded, in order; once the first part's are, its indexing starts.

        Not when most records so far came from the cache: its index is then likely to serve.
        """
        if self._decided:
            return
        self._added.append(record)
        self._added_bytes += self._sizes.get(record.path, 0)
        self._from_cache += record.from_cache
        if self._added_bytes >= self._first_part_bytes:
            self._decided = True
            if self._from_cache * 2 < len(self._added):
                with contextlib.suppress(Exception):  # no process to be had: `build` tries again
                    self._start(self._added, dict.fromkeys(GROUPS, 0))

    def loaded(self, files: Sequence[RecordFile]) -> None:
        """Loading ended with `files`: if indexing started meanwhile, the rest starts now.

        Called before the records are shown (which keeps the app busy for a moment); `build`
        then only collects.
        """
        if self._parts and len(files) >= 2:
            with contextlib.suppress(Exception):  # `build` tries again
                self._start_rest(files)

    def build(
        self,
        files: Sequence[RecordFile],
        stopped: Callable[[], bool] = lambda: False,
        progress: Callable[[int], object] = lambda indexed: None,
    ) -> SearchIndex | None:
        """The prepared index of `files` (as loaded): in forked processes when worth it, else here.

        None if `stopped` turned true meanwhile (the app is closing: it should not wait).
        `progress` is told, now and then, how many of the files are indexed so far (the index
        is then prepared and, from several processes, joined: that takes a moment more).
        """
        try:
            if self._parallel:
                index = self._build_in_parallel(files, stopped, progress)
                if index is not None or stopped():
                    return index
        finally:
            self.cancel()
        return build_in_process(files, stopped, progress)

    def indexed(self) -> int:
        """How many files the processes started so far have indexed."""
        return sum(part.indexed() for part in self._parts)

    def cancel(self) -> None:
        """End the processes started, at once (their work is not needed)."""
        parts, self._parts = self._parts, []
        for part in parts:
            part.process.end()
            part.counter.close()

    def _start(self, files: Sequence[RecordFile], first_ids: dict[GroupKind, int]) -> None:
        negotiations = [f.negotiation for f in files]
        counter = mmap.mmap(-1, struct.calcsize("q"))  # anonymous: shared with the fork
        work = functools.partial(_index_part, negotiations, first_ids, counter)
        try:
            process = forked.fork(work, niceness=NICENESS)
        except BaseException:
            counter.close()
            raise
        self._parts.append(_Part(list(files), process, counter))

    def _start_rest(self, files: Sequence[RecordFile]) -> None:
        """Start indexing whatever of `files` no process is indexing yet, in parts."""
        started = [record for part in self._parts for record in part.files]
        if len(started) == len(files) and all(map(operator.is_, started, files)):
            return  # all of them
        if len(started) > len(files) or not all(map(operator.is_, started, files)):
            self.cancel()  # not the collection it was given: start again
            started = []
        counts = SearchIndex.document_counts(f.negotiation for f in started)
        for part in self._split(files[len(started) :], REST_PARTS):
            self._start(part, dict(counts))
            for kind, count in SearchIndex.document_counts(f.negotiation for f in part).items():
                counts[kind] += count

    def _build_in_parallel(
        self,
        files: Sequence[RecordFile],
        stopped: Callable[[], bool],
        progress: Callable[[int], object],
    ) -> SearchIndex | None:
        if len(files) < 2:
            return None
        try:
            self._start_rest(files)

            def waiting() -> None:
                # Only a count on screen: failing to show it is no reason to index again here.
                with contextlib.suppress(Exception):
                    progress(self.indexed())

            joining = _Joining()
            states = forked.results(
                [part.process for part in self._parts], stopped, waiting, joining.arrived
            )
            if states is None or joining.joined is None:
                return None
            return SearchIndex.from_state(joining.joined, [f.negotiation for f in files])
        except Exception:  # a process could not start or failed: the caller indexes here
            return None

    def _split(self, files: Sequence[RecordFile], parts: int) -> list[Sequence[RecordFile]]:
        """`files` in `parts` runs (fewer only if there are fewer files) of about as many bytes
        each: each run ends where its bytes come nearest its share, leaving a file for each
        run after it."""
        parts = min(parts, len(files))
        if parts <= 1:
            return [files] if files else []
        bytes_before = list(itertools.accumulate(self._sizes.get(f.path, 0) for f in files))
        total = bytes_before[-1]
        runs: list[Sequence[RecordFile]] = []
        start = 0
        for run in range(1, parts):
            share = total * run / parts
            ends = range(start + 1, len(files) - (parts - run) + 1)
            end = min(ends, key=lambda end: abs(bytes_before[end - 1] - share))
            runs.append(files[start:end])
            start = end
        runs.append(files[start:])
        return runs


def build_index(
    files: Sequence[RecordFile], stopped: Callable[[], bool] = lambda: False
) -> SearchIndex | None:
    """The prepared index of loaded `files`: in forked processes when that is worth it."""
    return IndexBuilder([RecordSource(f.path, f.save_path) for f in files]).build(files, stopped)


def build_in_process(
    files: Sequence[RecordFile],
    stopped: Callable[[], bool] = lambda: False,
    progress: Callable[[int], object] = lambda indexed: None,
) -> SearchIndex | None:
    """The prepared index of `files`, built here; None if `stopped` turned true meanwhile.

    `progress` is told after each file how many are indexed.
    """

    def negotiations() -> Iterator[Negotiation]:
        for indexed, record in enumerate(files):
            if stopped():
                return
            progress(indexed)
            yield record.negotiation
        progress(len(files))

    with collector_paused():
        index = SearchIndex.build(negotiations())
        if stopped():
            return None
        # Prepared before search is offered: worked out while typing, it would hold the
        # interpreter and slow the first keystrokes.
        index.prepare()
    return index


def worth_parallel(files: Sequence[RecordFile]) -> bool:
    """True when the collection is large and the machine has a second core for it."""
    sizes = _sizes([f.path for f in files])
    return _worth_parallel(sum(sizes.values()), len(files))


def _worth_parallel(total_bytes: int, count: int) -> bool:
    return CAN_FORK and _cores() >= 2 and count >= 2 and total_bytes >= PARALLEL_AT_LEAST_BYTES


def _sizes(paths: Sequence[Path]) -> dict[Path, int]:
    sizes = {}
    for path in paths:
        try:
            sizes[path] = os.stat(path).st_size
        except OSError:
            sizes[path] = 0
    return sizes


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _index_part(
    negotiations: list[Negotiation], first_ids: dict[GroupKind, int], counter: mmap.mmap
) -> Any:
    """In a forked process: the state of the part's index (see `SearchIndex.state`)."""
    index = SearchIndex.build(_counted(negotiations, counter), first_ids=first_ids)
    index.prepare()
    return index.state()


def _counted(negotiations: list[Negotiation], counter: mmap.mmap) -> Iterator[Negotiation]:
    """`negotiations`, counting in `counter` those indexed (taken and handed back) so far."""
    for indexed, negotiation in enumerate(negotiations):
        struct.pack_into("q", counter, 0, indexed)
        yield negotiation
    struct.pack_into("q", counter, 0, len(negotiations))


class _Joining:
    """The parts' index states joined in order, each as soon as it and those before it are in.

    The first part is done about when loading ends, long before the others: it is read then,
    and each later part joined as it comes, rather than all of them once the last is done.
    """

    def __init__(self) -> None:
        self.joined: dict[str, Any] | None = None
        self._next = 0
        self._early: dict[int, dict[str, Any]] = {}

    def arrived(self, position: int, state: dict[str, Any]) -> None:
        self._early[position] = state
        while self._next in self._early:
            state = self._early.pop(self._next)
            self.joined = state if self.joined is None else join_states(self.joined, state)
            self._next += 1


def join_states(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """One index state from two: the second's documents numbered after the first's.

    The first state is taken over (what it holds is extended in place, not copied): on a
    thousand files, copying made each join take a quarter of a second.
    """
    return {kind: _join_groups(first[kind], second[kind]) for kind in GROUPS}


def _join_groups(first: tuple[Any, ...], second: tuple[Any, ...]) -> tuple[Any, ...]:
    slots, labels, postings, removed, short, deletes, _, bitmaps = first
    (more_slots, more_labels, more_postings, more_removed, more_short, more_deletes, _,
     more_bitmaps) = second  # fmt: skip
    start = len(slots)
    if len(more_slots) < start or more_slots[:start].count(None) != start:
        raise ValueError("the second part is not numbered after the first")
    # Common words' bitmaps: the parts' own where they have them, made from the ids where not.
    # (Worked out before the first's postings are extended with the second's.)
    joined_bitmaps = {}
    for word in postings.keys() | more_postings.keys():
        first_ids, second_ids = postings.get(word, ()), more_postings.get(word, ())
        first_bitmap, second_bitmap = bitmaps.get(word), more_bitmaps.get(word)
        rare = len(first_ids) + len(second_ids) < postings_module.BITMAP_MIN_DOCUMENTS
        if rare and first_bitmap is None and second_bitmap is None:
            continue  # its ids serve
        if first_bitmap is None:
            first_bitmap = postings_module.bitmap_of(first_ids, ascending=True)
        if second_bitmap is None:
            second_bitmap = postings_module.bitmap_of(second_ids, ascending=True)
        joined_bitmaps[word] = first_bitmap | second_bitmap
    new_words = [word for word in more_postings if word not in postings]
    for word, ids in more_postings.items():
        found = postings.get(word)
        if found is None:
            postings[word] = ids
        else:
            found.extend(ids)
    for prefix, bitmap in more_short.items():
        short[prefix] = short.get(prefix, 0) | bitmap
    # Close spellings: the first's table has every word of its own; the second's new ones are
    # entered as `prepare` enters them.
    if deletes is None or more_deletes is None:
        deletes = None
    else:
        postings_module.add_deletes(deletes, new_words)
    slots.extend(more_slots[start:])
    labels.extend(more_labels[start:])
    return (
        slots, labels, postings, removed | more_removed, short, deletes, sorted(postings),
        joined_bitmaps,
    )  # fmt: skip

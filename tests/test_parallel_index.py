"""Indexing a large collection in forked processes: the same index as one process makes."""

from __future__ import annotations

import os
import select
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from benchmarks.dataset import write
from tui.core import forked
from tui.core.collection import Dataset, load_sources
from tui.core.loading import RecordFile, discover_record_sources
from tui.core.paths import RecordSource
from tui.core.search import SearchIndex, parallel, postings
from tui.core.search.parallel import IndexBuilder, build_index, worth_parallel
from tui.core.search.postings import bitmap_of

QUERIES = ["t", "ge", "geneva", "genva", "bessent", "rare earth", "tariff truce", "郭", "zzz"]


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("records")
    write(folder, count=9, rounds=5)
    return load_sources(discover_record_sources(folder), folder)


@pytest.fixture
def in_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any collection counts as large, on a machine with two cores."""
    monkeypatch.setattr(parallel, "PARALLEL_AT_LEAST_BYTES", 1)
    monkeypatch.setattr(parallel, "_cores", lambda: 2)


@pytest.fixture
def only_in_parallel(in_parallel: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """As `in_parallel`, and falling back to indexing in-process fails the test."""

    def in_process(*_: object, **__: object) -> None:
        raise AssertionError("the processes failed: the index was built in-process")

    monkeypatch.setattr(parallel, "build_in_process", in_process)


def _answers(index: SearchIndex) -> list[tuple[list[str], tuple[str, ...]]]:
    answers = []
    for query in QUERIES:
        results = index.search(query)
        answers.append(([str(ref) for ref in results.refs()], results.fuzzy))
    return answers


def _children() -> list[str]:
    """This process's child processes (Linux)."""
    pid = os.getpid()
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


def _sources(files: list[RecordFile]) -> list[RecordSource]:
    return [RecordSource(f.path, f.save_path) for f in files]


def _assert_same_index(joined: SearchIndex, files: list[RecordFile]) -> None:
    alone = SearchIndex.build(f.negotiation for f in files)
    alone.prepare()
    assert _answers(joined) == _answers(alone)
    assert len(joined) == len(alone)
    for kind, group in joined._groups.items():
        expected = alone._groups[kind]
        assert group.slots == expected.slots
        assert group._short_prefixes == expected._short_prefixes
        assert {word: list(ids) for word, ids in group.postings.items()} == {
            word: list(ids) for word, ids in expected.postings.items()
        }
        # What the processes worked out for the first keystrokes comes along, and is right.
        assert group.vocabulary == expected.vocabulary
        assert group._deletes is not None and expected._deletes is not None
        assert {variant: sorted(words) for variant, words in group._deletes.items()} == {
            variant: sorted(words) for variant, words in expected._deletes.items()
        }


def test_two_processes_make_the_index_one_process_makes_when_none_started_early(
    collection: Dataset, only_in_parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    fork = forked.fork

    def counted(*args: Any, **options: Any) -> forked.Forked:
        process = fork(*args, **options)
        started.append(process.pid)
        return process

    monkeypatch.setattr(forked, "fork", counted)
    joined = IndexBuilder(_sources(collection.files)).build(collection.files)
    assert joined is not None
    assert len(started) == 2
    _assert_same_index(joined, collection.files)
    assert not _children()


def test_the_first_part_is_indexed_while_the_rest_loads(
    collection: Dataset, only_in_parallel: None
) -> None:
    files = collection.files
    builder = IndexBuilder(_sources(files))
    added = 0
    while not _children():
        builder.add(files[added])
        added += 1
    # Started once a quarter of the bytes were loaded, long before the last file.
    sizes = [f.path.stat().st_size for f in files]
    assert sum(sizes[: added - 1]) < sum(sizes) * parallel.FIRST_PART_SHARE <= sum(sizes[:added])
    assert added < len(files) // 2
    assert len(_children()) == 1
    # Its count is read here while it works, and reaches its number of files.
    deadline = time.monotonic() + 60
    while builder.indexed() < added and time.monotonic() < deadline:
        time.sleep(0.01)
    assert builder.indexed() == added
    for record in files[added:]:
        builder.add(record)
    builder.loaded(files)  # the rest starts before the records are shown, in two parts
    assert len(_children()) == 3
    assert len(builder._parts[0].files) == added
    assert sum(len(part.files) for part in builder._parts) == len(files)
    joined = builder.build(files)
    assert joined is not None
    _assert_same_index(joined, files)
    assert not _children()


def test_records_from_the_cache_start_no_process_while_loading(
    collection: Dataset, only_in_parallel: None
) -> None:
    """Then the cached index is likely to serve: no core is taken from loading for nothing."""
    builder = IndexBuilder(_sources(collection.files))
    for record in collection.files:
        record.from_cache = True
        try:
            builder.add(record)
        finally:
            record.from_cache = False
    assert not _children()
    joined = builder.build(collection.files)  # if it does not, both parts start then
    assert joined is not None
    _assert_same_index(joined, collection.files)


def test_another_collection_than_the_one_given_is_indexed_afresh(
    collection: Dataset, only_in_parallel: None
) -> None:
    files = collection.files
    builder = IndexBuilder(_sources(files))
    for record in files:
        builder.add(record)
    assert _children()
    others = files[1:]  # say, the first file failed a check after all
    joined = builder.build(others)
    assert joined is not None
    _assert_same_index(joined, others)
    assert not _children()


def test_a_forked_process_keeps_none_of_the_app_s_pipes(
    collection: Dataset, only_in_parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pipe the app has open (a clipboard tool's) ends when the app closes it."""
    read_end, write_end = os.pipe()
    index_part = parallel._index_part

    def slowly(*args: Any) -> Any:  # in the forked process
        time.sleep(3)
        return index_part(*args)

    monkeypatch.setattr(parallel, "_index_part", slowly)
    builder = IndexBuilder(_sources(collection.files))
    for record in collection.files:
        builder.add(record)
    assert _children()  # the first part, asleep
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 1.5)
        assert ready, "a forked process holds the pipe open"
        assert os.read(read_end, 1) == b""
    finally:
        builder.cancel()
        os.close(read_end)
    assert not _children()


def test_a_failed_process_means_indexing_in_process(
    collection: Dataset,
    in_parallel: None,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    def fail(*_: object) -> None:
        print("on the screen?")
        os.write(2, b"on the screen?")
        raise RuntimeError("broken")

    monkeypatch.setattr(parallel, "_index_part", fail)  # runs in the forked processes
    index = build_index(collection.files)
    assert index is not None
    _assert_same_index(index, collection.files)
    assert not _children()
    assert capfd.readouterr() == ("", "")  # no traceback on the app's screen


def test_joined_parts_keep_their_common_words_bitmaps(
    collection: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each part's bitmaps of common words survive the join, and describe the joined index."""
    monkeypatch.setattr(postings, "BITMAP_MIN_DOCUMENTS", 3)
    files = collection.files
    first, second = files[:4], files[4:]
    counts = SearchIndex.document_counts(f.negotiation for f in first)
    states = []
    for part, first_ids in ((first, None), (second, counts)):
        index = SearchIndex.build([f.negotiation for f in part], first_ids=first_ids)
        index.prepare()
        states.append(index.state())
    joined = SearchIndex.from_state(parallel.join_states(*states), [f.negotiation for f in files])
    alone = SearchIndex.build([f.negotiation for f in files])
    alone.prepare()
    for kind, group in joined._groups.items():
        assert group.vocabulary == sorted(group.postings)
        # Every common word keeps a bitmap, also one common in one part and rare in the other.
        assert group._word_bitmaps == alone._groups[kind]._word_bitmaps
        for word, bitmap in group._word_bitmaps.items():
            assert bitmap == bitmap_of(group.postings[word]), word
    assert sum(len(group._word_bitmaps) for group in joined._groups.values()) > 100


def test_closing_the_app_ends_the_processes_at_once(collection: Dataset, in_parallel: None) -> None:
    asked: list[int] = []

    def stopped() -> bool:  # asked once the processes run: the app closes then
        asked.append(len(_children()))
        return True

    assert build_index(collection.files, stopped=stopped) is None
    assert asked[0] == 2
    assert not _children()


def test_small_collections_and_single_cores_index_in_process(
    collection: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not worth_parallel(collection.files)  # under a megabyte
    monkeypatch.setattr(parallel, "PARALLEL_AT_LEAST_BYTES", 1)
    assert worth_parallel(collection.files) == (parallel._cores() >= 2)
    monkeypatch.setattr(parallel, "_cores", lambda: 1)
    assert not worth_parallel(collection.files)


def test_not_on_windows(collection: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_AT_LEAST_BYTES", 1)
    monkeypatch.setattr(parallel, "_cores", lambda: 4)
    assert worth_parallel(collection.files)
    monkeypatch.setattr(parallel, "CAN_FORK", False)  # as on Windows
    assert not worth_parallel(collection.files)


def test_a_stopped_in_process_build_gives_nothing(collection: Dataset) -> None:
    assert build_index(collection.files, stopped=lambda: True) is None


def test_the_processes_say_how_many_files_they_have_indexed(
    collection: Dataset, only_in_parallel: None
) -> None:
    told: list[int] = []
    joined = IndexBuilder(_sources(collection.files)).build(collection.files, progress=told.append)
    assert joined is not None
    # Counted in memory the processes share with this one, read while waiting for them.
    assert told == sorted(told)
    assert told[-1] == len(collection.files)


def test_indexing_in_process_counts_every_file(collection: Dataset) -> None:
    told: list[int] = []
    assert IndexBuilder(_sources(collection.files)).build(collection.files, progress=told.append)
    assert told == list(range(len(collection.files) + 1))


def test_a_count_that_cannot_be_shown_does_not_stop_the_processes(
    collection: Dataset, only_in_parallel: None
) -> None:
    def progress(indexed: int) -> None:
        raise RuntimeError("the screen is gone")

    joined = IndexBuilder(_sources(collection.files)).build(collection.files, progress=progress)
    assert joined is not None  # from the processes: indexing in-process would fail the test
    _assert_same_index(joined, collection.files)


def test_parts_are_joined_in_order_whichever_ends_first(
    collection: Dataset, only_in_parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first part to start is made to end last: the others wait for it to be joined."""
    files = collection.files
    index_part = parallel._index_part

    def first_slowly(negotiations: Any, first_ids: Any, counter: Any) -> Any:
        if not any(first_ids.values()):
            time.sleep(1.5)
        return index_part(negotiations, first_ids, counter)

    monkeypatch.setattr(parallel, "_index_part", first_slowly)
    arrivals: list[int] = []
    results = forked.results

    def noted(processes: Any, stopped: Any, waiting: Any, arrived: Any) -> Any:
        def note(position: int, state: Any) -> None:
            arrivals.append(position)
            arrived(position, state)

        return results(processes, stopped, waiting, note)

    monkeypatch.setattr(forked, "results", noted)
    builder = IndexBuilder(_sources(files))
    for record in files:
        builder.add(record)
    builder.loaded(files)
    joined = builder.build(files)
    assert joined is not None
    assert sorted(arrivals) == [0, 1, 2] and arrivals[-1] == 0
    _assert_same_index(joined, files)


@pytest.mark.parametrize(
    ("sizes", "runs"),
    [
        ([5, 5, 5, 5], [2, 2]),
        ([1, 1, 10], [2, 1]),  # a large last file has a part of its own
        ([1, 10], [1, 1]),
        ([1, 1, 1, 1, 100], [4, 1]),
        ([0, 0, 0], [1, 2]),
        ([7], [1]),
    ],
)
def test_the_rest_is_split_where_its_bytes_come_nearest_halves(
    sizes: list[int], runs: list[int]
) -> None:
    files = [SimpleNamespace(path=Path(f"{number}.toml")) for number in range(len(sizes))]
    builder = IndexBuilder([])
    builder._sizes = {f.path: size for f, size in zip(files, sizes, strict=True)}
    assert [len(run) for run in builder._split(files, 2)] == runs  # type: ignore[arg-type]


def test_a_part_without_close_spellings_keeps_the_others() -> None:
    """A part whose words are all numbers has an empty spelling table, not none at all."""
    first = postings.GroupIndex()
    first.add(("a", 0), "geneva talks", "geneva")
    first.prepare()
    second = postings.GroupIndex()
    second.slots, second.labels = [None], [""]
    second.add(("b", 0), "2025 90", "2025")
    second.prepare()
    assert second.state()[5] == {}
    expected = dict(first.state()[5])
    assert parallel._join_groups(first.state(), second.state())[5] == expected

"""Indexing a large collection in two processes: the same index as one process makes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.dataset import write
from tui.core.loading import Dataset, discover_record_sources, load_sources
from tui.core.search import SearchIndex, parallel, postings
from tui.core.search.parallel import build_in_parallel, build_index, worth_parallel
from tui.core.search.postings import bitmap_of

QUERIES = ["t", "ge", "geneva", "genva", "bessent", "rare earth", "tariff truce", "郭", "zzz"]


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("records")
    write(folder, count=9, rounds=5)
    return load_sources(discover_record_sources(folder), folder)


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


def test_two_processes_make_the_index_one_process_makes(collection: Dataset) -> None:
    joined = build_in_parallel(collection.files)
    assert joined is not None
    alone = SearchIndex.build(collection.negotiations)
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
    assert not _children()


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


def test_a_file_changed_since_loading_is_not_indexed_from_disk(
    collection: Dataset, tmp_path: Path
) -> None:
    folder = tmp_path / "records"
    write(folder, count=4, rounds=3)
    dataset = load_sources(discover_record_sources(folder), folder)
    last = dataset.files[-1].path
    last.write_text(last.read_text(encoding="utf-8").replace("talks #", "zqxwv #"), "utf-8")
    assert build_in_parallel(dataset.files) is None
    index = build_index(dataset.files)  # what the app does then: index what it loaded
    assert index is not None
    assert not index.search("zqxwv")  # the loaded content, not what the disk holds now
    assert index.search("talks")


def test_closing_the_app_ends_the_processes_at_once(collection: Dataset) -> None:
    asked: list[int] = []

    def stopped() -> bool:  # asked once the processes run: the app closes then
        asked.append(len(_children()))
        return True

    assert build_in_parallel(collection.files, stopped=stopped) is None
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


def test_modules_in_the_current_folder_do_not_run_in_the_processes(
    collection: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "selectors.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    (tmp_path / "tui").mkdir()  # a stray package of the same name
    monkeypatch.chdir(tmp_path)
    assert build_in_parallel(collection.files) is not None
    assert not marker.exists()


def test_not_on_windows(collection: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_AT_LEAST_BYTES", 1)
    monkeypatch.setattr(parallel, "_cores", lambda: 4)
    assert worth_parallel(collection.files)
    monkeypatch.setattr(parallel, "PIPES_SELECTABLE", False)  # as on Windows
    assert not worth_parallel(collection.files)


def test_a_stopped_in_process_build_gives_nothing(collection: Dataset) -> None:
    assert build_index(collection.files, stopped=lambda: True) is None

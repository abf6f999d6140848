"""The record cache: a warm start gives exactly what parsing gives, and never stale records."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from benchmarks.dataset import write
from tests.helpers import MINIMAL
from tui.core.cache import INDEXES_KEPT, FoundIndex, RecordCache
from tui.core.collection import Dataset, load_sources
from tui.core.loading import discover_record_sources
from tui.core.paths import bundled_data_dir
from tui.core.search import GROUPS, SearchIndex
from tui.core.search.documents import documents_of

QUERIES = ["bessent", "geneva tariff", "何立峰", "rare-earth", "bessnet", "round 3", "zzz", "a"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Six generated negotiations and the bundled one, with an unknown key and a bad reference."""
    folder = tmp_path / "records"
    write(folder, count=6, rounds=4)
    bundled = (bundled_data_dir() / "us-china-2025.toml").read_text(encoding="utf-8")
    (folder / "us-china.toml").write_text(bundled, encoding="utf-8")
    (folder / "odd.toml").write_text(
        MINIMAL + 'colour = "blue"\n[[participants]]\nid = "x"\nname = "X"\nparty = "nobody"\n',
        encoding="utf-8",
    )
    return folder


def _load(folder: Path, cache: RecordCache) -> Dataset:
    return load_sources(discover_record_sources(folder), folder, known=cache)


def _remember(dataset: Dataset, cache: RecordCache) -> SearchIndex:
    index = SearchIndex.build(dataset.negotiations)
    cache.remember(dataset.files, index.state())
    return index


def _answers(index: SearchIndex, *, ordered: bool = True) -> list[list[tuple[str, str, str, str]]]:
    """Every hit of every query; `ordered=False` for an index whose documents were re-added
    (they come last, so only the order among equals differs)."""
    answers = []
    for query in QUERIES:
        results = index.search(query)
        hits = [results.hit(row) for row in range(len(results))]
        found = [(str(h.ref), h.label, h.field, h.snippet) for h in hits]
        answers.append(found if ordered else sorted(found))
    return answers


def _found(cache: RecordCache, dataset: Dataset) -> FoundIndex:
    found = cache.index(dataset.files)
    assert found is not None
    return found


def _change(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_warm_start_gives_what_parsing_gives(folder: Path, tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / "cache")
    cold = _load(folder, cache)
    assert cache.hits == 0
    built = _remember(cold, cache)

    warm_cache = RecordCache(tmp_path / "cache")
    warm = _load(folder, warm_cache)
    assert warm_cache.hits == len(cold.files) == 8
    assert warm.negotiations == cold.negotiations
    assert [(f.path, f.digest, f.has_bom) for f in warm.files] == [
        (f.path, f.digest, f.has_bom) for f in cold.files
    ]
    assert warm.problems == cold.problems
    assert any(p.severity == "warning" for p in warm.problems)  # the unknown key
    assert any("nobody" in p.message for p in warm.problems)  # the dangling reference
    found = _found(warm_cache, warm)
    assert not found.patched
    assert _answers(found.index) == _answers(built)


def test_a_changed_file_is_parsed_again(folder: Path, tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / "cache")
    _remember(_load(folder, cache), cache)
    path = folder / "odd.toml"
    stat = os.stat(path)
    text = path.read_text(encoding="utf-8").replace("Test talks", "Test talkz")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and time: content decides
    again = RecordCache(tmp_path / "cache")
    dataset = _load(folder, again)
    assert again.hits == 7
    assert "Test talkz" in [n.title for n in dataset.negotiations]
    found = _found(again, dataset)  # the old index, with the changed file indexed again
    assert found.patched
    fresh = SearchIndex.build(dataset.negotiations)
    assert _answers(found.index, ordered=False) == _answers(fresh, ordered=False)
    assert found.index.search("talkz").counts() == fresh.search("talkz").counts() != {}
    assert found.index.search("talks").counts() == fresh.search("talks").counts()


def test_a_patched_index_is_remembered_for_the_next_start(folder: Path, tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / "cache")
    _remember(_load(folder, cache), cache)
    _change(folder / "us-china.toml", "Geneva", "Genf")
    changed = _load(folder, cache)
    found = _found(cache, changed)
    assert found.patched
    cache.remember(changed.files, found.index.state())
    again = RecordCache(tmp_path / "cache")
    found_again = _found(again, _load(folder, again))
    assert not found_again.patched
    assert _answers(found_again.index) == _answers(found.index)
    assert "round" in found_again.index.search("genf").counts()


def test_files_added_and_removed_patch_the_index(folder: Path, tmp_path: Path) -> None:
    for number in range(8):  # a larger collection: one file in nine changes
        (folder / f"extra-{number}.toml").write_text(
            MINIMAL.replace('id = "talks"', f'id = "talks-{number}"'), encoding="utf-8"
        )
    cache = RecordCache(tmp_path / "cache")
    _remember(_load(folder, cache), cache)
    (folder / "extra-0.toml").unlink()
    (folder / "extra-9.toml").write_text(
        MINIMAL.replace('id = "talks"', 'id = "talks-9"').replace("Geneva", "Lausanne"),
        encoding="utf-8",
    )
    dataset = _load(folder, cache)
    found = _found(cache, dataset)
    assert found.patched
    fresh = SearchIndex.build(dataset.negotiations)
    assert _answers(found.index, ordered=False) == _answers(fresh, ordered=False)
    lausanne = found.index.search("lausanne").counts()
    assert lausanne == fresh.search("lausanne").counts() and lausanne["round"] == 1
    assert len(found.index) == len(fresh)


def test_a_damaged_list_of_files_is_ignored(folder: Path, tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / "cache")
    _remember(_load(folder, cache), cache)
    assert cache.folder is not None
    (manifest,) = (cache.folder / "index").rglob("*.files")
    for damaged in ([("talks",)], [1, 2], ["ab"], {"a": 1}):
        manifest.write_bytes(pickle.dumps(damaged))
        _change(folder / "odd.toml", "Test talks", f"Test {len(repr(damaged))}")
        assert cache.index(_load(folder, cache).files) is None


def test_a_mostly_changed_collection_is_indexed_afresh(folder: Path, tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / "cache")
    _remember(_load(folder, cache), cache)
    for path in sorted(folder.glob("talks-*.toml"))[:3]:  # three files of eight
        _change(path, "talks #", "meetings #")
    assert cache.index(_load(folder, cache).files) is None


def test_only_the_newest_indexes_are_kept(folder: Path, tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / "cache")
    for number in range(INDEXES_KEPT + 2):
        (folder / "odd.toml").write_text(MINIMAL.replace("Test talks", f"Talks {number}"))
        _remember(_load(folder, cache), cache)
    assert cache.folder is not None
    assert len(list((cache.folder / "index").rglob("*.pickle"))) == INDEXES_KEPT
    assert len(list((cache.folder / "index").rglob("*.files"))) == INDEXES_KEPT


def test_same_content_elsewhere_reports_its_own_path(folder: Path, tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / "cache")
    _remember(_load(folder, cache), cache)
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "copy.toml").write_bytes((folder / "odd.toml").read_bytes())
    dataset = _load(other, RecordCache(tmp_path / "cache"))
    assert dataset.problems
    assert {p.path for p in dataset.problems} == {other / "copy.toml"}


def test_damaged_entries_are_ignored_and_rewritten(folder: Path, tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / "cache")
    cold = _load(folder, cache)
    _remember(cold, cache)
    entries = sorted((tmp_path / "cache").rglob("*.pickle"))
    entries += sorted((tmp_path / "cache").rglob("*.files"))
    assert len(entries) == 10  # eight files, one index and the list of files it was made of
    for number, entry in enumerate(entries):
        entry.write_bytes(b"not a pickle" if number % 2 else entry.read_bytes()[:40])
    damaged = RecordCache(tmp_path / "cache")
    dataset = _load(folder, damaged)
    assert damaged.hits == 0
    assert dataset.negotiations == cold.negotiations
    assert damaged.index(dataset.files) is None
    _remember(dataset, damaged)
    assert not _found(RecordCache(tmp_path / "cache"), dataset).patched


def test_a_fifo_in_place_of_an_entry_is_ignored(folder: Path, tmp_path: Path) -> None:
    """Reading it waited for a writer for ever: the app hung at "Loading…"."""
    cache = RecordCache(tmp_path / "cache")
    cold = _load(folder, cache)
    _remember(cold, cache)
    entries = sorted((tmp_path / "cache").rglob("*.pickle"))
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    again = RecordCache(tmp_path / "cache")
    dataset = _load(folder, again)
    assert again.hits == 0
    assert dataset.negotiations == cold.negotiations


def test_an_unwritable_cache_is_left_alone(folder: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    cache = RecordCache(blocked)
    dataset = _load(folder, cache)
    _remember(dataset, cache)  # nothing raised
    assert blocked.read_text() == "a file where the cache folder would be"
    assert len(dataset.files) == 8


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEGOTIATIONS_CACHE_DIR", "off")
    assert RecordCache.default().folder is None


def test_documents_rebuilt_on_demand_match_the_indexed_ones(folder: Path, tmp_path: Path) -> None:
    dataset = _load(folder, RecordCache(None))
    index = SearchIndex.build(dataset.negotiations)
    expected = [doc for n in dataset.negotiations for _, doc in documents_of(n)]
    rebuilt = []
    for kind in GROUPS:
        group = index._groups[kind]
        rebuilt += [index.document(kind, i) for i in range(len(group.slots))]
    assert sorted(rebuilt, key=repr) == sorted(expected, key=repr)


def test_pruning_removes_only_the_program_s_old_versions(folder: Path, tmp_path: Path) -> None:
    root = tmp_path / "shared-folder"  # a cache folder that is not only ours
    old = root / "negotiations-cache-0123456789abcdef"
    (old / "records").mkdir(parents=True)
    others = [root / "photos", root / "0123456789abcdef", root / "negotiations-cache-notes"]
    for other in others:
        other.mkdir(parents=True)
        (other / "keep.txt").write_text("mine")
    (root / "notes.txt").write_text("mine")
    cache = RecordCache(root)
    _remember(_load(folder, cache), cache)
    assert not old.exists()
    assert all((other / "keep.txt").read_text() == "mine" for other in others)
    assert (root / "notes.txt").read_text() == "mine"
    assert cache.folder is not None and cache.folder.is_dir()


def test_a_folder_the_user_names_keeps_its_mode(folder: Path, tmp_path: Path) -> None:
    """Only the program's own version folder is made private, not the folder it is put in."""
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    cache = RecordCache(shared)
    _remember(_load(folder, cache), cache)
    assert shared.stat().st_mode & 0o777 == 0o755
    assert cache.folder is not None and cache.folder.parent == shared
    assert cache.folder.stat().st_mode & 0o777 == 0o700


def test_each_collection_opened_keeps_its_index(folder: Path, tmp_path: Path) -> None:
    """Opening another collection in between does not cost the first one its index."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "talks.toml").write_text(MINIMAL, encoding="utf-8")
    cache = RecordCache(tmp_path / "cache")
    first = _load(folder, cache)
    _remember(first, cache)
    _remember(_load(other, cache), cache)
    again = RecordCache(tmp_path / "cache")
    assert not _found(again, _load(folder, again)).patched

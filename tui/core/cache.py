"""Validated records and the search index kept on disk, keyed by the content of each file.

Parsing and validating a thousand record files takes seconds; reading back what the last start
made of the same bytes takes a fraction of that. An entry is found by the SHA-256 of a file's
bytes (already computed to detect conflicting saves), so a file that changes in any way is
simply parsed again, and an entry can never describe other content than the file's own. Every
entry also carries a fingerprint of the code that produced it (this package's loading and
model modules, and the versions of Python, pydantic and rtoml): a new version never reads an
old version's entries.

The search index is kept for the last few collections opened. When a collection changed since
(a file edited elsewhere, added or removed), the index of its previous version is brought up to
date: the documents of changed files are taken out and theirs indexed again, which costs what
the change costs rather than what the whole collection costs.

The cache is an accelerator, never a source of truth: an entry that cannot be read is ignored
(and rewritten); a cache folder that cannot be written is left alone. It is written after the
records are on screen, by the same background worker.

Entries are pickles. The folder is created private to the user (mode 700); anyone able to
write there could equally change the user's shell start-up files.
"""

from __future__ import annotations

import contextlib
import copyreg
import hashlib
import os
import pickle
import re
import secrets
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.loading import BOM, RecordFile, collector_paused, uses_crlf
from tui.core.model import Negotiation, Record
from tui.core.paths import RecordSource, open_regular_file, user_cache_dir
from tui.core.problems import Problem
from tui.core.search import SearchIndex

CACHE_FORMAT = 3
STALE_SECONDS = 30 * 24 * 3600  # entries not used for a month are removed
INDEXES_KEPT = 4  # search indexes of the collections opened last (each can be tens of MB)
PATCH_AT_LEAST = 0.75  # share of a collection's files unchanged for its old index to be patched
PATCH_REMOVED_AT_MOST = 0.25  # share of an index's documents removed before it is built afresh
_VERSION_PREFIX = "negotiations-cache-"
_VERSION_FOLDER_RE = re.compile(r"negotiations-cache-[0-9a-f]{16}")
_CODE_MODULES = ("model.py", "loading.py", "checks.py", "problems.py", "cache.py", "formatting.py")
_SEARCH_MODULES = ("documents.py", "folding.py", "postings.py", "index.py")


def _fingerprint() -> str:
    """What produced an entry: the code that parses and validates, and its libraries."""
    # Imported here, in the loader's thread: they cost a tenth of the app's first frame.
    import platform  # noqa: PLC0415
    from importlib import metadata  # noqa: PLC0415

    digest = hashlib.sha256(f"{CACHE_FORMAT} {platform.python_version()}".encode())
    for package in ("pydantic", "pydantic-core", "rtoml"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f" {package} {metadata.version(package)}".encode())
    core = Path(__file__).resolve().parent
    for name in _CODE_MODULES:
        digest.update((core / name).read_bytes())
    for name in _SEARCH_MODULES:
        digest.update((core / "search" / name).read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class CachedRecord:
    """What loading made of some bytes: the records and the problems found in them."""

    negotiation: Negotiation
    problems: tuple[tuple[int | None, str, str, str], ...]  # line, field, message, severity

    def record_file(self, source: RecordSource, digest: str, data: bytes) -> RecordFile:
        problems = [Problem(source.path, *problem) for problem in self.problems]  # type: ignore[arg-type]
        return RecordFile(
            path=source.path,
            save_path=source.save_path,
            negotiation=self.negotiation,
            digest=digest,
            has_bom=data.startswith(BOM.encode()),
            crlf=uses_crlf(data),
            problems=problems,
            from_cache=True,
        )


# A collection as its index saw it: each file's negotiation id and content digest, in order.
Manifest = list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class FoundIndex:
    """An index from the cache; `patched` when it was brought up to date with changed files
    (it is then worth remembering under the collection as it is now)."""

    index: SearchIndex
    patched: bool


class RecordCache:
    """The cache folder: one entry per distinct file content, one for the latest index."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder / f"{_VERSION_PREFIX}{_fingerprint()}" if folder is not None else None
        self.root = folder
        self.hits = 0

    @classmethod
    def default(cls) -> RecordCache:
        """The user's cache folder; ``NEGOTIATIONS_CACHE_DIR=off`` turns the cache off."""
        if os.environ.get("NEGOTIATIONS_CACHE_DIR", "").lower() == "off":
            return cls(None)
        return cls(user_cache_dir())

    def _path(self, kind: str, key: str) -> Path | None:
        return self.folder / kind / key[:2] / f"{key}.pickle" if self.folder else None

    def load(self, source: RecordSource, digest: str, data: bytes) -> RecordFile | None:
        """The record file as loaded from the same bytes before, or None."""
        found = self._read(self._path("records", digest))
        if isinstance(found, CachedRecord):
            self.hits += 1
            return found.record_file(source, digest, data)
        return None

    def index(self, files: Sequence[RecordFile]) -> FoundIndex | None:
        """The search index of exactly these files, in this order; or that of an earlier
        version of the collection, brought up to date; or None."""
        key = _files_key(files)
        negotiations = [f.negotiation for f in files]
        with collector_paused():
            entry = self._read(self._path("index", key))
            if isinstance(entry, dict):
                with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
                    return FoundIndex(SearchIndex.from_state(entry, negotiations), patched=False)
            return self._patched_index(files)

    def _patched_index(self, files: Sequence[RecordFile]) -> FoundIndex | None:
        """The newest cached index sharing most files with these, with the rest re-indexed."""
        current = _manifest(files)
        if len({negotiation_id for negotiation_id, _ in current}) != len(current):
            return None  # two files with one id: only a fresh index sorts them out
        candidates: list[tuple[int, Path, set[tuple[str, str]]]] = []
        for manifest_path in self._index_entries(".files"):
            previous = _read_manifest(self._read(manifest_path))
            if previous is None:
                continue  # damaged, or built with two files of one id
            shared = len(set(current) & previous)
            if shared >= PATCH_AT_LEAST * len(current):
                candidates.append((shared, manifest_path, previous))
        chosen: tuple[dict[str, Any], set[tuple[str, str]]] | None = None
        for _, manifest_path, pairs in sorted(candidates, key=lambda c: -c[0]):  # newest first
            state = self._read(manifest_path.with_suffix(".pickle"))
            if isinstance(state, dict):
                chosen = state, pairs
                break
        if chosen is None:
            return None
        state, previous = chosen
        kept = [f.negotiation for f, pair in zip(files, current, strict=True) if pair in previous]
        added = [
            f.negotiation for f, pair in zip(files, current, strict=True) if pair not in previous
        ]
        try:
            index = SearchIndex.patched(state, kept, added)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return None
        if index.removed_fraction() > PATCH_REMOVED_AT_MOST:
            return None  # mostly holes: a fresh index is smaller and as quick to make
        return FoundIndex(index, patched=True)

    def remember(self, files: Sequence[RecordFile], index_state: dict[str, Any] | None) -> None:
        """Write the entries this load did not find; drop old entries and old versions.

        `files` and `index_state` are as loaded (`SearchIndex.state` copies), so edits made
        while this runs cannot leak into the cache.
        """
        if self.folder is None or not self._make_folder():
            return
        for record in files:
            target = self._path("records", record.digest)
            if target is not None and not target.exists():
                problems = tuple((p.line, p.field, p.message, p.severity) for p in record.problems)
                self._write(target, CachedRecord(record.negotiation, problems))
        target = self._path("index", _files_key(files))
        if index_state is not None and target is not None and not target.exists():
            self._write(target.with_suffix(".files"), _manifest(files))
            self._write(target, index_state)
            self._prune_indexes()
        self._prune()

    # --- files --------------------------------------------------------------------------

    @staticmethod
    def _read(path: Path | None) -> Any:
        if path is None:
            return None
        try:
            with os.fdopen(open_regular_file(path), "rb") as handle:
                found = pickle.load(handle)
            os.utime(path)  # recently used: kept by `_prune`
            return found
        except FileNotFoundError:
            return None
        except Exception:  # a damaged entry is ignored; remembering rewrites it
            with contextlib.suppress(OSError):
                os.unlink(path)
            return None

    def _make_folder(self) -> bool:
        """The version folder, private to the user; False if it cannot be made.

        Only this folder is the program's own: the folder it is in may be one the user named,
        whose mode is left alone.
        """
        assert self.folder is not None
        if self.folder.is_dir():
            return True
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.folder, 0o700)  # whatever the umask
        except OSError:
            return False
        return True

    def _write(self, path: Path, value: object) -> None:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with open(temp, "wb") as handle:
                pickler = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickler.dispatch_table = _RECORD_REDUCERS
                pickler.dump(value)
            os.replace(temp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)

    def _index_entries(self, suffix: str) -> list[Path]:
        """The index entries (`.pickle`) or their manifests (`.files`), newest first."""
        if self.folder is None:
            return []
        found = []
        for path in (self.folder / "index").glob(f"*/*{suffix}"):
            with contextlib.suppress(OSError):
                found.append((path.stat().st_mtime, path))
        return [path for _, path in sorted(found, reverse=True)]

    def _prune_indexes(self) -> None:
        """Keep the indexes of the few collections opened last (one per set of files)."""
        entries = self._index_entries(".pickle")
        kept = entries[:INDEXES_KEPT]
        for path in entries + self._index_entries(".files"):
            if path.with_suffix(".pickle") not in kept:
                with contextlib.suppress(OSError):
                    path.unlink()

    def _prune(self) -> None:
        """Remove other versions' folders and entries unused for a month."""
        if self.root is None or self.folder is None:
            return
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.root):
                # Only this program's own version folders: the cache folder may be anywhere.
                ours = _VERSION_FOLDER_RE.fullmatch(entry.name) is not None
                if ours and entry.is_dir(follow_symlinks=False) and entry.path != str(self.folder):
                    shutil.rmtree(entry.path, ignore_errors=True)
        cutoff = time.time() - STALE_SECONDS
        for path in (self.folder / "records").glob("*/*.pickle"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()


def _rebuild_record(
    model: type[Record], values: dict[str, Any], fields_set: set[str], extra: dict[str, Any] | None
) -> Record:
    """A record as it was validated, rebuilt without validating it again (a third faster than
    pydantic's own unpickling)."""
    record = model.__new__(model)
    object.__setattr__(record, "__dict__", values)
    object.__setattr__(record, "__pydantic_fields_set__", fields_set)
    object.__setattr__(record, "__pydantic_extra__", extra)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


def _reduce_record(record: Record) -> tuple[Any, ...]:
    return _rebuild_record, (
        type(record),
        record.__dict__,
        record.__pydantic_fields_set__,
        record.__pydantic_extra__,
    )


def _record_models() -> list[type[Record]]:
    found: list[type[Record]] = []
    pending: list[type[Record]] = [Record]
    while pending:
        model = pending.pop()
        found.append(model)
        pending.extend(model.__subclasses__())
    return found


_RECORD_REDUCERS = copyreg.dispatch_table.copy()
_RECORD_REDUCERS.update(dict.fromkeys(_record_models(), _reduce_record))


def _read_manifest(found: object) -> set[tuple[str, str]] | None:
    """The (id, digest) pairs of a manifest as read back; None if damaged or ids repeat."""
    if not isinstance(found, list):
        return None
    try:
        pairs = {(str(negotiation_id), str(digest)) for negotiation_id, digest in found}
    except (TypeError, ValueError):
        return None
    return pairs if len({negotiation_id for negotiation_id, _ in pairs}) == len(found) else None


def _manifest(files: Sequence[RecordFile]) -> Manifest:
    return [(record.negotiation.id, record.digest) for record in files]


def _files_key(files: Sequence[RecordFile]) -> str:
    digest = hashlib.sha256()
    for record in files:
        digest.update(f"{record.negotiation.id}\0{record.digest}\0".encode())
    return digest.hexdigest()

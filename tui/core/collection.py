"""A collection of record files: everything loaded, everything that went wrong, kept current.

`load_sources` loads many files (one broken file never stops the others). Afterwards the
collection's problems follow the files: a file read again, saved, or fixed in an editor has
its problems replaced by what is true of it now (`Dataset.set_problems_of`), and a file that
failed to load can be read again and join the rest once it loads (`Dataset.read_unloaded`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.loading import (
    KnownContent,
    RecordFile,
    collector_paused,
    discover_record_sources,
    load_record_file,
    remove_stale_temp_files,
)
from tui.core.model import Negotiation
from tui.core.paths import RecordSource, default_record_sources
from tui.core.problems import Problem


@dataclass(slots=True)
class Dataset:
    """Everything loaded from a folder or a file, and everything that went wrong."""

    files: list[RecordFile]
    problems: list[Problem]
    base: Path | None = None
    # The files that did not load (broken, or a negotiation id already taken): a fix can
    # read them again (`read_unloaded`).
    unloaded: list[RecordSource] = field(default_factory=list)

    @property
    def negotiations(self) -> list[Negotiation]:
        return [f.negotiation for f in self.files]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def set_problems_of(self, paths: Iterable[Path], problems: Iterable[Problem]) -> None:
        """What is wrong with the files at `paths` is now `problems` (they were read again)."""
        gone = set(paths)
        kept = [p for p in self.problems if p.path not in gone]
        self.problems = kept + sorted(problems, key=_line_of)

    def id_taken(self, record: RecordFile, replacing: int | None = None) -> Problem | None:
        """The problem when `record` has the negotiation id of a loaded file (other than the
        one at `replacing`, which it is read again for): two files with one id would be
        shown, and saved, as one."""
        taken = record.negotiation.id
        for index, owner in enumerate(self.files):
            if index != replacing and owner.negotiation.id == taken:
                return duplicate_id_problem(record.path, taken, owner.path)
        return None

    def unloaded_source(self, path: Path) -> RecordSource | None:
        """The source of a file that did not load, by its path."""
        return next((s for s in self.unloaded if path in (s.path, s.save_path)), None)

    def read_unloaded(self, source: RecordSource, path: Path | None = None) -> RecordFile | None:
        """Read a file that did not load again (from `path`, if it was edited there: a bundled
        file's copy); it joins the files if it loads now.

        Its problems are replaced by what is wrong now, whether or not it loads.
        """
        path = source.path if path is None else path
        record, problems = load_record_file(RecordSource(path, source.save_path))
        if record is not None and (taken := self.id_taken(record)) is not None:
            problems, record = [*problems, taken], None
        self.set_problems_of({source.path, source.save_path, path}, problems)
        if record is not None:
            self.unloaded.remove(source)
            self.files.append(record)
        return record


def duplicate_id_problem(path: Path, negotiation_id: str, owner: Path) -> Problem:
    """A file whose negotiation id another loaded file already has: it stays closed.

    Everything finds a negotiation by its id (links, search, the picker): a second one would
    be shown as the first. It opens once its id is its own.
    """
    return Problem(
        path,
        _id_line(path),
        "id",
        f'negotiation id "{negotiation_id}" is also used by {owner}; '
        "this file is not opened until its id changes",
    )


def load_sources(
    sources: list[RecordSource],
    base: Path | None = None,
    progress: Callable[[int], None] | None = None,
    known: KnownContent | None = None,
    each: Callable[[RecordFile], None] | None = None,
) -> Dataset:
    """Load many files; a broken one never stops the others.

    `progress` gets the count of files done; `each` gets each record loaded, in order.
    """
    for folder in sorted({s.path.parent for s in sources} | {s.save_path.parent for s in sources}):
        remove_stale_temp_files(folder)
    files: list[RecordFile] = []
    problems: list[Problem] = []
    unloaded: list[RecordSource] = []
    seen_ids: dict[str, Path] = {}
    with collector_paused():
        for done, source in enumerate(sources, 1):
            record, file_problems = load_record_file(source, known)
            if progress is not None:
                progress(done)
            # In the order of the file, as a reader meets them (a stable sort: problems on one
            # line keep the order they were found in; those of the whole file come first).
            problems.extend(sorted(file_problems, key=_line_of))
            if record is None:
                unloaded.append(source)
                continue
            negotiation_id = record.negotiation.id
            if negotiation_id in seen_ids:
                problems.append(
                    duplicate_id_problem(source.path, negotiation_id, seen_ids[negotiation_id])
                )
                unloaded.append(source)
                continue
            seen_ids[negotiation_id] = source.path
            files.append(record)
            if each is not None:
                each(record)
    return Dataset(files, problems, base, unloaded)


_TOP_LEVEL_ID_RE = re.compile(r'^[ \t]*(?:id|"id"|\'id\')[ \t]*=', re.MULTILINE)


def _id_line(path: Path) -> int:
    """The line of a file's top-level ``id`` (read again: only for the rare duplicate)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1
    top = text[: match.start()] if (match := re.search(r"^[ \t]*\[", text, re.MULTILINE)) else text
    found = _TOP_LEVEL_ID_RE.search(top)
    return top.count("\n", 0, found.start()) + 1 if found else 1


def _line_of(problem: Problem) -> int:
    return problem.line or 0


def load_path(path: Path) -> Dataset:
    """Load a folder of record files, or one file."""
    base = path if path.is_dir() else path.parent
    return load_sources(discover_record_sources(path), base)


def load_default() -> Dataset:
    """Load the records used when no path is given (see `default_record_sources`)."""
    return load_sources(default_record_sources())

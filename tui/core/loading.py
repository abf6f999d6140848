"""Loading record files: every problem collected, no file able to stop the others.

A record file is read defensively (regular files only, with a size cap, without blocking on a
FIFO), decoded as UTF-8, parsed with tomllib, validated by the model and checked for
cross-record consistency. Whatever goes wrong becomes a `Problem` with a file, a line and a
field path; the files that load are returned with the hash of their bytes, so a later save can
tell whether someone else changed the file in the meantime.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import re
import stat
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import rtoml
from pydantic import ValidationError

from tui.core.checks import TOO_DEEP, check_negotiation
from tui.core.model import INT64_MAX, INT64_MIN, Negotiation
from tui.core.paths import (
    RecordSource,
    is_own_temp_file,
    is_temp_file,
)
from tui.core.problems import (
    LazyLineLocator,
    Problem,
    field_path,
    impossible_date,
    problems_from_validation,
)

MAX_FILE_BYTES = 16 * 1024 * 1024
STALE_TEMP_SECONDS = 60.0
BOM = "\ufeff"

_TOML_POSITION_RE = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_END_RE = re.compile(r"\(at end of document\)")


class UnreadableFile(Exception):
    """A file that cannot be read as text; the message says why in plain words."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(slots=True)
class RecordFile:
    """One loaded negotiation and what is needed to save it safely."""

    path: Path
    save_path: Path
    negotiation: Negotiation
    digest: str
    has_bom: bool = False
    crlf: bool = False  # its lines end in CR LF, which a save keeps
    problems: list[Problem] = field(default_factory=list)
    notice: str = ""  # what the last save wants the user to know, though it succeeded
    from_cache: bool = field(default=False, compare=False)  # read back, not parsed (`cache`)


def digest_bytes(data: bytes) -> str:
    """The hash that identifies a file's content."""
    return hashlib.sha256(data).hexdigest()


def read_record_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, refusing directories, FIFOs, devices and oversize files."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise UnreadableFile("is a symbolic link to a file that does not exist") from None
        raise UnreadableFile("does not exist") from None
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile("is not a regular file (a FIFO, socket or device)")
    if info.st_size > limit:
        raise UnreadableFile(
            f"is too large ({info.st_size / 1_048_576:.1f} MB; the limit is "
            f"{limit // 1_048_576} MB)"
        )
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror or error}") from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise UnreadableFile("is not a regular file (a FIFO, socket or device)")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise UnreadableFile(f"is too large (over {limit // 1_048_576} MB)")
    return data


def decode_text(data: bytes) -> tuple[str, bool]:
    """UTF-8 text and whether it began with a byte-order mark, or `UnreadableFile`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnreadableFile(
            f"is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the file as UTF-8",
            line,
        ) from None
    if text.startswith(BOM):
        return text[1:], True
    return text, False


def uses_crlf(data: bytes) -> bool:
    """True when the first line of a file ends in CR LF (as files written on Windows do)."""
    end = data.find(b"\n")
    return end > 0 and data[end - 1] == 0x0D


def parse_toml(text: str) -> dict[str, Any]:
    """Parse TOML text; errors come back as `TomlSyntaxError` with a line when known.

    rtoml (Rust) parses about nine times faster than tomllib and reads the same values, once
    CR LF line ends are made LF (rtoml keeps them inside multi-line strings, where TOML reads a
    line end as LF); it also reads TOML 1.1. When it refuses a file, tomllib reads it again, for
    its clearer message or for the few values rtoml refuses and tomllib reads (``inf`` from an
    overflowing float, which the model then reports as a field error).
    """
    if not text.startswith(BOM):  # rtoml skips a byte-order mark, even a second one
        try:
            return rtoml.loads(text.replace("\r\n", "\n") if "\r" in text else text)
        except Exception:
            pass
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line: int | None = None
        if match := _TOML_POSITION_RE.search(message):
            line = int(match.group(1))
            column = int(match.group(2))
            message = _TOML_POSITION_RE.sub("", message).strip()
            message = f"TOML syntax error: {message} (column {column})"
            lines = text.splitlines()
            if 0 < line <= len(lines) and (why := impossible_date(lines[line - 1])) is not None:
                message = why  # what TOML calls a syntax error is a day the month lacks
        elif _TOML_END_RE.search(message):
            line = text.count("\n") + 1
            message = "TOML syntax error: " + _TOML_END_RE.sub("", message).strip()
        else:
            message = f"TOML syntax error: {message}"
        raise TomlSyntaxError(message, line) from None
    except RecursionError:
        raise TomlSyntaxError("nesting is too deep to read", None) from None


class TomlSyntaxError(Exception):
    """A TOML file that does not parse, with the line tomllib pointed at."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


# Everything up to the first comment of valid TOML, in one pass of the regex engine: text that
# is neither a quote nor ``#``, and whole strings of the four kinds. A closing run of three to
# five quotes ends a multi-line string (the first one or two are part of the text).
_UP_TO_COMMENT_RE = re.compile(
    r"""(?:[^"'#]++"""
    r"""|"{3}(?:[^"\\]++|\\.|"{1,2}+(?!"))*+"{3,5}+"""
    r"""|"(?:[^"\\\n]++|\\.)*+\""""
    r"""|'{3}(?:[^']++|'{1,2}+(?!'))*+'{3,5}+"""
    r"""|'[^'\n]*+')*+""",
    re.DOTALL,
)


def has_comments(text: str) -> bool:
    """True when valid TOML `text` contains a ``#`` comment (outside every string)."""
    if "#" not in text:
        return False
    match = _UP_TO_COMMENT_RE.match(text)
    end = match.end() if match else 0
    return text.startswith("#", end)


# An integer outside 64 bits is written with at least 16 digits (19 decimal, 16 hex, 21 octal,
# 63 binary); only a file with such a run is walked for one. The run is found by mapping the
# bytes (C speed: a regular expression takes ten times as long).
_NUMBER_BYTES = frozenset(b"0123456789_abcdefABCDEFxo")
_NUMBER_BYTE_TABLE = bytes(0x31 if byte in _NUMBER_BYTES else 0x30 for byte in range(256))


def _may_hold_long_numbers(data: bytes) -> bool:
    return b"1" * 16 in data.translate(_NUMBER_BYTE_TABLE)


def _oversized_integers(value: Any, loc: tuple[int | str, ...]) -> list[tuple[int | str, ...]]:
    """Paths of integers outside the 64-bit range TOML allows (tomllib accepts them)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [loc] if not INT64_MIN <= value <= INT64_MAX else []
    found: list[tuple[int | str, ...]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _oversized_integers(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _oversized_integers(item, (*loc, index))
    return found


class KnownContent(Protocol):
    """What an earlier load made of the same bytes (see `tui.core.cache.RecordCache`)."""

    def load(self, source: RecordSource, digest: str, data: bytes) -> RecordFile | None: ...


def load_record_file(
    source: RecordSource, known: KnownContent | None = None, *, check: bool = True
) -> tuple[RecordFile | None, list[Problem]]:
    """Load one file; on failure return None and the problems that explain why.

    `check=False` skips the checks beyond the model's (links, unknown keys): for a file that
    was loaded and checked already, read again only for its records.
    """
    path = source.path
    try:
        data = read_record_bytes(path)
    except UnreadableFile as error:
        return None, [Problem(path, error.line, "", error.message)]
    digest = digest_bytes(data)
    if known is not None and (record := known.load(source, digest, data)) is not None:
        return record, record.problems
    try:
        text, bom = decode_text(data)
    except UnreadableFile as error:
        return None, [Problem(path, error.line, "", error.message)]
    try:
        raw = parse_toml(text)
    except TomlSyntaxError as error:
        return None, [Problem(path, error.line, "", error.message)]
    if not raw:
        what = "is empty" if not text.strip(" \t\r\n") else "holds only comments"
        return None, [
            Problem(path, 1, "", f"the file {what}; a record file needs schema, id and title")
        ]
    locator = LazyLineLocator(text)
    oversized = _oversized_integers(raw, ()) if _may_hold_long_numbers(data) else []
    if oversized:
        return None, [
            Problem(
                path,
                locator.line_of(loc),
                field_path(loc),
                "integer is outside the 64-bit range TOML allows",
            )
            for loc in oversized
        ]
    schema = raw.get("schema")
    if schema != 1 and isinstance(schema, int) and not isinstance(schema, bool):
        return None, [
            Problem(
                path,
                locator.line_of(("schema",)),
                "schema",
                f"schema version {schema} is not supported "
                "(this version of negotiations reads schema 1)",
            )
        ]
    try:
        negotiation = Negotiation.model_validate(raw)
    except ValidationError as error:
        return None, problems_from_validation(path, error, locator)
    except RecursionError:
        return None, [Problem(path, None, "", "nesting is too deep to read")]
    problems = check_negotiation(negotiation, path, locator.line_of) if check else []
    if any(problem.message == TOO_DEEP for problem in problems):
        return None, problems  # it could be read, but no edit of it could be saved
    record = RecordFile(
        path=path,
        save_path=source.save_path,
        negotiation=negotiation,
        digest=digest,
        has_bom=bom,
        crlf=uses_crlf(data),
        problems=problems,
    )
    return record, problems


def discover_record_sources(root: Path) -> list[RecordSource]:
    """The ``*.toml`` files under a folder (hidden and temporary files skipped), or the file."""
    if not root.is_dir():
        return [RecordSource(root, root)]
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder) / name
            if name.endswith(".toml") and not name.startswith(".") and not is_temp_file(path):
                found.append(path)
        for name in subfolders:
            if name.endswith(".toml"):
                found.append(Path(folder) / name)
    return [RecordSource(p, p) for p in sorted(found)]


def remove_stale_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """Delete temp files left by a save that was killed; skip ones a live save may own."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_own_temp_file(entry.name) or not entry.is_file(follow_symlinks=False):
            continue
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_TEMP_SECONDS:
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector off for a bulk load: it allocates many objects and no cycles.

    With it on, every few thousand allocations would scan every object loaded so far. What was
    made meanwhile (records, an index) lives on, so it is then frozen out of the collector's
    reach: turned on again, it would otherwise scan those millions of objects at the next
    allocation, a pause of a few tenths of a second. Frozen objects are still freed when no
    longer referenced; only reference cycles among them would outlive their use.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()

"""Saving a negotiation without ever losing data.

A save writes a temporary file beside the target, fsyncs it, gives it the original's mode and
owner, checks that its bytes read back as the same negotiation, then renames it over the target
and fsyncs the folder: a crash at any moment leaves the old file or the new one, never a mix.
It refuses, with a reason the user can act on, to replace a read-only file, a file someone else
changed since it was loaded (or while the save was writing), a file whose comments would be
dropped, or one of several hard links, unless the caller says the user chose to.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import secrets
import stat
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from tui.core import toml_writer
from tui.core.checks import check_negotiation
from tui.core.loading import BOM, RecordFile, digest_bytes, has_comments
from tui.core.model import Negotiation
from tui.core.paths import TEMP_SUFFIX
from tui.core.problems import LazyLineLocator

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class SaveError(Exception):
    """A save that did not happen; the file on disk is as it was and the edits are kept."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class ReadOnlyFileError(SaveError):
    """The file is read-only: it is not replaced behind the user's back."""


class ChangedOnDiskError(SaveError):
    """The file changed (or vanished) since it was loaded."""

    def __init__(self, path: Path, message: str, current: bytes | None) -> None:
        super().__init__(path, message)
        self.current = current


class CommentsWouldBeLostError(SaveError):
    """The file has comments, which a save rewrites away; the user has to agree first."""


class HardLinkError(SaveError):
    """The file has other hard links, which a replacing save would detach."""


def serialize(negotiation: Negotiation, *, bom: bool = False, crlf: bool = False) -> bytes:
    """TOML bytes for `negotiation`, verified to read back as the same records.

    Written in the layout of hand-written files (`tui.core.toml_writer`), so that saving a
    file in that layout changes only the lines of what was edited. Should that text not read
    back exactly, tomli-w writes it: with multi-line strings, then with every string escaped
    on one line. With `crlf`, lines end in CR LF, as the file's did.
    """
    data = negotiation.to_toml_data()
    problem = "the records would not read back unchanged"
    for write in _layouts(data):
        try:
            text = write()
        except toml_writer.Unwritable:
            continue
        except (TypeError, ValueError) as error:  # a value TOML has no way to write
            raise SaveError(Path("."), f"the records cannot be written as TOML ({error})") from None
        except RecursionError:
            raise SaveError(Path("."), "values are nested too deeply to write") from None
        if crlf:
            text = text.replace("\n", "\r\n")
        try:
            again = Negotiation.model_validate(tomllib.loads(text))
        except (tomllib.TOMLDecodeError, ValidationError) as error:
            problem = f"the records would not read back ({error})"
            continue
        if again == negotiation or _same_values(again.model_dump(), negotiation.model_dump()):
            return ((BOM if bom else "") + text).encode("utf-8")
    raise SaveError(Path("."), problem)


def _layouts(document: dict[str, Any]) -> list[Callable[[], str]]:
    """The ways to write `document`, in the order they are tried: the hand-written layout,
    then tomli-w's with multi-line strings, then with every string escaped on one line."""
    return [
        lambda: toml_writer.dumps(document),
        lambda: tomli_w.dumps(document, multiline_strings=True),
        lambda: tomli_w.dumps(document, multiline_strings=False),
    ]


def _same_values(one: object, other: object) -> bool:
    """Equal, a NaN counting as equal to a NaN: an unknown key may hold ``nan``, which TOML
    reads back as a new NaN, never equal to the one written."""
    if (
        isinstance(one, float)
        and isinstance(other, float)
        and math.isnan(one)
        and math.isnan(other)
    ):
        return True
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(_same_values(one[k], other[k]) for k in one)
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(map(_same_values, one, other))
    return type(one) is type(other) and one == other


def _explain(error: OSError, where: str) -> str:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exhausted",
        errno.EIO: "an input/output error occurred",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "the folder no longer exists",
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    return f"could not {where}: {reason}; the file on disk is unchanged and your edits are kept"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the current file so two saves cannot interleave."""
    if fcntl is None or not path.exists():
        yield
        return
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        yield
        return
    try:
        # Without locks (some network file systems) the content checks still hold.
        with contextlib.suppress(OSError):
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _has_comments(data: bytes) -> bool:
    """Whether the file's bytes hold a TOML comment (looked for only when saving over them)."""
    return has_comments(data.decode("utf-8", errors="replace").removeprefix("\ufeff"))


def _read_current(path: Path, shown: Path) -> bytes | None:
    """What `path` holds now (None: nothing), without blocking on a FIFO put in its place."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise SaveError(shown, _explain(error, "read the file")) from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise SaveError(
                shown,
                "is no longer a regular file (a folder, FIFO or device is in its place); "
                "nothing was written and your edits are kept",
            )
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise SaveError(shown, _explain(error, "read the file")) from None
    finally:
        os.close(descriptor)


def save_record_file(
    record: RecordFile,
    negotiation: Negotiation,
    *,
    overwrite_changes: bool = False,
    drop_comments: bool = False,
    break_hard_links: bool = False,
) -> RecordFile:
    """Write `negotiation` to the record's save path; return the record as now on disk.

    Raises a `SaveError` subclass, leaving the file untouched, when the save is unsafe or fails.
    """
    target = Path(os.path.realpath(record.save_path))
    shown = record.save_path
    loaded_from_target = os.path.realpath(record.path) == str(target)
    try:
        payload = serialize(negotiation, bom=record.has_bom, crlf=record.crlf)
    except SaveError as error:
        raise SaveError(shown, error.message) from None
    with _locked(target):
        current = _read_current(target, shown)
        try:
            info = os.stat(target) if current is not None else None
        except OSError as error:
            raise SaveError(shown, _explain(error, "read the file")) from None
        if info is not None:
            if not stat.S_ISREG(info.st_mode):
                raise SaveError(shown, "is not a regular file; not replaced")
            if not info.st_mode & stat.S_IWUSR:
                raise ReadOnlyFileError(shown, "the file is read-only; not replaced")
            # A file of someone else's that this user may not write: the folder may still let
            # a save replace it, and the new file would be this user's.
            if not os.access(target, os.W_OK):
                raise ReadOnlyFileError(
                    shown, "you may not write this file (its owner or mode); not replaced"
                )
            if info.st_nlink > 1 and not break_hard_links:
                raise HardLinkError(
                    shown,
                    f"the file has {info.st_nlink} hard links; saving would detach this one",
                )
        if not overwrite_changes:
            expected = record.digest if loaded_from_target else None
            actual = digest_bytes(current) if current is not None else None
            if loaded_from_target and current is None:
                raise ChangedOnDiskError(
                    shown, "the file was deleted or renamed since it was loaded", None
                )
            if actual != expected:
                raise ChangedOnDiskError(
                    shown, "the file changed on disk since it was loaded", current
                )
        if (
            loaded_from_target
            and not drop_comments
            and current is not None
            and _has_comments(current)
        ):
            raise CommentsWouldBeLostError(
                shown, "the file has comments, which saving rewrites away; save anyway to drop them"
            )
        try:  # only now: a save refused above must not leave a folder behind
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SaveError(shown, _explain(error, f"create the folder {target.parent}")) from None
        notice = _replace_atomically(target, payload, info, shown, current)
    # What the file's checks find now (an edit may have left a dangling reference, or mended
    # one), located on the lines as written.
    locator = LazyLineLocator(payload.decode("utf-8-sig"))
    return replace(
        record,
        path=record.save_path,
        negotiation=negotiation,
        digest=digest_bytes(payload),
        notice=notice,
        problems=check_negotiation(negotiation, record.save_path, locator.line_of),
    )


def _replace_atomically(
    target: Path, payload: bytes, info: os.stat_result | None, shown: Path, current: bytes | None
) -> str:
    """Temp file, fsync, same mode and owner, rename over the target, fsync the folder.

    `current` is what the target held when the save was checked (None: it did not exist).
    Returns a notice when the file is in place but the folder could not be synced.
    """
    temp = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise SaveError(shown, _explain(error, f"write in the folder {target.parent}")) from None
    try:
        try:
            view = memoryview(payload)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if info is not None:
            os.chmod(temp, stat.S_IMODE(info.st_mode))
            with contextlib.suppress(OSError):
                os.chown(temp, info.st_uid, info.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        if _read_current(temp, shown) != payload:
            raise SaveError(shown, "the written bytes did not read back; the file is unchanged")
        _install(temp, target, current, shown)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise SaveError(shown, _explain(error, "save")) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return _fsync_folder(target.parent)


_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


def _install(temp: Path, target: Path, current: bytes | None, shown: Path) -> None:
    """Rename the temp file over the target, unless the target changed while it was written.

    The lock keeps out other saves by this program, not an editor saving the same file while a
    large file is being written and synced: the target is compared once more just before the
    rename. A file that did not exist is created with a hard link, which fails if another
    program created it meanwhile, where a rename would silently replace it.
    """
    if current is None:
        try:
            os.link(temp, target)
        except FileExistsError:
            raise ChangedOnDiskError(
                shown,
                "another program created the file while it was being saved",
                _read_current(target, shown),
            ) from None
        except OSError as error:
            if error.errno not in _NO_HARD_LINKS:
                raise
            os.replace(temp, target)  # a file system without hard links: rename as before
            return
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return
    now = _read_current(target, shown)
    if now != current:
        raise ChangedOnDiskError(shown, "the file changed on disk while it was being saved", now)
    os.replace(temp, target)


def _fsync_folder(folder: Path) -> str:
    """Make the rename itself durable; say so when the disk reports an error doing it.

    Where folders cannot be opened or synced at all (EINVAL and the like) there is nothing
    to report. A disk error here comes after the rename: the new file is in place and reads
    back, but might not survive a crash, which the user is told rather than not.
    """
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return ""
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno in _DISK_ERRORS:
            reason = _DISK_ERRORS[error.errno]
            return (
                f"the file is saved, but {reason} while making the save permanent; "
                "it may not survive a crash or power cut, so check the disk and save again"
            )
    finally:
        os.close(descriptor)
    return ""


_DISK_ERRORS = {
    errno.EIO: "an input/output error occurred",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
}


def serialize_table(table: str, data: dict[str, object]) -> str:
    """One record as a TOML ``[[table]]`` that can be pasted into a record file.

    Written the way `serialize` writes files, falling back to tomli-w's layout when that
    would not read back the same.
    """
    document = {table: [data]}
    try:
        for write in _layouts(document):
            try:
                text = write()
                if _same_values(tomllib.loads(text), document):
                    return text
            except (toml_writer.Unwritable, tomllib.TOMLDecodeError):
                continue
        return tomli_w.dumps(document)
    except (TypeError, ValueError) as error:  # a value TOML has no way to write
        raise SaveError(Path("."), f"the record cannot be written as TOML ({error})") from None
    except RecursionError:
        raise SaveError(Path("."), "values are nested too deeply to write") from None
